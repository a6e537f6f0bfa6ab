import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../engine/compile.ts';
import type { CompiledNetwork } from '../engine/network.ts';
import { PartitionedSimulation } from '../engine/partition.ts';
import { Simulation } from '../engine/simulation.ts';
import { izhikevich2003Network } from '../experiment/examples.ts';
import type { Experiment } from '../experiment/types.ts';
import { conductanceNetwork, experiment } from '../../../test/helpers.ts';
import { kernelSections, synapseArrays } from './deliveryKernel.ts';

/** The network with its synapses in a delivery kernel's memory, whatever its size. */
function withKernel(net: CompiledNetwork): CompiledNetwork {
  const { post, weight, delivery } = synapseArrays(net.synapses.post.length, kernelSections(net.synapseTypes, net.dt) * net.neuronCount, 0);
  if (delivery === undefined) throw new Error('no delivery kernel for this network');
  post.set(net.synapses.post);
  weight.set(net.synapses.weight);
  return { ...net, synapses: { ...net.synapses, post, weight, delivery } };
}

/** The network with its synapses in plain arrays (the JS loop delivers). */
function withoutKernel(net: CompiledNetwork): CompiledNetwork {
  const { delivery: _kernel, ...rows } = net.synapses;
  return { ...net, synapses: { ...rows, post: rows.post.slice(), weight: rows.weight.slice() } };
}

/** Every spike and every sample of v, u and the synaptic current of neurons 0-3, step by step. */
function record(sim: Simulation, steps: number, between: (sim: Simulation, step: number) => void = () => undefined) {
  const neurons: number[] = [];
  const times: number[] = [];
  const traces: number[] = [];
  for (let k = 0; k < steps; k++) {
    between(sim, k);
    sim.step();
    const spikes = sim.spikes.drain();
    neurons.push(...spikes.neurons);
    times.push(...spikes.times);
    traces.push(...sim.traces.drain().values);
  }
  return { neurons, times, traces };
}

const WATCHED = Int32Array.of(0, 1, 2, 3);

/** The 2003 network's scheme with a connection onto a few neurons that a test edits live (delay 1, as the projections'). */
function network2003WithConnection(size: number): Experiment {
  const exp = izhikevich2003Network(size);
  return { ...exp, connections: [{ pre: 'E[0]', post: 'E[1]', synapse: exp.projections[0].synapse, weight: 3, delay: 1 }] };
}

describe('spike delivery in WebAssembly', () => {
  it('lays out the sections that rows deliver into, and none where arrivals stay longer or write-up synapses take part', () => {
    const types2003 = compileExperiment(izhikevich2003Network(100)).synapseTypes;
    expect(kernelSections(types2003, 1)).toBe(1);
    expect(kernelSections(compileExperiment(conductanceNetwork()).synapseTypes, 1)).toBe(2);
    expect(kernelSections([{ ...types2003[0], pulse: 3 }], 1)).toBe(0);
    expect(kernelSections([{ ...types2003[0], kind: 'writeup' }], 1)).toBe(0);
  });

  it('holds the 2003 network (N = 1,000, 1 M synapses) in its memory: the targets and weights the Simulation reads', () => {
    const net = compileExperiment(izhikevich2003Network());
    const delivery = net.synapses.delivery;
    expect(delivery).toBeDefined();
    expect(net.synapses.post).toBe(delivery?.post);
    expect(net.synapses.weight).toBe(delivery?.weight);
    expect(delivery?.sums.length).toBe(1000);
    // A small network stays in plain arrays.
    expect(compileExperiment(conductanceNetwork()).synapses.delivery).toBeUndefined();
  });

  it('gives the JS loop’s spikes and traces, bit for bit, with weights edited live while rows are in flight', () => {
    const net = compileExperiment(network2003WithConnection(300));
    const runs = [withKernel(net), withoutKernel(net)].map((own) => {
      const sim = new Simulation(own, WATCHED, ['v', 'u', 'isyn']);
      return record(sim, 1500, (s, step) => {
        // A strong synapse edited every 40 steps, and once a whole row's weights written directly.
        if (step % 40 === 20) s.applyEdit({ kind: 'connection', index: 0, param: 'weight', value: (step % 80) / 4 });
        if (step === 900) s.net.synapses.weight.fill(0.1, s.net.synapses.rowStart[5], s.net.synapses.rowStart[6]);
      });
    });
    expect(runs[0].neurons.length).toBeGreaterThan(1000);
    expect(runs[0]).toEqual(runs[1]);
  });

  it('gives the JS loop’s spikes in a conductance network with delays of 1-20 steps (rows queued whole and synapse by synapse)', () => {
    // Delays of 3 for the excitatory rows (delivered whole by the kernel), 1-20 for the inhibitory ones (synapse by synapse, by the JS loop), into the same sums.
    const exp = conductanceNetwork();
    const mixed: Experiment = { ...exp, projections: exp.projections.map((p, k) => (k < 2 ? { ...p, delay: 3 } : p)) };
    // Compiled for each run: the edit changes the network's synapse type.
    const runs = [withKernel(compileExperiment(mixed)), withoutKernel(compileExperiment(mixed))].map((own) =>
      record(new Simulation(own, WATCHED, ['v', 'g', 'isyn']), 1000, (s, step) => {
        if (step === 500) s.applyEdit({ kind: 'synapseType', synapse: 'ampa', param: 'tau', value: 3 });
      }),
    );
    expect(runs[0].neurons.length).toBeGreaterThan(100);
    expect(runs[0]).toEqual(runs[1]);
  });

  it('keeps Simulations sharing a network apart: each step empties the sums it used', () => {
    const net = withKernel(compileExperiment(izhikevich2003Network(300)));
    const alone = record(new Simulation(net), 400);
    // Two runs of one network stepped in turn, one started later, with a reset in between.
    const first = new Simulation(net);
    const second = new Simulation(net);
    const firstRun = record(first, 150);
    second.run(37);
    second.reset();
    const interleaved = { first: firstRun, second: { neurons: [] as number[], times: [] as number[], traces: [] as number[] } };
    for (let k = 0; k < 400; k++) {
      if (k >= 150) Object.entries(record(first, 1)).forEach(([key, values]) => interleaved.first[key as keyof typeof firstRun].push(...values));
      Object.entries(record(second, 1)).forEach(([key, values]) => interleaved.second[key as keyof typeof firstRun].push(...values));
    }
    expect(interleaved.first).toEqual(alone);
    expect(interleaved.second).toEqual(alone);
  });

  it('gives each part of a split network its own kernel and the whole network’s spikes', () => {
    const net = compileExperiment(izhikevich2003Network(1000));
    const whole = record(new Simulation(net), 300);
    const split = new PartitionedSimulation(net, 2);
    expect(split.parts.every((part) => part.net.synapses.delivery !== undefined && part.net.synapses.delivery !== net.synapses.delivery)).toBe(true);
    split.run(300);
    const spikes = split.spikes.drain();
    expect(Array.from(spikes.neurons)).toEqual(whole.neurons);
    expect(Array.from(spikes.times)).toEqual(whole.times);
  });

  it('delivers queued rows in order, as a plain loop adds them, past a batch, with rows that reach a neuron twice', () => {
    const synapses = 60000;
    const places = 700;
    const kernel = synapseArrays(synapses, 2 * places, 0).delivery!;
    for (let s = 0; s < synapses; s++) {
      // Weights whose sums round differently in another order; targets that repeat within a row.
      kernel.post[s] = (s * 37) % places;
      kernel.weight[s] = 1 / (1 + (s % 97)) + (s % 5) * 1e10;
    }
    const expected = new Float64Array(2 * places);
    // 2,500 rows (several batches), of 0 to 48 synapses and some longer than the kernel reads ahead
    // (up to 328), anywhere, into either section.
    for (let r = 0; r < 2500; r++) {
      const base = (r % 2) * places;
      const start = (r * 7919) % (synapses - 330);
      const end = start + (r % 7 === 0 ? 129 + (r % 200) : r % 49);
      kernel.queueRow(base, start, end);
      for (let s = start; s < end; s++) expected[base + kernel.post[s]] += kernel.weight[s];
    }
    kernel.flush();
    expect(expected.some((x) => x !== 0)).toBe(true);
    expect(Array.from(kernel.sums)).toEqual(Array.from(expected));
  });

  it('leaves write-up networks and longer current pulses to the JS loop', () => {
    const exp = experiment({
      populations: [{ id: 'P', size: 10, model: 'izhikevich2003', role: 'excitatory', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 }],
      synapseTypes: [{ id: 'c', kind: 'current', pulse: 3 }],
      projections: [{ id: 'PP', pre: 'P', post: 'P', synapse: 'c', connect: { rule: 'all-to-all' }, weight: 1, delay: 1 }],
    });
    const net = compileExperiment(exp);
    expect(synapseArrays(net.synapses.post.length, kernelSections(net.synapseTypes, net.dt) * net.neuronCount, 0).delivery).toBeUndefined();
  });
});
