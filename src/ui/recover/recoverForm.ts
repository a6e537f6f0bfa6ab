import { REFERENCE_SETTINGS, type RecoverSettings } from '../../core/recover/network.ts';
import { validateRecoverSettings, type SettingsResult } from '../../core/recover/settings.ts';

/** The view's fields as typed (strings), so a half-typed number is kept while it is wrong. */
export interface RecoverForm {
  n: string;
  p: string;
  excitatoryFraction: string;
  excitatoryMin: string;
  excitatoryMax: string;
  inhibitoryMin: string;
  inhibitoryMax: string;
  drive: 'noise' | 'poisson';
  noiseMean: string;
  noiseSd: string;
  poissonRate: string;
  poissonWeight: string;
  seconds: string;
  seed: string;
}

/** Poisson drive the view offers first: about the reference rate (15 Hz) at N = 20. */
export const DEFAULT_POISSON = { rate: 500, weight: 0.03 } as const;

export function formOf(settings: RecoverSettings): RecoverForm {
  const drive = settings.drive;
  return {
    n: String(settings.n),
    p: String(settings.p),
    excitatoryFraction: String(settings.excitatoryFraction),
    excitatoryMin: String(settings.excitatoryWeight.min),
    excitatoryMax: String(settings.excitatoryWeight.max),
    inhibitoryMin: String(settings.inhibitoryWeight.min),
    inhibitoryMax: String(settings.inhibitoryWeight.max),
    drive: drive.kind,
    noiseMean: String(drive.kind === 'noise' ? drive.mean : REFERENCE_SETTINGS.drive.kind === 'noise' ? REFERENCE_SETTINGS.drive.mean : 0),
    noiseSd: String(drive.kind === 'noise' ? drive.sd : REFERENCE_SETTINGS.drive.kind === 'noise' ? REFERENCE_SETTINGS.drive.sd : 0),
    poissonRate: String(drive.kind === 'poisson' ? drive.rate : DEFAULT_POISSON.rate),
    poissonWeight: String(drive.kind === 'poisson' ? drive.weight : DEFAULT_POISSON.weight),
    seconds: String(settings.seconds),
    seed: String(settings.seed),
  };
}

/** A typed number, or NaN for text that is no number (the validator then names the field). */
function typed(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** The form through the one validator of recovery settings. */
export function parseRecoverForm(form: RecoverForm): SettingsResult {
  return validateRecoverSettings({
    n: typed(form.n),
    p: typed(form.p),
    excitatoryFraction: typed(form.excitatoryFraction),
    excitatoryWeight: { min: typed(form.excitatoryMin), max: typed(form.excitatoryMax) },
    inhibitoryWeight: { min: typed(form.inhibitoryMin), max: typed(form.inhibitoryMax) },
    drive: form.drive === 'noise' ? { kind: 'noise', mean: typed(form.noiseMean), sd: typed(form.noiseSd) } : { kind: 'poisson', rate: typed(form.poissonRate), weight: typed(form.poissonWeight) },
    seconds: typed(form.seconds),
    seed: typed(form.seed),
  });
}
