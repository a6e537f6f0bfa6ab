import { REFERENCE_SETTINGS, type RecoverDrive, type RecoverSettings, type WeightRange } from './network.ts';

/** Bounds of a network to recover: the estimators' sums grow as n^3, the recording as n * seconds. */
export const RECOVER_LIMITS = { maxNeurons: 200, maxSeconds: 600, maxWeight: 10 } as const;

export type SettingsResult = { ok: true; settings: RecoverSettings } | { ok: false; errors: string[] };

/**
 * The one check of recovery settings from outside (the command line's flags, the view's typed numbers,
 * the Worker's messages): every field named in its message. The experiment built from valid settings
 * then passes validateExperiment as every experiment does.
 */
export function validateRecoverSettings(input: unknown): SettingsResult {
  const errors: string[] = [];
  if (!isRecord(input)) return { ok: false, errors: ['settings: expected an object'] };
  const number = (path: string, value: unknown, check: (x: number) => boolean, rule: string): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) {
      // The command line and the view pass NaN for typed text that is no number.
      const got = typeof value === 'number' && Number.isNaN(value) ? 'text that is no number' : (JSON.stringify(value) ?? String(value));
      errors.push(`${path}: expected ${rule}, got ${got}`);
      return Number.NaN;
    }
    return value;
  };
  const n = number('n', input.n, (x) => Number.isInteger(x) && x >= 2 && x <= RECOVER_LIMITS.maxNeurons, `a whole number of neurons from 2 to ${RECOVER_LIMITS.maxNeurons}`);
  const p = number('p', input.p, (x) => x > 0 && x <= 1, 'a connection probability above 0, at most 1');
  const excitatoryFraction = number('excitatoryFraction', input.excitatoryFraction, (x) => x >= 0 && x <= 1, 'a fraction from 0 to 1');
  const range = (path: string, value: unknown): WeightRange => {
    if (!isRecord(value)) {
      errors.push(`${path}: expected { min, max }`);
      return { min: Number.NaN, max: Number.NaN };
    }
    const bound = (x: number) => x >= 0 && x <= RECOVER_LIMITS.maxWeight;
    const min = number(`${path}.min`, value.min, bound, `a conductance from 0 to ${RECOVER_LIMITS.maxWeight} nS`);
    const max = number(`${path}.max`, value.max, bound, `a conductance from 0 to ${RECOVER_LIMITS.maxWeight} nS`);
    if (min > max) errors.push(`${path}.max: must be at least min (${min}), got ${max}`);
    return { min, max };
  };
  const excitatoryWeight = range('excitatoryWeight', input.excitatoryWeight);
  const inhibitoryWeight = range('inhibitoryWeight', input.inhibitoryWeight);
  let drive: RecoverDrive = REFERENCE_SETTINGS.drive;
  const d = input.drive;
  if (isRecord(d) && d.kind === 'noise') {
    drive = {
      kind: 'noise',
      mean: number('drive.mean', d.mean, (x) => Math.abs(x) <= 100, 'a mean current from -100 to 100 pA'),
      sd: number('drive.sd', d.sd, (x) => x >= 0 && x <= 100, 'a standard deviation from 0 to 100 pA'),
    };
  } else if (isRecord(d) && d.kind === 'poisson') {
    drive = {
      kind: 'poisson',
      rate: number('drive.rate', d.rate, (x) => x > 0 && x <= 10_000, 'a rate above 0, at most 10000 Hz'),
      weight: number('drive.weight', d.weight, (x) => x >= 0 && x <= RECOVER_LIMITS.maxWeight, `a conductance from 0 to ${RECOVER_LIMITS.maxWeight} nS`),
    };
  } else {
    errors.push('drive.kind: expected "noise" or "poisson"');
  }
  const seconds = number('seconds', input.seconds, (x) => x >= 1 && x <= RECOVER_LIMITS.maxSeconds, `a recording length from 1 to ${RECOVER_LIMITS.maxSeconds} s`);
  const seed = number('seed', input.seed, (x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32, 'an integer 0..4294967295');
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, settings: { n, p, excitatoryFraction, excitatoryWeight, inhibitoryWeight, drive, seconds, seed } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
