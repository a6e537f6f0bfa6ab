import { describe, expect, it } from 'vitest';
import type { SynapseTypeSpec } from '../experiment/types.ts';
import { experiment, neuron, simulate } from '../../../test/helpers.ts';
import { typedArrayBytes } from '../../../bench/bytes.ts';
import { compileExperiment } from './compile.ts';
import { Simulation } from './simulation.ts';

/** Spikes in flight wait in buckets by arrival step and are summed there in firing order (Simulation). */

const instant: SynapseTypeSpec = { id: 'fast', kind: 'current', pulse: 1 };
/** One spike of "pre" at t = 10 ms (see synapse.test.ts). */
const kick = { id: 'kick', kind: 'pulse' as const, target: 'pre', start: 10, duration: 1, amplitude: 200 };

/** pre onto three silent-ish neurons a, b, c through current synapses with the given delays (ms = steps). */
function fan(delays: [number, number, number], weights: [number, number, number] = [1, 2, 3]) {
  return experiment({
    neurons: [neuron('pre'), neuron('a'), neuron('b'), neuron('c')],
    synapseTypes: [instant],
    connections: (['a', 'b', 'c'] as const).map((post, k) => ({ pre: 'pre', post, synapse: 'fast', weight: weights[k], delay: delays[k] })),
    inputs: [kick],
  });
}

/** Steps (trace sample index = step, samples from the start of the run) in which each watched neuron's I_syn was not zero, and its value there. */
function arrivals(sim: Simulation, steps: number): { step: number; neuron: number; current: number }[] {
  sim.run(steps);
  const { values } = sim.traces.drain();
  const watched = sim.traces.watch.length;
  const out: { step: number; neuron: number; current: number }[] = [];
  values.forEach((current, k) => {
    if (current !== 0) out.push({ step: Math.floor(k / watched), neuron: sim.traces.watch[k % watched], current });
  });
  return out;
}

describe('spikes in flight', () => {
  it('deliver each synapse of a row at its own delay', () => {
    const sim = simulate(fan([3, 1, 2]), ['a', 'b', 'c'], ['isyn']);
    // pre fires in step 10; a synapse of delay d acts in step 10 + d.
    expect(arrivals(sim, 20)).toEqual([
      { step: 11, neuron: 2, current: 2 },
      { step: 12, neuron: 3, current: 3 },
      { step: 13, neuron: 1, current: 1 },
    ]);
  });
});

describe('live edits with spikes in flight', () => {
  it('a weight edited while a spike is in flight: the spike brings the weight it left with', () => {
    const sim = simulate(fan([5, 5, 5]), ['a'], ['isyn']);
    sim.run(12); // fired in step 10, arrives in step 15
    sim.applyEdit({ kind: 'connection', index: 0, param: 'weight', value: 7 });
    expect(arrivals(sim, 8)).toEqual([{ step: 15, neuron: 1, current: 1 }]);
    expect(sim.net.synapses.weight[sim.net.connectionSynapse[0]]).toBe(7);
  });

  it('a delay shortened below the time a spike has flown: the spike arrives as scheduled, once', () => {
    const sim = simulate(fan([5, 6, 7]), ['a', 'b', 'c'], ['isyn']);
    sim.run(13);
    sim.applyEdit({ kind: 'connection', index: 2, param: 'delay', value: 1 });
    expect(arrivals(sim, 10)).toEqual([
      { step: 15, neuron: 1, current: 1 },
      { step: 16, neuron: 2, current: 2 },
      { step: 17, neuron: 3, current: 3 },
    ]);
  });

  it('a delay edited on a row of one delay, with its spike in flight, and again before the next spike', () => {
    const exp = fan([4, 4, 4]);
    exp.inputs.push({ ...kick, id: 'again', start: 30 });
    const sim = simulate(exp, ['a', 'b', 'c'], ['isyn']);
    sim.run(12);
    sim.applyEdit({ kind: 'connection', index: 1, param: 'delay', value: 9 });
    sim.applyEdit({ kind: 'connection', index: 2, param: 'weight', value: 30 });
    // The spike of step 10 arrives as it left (delay 4, weight 3); the one of step 30 as edited.
    expect(arrivals(sim, 30)).toEqual([
      { step: 14, neuron: 1, current: 1 },
      { step: 14, neuron: 2, current: 2 },
      { step: 14, neuron: 3, current: 3 },
      { step: 34, neuron: 1, current: 1 },
      { step: 34, neuron: 3, current: 30 },
      { step: 39, neuron: 2, current: 2 },
    ]);
  });
  it('a row edited while its spike is in flight behind a chunk boundary of its bucket keeps the weights it left with', () => {
    // 40 neurons fire in step 10 onto a, each row one synapse of delay 5: 40 records in the bucket of
    // step 15, over its first two chunks (16 and 32 records). The last one's weight is edited in flight.
    const pres = Array.from({ length: 40 }, (_, k) => `p${k}`);
    const exp = experiment({
      neurons: [...pres.map((id) => neuron(id)), neuron('a')],
      synapseTypes: [instant],
      connections: pres.map((pre, k) => ({ pre, post: 'a', synapse: 'fast', weight: k + 1, delay: 5 })),
      inputs: pres.map((pre) => ({ ...kick, id: `kick-${pre}`, target: pre })),
    });
    const sim = simulate(exp, ['a'], ['isyn']);
    sim.run(12);
    expect(sim.inFlight.size(15 % sim.inFlight.bucketCount)).toBe(40);
    sim.applyEdit({ kind: 'connection', index: 39, param: 'weight', value: 1000 });
    sim.applyEdit({ kind: 'connection', index: 20, param: 'weight', value: 500 });
    const a = sim.net.indexOf.get('a');
    // 1 + 2 + ... + 40, added in firing order, as sent.
    expect(arrivals(sim, 8)).toEqual([{ step: 15, neuron: a, current: 820 }]);
  });
});

describe('memory for spikes in flight', () => {
  it('grows with the spikes in flight, not with neurons x the longest delay', () => {
    // 2,000 neurons with delays up to 2,000 steps: a dense ring would be 2,001 x 2,000 float64 (32 MB).
    const exp = experiment({
      populations: [{ id: 'P', size: 2000, model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 }],
      synapseTypes: [instant],
      projections: [{ id: 'PP', pre: 'P', post: 'P', synapse: 'fast', connect: { rule: 'out-degree', k: 10 }, weight: 0.5, delay: { dist: 'uniform', min: 1, max: 2000 } }],
      inputs: [{ id: 'drive', kind: 'noise', target: 'P', mean: 5, sd: 3 }],
    });
    const net = compileExperiment(exp);
    const sim = new Simulation(net);
    sim.run(300);
    expect(sim.spikes.count).toBeGreaterThan(1000); // spikes in flight: each waits up to 2,000 steps
    const bytes = typedArrayBytes([sim], new Set([net, sim.spikes]));
    expect(bytes).toBeLessThan(2_000_000);
    // What the Simulation reports for it: one step's arrivals (2,000 float64) and the records in flight.
    expect(sim.spikeStorageBytes).toBeGreaterThan(16_000);
    expect(sim.spikeStorageBytes).toBeLessThan(2_000_000);
  });
});

describe('memory for spikes in flight after a burst', () => {
  it('falls back close to where it was once the burst has passed', () => {
    // 1,000 neurons firing at about 8 Hz, delays 0.1-20 ms at dt 0.1 (200 arrival steps), and a pulse
    // at 1.2 s that makes every neuron fire at once: its 50,000 records are in flight together.
    const exp = experiment({
      dt: 0.1,
      populations: [{ id: 'P', size: 1000, model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 }],
      synapseTypes: [instant],
      projections: [{ id: 'PP', pre: 'P', post: 'P', synapse: 'fast', connect: { rule: 'out-degree', k: 50 }, weight: 0.05, delay: { dist: 'uniform', min: 0.1, max: 20 } }],
      inputs: [
        { id: 'drive', kind: 'noise', target: 'P', mean: 3, sd: 3 },
        { id: 'burst', kind: 'pulse', target: 'P', start: 1200, duration: 1, amplitude: 300 },
      ],
    });
    const sim = new Simulation(compileExperiment(exp));
    // Past the start's synchronous first spikes and the pool's memory of them (POOL_WINDOW_MS).
    sim.run(11_990);
    const before = sim.spikeStorageBytes;
    sim.spikes.drain();
    sim.run(20);
    const { neurons } = sim.spikes.drain();
    expect(new Set(neurons).size).toBe(1000); // the burst: every neuron fired
    const peak = sim.spikeStorageBytes;
    expect(peak).toBeGreaterThan(4 * before);
    expect(sim.inFlight.bytes).toBe(typedArrayBytes([sim.inFlight]));
    sim.run(15_000);
    expect(sim.spikes.count / 1000 / 1.5).toBeGreaterThan(5); // not silent afterwards: about 8 Hz
    expect(sim.spikeStorageBytes).toBeLessThan(1.25 * before);
    // What it reports is what the queue holds: its typed arrays, counted one by one.
    expect(sim.inFlight.bytes).toBe(typedArrayBytes([sim.inFlight]));
  });
});
