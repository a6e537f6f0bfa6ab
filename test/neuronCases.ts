import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { CELL_2007_PRESETS } from '../src/core/experiment/cellModels.ts';
import { GALLERY } from '../src/core/experiment/gallery.ts';
import { PATTERNS } from '../src/core/experiment/patterns.ts';
import type { Experiment, IntegrationScheme, Izhikevich2007NeuronSpec, RandomDraws } from '../src/core/experiment/types.ts';
import { validateExperiment } from '../src/core/experiment/validate.ts';
import { spikesToCsv } from '../src/core/io/spikesCsv.ts';
import { experiment, neuron } from './helpers.ts';

/** The gallery's STDP example (Song, Miller & Abbott 2000). */
export const STDP_EXAMPLE = 'stdp-song-miller-abbott';

/**
 * How much of the STDP example the NEURON test runs: its 300 s are 600,000 steps of 1,002 cells as NEURON
 * events, which did not finish in 37 minutes on the loaded 2-core machine here (5 s take about 18 s); in
 * 5 s, 920 of the 1,000 weights move by more than A+.
 */
export const STDP_TEST_DURATION = 5000;

function checked(exp: Experiment): Experiment {
  const result = validateExperiment(exp);
  if (!result.ok) throw new Error(result.errors.join('; '));
  return result.experiment;
}

/**
 * An experiment with every input kind and synapse kind the export handles, small enough to run in a
 * moment: Poisson input through a conductance synapse, noise held for 2 ms at a 0.5 ms step, a pulse
 * train, a ramp, a recorded current, current synapses acting for 2 ms, a population with drawn
 * parameters and a projection with drawn weights and delays, the Euler step, every trace variable.
 */
export function everyKindExperiment(randomDraws: RandomDraws): Experiment {
  const exp = experiment({
    dt: 0.5,
    scheme: 'euler',
    randomDraws,
    neurons: [neuron('a'), neuron('b', { a: 0.1, d: 2, equation: { p1: 4.1, p0: 108 } }), neuron('c', { vpeak: 25 })],
    populations: [
      {
        id: 'P', size: 6, model: 'izhikevich2003', a: 0.02, b: 0.2,
        c: { dist: 'r', base: -65, scale: 15, power: 2 }, d: { dist: 'uniform', min: 2, max: 8 }, v0: -65,
      },
    ],
    synapseTypes: [
      { id: 'AMPA', kind: 'expConductance', gbase: 0.4, tau: 5, erev: 0 },
      { id: 'GABA', kind: 'expConductance', gbase: 0.6, tau: 10, erev: -80 },
      { id: 'kick', kind: 'current', pulse: 2 },
      { id: 'jolt', kind: 'current' },
    ],
    connections: [
      { pre: 'a', post: 'b', synapse: 'AMPA', weight: 1.5, delay: 1 },
      { pre: 'b', post: 'c', synapse: 'kick', weight: 6, delay: 2.5 },
      { pre: 'c', post: 'a', synapse: 'GABA', weight: 1, delay: 3 },
      { pre: 'a', post: 'P[0]', synapse: 'jolt', weight: 9, delay: 0.5 },
    ],
    projections: [
      {
        id: 'PP', pre: 'P', post: 'P', synapse: 'AMPA', connect: { rule: 'probability', p: 0.5 }, autapses: false,
        weight: { dist: 'uniform', min: 0.5, max: 2 }, delay: { dist: 'uniform', min: 0.5, max: 4 },
      },
      { id: 'Pa', pre: 'P', post: 'a', synapse: 'kick', connect: { rule: 'all-to-all' }, weight: { dist: 'normal', mean: 1, sd: 0.5 }, delay: 1 },
    ],
    inputs: [
      { id: 'drive', kind: 'constant', target: 'P', amplitude: 3 },
      { id: 'poisson', kind: 'poisson', target: 'P', rate: 80, synapse: 'AMPA', weight: 1 },
      { id: 'noise', kind: 'noise', target: 'P', mean: 1, sd: 3, hold: 2 },
      { id: 'train', kind: 'pulse', target: 'a', start: 20, duration: 15, period: 60, amplitude: 12 },
      { id: 'ramp', kind: 'pulse', target: 'c', start: 100, duration: 150, amplitude: 0, slope: 0.1 },
      { id: 'recorded', kind: 'recorded', target: 'b', values: Array.from({ length: 400 }, (_, k) => 4 * Math.sin(k / 20)) },
    ],
    recording: { watch: ['a', 'b', 'c', 'P[1]'], variables: ['v', 'u', 'g', 'isyn', 'iext'] },
  });
  exp.name = `Every kind (${randomDraws})`;
  exp.simulation.duration = 300;
  return checked(exp);
}

/** A 2007 cell of preset `name` (RS, IB or CH) at rest. */
function cell2007(id: string, name: string): Izhikevich2007NeuronSpec {
  const preset = CELL_2007_PRESETS.find((p) => p.name === name);
  if (!preset) throw new Error(`no 2007 preset ${name}`);
  return { id, model: 'izhikevich2007', ...preset.params, v0: preset.v0 };
}

/**
 * izhikevich2007 cells (the RS, IB and CH presets, and a population with drawn C, k, vr, vt, vpeak and d)
 * beside a 2003 cell, coupled by expTwo and alpha conductance synapses (and an expConductance one), driven
 * by constant, pulse, noise and Poisson inputs (Poisson through the expTwo and alpha synapses), in either
 * scheme, every trace variable watched.
 */
export function cells2007Experiment(scheme: IntegrationScheme): Experiment {
  const exp = experiment({
    dt: 0.25,
    scheme,
    neurons: [cell2007('rs', 'RS'), cell2007('ib', 'IB'), cell2007('ch', 'CH'), neuron('old')],
    populations: [
      {
        id: 'Q', size: 5, model: 'izhikevich2007', C: { dist: 'uniform', min: 80, max: 120 }, k: { dist: 'uniform', min: 0.6, max: 0.8 },
        vr: { dist: 'normal', mean: -60, sd: 2 }, vt: -40, vpeak: { dist: 'uniform', min: 30, max: 40 }, a: 0.03, b: -2, c: -50,
        d: { dist: 'uniform', min: 80, max: 120 }, v0: -60,
      },
    ],
    synapseTypes: [
      { id: 'rise', kind: 'expTwoConductance', gbase: 3, tauRise: 0.5, tauDecay: 4, erev: 0 },
      { id: 'alpha', kind: 'alphaConductance', gbase: 2, tau: 3, erev: -75 },
      { id: 'fast', kind: 'expConductance', gbase: 1.5, tau: 2, erev: 0 },
    ],
    connections: [
      { pre: 'rs', post: 'ib', synapse: 'rise', weight: 2, delay: 1 },
      { pre: 'ib', post: 'ch', synapse: 'alpha', weight: 1.5, delay: 2 },
      { pre: 'ch', post: 'rs', synapse: 'fast', weight: 1, delay: 0.75 },
      { pre: 'old', post: 'rs', synapse: 'rise', weight: 0.5, delay: 0.25 },
    ],
    projections: [
      {
        id: 'QQ', pre: 'Q', post: 'Q', synapse: 'rise', connect: { rule: 'probability', p: 0.6 }, autapses: false,
        weight: { dist: 'uniform', min: 0.5, max: 2 }, delay: { dist: 'uniform', min: 0.25, max: 3 },
      },
      { id: 'Qch', pre: 'Q', post: 'ch', synapse: 'alpha', connect: { rule: 'all-to-all' }, weight: 0.4, delay: 1.5 },
      { id: 'rsQ', pre: 'rs', post: 'Q', synapse: 'alpha', connect: { rule: 'all-to-all' }, weight: 1, delay: 1 },
    ],
    inputs: [
      { id: 'drive', kind: 'constant', target: 'rs', amplitude: 120 },
      { id: 'steps', kind: 'pulse', target: 'ib', start: 30, duration: 80, period: 150, amplitude: 500 },
      { id: 'ramp', kind: 'pulse', target: 'ch', start: 10, amplitude: 100, slope: 1 },
      { id: 'noise', kind: 'noise', target: 'Q', mean: 60, sd: 40, hold: 1 },
      { id: 'poissonRise', kind: 'poisson', target: 'Q', rate: 200, synapse: 'rise', weight: 1 },
      { id: 'poissonAlpha', kind: 'poisson', target: 'ib', rate: 100, synapse: 'alpha', weight: 1 },
      { id: 'old', kind: 'constant', target: 'old', amplitude: 10 },
    ],
    recording: { watch: ['rs', 'ib', 'ch', 'Q[2]'], variables: ['v', 'u', 'g', 'isyn', 'iext'] },
  });
  exp.name = `2007 cells, expTwo and alpha synapses (${scheme})`;
  exp.simulation.duration = 400;
  return checked(exp);
}

/**
 * Plastic synapses of every kind of rule the Song example does not use: nearest pairing and multiplicative
 * updates, on current synapses (of a 2 ms pulse) and on conductance synapses, with several delays, in a
 * small recurrent network with its own Poisson and noise drive, and a current synapse without plasticity
whose arrivals share the plastic current synapses' section.
 */
export function plasticVariantsExperiment(): Experiment {
  const stdp = (pairing: 'all-to-all' | 'nearest', update: 'additive' | 'multiplicative', wMax: number) =>
    ({ rule: 'stdp' as const, pairing, update, aPlus: 0.05 * wMax, aMinus: 0.06 * wMax, tauPlus: 15, tauMinus: 25, wMax });
  const exp = experiment({
    dt: 0.5,
    populations: [
      { id: 'In', size: 12, model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -70 },
      { id: 'Out', size: 4, model: 'izhikevich2003', a: 0.02, b: 0.2, c: { dist: 'uniform', min: -65, max: -55 }, d: 6, v0: -70 },
    ],
    synapseTypes: [
      { id: 'kick', kind: 'current', pulse: 2, plasticity: stdp('nearest', 'multiplicative', 8) },
      { id: 'ampa', kind: 'expConductance', gbase: 0.5, tau: 5, erev: 0, plasticity: stdp('all-to-all', 'multiplicative', 3) },
      { id: 'near', kind: 'expConductance', gbase: 0.4, tau: 3, erev: 0, plasticity: stdp('nearest', 'additive', 3) },
      { id: 'drive', kind: 'expConductance', gbase: 1, tau: 2, erev: 0 },
      // Not plastic, and in the same current section as kick (the same pulse): the lab adds its arrivals first.
      { id: 'jolt', kind: 'current', pulse: 2 },
    ],
    projections: [
      { id: 'kicks', pre: 'In', post: 'Out', synapse: 'kick', connect: { rule: 'probability', p: 0.5 }, weight: { dist: 'uniform', min: 0, max: 8 }, delay: { dist: 'uniform', min: 0.5, max: 5 } },
      { id: 'ampas', pre: 'In', post: 'Out', synapse: 'ampa', connect: { rule: 'probability', p: 0.5 }, weight: { dist: 'uniform', min: 0, max: 3 }, delay: 1 },
      { id: 'jolts', pre: 'In', post: 'Out', synapse: 'jolt', connect: { rule: 'probability', p: 0.5 }, weight: { dist: 'uniform', min: 0.1, max: 3 }, delay: { dist: 'uniform', min: 0.5, max: 5 } },
      { id: 'nears', pre: 'Out', post: 'Out', synapse: 'near', connect: { rule: 'all-to-all' }, autapses: false, weight: 1.5, delay: { dist: 'uniform', min: 0.5, max: 3 } },
    ],
    inputs: [
      { id: 'spikes', kind: 'poisson', target: 'In', rate: 40, synapse: 'drive', weight: 6 },
      { id: 'noise', kind: 'noise', target: 'Out', mean: 2, sd: 2, hold: 1 },
    ],
    recording: { watch: ['Out[0]'], variables: ['v', 'g', 'isyn'] },
  });
  exp.name = 'Plastic synapses: nearest and multiplicative';
  exp.simulation.duration = 3000;
  return checked(exp);
}

/**
 * The small examples the export must reproduce spike for spike: the gallery but for the 1,000-neuron
 * network (the STDP example for its first STDP_TEST_DURATION ms), and the 20 patterns.
 */
export function smallExamples(): { name: string; experiment: Experiment }[] {
  return [
    ...GALLERY.filter((entry) => entry.id !== 'izhikevich-2003-network').map((entry) => {
      const exp = entry.make();
      if (entry.id === STDP_EXAMPLE) exp.simulation.duration = STDP_TEST_DURATION;
      return { name: entry.id, experiment: exp };
    }),
    ...PATTERNS.map((pattern) => ({ name: pattern.id, experiment: pattern.make() })),
  ];
}

/** The lab's run of an experiment: its spikes CSV (as `npm run sim` writes it) and its watched traces. */
export interface LabRun {
  csv: string;
  traces: Float64Array;
  traceCount: number;
  /** The plastic synapses' weights at the end, in the lab's order (by presynaptic neuron, then row), with their neurons' names. */
  weights: { pre: string; post: string; weight: number }[];
}

export function labRun(exp: Experiment): LabRun {
  const net = compileExperiment(exp);
  const watch = Int32Array.from(exp.recording.watch.map((ref) => net.indexOf.get(ref) ?? -1).filter((i) => i >= 0));
  const sim = new Simulation(net, watch, exp.recording.variables);
  sim.run(Math.round(exp.simulation.duration / exp.simulation.dt));
  const spikes = sim.spikes;
  const csv = spikesToCsv(spikes.neurons.slice(0, spikes.count), spikes.times.slice(0, spikes.count), net.ids);
  const { rowStart, post } = net.synapses;
  const plastic = sim.stdp?.plastic;
  const weights = Array.from(plastic?.synapse ?? [], (s, p) => ({
    pre: net.ids[rowStart.findLastIndex((start) => start <= s)],
    post: net.ids[post[s]],
    weight: sim.stdp?.weightOf(p) ?? Number.NaN,
  }));
  return { csv, traces: sim.traces.values.slice(0, sim.traces.count * sim.traces.stride), traceCount: sim.traces.count, weights };
}
