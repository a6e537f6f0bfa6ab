import { compileExperiment } from '../engine/compile.ts';
import { channelConstants, channelCount } from '../engine/conductanceChannels.ts';
import { sineCurrent } from '../engine/sineInput.ts';
import { CompileError, PAPER_STEP_MS, wholeSteps, type CompiledNetwork } from '../engine/network.ts';
import { DEFAULT_BUDGET, type Budget } from '../experiment/budget.ts';
import type { Experiment, PlasticitySpec } from '../experiment/types.ts';
import { portableExp } from '../portableMath.ts';
import { drawnNoise, drawnPoisson } from './drawnInputs.ts';
import { IZHIKEVICH_LAB_MOD, MECHANISM_NAME } from './mechanism.ts';
import { neuronReadme } from './readme.ts';
import { RUN_PY } from './runScript.ts';

export interface ExportedFile {
  /** Relative to the exported folder. */
  path: string;
  text: string;
}

export interface NeuronExport {
  files: ExportedFile[];
  /** What NEURON does not run the same way as the lab (each said once). */
  notes: string[];
}

export interface NeuronExportOptions {
  /** The processes the README's mpiexec command suggests (2 when absent). */
  processes?: number;
  budget?: Budget;
}

/** network.json: what run.py builds, with every value the lab drew (cell parameters, wiring, weights, delays). */
export interface NeuronNetworkFile {
  format: 'spiking-lab/neuron-network';
  version: 1;
  name: string;
  dt: number;
  duration: number;
  steps: number;
  /** 2 for the 2003 half-steps of v, 1 for the Euler step. */
  substeps: number;
  hasVariants: boolean;
  /** All cells on rank 0: write-up synapses read v of their presynaptic neuron every step. */
  oneRank: boolean;
  neurons: string[];
  cells: Record<CellKey, number[]>;
  /**
   * The lab's conductance channels (conductanceChannels.ts: one per expConductance type, two per expTwo or
   * alpha type, output before entry): mean turns the state at a step's start into its share of the step's
   * mean g, feed is what an output channel takes from the next per step, gNow its share of g at an instant.
   */
  channels: { id: string; gbase: number; erev: number; mean: number; decay: number; feed: number; gNow: number }[];
  /** Pulse length (steps) of each current-synapse section, and the arrival slots kept (the longest pulse). */
  sections: number[];
  ring: number;
  /** synapses.txt, or its parts synapses-0.txt, synapses-1.txt, ... in order when it is long. */
  synapseFiles: string[];
  /**
   * Per synapse type (synapses.txt's type column): where its arrivals land in the cell (a channel: the
   * type's entry channel), and for a plastic type its rule in `rules`.
   */
  synapseTypes: ({ id: string; kind: 'channel' | 'section'; index: number; rule?: number } | { id: string; kind: 'writeup'; gbase: number; mean: number; decay: number; sign: number })[];
  /** The STDP rules of the plastic synapse types. */
  rules: PlasticitySpec[];
  inputs: NeuronInputFile[];
  watch: number[];
  variables: string[];
}

type CellKey = 'p2' | 'p1' | 'p0' | 'a' | 'b' | 'vb' | 'ur' | 'c' | 'd' | 'vpeak' | 'v0' | 'u0' | 'invC';
const CELL_KEYS: readonly CellKey[] = ['p2', 'p1', 'p0', 'a', 'b', 'vb', 'ur', 'c', 'd', 'vpeak', 'v0', 'u0', 'invC'];

export type NeuronInputFile =
  | { id: string; kind: 'constant'; targets: number[]; amplitude: number }
  | { id: string; kind: 'pulse'; targets: number[]; amplitude: number; start: number; duration?: number; period?: number; slope?: number }
  | ({ id: string; kind: 'noise'; targets: number[]; holdSteps: number } & DataFiles)
  | ({ id: string; kind: 'recorded'; targets: number[] } & DataFiles)
  | ({ id: string; kind: 'poisson'; targets: number[]; channel: number; weight: number } & DataFiles);

/** An input's data: one line per target place (a recorded current: one line), rowsPerFile lines per file. */
export interface DataFiles {
  files: string[];
  rowsPerFile: number;
}

/** Numbers per data file at most: each file's text stays far below the longest string JavaScript holds. */
const VALUES_PER_FILE = 2_000_000;

/**
 * The experiment as a folder NEURON runs (README.md, run.py, mechanisms/IzhikevichLab.mod, network.json,
 * synapses.txt, inputs/*): the lab's network as the lab drew it, stepped with the lab's arithmetic, so the
 * spikes (and a plastic network's final weights, weights.csv) are the lab's. Throws CompileError when the
 * experiment does not compile (as the lab would).
 */
export function exportNeuronFolder(experiment: Experiment, options: NeuronExportOptions = {}): NeuronExport {
  const net = compileExperiment(experiment, options.budget ?? DEFAULT_BUDGET);
  const notes: string[] = [];
  const steps = Math.round(experiment.simulation.duration / net.dt);
  const exp = net.randomDraws === 'counter-ziggurat' ? portableExp : Math.exp;
  const decayOf = (tau: number) => exp(-net.dt / tau);
  const meanOf = (tau: number) => (tau / net.dt) * (1 - decayOf(tau));

  const channels: NeuronNetworkFile['channels'] = [];
  const sections: number[] = [];
  const ruleOfType = net.plasticity?.ruleOfType;
  // A plastic type carries its rule's place in `rules`.
  const ruleOf = (k: number) => (ruleOfType !== undefined && ruleOfType[k] >= 0 ? { rule: ruleOfType[k] } : {});
  const synapseTypes: NeuronNetworkFile['synapseTypes'] = net.synapseTypes.map((type, k) => {
    switch (type.kind) {
      case 'expConductance':
      case 'expTwoConductance':
      case 'alphaConductance': {
        // The lab's channels, in its order (Simulation's constructor): arrivals enter the last of the type's.
        const count = channelCount(type.kind);
        for (let c = 0; c < count; c++) {
          const constants = channelConstants(type, c, net.dt, exp);
          channels.push({ id: c === 0 ? type.id : `${type.id}#${c}`, gbase: constants.gbase, erev: type.erev, mean: constants.mean, decay: constants.decay, feed: constants.feed, gNow: constants.gNow });
        }
        return { id: type.id, kind: 'channel', index: channels.length - 1, ...ruleOf(k) };
      }
      case 'current': {
        // Types with the same pulse share a section, as in the lab (Simulation's pulseSections).
        const pulse = wholeSteps(type.pulse, net.dt);
        if (!sections.includes(pulse)) sections.push(pulse);
        return { id: type.id, kind: 'section', index: sections.indexOf(pulse), ...ruleOf(k) };
      }
      case 'writeup':
        return { id: type.id, kind: 'writeup', gbase: type.gbase, mean: meanOf(type.tau), decay: decayOf(type.tau), sign: type.sign };
      default:
        // A kind the mechanism does not step is refused by name, never exported as something else.
        throw new CompileError(`synapse type "${type.id}": the NEURON export does not handle ${String(type.kind)} synapses yet`);
    }
  });
  const hasVariants = net.synapseTypes.some((type) => type.kind === 'writeup');
  if (channels.length > 0) {
    notes.push(
      'Conductance synapses are stepped inside the cell mechanism with the lab\'s implicit step and exact decay, not as NEURON ExpSyn, ' +
        'Exp2Syn or AlphaSynapse point processes on a membrane: the lab\'s cell is a two-variable map, not a compartment, and this is ' +
        'what gives the same spikes.',
    );
  }
  if (net.plasticity) {
    notes.push(
      'Plastic (STDP) synapses learn inside their postsynaptic cell\'s mechanism, in the lab\'s order (an arrival transmits its weight, ' +
        'then depresses it; a spike potentiates), not through NetCon weights or a NEURON plasticity mechanism; the final weights are ' +
        'written to weights.csv.',
    );
  }
  if (hasVariants) {
    notes.push(
      'Write-up synapses read the presynaptic neuron\'s v every step, which NEURON cannot send between processes: all cells run on ' +
        'process 0 (more processes still run, idle).',
    );
  }

  const files: ExportedFile[] = [];
  const inputs: NeuronInputFile[] = [];
  let drawnValues = 0;
  for (const input of net.inputs) {
    const spec = input.spec;
    const targets = Array.from(input.targets);
    const data = (rows: number[][]) => dataFiles(files, `inputs/${safeName(spec.id)}`, rows);
    switch (spec.kind) {
      case 'constant':
        inputs.push({ id: spec.id, kind: 'constant', targets, amplitude: spec.amplitude });
        break;
      case 'pulse':
        inputs.push({ id: spec.id, kind: 'pulse', targets, amplitude: spec.amplitude, start: spec.start, duration: spec.duration, period: spec.period, slope: spec.slope });
        break;
      case 'noise': {
        const values = drawnNoise(net, input, steps);
        drawnValues += values.length * (values[0]?.length ?? 0);
        inputs.push({ id: spec.id, kind: 'noise', targets, holdSteps: wholeSteps(spec.hold ?? PAPER_STEP_MS, net.dt), ...data(values) });
        break;
      }
      case 'recorded':
        inputs.push({ id: spec.id, kind: 'recorded', targets, ...data([spec.values.slice(0, steps)]) });
        break;
      case 'sine':
        // Written as the per-step current the lab computes (step k at k dt), so NEURON adds the same numbers.
        inputs.push({ id: spec.id, kind: 'recorded', targets, ...data([Array.from({ length: steps }, (_, k) => sineCurrent(spec, k * net.dt, net.dt))]) });
        break;
      case 'poisson': {
        const type = 'synapseType' in input ? synapseTypes[input.synapseType] : undefined;
        if (type?.kind !== 'channel') throw new Error(`Poisson input "${spec.id}" needs a conductance synapse`);
        inputs.push({ id: spec.id, kind: 'poisson', targets, channel: type.index, weight: spec.weight, ...data(drawnPoisson(net, input, steps)) });
        break;
      }
      case 'spikeSource':
        notes.push(`Input ${spec.id} (a random spike source) is left out: the NEURON export has no form for it.`);
        break;
    }
  }
  if (drawnValues > 0) {
    notes.push(
      `Noise is written out as the lab drew it (${drawnValues.toLocaleString('en-US')} values in inputs/): the files grow with neurons x duration / hold.`,
    );
  }
  if (net.inputs.some((input) => input.spec.kind === 'poisson')) notes.push('Poisson inputs are written out as the counts the lab drew per step (inputs/).');

  const synapseFiles = synapsesFiles(net);
  const network: NeuronNetworkFile = {
    format: 'spiking-lab/neuron-network',
    version: 1,
    name: experiment.name,
    dt: net.dt,
    duration: experiment.simulation.duration,
    steps,
    substeps: net.scheme === 'izhikevich2003' ? 2 : 1,
    hasVariants,
    oneRank: hasVariants,
    neurons: net.ids,
    cells: Object.fromEntries(CELL_KEYS.map((key) => [key, Array.from(net.cells[key])])) as Record<CellKey, number[]>,
    channels,
    sections,
    ring: Math.max(1, ...sections),
    synapseFiles: synapseFiles.map((file) => file.path),
    synapseTypes,
    rules: net.plasticity?.rules ?? [],
    inputs,
    watch: watchedNeurons(experiment, net),
    variables: [...experiment.recording.variables],
  };
  files.unshift(
    { path: 'README.md', text: neuronReadme(experiment, net, options.processes ?? 2, notes) },
    { path: 'run.py', text: RUN_PY },
    { path: `mechanisms/${MECHANISM_NAME}.mod`, text: IZHIKEVICH_LAB_MOD },
    { path: 'network.json', text: JSON.stringify(network) + '\n' },
    ...synapseFiles,
  );
  return { files, notes };
}

/**
 * One line per synapse in the lab's order (by presynaptic neuron, then row): pre post type weight delaySteps;
 * in parts of VALUES_PER_FILE / 5 lines when there are more.
 */
function synapsesFiles(net: CompiledNetwork): ExportedFile[] {
  const { rowStart, post, type, weight, delaySteps } = net.synapses;
  const perFile = VALUES_PER_FILE / 5;
  const count = post.length;
  const parts = Math.max(1, Math.ceil(count / perFile));
  const files: ExportedFile[] = [];
  let i = 0;
  for (let part = 0; part < parts; part++) {
    const lines: string[] = [];
    for (let s = part * perFile; s < Math.min(count, (part + 1) * perFile); s++) {
      while (rowStart[i + 1] <= s) i++;
      lines.push(`${i} ${post[s]} ${type[s]} ${weight[s]} ${delaySteps[s]}\n`);
    }
    files.push({ path: parts === 1 ? 'synapses.txt' : `synapses-${part}.txt`, text: lines.join('') });
  }
  return files;
}

/**
 * Writes rows (one per target place) as `<base>.txt`, or `<base>-0.txt`, `<base>-1.txt`, ... of rowsPerFile
 * rows each when they are many. Numbers print as the shortest text that reads back to the same double (in
 * Python too).
 */
function dataFiles(files: ExportedFile[], base: string, rows: number[][]): DataFiles {
  const longest = Math.max(1, ...rows.map((row) => row.length));
  const rowsPerFile = Math.max(1, Math.floor(VALUES_PER_FILE / longest));
  const parts = Math.max(1, Math.ceil(rows.length / rowsPerFile));
  const paths: string[] = [];
  for (let part = 0; part < parts; part++) {
    const path = parts === 1 ? `${base}.txt` : `${base}-${part}.txt`;
    files.push({ path, text: rows.slice(part * rowsPerFile, (part + 1) * rowsPerFile).map((row) => row.join(' ') + '\n').join('') });
    paths.push(path);
  }
  return { files: paths, rowsPerFile };
}

function watchedNeurons(experiment: Experiment, net: CompiledNetwork): number[] {
  const watched: number[] = [];
  for (const ref of experiment.recording.watch) {
    const i = net.indexOf.get(ref);
    if (i !== undefined && !watched.includes(i)) watched.push(i);
  }
  return watched;
}

/** An input id as a file name (ids are letters, digits, '_' and '-' already; anything else becomes '_'). */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}
