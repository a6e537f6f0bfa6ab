import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { izhikevich2003Network } from '../src/core/experiment/examples.ts';
import type { Experiment } from '../src/core/experiment/types.ts';
import { exportNeuronFolder } from '../src/core/neuron/exportNeuron.ts';
import { IZHIKEVICH_LAB_MOD, MECHANISM_NAME } from '../src/core/neuron/mechanism.ts';
import { cells2007Experiment, everyKindExperiment, labRun, plasticVariantsExperiment, smallExamples, STDP_EXAMPLE } from './neuronCases.ts';

/**
 * The export run on NEURON: the folder is written, its mechanism built with nrnivmodl, run.py started with
 * mpiexec, and the spikes (and watched traces) compared with the lab's own run of the same experiment.
 * Runs where NEURON 8 (python3 with the neuron module, nrnivmodl) and mpiexec are installed.
 */
const PYTHON = ['/usr/bin/python3', 'python3'].find((python) => spawnSync(python, ['-c', 'import neuron'], { stdio: 'ignore' }).status === 0);
const onPath = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const HAVE_NEURON = PYTHON !== undefined && onPath('nrnivmodl') && onPath('mpiexec');
if (!HAVE_NEURON) console.log('NEURON integration tests skipped: they need python3 with the neuron module, nrnivmodl and mpiexec (apt install neuron neuron-dev python3-neuron openmpi-bin)');

/** Minutes, not seconds: four MPI processes on a busy 2-core machine are slow, and nothing here measures time. */
const LONG = 30 * 60_000;

let root = '';
let built = '';

/** nrnivmodl, with what Debian's NEURON 8.2.2 needs (see the export's README); returns the folder holding libnrnmech.so. */
function buildMechanism(dir: string): string {
  mkdirSync(join(dir, 'mechanisms'), { recursive: true });
  writeFileSync(join(dir, 'mechanisms', `${MECHANISM_NAME}.mod`), IZHIKEVICH_LAB_MOD);
  const env = { ...process.env };
  if (existsSync('/usr/lib/nrn/libnrniv.so')) env.LIBRARY_PATH = ['/usr/lib/nrn', env.LIBRARY_PATH].filter(Boolean).join(':');
  if (!existsSync('/usr/bin/nrnmech_makefile') && existsSync('/usr/lib/nrn/nrnmech_makefile')) {
    mkdirSync(join(dir, 'nrnfix', 'bin'), { recursive: true });
    symlinkSync('/usr/lib/nrn/nrnmech_makefile', join(dir, 'nrnfix', 'bin', 'nrnmech_makefile'));
    env.NRNHOME_EXEC = join(dir, 'nrnfix');
  }
  // Debian's build fails at the `special` executable after the library is built: the library is what counts.
  const result = spawnSync('nrnivmodl', ['mechanisms'], { cwd: dir, env, encoding: 'utf8' });
  const library = ['x86_64/libnrnmech.so', 'x86_64/.libs/libnrnmech.so'].map((path) => join(dir, path)).find((path) => existsSync(path));
  if (library === undefined) throw new Error(`nrnivmodl built no libnrnmech.so:\n${result.stdout}\n${result.stderr}`);
  return dirname(library);
}

interface NeuronRun {
  spikes: string;
  traces: string | null;
  weights: string | null;
}

/** Exports `exp` into a fresh folder (with the mechanism built once) and runs it on `processes` MPI processes. */
function runOnNeuron(name: string, exp: Experiment, processes: number): NeuronRun {
  const folder = join(root, `${name}-${processes}`);
  for (const file of exportNeuronFolder(exp).files) {
    mkdirSync(dirname(join(folder, file.path)), { recursive: true });
    writeFileSync(join(folder, file.path), file.text);
  }
  symlinkSync(built, join(folder, 'x86_64'));
  const result: SpawnSyncReturns<string> = spawnSync(
    'mpiexec',
    ['--allow-run-as-root', '--oversubscribe', '-n', String(processes), PYTHON ?? 'python3', 'run.py'],
    { cwd: folder, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
  );
  if (result.status !== 0) throw new Error(`run.py failed (${String(result.status)}):\n${result.stdout}\n${result.stderr}`);
  const optional = (file: string) => (existsSync(join(folder, file)) ? readFileSync(join(folder, file), 'utf8') : null);
  return { spikes: readFileSync(join(folder, 'spikes.csv'), 'utf8'), traces: optional('traces.csv'), weights: optional('weights.csv') };
}

/** Where two CSV texts first differ (line number and both lines), or null when they are equal. */
function firstDifference(lab: string, neuron: string): string | null {
  const a = lab.split('\n');
  const b = neuron.split('\n');
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    if (a[k] !== b[k]) return `line ${k + 1}: lab "${a[k] ?? '(end)'}", NEURON "${b[k] ?? '(end)'}"`;
  }
  return null;
}

/** NEURON's weights.csv (pre,post,weight) as the lab's weights, in its order. */
function weightRows(csv: string): { pre: string; post: string; weight: number }[] {
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [pre, post, weight] = line.split(',');
      return { pre, post, weight: Number(weight) };
    });
}

/** The NEURON run's traces.csv as numbers in the lab's layout (sample, then watched neuron, then variable). */
function traceValues(csv: string): number[] {
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .flatMap((line) => line.split(',').slice(1).map(Number));
}

describe.skipIf(!HAVE_NEURON)('NEURON runs the export as the lab runs the experiment', () => {
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'spiking-lab-neuron-'));
    built = buildMechanism(join(root, 'build'));
  }, LONG);
  afterAll(() => {
    if (root !== '') rmSync(root, { recursive: true, force: true });
  });

  const cases = [
    ...smallExamples(),
    { name: 'every-kind-counter', experiment: everyKindExperiment('counter-ziggurat') },
    { name: 'every-kind-polar', experiment: everyKindExperiment('polar-stream') },
    { name: 'cells-2007-half-steps', experiment: cells2007Experiment('izhikevich2003') },
    { name: 'cells-2007-euler', experiment: cells2007Experiment('euler') },
    { name: 'plastic-variants', experiment: plasticVariantsExperiment() },
  ];
  for (const { name, experiment } of cases) {
    it(`${name}: the same spikes, traces and learned weights on 2 processes`, () => {
      const lab = labRun(experiment);
      const neuron = runOnNeuron(name, experiment, 2);
      expect(firstDifference(lab.csv, neuron.spikes)).toBeNull();
      expect(lab.csv.split('\n').length).toBeGreaterThan(2);
      if (lab.traceCount > 0) {
        expect(neuron.traces).not.toBeNull();
        expect(traceValues(neuron.traces ?? '')).toEqual(Array.from(lab.traces));
      }
      if (lab.weights.length > 0) {
        expect(neuron.weights).not.toBeNull();
        expect(weightRows(neuron.weights ?? '')).toEqual(lab.weights);
      } else {
        expect(neuron.weights).toBeNull();
      }
    }, LONG);
  }

  it('the STDP example: the weights learned, the same on 3 processes', () => {
    const exp = smallExamples().find((example) => example.name === STDP_EXAMPLE)?.experiment;
    if (!exp) throw new Error('no STDP example');
    const lab = labRun(exp);
    const initial = compileExperiment(exp).plasticity?.initialWeight ?? [];
    // Learning has moved most weights by more than one step of A+ (0.01).
    const moved = lab.weights.filter((w, k) => Math.abs(w.weight - initial[k]) > 0.01).length;
    expect(moved).toBeGreaterThan(lab.weights.length / 2);
    // Another split of the cells than on 2 processes.
    const neuron = runOnNeuron(STDP_EXAMPLE, exp, 3);
    expect(firstDifference(lab.csv, neuron.spikes)).toBeNull();
    expect(weightRows(neuron.weights ?? '')).toEqual(lab.weights);
  }, LONG);

  it('the 2003 network: the lab\'s spikes on 1, 2 and 4 processes', () => {
    const exp = izhikevich2003Network();
    exp.simulation.duration = 300;
    const lab = labRun(exp);
    const spikes = lab.csv.split('\n').length - 2;
    // The network's rhythm is under way: about 8 Hz per neuron over 1,000 neurons.
    expect(spikes).toBeGreaterThan(1000);
    for (const processes of [1, 2, 4]) {
      const neuron = runOnNeuron('izhikevich2003', exp, processes);
      expect(firstDifference(lab.csv, neuron.spikes), `${processes} processes`).toBeNull();
    }
  }, LONG);
});
