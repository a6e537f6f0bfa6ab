import { describe, expect, it } from 'vitest';
import { izhikevich2003Network, defaultExperiment } from '../experiment/examples.ts';
import { compileExperiment } from './compile.ts';
import { Simulation } from './simulation.ts';
import { Random } from '../random.ts';
import { experiment, neuron, simulate, spikeTimes } from '../../../test/helpers.ts';
import { synapseArrayBytes, typedArrayBytes } from '../../../bench/bytes.ts';

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

  it('takes at most 14 bytes per synapse with float64 weights, the Simulation included', () => {
    const net = compileExperiment(izhikevich2003Network());
    const sim = new Simulation(net);
    // post 4 + weight 8 + delay 1 + type 1; the rest (per neuron, the ring) is about 0.2 B per synapse here.
    expect(synapseArrayBytes(net.synapses) / net.synapses.post.length).toBeLessThan(14.01);
    expect(typedArrayBytes([net, sim]) / net.synapses.post.length).toBeLessThan(14.5);
  });

  it('fires at a cortical rate with the paper parameters', () => {
    const { neurons } = spikeTrain(1, 1000);
    // The paper's raster shows a few Hz per neuron on average.
    expect(neurons.length / 1000).toBeGreaterThan(2);
    expect(neurons.length / 1000).toBeLessThan(20);
  });
});

describe('weights', () => {
  /**
   * A 2003-style network (Izhikevich 2003, spnet.m), small enough to write out: 4/5 excitatory and 1/5
   * inhibitory neurons, every one connected to every one (S = [0.5 rand, -rand]) through instantaneous
   * synapses of one step's delay, thalamic noise 5 randn / 2 randn as recorded inputs. Weights and noise
   * come from the test's own draws, so the reference loop below can use exactly the same numbers.
   */
  function smallNetwork(ne: number, ni: number, steps: number) {
    const n = ne + ni;
    const random = new Random(2003, 'test:weights');
    const r = Array.from({ length: n }, () => random.uniform());
    const cells = Array.from({ length: n }, (_, i) =>
      i < ne
        ? { a: 0.02, b: 0.2, c: -65 + 15 * r[i] ** 2, d: 8 - 6 * r[i] ** 2 }
        : { a: 0.02 + 0.08 * r[i], b: 0.25 - 0.05 * r[i], c: -65, d: 2 },
    );
    // S[post][pre]; the factor keeps the recurrent drive of the 1,000-neuron network at this size.
    const scale = 1000 / n;
    const S = Array.from({ length: n }, () => Array.from({ length: n }, (_, pre) => (pre < ne ? 0.5 * random.uniform() : -random.uniform()) * scale));
    const noise = Array.from({ length: n }, (_, i) => Array.from({ length: steps }, () => (i < ne ? 5 : 2) * random.normal()));
    const ids = Array.from({ length: n }, (_, i) => `n${i}`);
    const exp = experiment({
      neurons: cells.map((cell, i) => neuron(ids[i], { ...cell, v0: -65 })),
      synapseTypes: [{ id: 'S', kind: 'current' }],
      connections: ids.flatMap((post, j) => ids.map((pre, i) => ({ pre, post, synapse: 'S', weight: S[j][i], delay: 1 }))),
      inputs: ids.map((target, i) => ({ id: `thalamic-${i}`, kind: 'recorded' as const, target, values: noise[i] })),
    });
    return { exp, cells, S, noise };
  }

  /** The paper's loop in plain float64, as spnet.m writes it; spikes as (time ms, neuron) in the lab's stamping. */
  function referenceLoop(net: ReturnType<typeof smallNetwork>, steps: number): string[] {
    const { cells, S, noise } = net;
    const n = cells.length;
    const v = new Float64Array(n).fill(-65);
    const u = Float64Array.from(cells, (cell) => cell.b * -65);
    const spikes: string[] = [];
    // Iteration t: fired = v >= 30 (from the previous iteration), reset, I = noise + sum(S(:, fired)),
    // two half-steps of v, one step of u. The lab stamps a spike with the step that produced it, t - 1.
    for (let t = 0; t <= steps; t++) {
      const fired: number[] = [];
      for (let i = 0; i < n; i++) {
        if (v[i] >= 30) {
          fired.push(i);
          spikes.push(`${t - 1},${i}`);
          v[i] = cells[i].c;
          u[i] = u[i] + cells[i].d;
        }
      }
      if (t === steps) break;
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (const i of fired) sum += S[j][i];
        const I = noise[j][t] + sum;
        v[j] = v[j] + 0.5 * (0.04 * (v[j] * v[j]) + 5 * v[j] + 140 - u[j] + I);
        v[j] = v[j] + 0.5 * (0.04 * (v[j] * v[j]) + 5 * v[j] + 140 - u[j] + I);
        u[j] = u[j] + cells[j].a * (cells[j].b * v[j] - u[j]);
      }
    }
    return spikes;
  }

  it('keeps every weight exactly as written (float64, not rounded to float32)', () => {
    const { exp } = smallNetwork(8, 2, 10);
    expect(exp.connections.some((c) => Math.fround(c.weight) !== c.weight)).toBe(true);
    const net = compileExperiment(exp);
    exp.connections.forEach((c, k) => expect(net.synapses.weight[net.connectionSynapse[k]]).toBe(c.weight));
    const sim = new Simulation(net);
    sim.applyEdit({ kind: 'connection', index: 3, param: 'weight', value: 0.1 });
    expect(net.synapses.weight[net.connectionSynapse[3]]).toBe(0.1);
  });

  it('gives the spikes of a plain float64 loop of the paper, spike for spike over 4,000 steps', () => {
    const steps = 4000;
    // With weights rounded to float32 this network leaves the reference at spike 773 (step 411).
    const network = smallNetwork(160, 40, steps);
    const sim = new Simulation(compileExperiment(network.exp));
    expect(sim.run(steps)).toBe(steps);
    const { neurons, times } = sim.spikes.drain();
    const lab = Array.from(neurons, (i, k) => `${times[k]},${i}`);
    const reference = referenceLoop(network, steps);
    expect(reference.length).toBeGreaterThan(2000); // a few Hz per neuron: enough spikes to diverge on
    const firstDifference = lab.findIndex((spike, k) => spike !== reference[k]);
    expect(firstDifference === -1 ? null : { at: firstDifference, lab: lab[firstDifference], reference: reference[firstDifference] }).toBeNull();
    expect(lab).toEqual(reference);
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
