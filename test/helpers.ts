import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import {
  CURRENT_RANDOM_DRAWS,
  EXPERIMENT_FORMAT,
  EXPERIMENT_VERSION,
  type Experiment,
  type Izhikevich2003NeuronSpec,
  type RandomDraws,
  type TraceVariable,
} from '../src/core/experiment/types.ts';
import type { NetworkSummary } from '../src/worker/protocol.ts';

/** A regular-spiking neuron at rest, with overrides. */
export function neuron(id: string, overrides: Partial<Izhikevich2003NeuronSpec> = {}): Izhikevich2003NeuronSpec {
  return { id, model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -70, ...overrides };
}

/** An experiment with nothing in it but what `parts` adds. */
export function experiment(
  parts: Partial<Experiment> & { dt?: number; scheme?: Experiment['simulation']['scheme']; seed?: number; randomDraws?: RandomDraws },
): Experiment {
  const { dt = 1, scheme = 'izhikevich2003', seed = 1, randomDraws = CURRENT_RANDOM_DRAWS, ...rest } = parts;
  return {
    format: EXPERIMENT_FORMAT,
    version: EXPERIMENT_VERSION,
    name: 'test',
    simulation: { dt, scheme, duration: 1000, seed, randomDraws },
    neurons: [],
    populations: [],
    synapseTypes: [],
    connections: [],
    projections: [],
    inputs: [],
    recording: { watch: [], variables: ['v'] },
    ...rest,
  };
}

/** A simulation of `exp` recording the given variables of the given neurons. */
export function simulate(exp: Experiment, watch: string[] = [], variables: TraceVariable[] = ['v']): Simulation {
  const net = compileExperiment(exp);
  return new Simulation(
    net,
    Int32Array.from(watch, (id) => {
      const i = net.indexOf.get(id);
      if (i === undefined) throw new Error(`no neuron ${id}`);
      return i;
    }),
    variables,
  );
}

/** Spike times (ms) of one neuron after running `ms`. */
export function spikeTimes(sim: Simulation, id: string, ms: number): number[] {
  sim.run(Math.round(ms / sim.net.dt));
  const i = sim.net.indexOf.get(id);
  const { neurons, times } = sim.spikes.drain();
  return Array.from(times).filter((_, k) => neurons[k] === i);
}

/**
 * A small E/I network (80 excitatory neurons, `inhibitory` inhibitory) with conductance synapses of two
 * types (AMPA-like and GABA-like), delays drawn from minDelay-20 ms, and noise, Poisson, constant and
 * pulse inputs: every input kind and mixed delays, for tests that compare spikes exactly.
 */
export function conductanceNetwork({ randomDraws = CURRENT_RANDOM_DRAWS, minDelay = 1, inhibitory = 20 }: { randomDraws?: RandomDraws; minDelay?: number; inhibitory?: number } = {}): Experiment {
  const delay = { dist: 'uniform' as const, min: minDelay, max: 20 };
  return experiment({
    randomDraws,
    seed: 5,
    populations: [
      { id: 'E', size: 80, model: 'izhikevich2003', role: 'excitatory', a: 0.02, b: 0.2, c: { dist: 'r', base: -65, scale: 15, power: 2 }, d: 8, v0: -65 },
      { id: 'I', size: inhibitory, model: 'izhikevich2003', role: 'inhibitory', a: 0.1, b: 0.2, c: -65, d: 2, v0: -65 },
    ],
    synapseTypes: [
      { id: 'ampa', kind: 'expConductance', gbase: 1, tau: 5, erev: 0 },
      { id: 'gaba', kind: 'expConductance', gbase: 1, tau: 10, erev: -80 },
    ],
    projections: [
      { id: 'EE', pre: 'E', post: 'E', synapse: 'ampa', connect: { rule: 'probability', p: 0.2 }, weight: { dist: 'uniform', min: 0, max: 0.1 }, delay },
      { id: 'EI', pre: 'E', post: 'I', synapse: 'ampa', connect: { rule: 'probability', p: 0.2 }, weight: { dist: 'uniform', min: 0, max: 0.1 }, delay },
      { id: 'IE', pre: 'I', post: 'E', synapse: 'gaba', connect: { rule: 'probability', p: 0.3 }, weight: { dist: 'uniform', min: 0, max: 0.2 }, delay },
    ],
    inputs: [
      { id: 'noise', kind: 'noise', target: 'E', mean: 2, sd: 4 },
      { id: 'tonic', kind: 'constant', target: 'I', amplitude: 3 },
      { id: 'step', kind: 'pulse', target: 'E[3]', start: 100, duration: 300, amplitude: 8 },
      { id: 'drive', kind: 'poisson', target: 'E', rate: 20, synapse: 'ampa', weight: 0.3 },
    ],
  });
}

/** What the page knows of a network of `n` neurons, the first four fifths excitatory (the 2003 split), as the raster gets it. */
export function excitatoryInhibitorySummary(n: number): NetworkSummary {
  const excitatory = Math.round(n * 0.8);
  return {
    neuronCount: n,
    ids: [],
    roles: Uint8Array.from({ length: n }, (_, i) => (i < excitatory ? 0 : 1)),
    groups: [
      { id: 'e', label: 'excitatory', start: 0, size: excitatory, role: 'excitatory' },
      { id: 'i', label: 'inhibitory', start: excitatory, size: n - excitatory, role: 'inhibitory' },
    ],
    dt: 0.5,
    workers: 1,
    workersReason: '',
  };
}
