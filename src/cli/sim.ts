import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { compileExperiment } from '../core/engine/compile.ts';
import { CompileError } from '../core/engine/network.ts';
import { Simulation } from '../core/engine/simulation.ts';
import { DEFAULT_BUDGET, isBudgetMessage, type Budget } from '../core/experiment/budget.ts';
import { parseExperimentJson, validateExperiment } from '../core/experiment/validate.ts';
import { parseRecordedCurrentCsv } from '../core/io/recordedCurrent.ts';
import { looksLikeXml } from '../core/neuroml/import.ts';
import { importNeuroMLFile } from './neuromlInput.ts';
import { SPIKES_CSV_CHUNK, SpikesCsvWriter } from '../core/io/spikesCsv.ts';

const MIB = 2 ** 20;

const USAGE = `usage: npm run sim -- <experiment.json | network.nml | LEMS_sim.xml> [--duration MS] [--seed N] [--out spikes.csv] [--current drive.csv] [--budget-mib N]

Runs an experiment (or a NeuroML 2 network, or the LEMS file that runs one: what the lab cannot
import is listed on standard error) with the lab's engine and writes its spikes as CSV (time_ms,neuron) to --out,
or to standard output, as the run goes. --current adds a recorded current: a header row of neuron ids,
one row per step. --budget-mib raises (or lowers) the memory an experiment may need, by the lab's
estimate (default ${DEFAULT_BUDGET.bytes / MIB} MiB, what fits in a browser tab).`;

/** Steps between two writes of the spikes so far (more often when spikes pile up faster). */
const STEPS_PER_WRITE = 1000;

interface Options {
  file: string;
  duration?: number;
  seed?: number;
  out?: string;
  current?: string;
  budgetMib?: number;
}

function parseArgs(args: string[]): Options | string {
  const options: Partial<Options> = {};
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    const value = () => {
      const next = args[++k];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    const number = (name: string, text: string, check: (x: number) => boolean, rule: string) => {
      const x = Number(text);
      if (text.trim() === '' || !Number.isFinite(x) || !check(x)) throw new Error(`${name}: expected ${rule}, got "${text}"`);
      return x;
    };
    try {
      if (arg === '--duration') options.duration = number('--duration', value(), (x) => x > 0, 'a positive number of ms');
      else if (arg === '--seed') options.seed = number('--seed', value(), (x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32, 'an integer 0..4294967295');
      else if (arg === '--out') options.out = value();
      else if (arg === '--current') options.current = value();
      else if (arg === '--budget-mib') options.budgetMib = number('--budget-mib', value(), (x) => x > 0, 'a positive number of MiB');
      else if (arg === '--help' || arg === '-h') return USAGE;
      else if (arg.startsWith('--')) return `unknown option ${arg}\n${USAGE}`;
      else if (options.file === undefined) options.file = arg;
      else return `unexpected argument "${arg}"\n${USAGE}`;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }
  if (options.file === undefined) return USAGE;
  return { file: options.file, ...options };
}

/** Where the command writes: the spikes CSV (without --out) and the messages. */
export interface CliOutput {
  stdout: (text: string) => void;
  stderr: (line: string) => void;
}

const processOutput: CliOutput = {
  // Synchronous, so a long run's CSV is not queued in memory behind a slow reader.
  stdout: (text) => writeSync(process.stdout.fd, text),
  stderr: (line) => console.error(line),
};

/** `npm run sim -- <args>`; returns the exit code. */
export function main(argv: string[], io: CliOutput = processOutput): number {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    io.stderr(options);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(options.file, 'utf8');
  } catch (e) {
    io.stderr(`cannot read ${options.file}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  const budget: Budget = options.budgetMib === undefined ? DEFAULT_BUDGET : { bytes: options.budgetMib * MIB };
  // Only where the budget is what refused it, and only while it is the default.
  const budgetHint = (errors: string[]) =>
    options.budgetMib === undefined && errors.some(isBudgetMessage) ? ' (--budget-mib raises the memory limit)' : '';
  const neuroml = looksLikeXml(text) || /\.(nml|xml)$/i.test(options.file);
  const imported = neuroml ? importNeuroMLFile(options.file, text, budget) : null;
  if (imported && !imported.ok) {
    io.stderr(`${options.file} could not be imported as NeuroML 2:\n  ${imported.message.split('\n').join('\n  ')}`);
    return 1;
  }
  if (imported?.ok) for (const line of imported.skipped) io.stderr(`skipped: ${line}`);
  const parsed = imported?.ok ? { ok: true as const, experiment: imported.experiment } : parseExperimentJson(text, budget);
  if (!parsed.ok) {
    io.stderr(`${options.file} is not a valid experiment${budgetHint(parsed.errors)}:\n  ${parsed.errors.join('\n  ')}`);
    return 1;
  }
  const overridden = parsed.experiment;
  if (options.seed !== undefined) overridden.simulation.seed = options.seed;
  if (options.duration !== undefined) overridden.simulation.duration = options.duration;
  // The overrides are held to the file's rules (a duration of at most an hour) and to the budget.
  const checked = validateExperiment(overridden, budget);
  if (!checked.ok) {
    io.stderr(`${options.file} with the options given is not a valid experiment${budgetHint(checked.errors)}:\n  ${checked.errors.join('\n  ')}`);
    return 1;
  }
  let experiment = checked.experiment;
  let sim: Simulation;
  try {
    if (options.current !== undefined) {
      const net = compileExperiment(experiment, budget);
      const drive = parseRecordedCurrentCsv(readFileSync(options.current, 'utf8'), new Set(net.ids), experiment.simulation.dt, options.current);
      if (!drive.ok) {
        io.stderr(`${options.current}:\n  ${drive.errors.join('\n  ')}`);
        return 1;
      }
      const driven = validateExperiment({ ...experiment, inputs: [...experiment.inputs, ...drive.inputs] }, budget);
      if (!driven.ok) {
        io.stderr(`${options.current}${budgetHint(driven.errors)}:\n  ${driven.errors.join('\n  ')}`);
        return 1;
      }
      experiment = driven.experiment;
    }
    sim = new Simulation(compileExperiment(experiment, budget));
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    io.stderr(`${options.file}: ${e.message}`);
    return 1;
  }
  const steps = Math.round(experiment.simulation.duration / experiment.simulation.dt);
  let fd: number | null = null;
  const started = performance.now();
  try {
    if (options.out) fd = openSync(options.out, 'w');
    const target = fd;
    const csv = new SpikesCsvWriter(target === null ? io.stdout : (piece) => writeSync(target, piece), sim.net.ids);
    // Spikes are written as they come, so the run never holds its whole CSV (which can outgrow a string).
    for (let k = 0; k < steps && !sim.failure; k++) {
      sim.step();
      if (sim.spikes.count >= SPIKES_CSV_CHUNK || (k + 1) % STEPS_PER_WRITE === 0 || k + 1 === steps) {
        csv.add(sim.spikes.neurons, sim.spikes.times, sim.spikes.count);
        sim.spikes.count = 0;
      }
    }
    csv.add(sim.spikes.neurons, sim.spikes.times, sim.spikes.count);
    sim.spikes.count = 0;
    const wall = (performance.now() - started) / 1000;
    const summary = `${experiment.name}: ${csv.spikes} spikes from ${sim.net.neuronCount} neurons in ${sim.time} ms simulated (${wall.toFixed(2)} s wall)`;
    io.stderr(options.out ? `${summary} -> ${options.out}` : summary);
  } catch (e) {
    io.stderr(`cannot write ${options.out ?? 'the spikes'}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    if (fd !== null) closeSync(fd);
  }
  if (sim.failure) {
    io.stderr(sim.failure.message);
    return 3;
  }
  return 0;
}

// Run when started as a program (npm run sim), not when a test imports main.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
