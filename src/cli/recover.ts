import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { recordingSpikesCsv, recordingVoltagesCsv, weightsCsv } from '../core/recover/csv.ts';
import { REFERENCE_SETTINGS, type RecoverSettings } from '../core/recover/network.ts';
import { headline, REFIT_EVERY_SECONDS, runRecovery, type RecoverEstimate } from '../core/recover/recover.ts';
import { validateRecoverSettings } from '../core/recover/settings.ts';
import type { CliOutput } from './sim.ts';

const USAGE = `usage: npm run recover -- [--n N] [--p P] [--seconds S] [--seed S] [--excitatory F]
         [--we MIN:MAX] [--wi MIN:MAX] [--drive noise:MEAN:SD | poisson:RATE:WEIGHT] [--refit S]
         [--control] [--spikes spikes.csv] [--voltages voltages.csv] [--weights weights.csv]

Builds a random excitatory-inhibitory network (N neurons, each ordered pair connected with probability P,
peak conductances uniform in MIN:MAX nS for excitatory (--we) and inhibitory (--wi) synapses), runs it
for S simulated seconds with the lab's engine, and recovers its weights from the recording: from the
voltages (instrumental-variable least squares on each neuron's known dynamics) and from the spikes alone
(a Poisson GLM). Prints an estimate every --refit simulated seconds (default ${REFIT_EVERY_SECONDS}), the shuffle control
with --control, and ends with
  recover: voltage r <r over true connections> spikes auc <AUC> time <wall seconds> s
Defaults: the reference case (N 50, p 0.2, 60 s, noise drive ${REFERENCE_SETTINGS.drive.kind === 'noise' ? `${REFERENCE_SETTINGS.drive.mean}:${REFERENCE_SETTINGS.drive.sd}` : ''}, seed 1).`;

interface Options {
  settings: unknown;
  refit: number;
  control: boolean;
  spikes?: string;
  voltages?: string;
  weights?: string;
}

function parseArgs(args: string[]): Options | string {
  const s: Record<string, unknown> = { ...REFERENCE_SETTINGS };
  const options: Options = { settings: s, refit: REFIT_EVERY_SECONDS, control: false };
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    const value = (): string => {
      const next = args[++k];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    // Numbers are checked by validateRecoverSettings; here only text that is no number at all is refused.
    const number = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));
    const range = (text: string) => {
      const [min, max] = text.split(':');
      return { min: number(min ?? ''), max: number(max ?? min ?? '') };
    };
    try {
      if (arg === '--n') s.n = number(value());
      else if (arg === '--p') s.p = number(value());
      else if (arg === '--seconds') s.seconds = number(value());
      else if (arg === '--seed') s.seed = number(value());
      else if (arg === '--excitatory') s.excitatoryFraction = number(value());
      else if (arg === '--we') s.excitatoryWeight = range(value());
      else if (arg === '--wi') s.inhibitoryWeight = range(value());
      else if (arg === '--drive') {
        const [kind, first, second] = value().split(':');
        s.drive = kind === 'poisson' ? { kind, rate: number(first ?? ''), weight: number(second ?? '') } : { kind, mean: number(first ?? ''), sd: number(second ?? '') };
      } else if (arg === '--refit') {
        options.refit = number(value());
        if (!(options.refit > 0)) return `--refit: expected a positive number of seconds, got "${args[k]}"`;
      } else if (arg === '--control') options.control = true;
      else if (arg === '--spikes') options.spikes = value();
      else if (arg === '--voltages') options.voltages = value();
      else if (arg === '--weights') options.weights = value();
      else if (arg === '--help' || arg === '-h') return USAGE;
      else return `unknown argument ${arg}\n${USAGE}`;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }
  return options;
}

const processOutput: CliOutput = {
  stdout: (text) => writeSync(process.stdout.fd, text),
  stderr: (line) => console.error(line),
};

/** One line per estimate while the recording grows. */
export function progressLine(e: RecoverEstimate): string {
  return `${e.seconds.toFixed(0).padStart(4)} s  ${e.meanRate.toFixed(1)} Hz  voltage r ${e.voltage.r.toFixed(4)} (all pairs ${e.voltage.rAllPairs.toFixed(4)}) auc ${e.voltage.roc.auc.toFixed(4)}  spikes auc ${e.spikes.roc.auc.toFixed(4)} r ${e.spikes.r.toFixed(4)}`;
}

/** `npm run recover -- <args>`; returns the exit code. */
export function main(argv: string[], io: CliOutput = processOutput): number {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    io.stderr(options);
    return 2;
  }
  const checked = validateRecoverSettings(options.settings);
  if (!checked.ok) {
    io.stderr(`invalid settings:\n  ${checked.errors.join('\n  ')}`);
    return 2;
  }
  const settings: RecoverSettings = checked.settings;
  const started = performance.now();
  io.stderr(`recover: N ${settings.n}, p ${settings.p}, ${settings.seconds} s, ${settings.drive.kind} drive, seed ${settings.seed}`);
  const { recovery, estimate } = runRecovery(settings, (e) => io.stderr(progressLine(e)), options.refit);
  if (recovery.failure) {
    io.stderr(recovery.failure);
    return 3;
  }
  const ids = recovery.net.ids;
  try {
    if (options.spikes) writeFileSync(options.spikes, recordingSpikesCsv(recovery.recording, ids));
    if (options.voltages) {
      const fd = openSync(options.voltages, 'w');
      try {
        for (const piece of recordingVoltagesCsv(recovery.recording, ids)) writeSync(fd, piece);
      } finally {
        closeSync(fd);
      }
    }
    if (options.weights) writeFileSync(options.weights, weightsCsv(ids, recovery.truth.weights, estimate.voltage.weights, estimate.spikes.beta, estimate.spikes.z));
  } catch (e) {
    io.stderr(`cannot write: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  if (options.control) {
    const control = recovery.shuffleControl();
    io.stderr(`shuffle control: voltage auc ${control.voltageAuc.toFixed(4)} spikes auc ${control.spikesAuc.toFixed(4)}`);
  }
  const { voltageR, spikesAuc } = headline(estimate.voltage.r, estimate.spikes.roc.auc);
  const wall = (performance.now() - started) / 1000;
  io.stdout(`recover: voltage r ${voltageR} spikes auc ${spikesAuc} time ${wall.toFixed(1)} s\n`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
