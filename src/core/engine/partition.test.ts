import { describe, expect, it } from 'vitest';
import { izhikevich2003Network } from '../experiment/examples.ts';
import type { Experiment } from '../experiment/types.ts';
import { conductanceNetwork, experiment } from '../../../test/helpers.ts';
import { compileExperiment } from './compile.ts';
import { PartitionedSimulation, partitionBounds, partitionNetwork } from './partition.ts';
import { Simulation } from './simulation.ts';

/** Spikes of one Simulation of the whole network: neurons and times, in the order recorded. */
function whole(exp: Experiment, steps: number) {
  const sim = new Simulation(compileExperiment(exp));
  sim.run(steps);
  return sim.spikes.drain();
}

/** The same, split into `parts` stepped in turn, run in pieces of `piece` steps. */
function split(exp: Experiment, parts: number, steps: number, piece = steps) {
  const sim = new PartitionedSimulation(compileExperiment(exp), parts);
  for (let done = 0; done < steps; done += piece) sim.run(Math.min(piece, steps - done));
  return sim.spikes.drain();
}

/** Current synapses with a 3-step pulse and conductance synapses on the same rows, Euler at dt 0.5, single neurons and a population. */
function mixedNetwork(): Experiment {
  return experiment({
    seed: 9,
    dt: 0.5,
    scheme: 'euler',
    populations: [{ id: 'P', size: 30, model: 'izhikevich2003', role: 'excitatory', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 }],
    neurons: [{ id: 'x', model: 'izhikevich2003', a: 0.1, b: 0.2, c: -65, d: 2, v0: -70 }],
    synapseTypes: [
      { id: 'g', kind: 'expConductance', gbase: 0.5, tau: 4, erev: 0 },
      { id: 'c', kind: 'current', pulse: 1.5 },
    ],
    projections: [
      { id: 'PPg', pre: 'P', post: 'P', synapse: 'g', connect: { rule: 'probability', p: 0.2 }, weight: { dist: 'uniform', min: 0, max: 0.4 }, delay: { dist: 'uniform', min: 1, max: 4 } },
      { id: 'PPc', pre: 'P', post: 'P', synapse: 'c', connect: { rule: 'out-degree', k: 3 }, weight: { dist: 'uniform', min: -2, max: 3 }, delay: { dist: 'uniform', min: 1, max: 6 } },
      { id: 'Px', pre: 'P', post: 'x', synapse: 'c', connect: { rule: 'all-to-all' }, weight: 1, delay: 1 },
    ],
    connections: [{ pre: 'x', post: 'P[0]', synapse: 'c', weight: 4, delay: 2 }],
    inputs: [
      { id: 'noise', kind: 'noise', target: 'P', mean: 3, sd: 3, hold: 2 },
      { id: 'bias', kind: 'constant', target: 'P', amplitude: 1 },
      { id: 'bias2', kind: 'constant', target: 'P[2]', amplitude: 2 },
      { id: 'beat', kind: 'pulse', target: 'x', start: 5, duration: 2, period: 40, amplitude: 30 },
    ],
  });
}

describe('a network split by postsynaptic neuron', () => {
  const networks: { name: string; exp: () => Experiment; steps: number; blockSteps: number }[] = [
    { name: 'conductance synapses, delays 1-20 steps', exp: () => conductanceNetwork({ minDelay: 1, inhibitory: 21 }), steps: 1000, blockSteps: 1 },
    { name: 'conductance synapses, delays 3-20 steps (blocks of 3 steps)', exp: () => conductanceNetwork({ minDelay: 3, inhibitory: 21 }), steps: 1000, blockSteps: 3 },
    { name: 'current and conductance synapses on the same rows, Euler at dt 0.5', exp: mixedNetwork, steps: 2000, blockSteps: 2 },
    { name: 'the 2003 network, 1,000 neurons with 100 inputs each', exp: () => izhikevich2003Network(1000, 100), steps: 500, blockSteps: 1 },
  ];
  for (const { name, exp, steps, blockSteps } of networks) {
    it(`gives the same spikes, in the same order, for 1-4 parts: ${name}`, () => {
      const reference = whole(exp(), steps);
      expect(reference.neurons.length).toBeGreaterThan(200);
      for (const parts of [1, 2, 3, 4]) {
        const sim = new PartitionedSimulation(compileExperiment(exp()), parts);
        expect(sim.blockSteps).toBe(blockSteps);
        // Run in pieces that end mid-block: a block may be shorter than the shortest delay.
        expect(split(exp(), parts, steps, 101)).toEqual(reference);
      }
    });
  }

  it('gives the same spikes with live edits of an input, a synapse type, a neuron and a connection', () => {
    const edits = (sim: { applyEdit: Simulation['applyEdit']; run: (steps: number) => number }) => {
      sim.run(300);
      sim.applyEdit({ kind: 'input', input: 'bias', param: 'amplitude', value: 2.5 });
      sim.applyEdit({ kind: 'synapseType', synapse: 'g', param: 'tau', value: 7 });
      sim.run(301);
      sim.applyEdit({ kind: 'connection', index: 0, param: 'delay', value: 3 });
      sim.applyEdit({ kind: 'neuron', neuron: 'P[4]', param: 'd', value: 4 });
      sim.run(300);
      sim.applyEdit({ kind: 'connection', index: 0, param: 'weight', value: 9 });
      sim.run(600);
    };
    const one = new Simulation(compileExperiment(mixedNetwork()));
    edits(one);
    const reference = one.spikes.drain();
    expect(reference.neurons.length).toBeGreaterThan(200);
    for (const parts of [2, 3]) {
      const sim = new PartitionedSimulation(compileExperiment(mixedNetwork()), parts);
      edits(sim);
      expect(sim.spikes.drain()).toEqual(reference);
    }
  });

  it('refuses a delay edited shorter than the steps the parts exchange spikes by', () => {
    const sim = new PartitionedSimulation(compileExperiment(mixedNetwork()), 2);
    expect(() => sim.applyEdit({ kind: 'connection', index: 0, param: 'delay', value: 0.5 })).toThrow('shorter than the 2 steps');
  });

  it('holds in each part only the synapses onto its neurons, and maps connections onto them', () => {
    const net = compileExperiment(mixedNetwork());
    const bounds = partitionBounds(net.neuronCount, 3);
    expect(Array.from(bounds)).toEqual([0, 10, 20, 31]);
    let total = 0;
    for (let p = 0; p < 3; p++) {
      const part = partitionNetwork(net, bounds[p], bounds[p + 1]);
      const { post } = part.synapses;
      expect(post.every((j) => j >= bounds[p] && j < bounds[p + 1])).toBe(true);
      total += post.length;
      // The one connection, x -> P[0], is onto neuron 1 (x is neuron 0): part 0's.
      const s = part.connectionSynapse[0];
      if (p === 0) expect([post[s], part.synapses.weight[s]]).toEqual([1, 4]);
      else expect(s).toBe(-1);
    }
    expect(total).toBe(net.synapses.post.length);
  });

  it('refuses write-up synapses: they read the presynaptic neuron every step', () => {
    const exp = mixedNetwork();
    exp.synapseTypes.push({ id: 'w', kind: 'writeup', gbase: 0.5, tau: 4, effect: 'excitatory' });
    exp.connections.push({ pre: 'P[1]', post: 'P[2]', synapse: 'w', weight: 1, delay: 1 });
    expect(() => new PartitionedSimulation(compileExperiment(exp), 2)).toThrow('write-up synapses');
  });
});
