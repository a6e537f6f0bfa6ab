import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { compileExperiment } from '../core/engine/compile.ts';
import { Simulation } from '../core/engine/simulation.ts';
import { parseExperimentJson } from '../core/experiment/validate.ts';
import { parseRecordedCurrentCsv } from '../core/io/recordedCurrent.ts';
import { spikesToCsv } from '../core/io/spikesCsv.ts';

const USAGE = `usage: npm run sim -- <experiment.json> [--duration MS] [--seed N] [--out spikes.csv] [--current drive.csv]

Runs an experiment with the lab's engine and writes its spikes as CSV (time_ms,neuron) to --out,
or to standard output. --current adds a recorded current: a header row of neuron ids, one row per step.`;

interface Options {
  file: string;
  duration?: number;
  seed?: number;
  out?: string;
  current?: string;
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
  stdout: (text) => process.stdout.write(text),
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
  const checked = parseExperimentJson(text);
  if (!checked.ok) {
    io.stderr(`${options.file} is not a valid experiment:\n  ${checked.errors.join('\n  ')}`);
    return 1;
  }
  const experiment = checked.experiment;
  if (options.seed !== undefined) experiment.simulation.seed = options.seed;
  if (options.duration !== undefined) experiment.simulation.duration = options.duration;
  if (options.current !== undefined) {
    const net = compileExperiment(experiment);
    const parsed = parseRecordedCurrentCsv(readFileSync(options.current, 'utf8'), new Set(net.ids), experiment.simulation.dt, options.current);
    if (!parsed.ok) {
      io.stderr(`${options.current}:\n  ${parsed.errors.join('\n  ')}`);
      return 1;
    }
    experiment.inputs.push(...parsed.inputs);
  }
  const sim = new Simulation(compileExperiment(experiment));
  const steps = Math.round(experiment.simulation.duration / experiment.simulation.dt);
  const started = performance.now();
  sim.run(steps);
  const wall = (performance.now() - started) / 1000;
  const { neurons, times } = sim.spikes.drain();
  const csv = spikesToCsv(neurons, times, sim.net.ids);
  if (options.out) writeFileSync(options.out, csv);
  else io.stdout(csv);
  const summary = `${experiment.name}: ${neurons.length} spikes from ${sim.net.neuronCount} neurons in ${sim.time} ms simulated (${wall.toFixed(2)} s wall)`;
  io.stderr(options.out ? `${summary} -> ${options.out}` : summary);
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
