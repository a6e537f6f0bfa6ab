import { CURRENT_RANDOM_DRAWS, EXPERIMENT_FORMAT, EXPERIMENT_VERSION, type Experiment } from './types.ts';

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
    simulation: { dt: 1, scheme: 'izhikevich2003', duration: 1000, seed: 1, randomDraws: CURRENT_RANDOM_DRAWS },
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
 * 200 inhibitory neurons with random heterogeneity, all-to-all current synapses (weights 0.5 rand
 * from excitatory, -rand from inhibitory neurons) and Gaussian thalamic input.
 *
 * Scaled: `size` neurons (4/5 excitatory), each receiving `inDegree` synapses from distinct sources
 * (4/5 of them excitatory) instead of all of them, with the weights multiplied by 1000 / inDegree so
 * that a neuron's mean synaptic drive is the paper's. The defaults are the paper's network.
 */
export function izhikevich2003Network(size = 1000, inDegree = size): Experiment {
  const excitatory = Math.round(0.8 * size);
  const allToAll = inDegree === size;
  const scale = allToAll ? 1 : 1000 / inDegree;
  const fromE = Math.round(0.8 * inDegree);
  const connect = (k: number) => (allToAll ? { rule: 'all-to-all' as const } : { rule: 'in-degree' as const, k });
  const excitatoryWeight = { dist: 'uniform' as const, min: 0, max: 0.5 * scale };
  const inhibitoryWeight = { dist: 'uniform' as const, min: -1 * scale, max: 0 };
  const count = size.toLocaleString('en-US');
  return {
    format: EXPERIMENT_FORMAT,
    version: EXPERIMENT_VERSION,
    name: allToAll ? `Izhikevich 2003 network (${count} neurons)` : `Izhikevich 2003 network (${count} neurons, ${inDegree.toLocaleString('en-US')} inputs each)`,
    description: allToAll
      ? '800 excitatory and 200 inhibitory neurons, all-to-all, driven by thalamic noise: the network ' +
        'of the 2003 paper. Watch the alpha (~10 Hz) and gamma (~40 Hz) rhythms in the raster.'
      : `The network of the 2003 paper scaled to ${count} neurons, each receiving ${inDegree.toLocaleString('en-US')} ` +
        'synapses from randomly chosen neurons (4/5 excitatory), with the weights scaled so that the mean drive is the paper\'s.',
    simulation: { dt: 1, scheme: 'izhikevich2003', duration: 1000, seed: 1, randomDraws: CURRENT_RANDOM_DRAWS },
    neurons: [],
    populations: [
      {
        id: 'E', label: 'Excitatory', size: excitatory, model: 'izhikevich2003', role: 'excitatory', position: { x: 0, y: 0 },
        a: 0.02, b: 0.2,
        c: { dist: 'r', base: -65, scale: 15, power: 2 },
        d: { dist: 'r', base: 8, scale: -6, power: 2 },
        v0: -65,
      },
      {
        id: 'I', label: 'Inhibitory', size: size - excitatory, model: 'izhikevich2003', role: 'inhibitory', position: { x: 260, y: 0 },
        a: { dist: 'r', base: 0.02, scale: 0.08, power: 1 },
        b: { dist: 'r', base: 0.25, scale: -0.05, power: 1 },
        c: -65, d: 2, v0: -65,
      },
    ],
    synapseTypes: [{ id: 'instant', label: 'Instantaneous current', kind: 'current' }],
    connections: [],
    projections: [
      { id: 'EE', pre: 'E', post: 'E', synapse: 'instant', connect: connect(fromE), autapses: true, weight: excitatoryWeight, delay: 1 },
      { id: 'EI', pre: 'E', post: 'I', synapse: 'instant', connect: connect(fromE), weight: excitatoryWeight, delay: 1 },
      { id: 'IE', pre: 'I', post: 'E', synapse: 'instant', connect: connect(inDegree - fromE), weight: inhibitoryWeight, delay: 1 },
      { id: 'II', pre: 'I', post: 'I', synapse: 'instant', connect: connect(inDegree - fromE), autapses: true, weight: inhibitoryWeight, delay: 1 },
    ],
    inputs: [
      { id: 'thalamic-E', kind: 'noise', target: 'E', mean: 0, sd: 5 },
      { id: 'thalamic-I', kind: 'noise', target: 'I', mean: 0, sd: 2 },
    ],
    recording: { watch: ['E[0]', 'I[0]'], variables: ['v'] },
  };
}
