import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../engine/compile.ts';
import { PartitionedSimulation } from '../engine/partition.ts';
import { Simulation } from '../engine/simulation.ts';
import { izhikevich2003Network } from '../experiment/examples.ts';
import type { Experiment, TraceVariable } from '../experiment/types.ts';
import { conductanceNetwork, experiment } from '../../../test/helpers.ts';
import { withoutNeuronKernel } from './neuronKernel.ts';

/** The exact bits of a state array, for comparisons that tell -0 from +0 and NaN payloads apart. */
function bits(values: Float64Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** Steps both runs and compares spikes, v, u and the channels' states after every step. */
function expectSameRuns(kernel: Simulation | PartitionedSimulation, reference: Simulation | PartitionedSimulation, steps: number) {
  const parts = (run: Simulation | PartitionedSimulation) => (run instanceof PartitionedSimulation ? run.parts : [run]);
  let spikes = 0;
  for (let k = 0; k < steps; k++) {
    kernel.run(1);
    reference.run(1);
    parts(kernel).forEach((part, p) => {
      const other = parts(reference)[p];
      const [lo, hi] = [part.lo, part.hi];
      expect(Buffer.compare(bits(part.v.subarray(lo, hi)), bits(other.v.subarray(lo, hi)))).toBe(0);
      expect(Buffer.compare(bits(part.u.subarray(lo, hi)), bits(other.u.subarray(lo, hi)))).toBe(0);
      expect(Buffer.compare(bits(part.channelStates), bits(other.channelStates))).toBe(0);
    });
    const a = kernel.spikes.drain();
    const b = reference.spikes.drain();
    expect(Array.from(a.neurons)).toEqual(Array.from(b.neurons));
    expect(Array.from(a.times)).toEqual(Array.from(b.times));
    spikes += a.neurons.length;
  }
  return spikes;
}

function run(exp: Experiment, workers: number, withKernel: boolean): Simulation | PartitionedSimulation {
  const make = () => {
    const net = compileExperiment(exp);
    return workers === 1 ? new Simulation(net) : new PartitionedSimulation(net, workers);
  };
  return withKernel ? make() : withoutNeuronKernel(make);
}

/** The 2003 network (an odd size, so the kernel's pairs of neurons leave one over) in either scheme, with or without its noise. */
function network2003(scheme: 'izhikevich2003' | 'euler', noise: boolean): Experiment {
  const exp = izhikevich2003Network(1001, 101);
  const dt = scheme === 'euler' ? 0.5 : 1;
  // Without noise the network is silent: a constant drive above threshold makes it fire.
  const inputs: Experiment['inputs'] = noise ? exp.inputs : [{ id: 'drive', kind: 'constant', target: 'E', amplitude: 6 }];
  return { ...exp, simulation: { ...exp.simulation, scheme, dt }, inputs };
}

/** A 2007 cell population (C = 100 pF: its own quadratic and 1 / C) with conductance synapses. */
function cells2007(): Experiment {
  return experiment({
    dt: 0.25,
    scheme: 'euler',
    seed: 4,
    populations: [
      {
        id: 'R', size: 41, model: 'izhikevich2007', role: 'excitatory',
        C: 100, k: 0.7, vr: -60, vt: -40, vpeak: 35, a: 0.03, b: -2, c: { dist: 'uniform', min: -55, max: -45 }, d: 100, v0: -60,
      },
    ],
    // Reversal potentials other than 0, so that G E is a number to round, in two channels.
    synapseTypes: [
      { id: 'ampa', kind: 'expConductance', gbase: 1, tau: 5, erev: 10 },
      { id: 'gaba', kind: 'expConductance', gbase: 1, tau: 10, erev: -70 },
    ],
    projections: [
      { id: 'RR', pre: 'R', post: 'R', synapse: 'ampa', connect: { rule: 'probability', p: 0.3 }, weight: { dist: 'uniform', min: 0, max: 2 }, delay: 1 },
      { id: 'RRi', pre: 'R', post: 'R', synapse: 'gaba', connect: { rule: 'probability', p: 0.1 }, weight: { dist: 'uniform', min: 0, max: 2 }, delay: 2 },
    ],
    inputs: [{ id: 'noise', kind: 'noise', target: 'R', mean: 80, sd: 60 }],
  });
}

describe('the neuron update in WebAssembly', () => {
  it('keeps the state in the memory of the delivery kernel whose sums it reads, with no copies per step', () => {
    const net = compileExperiment(izhikevich2003Network(1000));
    const sim = new Simulation(net);
    const sums = net.synapses.delivery?.sums;
    expect(sums).toBeDefined();
    expect(sim.v.buffer).toBe(sums?.buffer);
    expect(sim.u.buffer).toBe(sums?.buffer);
    // A second Simulation of the same network steps its neurons in JS, in plain arrays.
    const second = new Simulation(net);
    expect(second.v.buffer).not.toBe(sums?.buffer);
    expect(second.v.buffer.byteLength).toBe(second.v.byteLength);
    expect(withoutNeuronKernel(() => new Simulation(compileExperiment(izhikevich2003Network(1000)))).v.buffer.byteLength).toBe(8000);
  });

  for (const scheme of ['izhikevich2003', 'euler'] as const) {
    for (const noise of [true, false]) {
      for (const workers of [1, 2]) {
        it(`gives the JS loop's spikes, v and u bit for bit: the 2003 network, ${scheme} scheme, ${noise ? 'noise' : 'constant drive'}, ${workers} part${workers > 1 ? 's' : ''}`, () => {
          const exp = network2003(scheme, noise);
          const spikes = expectSameRuns(run(exp, workers, true), run(exp, workers, false), 600);
          expect(spikes).toBeGreaterThan(1000);
        });
      }
    }
  }

  for (const workers of [1, 2]) {
    it(`gives the JS loop's spikes, v, u and conductances bit for bit: conductance synapses and every input kind, ${workers} part${workers > 1 ? 's' : ''}`, () => {
      const exp = conductanceNetwork();
      expect(expectSameRuns(run(exp, workers, true), run(exp, workers, false), 1000)).toBeGreaterThan(500);
    });
  }

  it('draws the noise inside the update when it is every neuron\'s input, and through the current while iext or isyn is traced: the same states and traces', () => {
    const exp = network2003('izhikevich2003', true);
    const kernel = run(exp, 1, true) as Simulation;
    const reference = run(exp, 1, false) as Simulation;
    const watched = Int32Array.from([0, 37, 800, 1000]);
    const traced = (sim: Simulation) => Array.from(sim.traces.values.subarray(0, sim.traces.count * sim.traces.stride));
    let spikes = 0;
    const phases: TraceVariable[][] = [['v'], ['iext', 'isyn'], ['v', 'isyn'], ['iext']];
    for (const variables of phases) {
      for (const sim of [kernel, reference]) sim.watch(watched, variables);
      spikes += expectSameRuns(kernel, reference, 150);
      expect(traced(kernel)).toEqual(traced(reference));
      // The traces are numbers a step computed: noise currents of either sign, synaptic input from spikes.
      if (variables.includes('iext')) expect(new Set(traced(kernel)).size).toBeGreaterThan(100);
    }
    expect(spikes).toBeGreaterThan(500);
  });

  it('gives the JS loop\'s spikes for 2007 cells (each its own quadratic and 1 / C), and after a live edit of a cell', () => {
    const exp = cells2007();
    const kernel = run(exp, 1, true) as Simulation;
    const reference = run(exp, 1, false) as Simulation;
    expect(expectSameRuns(kernel, reference, 400)).toBeGreaterThan(50);
    for (const sim of [kernel, reference]) sim.applyEdit({ kind: 'neuron', neuron: 'R[3]', param: 'a', value: 0.1 });
    expect(expectSameRuns(kernel, reference, 400)).toBeGreaterThan(50);
  });

  it('stops on a state that became non-finite at the same neuron and time as the JS loop', () => {
    const exp = experiment({
      populations: [{ id: 'P', size: 9, model: 'izhikevich2003', role: 'excitatory', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 }],
      inputs: [{ id: 'huge', kind: 'constant', target: 'P[5]', amplitude: 1e200 }],
    });
    const kernel = run(exp, 1, true) as Simulation;
    const reference = run(exp, 1, false) as Simulation;
    expect(kernel.run(10)).toBe(reference.run(10));
    expect(kernel.failure).not.toBeNull();
    expect(kernel.failure).toEqual(reference.failure);
    expect(kernel.failure?.neuronId).toBe('P[5]');
  });

  it('stops at the first neuron to become non-finite when it lies within a block of the kernel (not in the leftover neurons)', () => {
    // 100 neurons: three blocks of 32 and 4 over; P[95] and P[63] (each its block's last, the sign bit of its mask) fail in the same step.
    const exp = experiment({
      populations: [{ id: 'P', size: 100, model: 'izhikevich2003', role: 'excitatory', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 }],
      inputs: [
        { id: 'huge', kind: 'constant', target: 'P[95]', amplitude: 1e200 },
        { id: 'huge too', kind: 'constant', target: 'P[63]', amplitude: 1e200 },
        { id: 'drive', kind: 'constant', target: 'P', amplitude: 10 },
      ],
    });
    const kernel = run(exp, 1, true) as Simulation;
    const reference = run(exp, 1, false) as Simulation;
    expect(kernel.run(10)).toBe(reference.run(10));
    expect(kernel.failure).toEqual(reference.failure);
    expect(kernel.failure?.neuronId).toBe('P[63]');
  });
});
