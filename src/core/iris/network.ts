/**
 * The spiking classifier as a network of the lab's engine: input neurons (one per receptive field or
 * feature) -> optional hidden layer -> one output neuron per class, Izhikevich cells and
 * expConductance synapses. A signed weight w from neuron i to neuron j is a pair of synapses: an
 * excitatory one (E_rev = 0 mV) of weight max(w, 0) and an inhibitory one (E_rev = -80 mV) of weight
 * max(-w, 0), so a negative weight is real inhibition, not a negative conductance.
 *
 * Two forms of the same network:
 * - classifierExperiment: the input neurons are Izhikevich cells driven by constant currents (the
 *   encoded sample): a normal experiment, for the editor, the raster and the traces.
 * - ReplayNetwork (training and testing): the input neurons are relays, cells that fire exactly
 *   when a recorded current kicks them, replaying input spike trains computed once per sample by
 *   simulateInputs. The layers after the inputs are the same neurons and synapses, stepped by the
 *   same engine, so they spike exactly as in the experiment (a test checks this).
 */
import { compileExperiment } from '../engine/compile.ts';
import type { CompiledNetwork } from '../engine/network.ts';
import { Simulation } from '../engine/simulation.ts';
import {
  EXPERIMENT_FORMAT,
  CURRENT_RANDOM_DRAWS,
  EXPERIMENT_VERSION,
  type ConnectionSpec,
  type Experiment,
  type InputSpec,
  type NeuronSpec,
} from '../experiment/types.ts';
import { encode, type Encoder } from './encoding.ts';
import { layerPositions } from './layout.ts';
import { NO_ANSWER } from './metrics.ts';

export interface CellParams {
  a: number;
  b: number;
  c: number;
  d: number;
  v0: number;
}

/** The write-up's neuron: regular spiking (Izhikevich 2003). */
export const REGULAR_SPIKING: CellParams = { a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 };

/**
 * A relay: no recovery variable (a = b = d = 0), so at rest it sits at the stable point of
 * 0.04 v^2 + 5 v + 140 (about -82.7 mV) and fires only in a step in which RELAY_KICK pA arrives.
 */
export const RELAY_CELL: CellParams = { a: 0, b: 0, c: -65, d: 0, v0: -75 };
export const RELAY_KICK = 1000;

export interface NetworkSettings {
  /** Presentation window per sample, ms. */
  window: number;
  /** Engine step, ms. */
  dt: number;
  /** Cell of the input, hidden and output neurons. */
  cell: CellParams;
  /** expConductance synapses: gbase (nS), tau (ms), reversal potentials (mV), delay (ms). */
  gbase: number;
  tau: number;
  erevExcitatory: number;
  erevInhibitory: number;
  delay: number;
  /** Hidden neurons; 0 for none (inputs connect straight to the outputs). */
  hidden: number;
}

export const DEFAULT_NETWORK: NetworkSettings = {
  window: 200,
  dt: 1,
  cell: REGULAR_SPIKING,
  gbase: 1,
  tau: 5,
  erevExcitatory: 0,
  erevInhibitory: -80,
  delay: 1,
  hidden: 0,
};

/** A trained (or untrained) classifier: everything needed to rebuild its network. */
export interface ClassifierModel {
  network: NetworkSettings;
  encoder: Encoder;
  classNames: string[];
  /** Input -> hidden weights, [i * hidden + h]; empty without a hidden layer. */
  hiddenWeights: Float64Array;
  /** (Hidden or input) -> output weights, [p * classes + c]. */
  outputWeights: Float64Array;
}

export const EXCITATORY_SYNAPSE = 'exc';
export const INHIBITORY_SYNAPSE = 'inh';

export const inputId = (i: number): string => `in_${i}`;
export const hiddenId = (h: number): string => `hid_${h}`;
export const outputId = (c: number): string => `out_${c}`;

/** Presentation window in whole steps. */
export function windowSteps(network: NetworkSettings): number {
  return Math.round(network.window / network.dt);
}

/** Ids of the neurons a layer of the model's network has. */
export function layerIds(model: ClassifierModel): { inputs: string[]; hidden: string[]; outputs: string[] } {
  return {
    inputs: Array.from({ length: model.encoder.inputCount }, (_, i) => inputId(i)),
    hidden: Array.from({ length: model.network.hidden }, (_, h) => hiddenId(h)),
    outputs: model.classNames.map((_, c) => outputId(c)),
  };
}

type Drive = { kind: 'currents'; currents: ArrayLike<number> } | { kind: 'relays' };

function buildExperiment(model: ClassifierModel, drive: Drive, name: string): Experiment {
  const { network, encoder, classNames } = model;
  const ids = layerIds(model);
  const cell = (id: string, label: string, params: CellParams, x: number, y: number): NeuronSpec => ({
    id,
    model: 'izhikevich2003',
    label,
    a: params.a,
    b: params.b,
    c: params.c,
    d: params.d,
    v0: params.v0,
    position: { x, y },
  });
  const inputCell = drive.kind === 'relays' ? RELAY_CELL : network.cell;
  const at = layerPositions(encoder.inputFeature, ids.hidden.length, ids.outputs.length);
  const neurons: NeuronSpec[] = [
    ...ids.inputs.map((id, i) => cell(id, encoder.inputNames[i], inputCell, at.inputs[i].x, at.inputs[i].y)),
    ...ids.hidden.map((id, h) => cell(id, `hidden ${h + 1}`, network.cell, at.hidden[h].x, at.hidden[h].y)),
    ...ids.outputs.map((id, c) => cell(id, classNames[c], network.cell, at.outputs[c].x, at.outputs[c].y)),
  ];
  const connections: ConnectionSpec[] = [];
  const connect = (pre: string[], post: string[], weights: Float64Array) => {
    pre.forEach((p, i) =>
      post.forEach((q, j) => {
        const w = weights[i * post.length + j];
        connections.push({ pre: p, post: q, synapse: EXCITATORY_SYNAPSE, weight: Math.max(w, 0), delay: network.delay });
        connections.push({ pre: p, post: q, synapse: INHIBITORY_SYNAPSE, weight: Math.max(-w, 0), delay: network.delay });
      }),
    );
  };
  if (network.hidden > 0) {
    connect(ids.inputs, ids.hidden, model.hiddenWeights);
    connect(ids.hidden, ids.outputs, model.outputWeights);
  } else {
    connect(ids.inputs, ids.outputs, model.outputWeights);
  }
  const steps = windowSteps(network);
  const inputs: InputSpec[] = ids.inputs.map((id, i) =>
    drive.kind === 'currents'
      ? { id: `I_${id}`, kind: 'constant', target: id, amplitude: drive.currents[i] }
      : { id: `I_${id}`, kind: 'recorded', target: id, values: new Array<number>(steps).fill(0), source: 'cached input spikes' },
  );
  return {
    format: EXPERIMENT_FORMAT,
    version: EXPERIMENT_VERSION,
    name,
    description:
      `Spiking classifier: ${ids.inputs.length} input neurons (${encoder.spec.kind} encoding of ${encoder.featureNames.join(', ')})` +
      `${network.hidden > 0 ? `, ${network.hidden} hidden neurons` : ''} and one output neuron per class (${classNames.join(', ')}). ` +
      `The output with the most spikes in ${network.window} ms is the answer.`,
    simulation: { dt: network.dt, scheme: 'izhikevich2003', duration: network.window, seed: 1, randomDraws: CURRENT_RANDOM_DRAWS },
    neurons,
    populations: [],
    synapseTypes: [
      { id: EXCITATORY_SYNAPSE, kind: 'expConductance', gbase: network.gbase, tau: network.tau, erev: network.erevExcitatory, label: 'excitatory' },
      { id: INHIBITORY_SYNAPSE, kind: 'expConductance', gbase: network.gbase, tau: network.tau, erev: network.erevInhibitory, label: 'inhibitory' },
    ],
    connections,
    projections: [],
    inputs,
    recording: { watch: ids.outputs.slice(0, 8), variables: ['v'] },
  };
}

/**
 * The classifier as an experiment presenting one sample (feature vector x, encoded with the model's
 * encoder) for one window. Another sample is a live edit of the `I_in_k` amplitudes (sampleCurrents).
 */
export function classifierExperiment(model: ClassifierModel, x: ArrayLike<number>, name = 'Iris classifier'): Experiment {
  return buildExperiment(model, { kind: 'currents', currents: encode(model.encoder, x) }, name);
}

/** The input currents of sample x, keyed by the experiment's input ids (for live edits). */
export function sampleCurrents(model: ClassifierModel, x: ArrayLike<number>): { input: string; amplitude: number }[] {
  const currents = encode(model.encoder, x);
  return Array.from(currents, (amplitude, i) => ({ input: `I_${inputId(i)}`, amplitude }));
}

// ---------------------------------------------------------------------------------------------
// Readout

export type Decision = 'count' | 'first-spike' | 'silent' | 'tie';

export interface Readout {
  /** Spikes of each output neuron in the window. */
  counts: Int32Array;
  /** Time of each output's first spike, ms (Infinity when it did not fire). */
  firstSpike: Float64Array;
  /** The class with the most spikes, or NO_ANSWER. */
  answer: number;
  /**
   * count: one output had the most spikes; first-spike: a tie on count broken by the earliest first
   * spike; silent: no output fired (no answer); tie: equal counts and equal first spikes (no answer).
   */
  decidedBy: Decision;
}

/** The network's answer from its output spike counts and first-spike times. */
export function readout(counts: Int32Array, firstSpike: Float64Array): Readout {
  let best = -1;
  let bestCount = 0;
  for (let c = 0; c < counts.length; c++) {
    if (counts[c] > bestCount) {
      best = c;
      bestCount = counts[c];
    }
  }
  if (best < 0) return { counts, firstSpike, answer: NO_ANSWER, decidedBy: 'silent' };
  let tied = false;
  for (let c = 0; c < counts.length; c++) {
    if (c === best || counts[c] !== bestCount) continue;
    tied = true;
    if (firstSpike[c] < firstSpike[best]) best = c;
  }
  if (!tied) return { counts, firstSpike, answer: best, decidedBy: 'count' };
  for (let c = 0; c < counts.length; c++) {
    if (c !== best && counts[c] === bestCount && firstSpike[c] === firstSpike[best]) {
      return { counts, firstSpike, answer: NO_ANSWER, decidedBy: 'tie' };
    }
  }
  return { counts, firstSpike, answer: best, decidedBy: 'first-spike' };
}

/** Readout from a list of spikes (neuron index, time in ms), outputs being neurons first .. first + classes - 1. */
export function readoutFromSpikes(neurons: ArrayLike<number>, times: ArrayLike<number>, count: number, first: number, classes: number): Readout {
  const counts = new Int32Array(classes);
  const firstSpike = new Float64Array(classes).fill(Infinity);
  for (let s = 0; s < count; s++) {
    const c = neurons[s] - first;
    if (c < 0 || c >= classes) continue;
    counts[c]++;
    if (times[s] < firstSpike[c]) firstSpike[c] = times[s];
  }
  return readout(counts, firstSpike);
}

/** Index of the first output neuron in the compiled network (neurons are inputs, hidden, outputs). */
export function firstOutputIndex(model: ClassifierModel): number {
  return model.encoder.inputCount + model.network.hidden;
}

/**
 * Presents sample x to the full network (classifierExperiment: real input cells, constant currents)
 * for one window from rest; returns every spike and the readout. What the raster shows for a sample.
 */
export function presentSample(model: ClassifierModel, x: ArrayLike<number>): { experiment: Experiment; neurons: Int32Array; times: Float64Array; readout: Readout } {
  const experiment = classifierExperiment(model, x);
  const sim = new Simulation(compileExperiment(experiment));
  sim.run(windowSteps(model.network));
  if (sim.failure) throw new Error(sim.failure.message);
  const { neurons, times } = sim.spikes.drain();
  return { experiment, neurons, times, readout: readoutFromSpikes(neurons, times, neurons.length, firstOutputIndex(model), model.classNames.length) };
}

// ---------------------------------------------------------------------------------------------
// Input spike trains, computed once per sample

/** Spike trains of the input neurons for some samples: spike steps (0 .. window steps - 1). */
export interface InputSpikes {
  inputCount: number;
  steps: number;
  /** trains[s][i]: the steps in which input neuron i fired for sample s. */
  trains: Int32Array[][];
  /** counts[s][i]: how many times input neuron i fired for sample s. */
  counts: Float64Array[];
}

/**
 * Simulates the input layer (Izhikevich cells under the encoded constant currents) with the engine,
 * one window per sample from rest, and records every input spike. X holds the samples' features.
 */
export function simulateInputs(encoder: Encoder, network: NetworkSettings, X: readonly ArrayLike<number>[]): InputSpikes {
  const inputCount = encoder.inputCount;
  const steps = windowSteps(network);
  const neurons: NeuronSpec[] = Array.from({ length: inputCount }, (_, i) => ({
    id: inputId(i),
    model: 'izhikevich2003',
    ...network.cell,
  }));
  const experiment: Experiment = {
    format: EXPERIMENT_FORMAT,
    version: EXPERIMENT_VERSION,
    name: 'input layer',
    simulation: { dt: network.dt, scheme: 'izhikevich2003', duration: network.window, seed: 1, randomDraws: CURRENT_RANDOM_DRAWS },
    neurons,
    populations: [],
    synapseTypes: [],
    connections: [],
    projections: [],
    inputs: neurons.map((n) => ({ id: `I_${n.id}`, kind: 'constant', target: n.id, amplitude: 0 })),
    recording: { watch: [], variables: [] },
  };
  const net = compileExperiment(experiment);
  const sim = new Simulation(net);
  const currents = new Float64Array(inputCount);
  const trains: Int32Array[][] = [];
  const counts: Float64Array[] = [];
  const perInput: number[][] = Array.from({ length: inputCount }, () => []);
  for (const x of X) {
    encode(encoder, x, currents);
    net.inputs.forEach((input, i) => {
      if (input.spec.kind === 'constant') input.spec.amplitude = currents[i];
    });
    sim.reset();
    sim.run(steps);
    for (const list of perInput) list.length = 0;
    const { neurons: who, times, count } = sim.spikes;
    for (let s = 0; s < count; s++) perInput[who[s]].push(Math.round(times[s] / network.dt));
    sim.spikes.count = 0;
    trains.push(perInput.map((list) => Int32Array.from(list)));
    counts.push(Float64Array.from(perInput, (list) => list.length));
  }
  return { inputCount, steps, trains, counts };
}

// ---------------------------------------------------------------------------------------------
// The replay network

/** Spike counts and first-spike times of the layers after the inputs, for one presentation. */
export interface Presentation {
  hiddenCounts: Float64Array;
  outputCounts: Int32Array;
  firstSpike: Float64Array;
}

/**
 * The model's network with relay inputs, compiled once; present() replays one sample's input spike
 * trains through it and counts the spikes of the hidden and output neurons. Weights are written
 * straight into the compiled synapses (setWeights), so training needs no recompiling.
 */
export class ReplayNetwork {
  readonly net: CompiledNetwork;
  readonly sim: Simulation;
  readonly steps: number;
  private readonly model: ClassifierModel;
  private readonly kicks: number[][];
  private readonly lastTrains: (Int32Array | null)[];
  private readonly hiddenStart: number;
  private readonly outputStart: number;
  /** CSR indices of the excitatory and inhibitory synapse of each hidden and output weight. */
  private readonly hiddenSynapses: Int32Array;
  private readonly outputSynapses: Int32Array;

  constructor(model: ClassifierModel) {
    this.model = model;
    const experiment = buildExperiment(model, { kind: 'relays' }, 'replay');
    this.net = compileExperiment(experiment);
    this.sim = new Simulation(this.net);
    this.steps = windowSteps(model.network);
    const inputCount = model.encoder.inputCount;
    this.hiddenStart = inputCount;
    this.outputStart = inputCount + model.network.hidden;
    this.kicks = this.net.inputs.map((input) => {
      if (input.spec.kind !== 'recorded') throw new Error('replay network: inputs must be recorded currents');
      return input.spec.values;
    });
    this.lastTrains = new Array<Int32Array | null>(inputCount).fill(null);
    const hiddenPairs = model.network.hidden > 0 ? inputCount * model.network.hidden : 0;
    const synapseOf = (k: number) => this.net.connectionSynapse[k];
    this.hiddenSynapses = Int32Array.from({ length: 2 * hiddenPairs }, (_, k) => synapseOf(k));
    this.outputSynapses = Int32Array.from({ length: this.net.connectionSynapse.length - 2 * hiddenPairs }, (_, k) => synapseOf(2 * hiddenPairs + k));
    this.setWeights();
  }

  /** Copies the model's current weights into the compiled synapses. */
  setWeights(): void {
    const weight = this.net.synapses.weight;
    const write = (weights: Float64Array, synapses: Int32Array) => {
      for (let k = 0; k < weights.length; k++) {
        const w = weights[k];
        weight[synapses[2 * k]] = w > 0 ? w : 0;
        weight[synapses[2 * k + 1]] = w < 0 ? -w : 0;
      }
    };
    write(this.model.hiddenWeights, this.hiddenSynapses);
    write(this.model.outputWeights, this.outputSynapses);
  }

  /** Runs one window replaying `trains` (one sample of InputSpikes) from rest; fills `out`. */
  present(trains: Int32Array[], out: Presentation): void {
    const kicks = this.kicks;
    for (let i = 0; i < kicks.length; i++) {
      const previous = this.lastTrains[i];
      if (previous === trains[i]) continue;
      const values = kicks[i];
      if (previous) for (let k = 0; k < previous.length; k++) values[previous[k]] = 0;
      const next = trains[i];
      for (let k = 0; k < next.length; k++) values[next[k]] = RELAY_KICK;
      this.lastTrains[i] = next;
    }
    const sim = this.sim;
    sim.reset();
    sim.run(this.steps);
    if (sim.failure) throw new Error(sim.failure.message);
    out.hiddenCounts.fill(0);
    out.outputCounts.fill(0);
    out.firstSpike.fill(Infinity);
    const { neurons, times, count } = sim.spikes;
    const hiddenStart = this.hiddenStart;
    const outputStart = this.outputStart;
    for (let s = 0; s < count; s++) {
      const i = neurons[s];
      if (i >= outputStart) {
        const c = i - outputStart;
        out.outputCounts[c]++;
        if (times[s] < out.firstSpike[c]) out.firstSpike[c] = times[s];
      } else if (i >= hiddenStart) out.hiddenCounts[i - hiddenStart]++;
    }
    sim.spikes.count = 0;
  }

  newPresentation(): Presentation {
    return {
      hiddenCounts: new Float64Array(this.model.network.hidden),
      outputCounts: new Int32Array(this.model.classNames.length),
      firstSpike: new Float64Array(this.model.classNames.length),
    };
  }
}
