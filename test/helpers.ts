import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import {
  CURRENT_RANDOM_DRAWS,
  EXPERIMENT_FORMAT,
  EXPERIMENT_VERSION,
  type Experiment,
  type NeuronSpec,
  type RandomDraws,
  type TraceVariable,
} from '../src/core/experiment/types.ts';

/** A regular-spiking neuron at rest, with overrides. */
export function neuron(id: string, overrides: Partial<NeuronSpec> = {}): NeuronSpec {
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
