import { EXPERIMENT_FORMAT, EXPERIMENT_VERSION, type Experiment } from './types.ts';

/**
 * The lab's opening experiment: "driver" gets a current step and excites "follower" through an
 * excitatory conductance synapse; it also inhibits "pacer", a neuron that fires tonically on a drive
 * of its own, so its firing visibly pauses after each driver spike.
 */
export function defaultExperiment(): Experiment {
  return {
    format: EXPERIMENT_FORMAT,
    version: EXPERIMENT_VERSION,
    name: 'Excite one, inhibit another',
    description:
      'A driver neuron, switched on by a current step at 100 ms, excites a follower (which is silent ' +
      'without it) and inhibits a pacer that fires on a drive of its own: the follower fires with the ' +
      'driver while the pacer slows down.',
    simulation: { dt: 1, scheme: 'izhikevich2003', duration: 1000, seed: 1 },
    neurons: [
      { id: 'driver', label: 'Driver', model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -70, role: 'excitatory', position: { x: 0, y: 0 } },
      { id: 'follower', label: 'Follower', model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -70, role: 'excitatory', position: { x: 200, y: -80 } },
      { id: 'pacer', label: 'Pacer', model: 'izhikevich2003', a: 0.1, b: 0.2, c: -65, d: 2, v0: -70, role: 'excitatory', position: { x: 200, y: 80 } },
    ],
    populations: [],
    synapseTypes: [
      { id: 'AMPA', label: 'Excitatory (AMPA-like)', kind: 'expConductance', gbase: 0.5, tau: 5, erev: 0 },
      { id: 'GABA', label: 'Inhibitory (GABA-A-like)', kind: 'expConductance', gbase: 1, tau: 10, erev: -80 },
    ],
    connections: [
      { pre: 'driver', post: 'follower', synapse: 'AMPA', weight: 1, delay: 2 },
      { pre: 'driver', post: 'pacer', synapse: 'GABA', weight: 1, delay: 2 },
    ],
    projections: [],
    inputs: [
      { id: 'step', kind: 'pulse', target: 'driver', start: 100, amplitude: 10 },
      { id: 'pacer-drive', kind: 'constant', target: 'pacer', amplitude: 6 },
      { id: 'follower-noise', kind: 'noise', target: 'follower', mean: 0, sd: 1 },
    ],
    recording: { watch: ['driver', 'follower', 'pacer'], variables: ['v'] },
  };
}

/**
 * Izhikevich (2003), "Simple model of spiking neurons", the network of Fig. 3: 800 excitatory and
 * 200 inhibitory neurons with random heterogeneity, all-to-all instantaneous synapses (weights
 * 0.5 rand from excitatory, -rand from inhibitory neurons) and Gaussian thalamic input.
 */
export function izhikevich2003Network(): Experiment {
  return {
    format: EXPERIMENT_FORMAT,
    version: EXPERIMENT_VERSION,
    name: 'Izhikevich 2003 network (1,000 neurons)',
    description:
      '800 excitatory and 200 inhibitory neurons, all-to-all, driven by thalamic noise: the network ' +
      'of the 2003 paper. Watch the alpha (~10 Hz) and gamma (~40 Hz) rhythms in the raster.',
    simulation: { dt: 1, scheme: 'izhikevich2003', duration: 1000, seed: 1 },
    neurons: [],
    populations: [
      {
        id: 'E', label: 'Excitatory', size: 800, model: 'izhikevich2003', role: 'excitatory', position: { x: 0, y: 0 },
        a: 0.02, b: 0.2,
        c: { dist: 'r', base: -65, scale: 15, power: 2 },
        d: { dist: 'r', base: 8, scale: -6, power: 2 },
        v0: -65,
      },
      {
        id: 'I', label: 'Inhibitory', size: 200, model: 'izhikevich2003', role: 'inhibitory', position: { x: 260, y: 0 },
        a: { dist: 'r', base: 0.02, scale: 0.08, power: 1 },
        b: { dist: 'r', base: 0.25, scale: -0.05, power: 1 },
        c: -65, d: 2, v0: -65,
      },
    ],
    synapseTypes: [{ id: 'instant', label: 'Instantaneous current', kind: 'current' }],
    connections: [],
    projections: [
      { id: 'EE', pre: 'E', post: 'E', synapse: 'instant', connect: { rule: 'all-to-all' }, autapses: true, weight: { dist: 'uniform', min: 0, max: 0.5 }, delay: 1 },
      { id: 'EI', pre: 'E', post: 'I', synapse: 'instant', connect: { rule: 'all-to-all' }, weight: { dist: 'uniform', min: 0, max: 0.5 }, delay: 1 },
      { id: 'IE', pre: 'I', post: 'E', synapse: 'instant', connect: { rule: 'all-to-all' }, weight: { dist: 'uniform', min: -1, max: 0 }, delay: 1 },
      { id: 'II', pre: 'I', post: 'I', synapse: 'instant', connect: { rule: 'all-to-all' }, autapses: true, weight: { dist: 'uniform', min: -1, max: 0 }, delay: 1 },
    ],
    inputs: [
      { id: 'thalamic-E', kind: 'noise', target: 'E', mean: 0, sd: 5 },
      { id: 'thalamic-I', kind: 'noise', target: 'I', mean: 0, sd: 2 },
    ],
    recording: { watch: ['E[0]', 'I[0]'], variables: ['v'] },
  };
}
