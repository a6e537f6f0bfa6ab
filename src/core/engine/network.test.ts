import { describe, expect, it } from 'vitest';
import { izhikevich2003Network, defaultExperiment } from '../experiment/examples.ts';
import { compileExperiment } from './compile.ts';
import { Simulation } from './simulation.ts';
import { experiment, neuron, simulate, spikeTimes } from '../../../test/helpers.ts';

function spikeTrain(seed: number, ms = 300): { neurons: number[]; times: number[] } {
  const exp = izhikevich2003Network();
  exp.simulation.seed = seed;
  const sim = new Simulation(compileExperiment(exp));
  sim.run(ms);
  const { neurons, times } = sim.spikes.drain();
  return { neurons: Array.from(neurons), times: Array.from(times) };
}

describe('the 2003 network', () => {
  it('gives identical spikes for the same seed and different spikes for another seed', () => {
    const a = spikeTrain(7);
    const b = spikeTrain(7);
    const c = spikeTrain(8);
    expect(a.neurons.length).toBeGreaterThan(500);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('builds the paper wiring: 1,000,000 synapses, heterogeneity in the paper ranges', () => {
    const net = compileExperiment(izhikevich2003Network());
    expect(net.neuronCount).toBe(1000);
    expect(net.synapses.post.length).toBe(1000 * 1000);
    const { c, d, a, b } = net.cells;
    for (let i = 0; i < 800; i++) {
      expect(c[i]).toBeGreaterThanOrEqual(-65);
      expect(c[i]).toBeLessThan(-50);
      // c = -65 + 15 r^2 and d = 8 - 6 r^2 share r: d = 8 - 6 (c + 65) / 15.
      expect(d[i]).toBeCloseTo(8 - (6 * (c[i] + 65)) / 15, 12);
    }
    for (let i = 800; i < 1000; i++) {
      expect(a[i]).toBeGreaterThanOrEqual(0.02);
      expect(a[i]).toBeLessThan(0.1);
      expect(b[i]).toBeCloseTo(0.25 - (0.05 * (a[i] - 0.02)) / 0.08, 12);
    }
    const { rowStart, weight } = net.synapses;
    for (const i of [0, 799]) for (let s = rowStart[i]; s < rowStart[i + 1]; s++) expect(weight[s]).toBeGreaterThanOrEqual(0);
    for (const i of [800, 999]) for (let s = rowStart[i]; s < rowStart[i + 1]; s++) expect(weight[s]).toBeLessThanOrEqual(0);
  });

  it('fires at a cortical rate with the paper parameters', () => {
    const { neurons } = spikeTrain(1, 1000);
    // The paper's raster shows a few Hz per neuron on average.
    expect(neurons.length / 1000).toBeGreaterThan(2);
    expect(neurons.length / 1000).toBeLessThan(20);
  });
});

describe('projections', () => {
  const pops = (size: number) =>
    ['A', 'B'].map((id) => ({ id, size, model: 'izhikevich2003' as const, a: 0.02, b: 0.2, c: -65, d: 8, v0: -70 }));

  it('connects exactly k distinct sources to each target for a fixed in-degree', () => {
    const net = compileExperiment(
      experiment({
        populations: pops(50),
        synapseTypes: [{ id: 's', kind: 'current' }],
        projections: [{ id: 'p', pre: 'A', post: 'A', synapse: 's', connect: { rule: 'in-degree', k: 10 }, weight: 1, delay: 1 }],
      }),
    );
    const { rowStart, post } = net.synapses;
    const sources = new Map<number, Set<number>>();
    for (let i = 0; i < 50; i++) {
      for (let s = rowStart[i]; s < rowStart[i + 1]; s++) {
        expect(post[s]).not.toBe(i); // no autapses unless asked for
        const set = sources.get(post[s]) ?? new Set<number>();
        set.add(i);
        sources.set(post[s], set);
      }
    }
    expect(post.length).toBe(500);
    for (let j = 0; j < 50; j++) expect(sources.get(j)?.size).toBe(10);
  });

  it('connects about p of all pairs for a connection probability', () => {
    const net = compileExperiment(
      experiment({
        populations: pops(100),
        synapseTypes: [{ id: 's', kind: 'current' }],
        projections: [{ id: 'p', pre: 'A', post: 'B', synapse: 's', connect: { rule: 'probability', p: 0.1 }, weight: { dist: 'normal', mean: 1, sd: 0.1 }, delay: { dist: 'uniform', min: 1, max: 5 } }],
      }),
    );
    // 10,000 pairs at p = 0.1: 1000 expected, sd 30.
    const m = net.synapses.post.length;
    expect(m).toBeGreaterThan(1000 - 4 * 30);
    expect(m).toBeLessThan(1000 + 4 * 30);
    const delays = new Set(net.synapses.delaySteps);
    expect([...delays].sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('live edits', () => {
  it('change a running neuron without resetting its state', () => {
    const exp = experiment({ neurons: [neuron('n')], inputs: [{ id: 'I', kind: 'constant', target: 'n', amplitude: 10 }] });
    const sim = simulate(exp);
    const early = spikeTimes(sim, 'n', 500).length;
    const t = sim.time;
    const v = sim.v[0];
    sim.applyEdit({ kind: 'neuron', neuron: 'n', param: 'a', value: 0.1 }); // RS -> faster recovery
    expect(sim.time).toBe(t);
    expect(sim.v[0]).toBe(v);
    const late = spikeTimes(sim, 'n', 500).length;
    expect(late).not.toBe(early);
  });

  it('change a connection weight, a synapse type and an input at once', () => {
    const exp = defaultExperiment();
    const sim = new Simulation(compileExperiment(exp));
    const follower = sim.net.indexOf.get('follower');
    sim.run(1000);
    const before = Array.from(sim.spikes.drain().neurons).filter((i) => i === follower).length;
    expect(before).toBeGreaterThan(5);
    sim.applyEdit({ kind: 'connection', index: 0, param: 'weight', value: 0 });
    sim.run(1000);
    expect(Array.from(sim.spikes.drain().neurons).filter((i) => i === follower)).toEqual([]);
    sim.applyEdit({ kind: 'connection', index: 0, param: 'weight', value: 1 });
    sim.applyEdit({ kind: 'connection', index: 0, param: 'delay', value: 40 }); // longer than the ring held
    sim.applyEdit({ kind: 'synapseType', synapse: 'AMPA', param: 'gbase', value: 2 });
    sim.run(1000);
    expect(Array.from(sim.spikes.drain().neurons).filter((i) => i === follower).length).toBeGreaterThan(before / 2);
  });

  it('reset replays the same spikes', () => {
    const sim = new Simulation(compileExperiment(defaultExperiment()));
    sim.run(500);
    const first = sim.spikes.drain();
    sim.reset();
    sim.run(500);
    expect(sim.spikes.drain()).toEqual(first);
  });
});

describe('continuing a run after an edit', () => {
  it('keeps time, v, u and conductances of the neurons that remain', () => {
    const before = new Simulation(compileExperiment(defaultExperiment()));
    before.run(300);
    const edited = defaultExperiment();
    edited.neurons = edited.neurons.filter((n) => n.id !== 'pacer');
    edited.connections = edited.connections.filter((c) => c.post !== 'pacer');
    edited.inputs = edited.inputs.filter((i) => i.target !== 'pacer');
    edited.recording.watch = ['driver', 'follower'];
    edited.neurons.push({ id: 'late', model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -70 });
    const after = new Simulation(compileExperiment(edited));
    expect(after.continueFrom(before)).toBe(true);
    expect(after.time).toBe(300);
    for (const id of ['driver', 'follower']) {
      const i = after.net.indexOf.get(id) ?? -1;
      const j = before.net.indexOf.get(id) ?? -1;
      expect(after.v[i]).toBe(before.v[j]);
      expect(after.u[i]).toBe(before.u[j]);
      expect(after.conductance(i)).toBe(before.conductance(j));
    }
    const late = after.net.indexOf.get('late') ?? -1;
    expect(after.v[late]).toBe(-70); // a new neuron starts from its initial state
    after.run(100);
    expect(after.time).toBe(400);
  });

  it('refuses to continue across a change of step', () => {
    const before = new Simulation(compileExperiment(defaultExperiment()));
    before.run(10);
    const finer = defaultExperiment();
    finer.simulation.dt = 0.5;
    const after = new Simulation(compileExperiment(finer));
    expect(after.continueFrom(before)).toBe(false);
    expect(after.time).toBe(0);
  });
});
