import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { GALLERY } from '../src/core/experiment/gallery.ts';

/** The gallery's STDP example (Song, Miller & Abbott 2000). */
export const STDP_EXAMPLE = 'stdp-song-miller-abbott';
import { PATTERNS } from '../src/core/experiment/patterns.ts';
import type { Experiment, RandomDraws } from '../src/core/experiment/types.ts';
import { validateExperiment } from '../src/core/experiment/validate.ts';
import { spikesToCsv } from '../src/core/io/spikesCsv.ts';
import { experiment, neuron } from './helpers.ts';

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
  const checked = validateExperiment(exp);
  if (!checked.ok) throw new Error(checked.errors.join('; '));
  return checked.experiment;
}

/**
 * The small examples the export must reproduce spike for spike: the gallery but for the 1,000-neuron
 * network and the STDP example (plastic synapses, which the export refuses by name), and the 20 patterns.
 */
export function smallExamples(): { name: string; experiment: Experiment }[] {
  return [
    ...GALLERY.filter((entry) => entry.id !== 'izhikevich-2003-network' && entry.id !== STDP_EXAMPLE).map((entry) => ({ name: entry.id, experiment: entry.make() })),
    ...PATTERNS.map((pattern) => ({ name: pattern.id, experiment: pattern.make() })),
  ];
}

/** The lab's run of an experiment: its spikes CSV (as `npm run sim` writes it) and its watched traces. */
export function labRun(exp: Experiment): { csv: string; traces: Float64Array; traceCount: number } {
  const net = compileExperiment(exp);
  const watch = Int32Array.from(exp.recording.watch.map((ref) => net.indexOf.get(ref) ?? -1).filter((i) => i >= 0));
  const sim = new Simulation(net, watch, exp.recording.variables);
  sim.run(Math.round(exp.simulation.duration / exp.simulation.dt));
  const spikes = sim.spikes;
  const csv = spikesToCsv(spikes.neurons.slice(0, spikes.count), spikes.times.slice(0, spikes.count), net.ids);
  return { csv, traces: sim.traces.values.slice(0, sim.traces.count * sim.traces.stride), traceCount: sim.traces.count };
}
