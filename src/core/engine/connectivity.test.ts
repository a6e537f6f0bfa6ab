import { describe, expect, it } from 'vitest';
import { compileExperiment, DistinctSampler, drawValue } from './compile.ts';
import { Random } from '../random.ts';
import type { Distribution, Experiment, PopulationSpec, ProjectionSpec } from '../experiment/types.ts';
import { izhikevich2003Network } from '../experiment/examples.ts';
import { validateExperiment } from '../experiment/validate.ts';
import { experiment, neuron } from '../../../test/helpers.ts';

const population = (id: string, size: number): PopulationSpec => ({ id, size, model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -70 });

/** A network of single neurons x, y and populations A (size 7), B (size 5), C (size 1), with one projection. */
function network(projection: Omit<ProjectionSpec, 'id' | 'synapse'>, seed = 11): Experiment {
  return experiment({
    seed,
    neurons: [neuron('x'), neuron('y')],
    populations: [population('A', 7), population('B', 5), population('C', 1)],
    synapseTypes: [{ id: 's', kind: 'current' }],
    projections: [{ id: 'p', synapse: 's', ...projection }],
  });
}

interface Synapse { pre: number; post: number; weight: number; delay: number }

/** The compiled synapses, row by row (by pre neuron, in the order added). */
function compiledSynapses(exp: Experiment): Synapse[] {
  const { rowStart, post, weight, delaySteps } = compileExperiment(exp).synapses;
  const out: Synapse[] = [];
  for (let i = 0; i + 1 < rowStart.length; i++) {
    for (let s = rowStart[i]; s < rowStart[i + 1]; s++) out.push({ pre: i, post: post[s], weight: weight[s], delay: delaySteps[s] });
  }
  return out;
}

/** Sorted into rows by pre neuron, keeping the order added within a row, as the compiled rows are. */
const byRows = <T extends Synapse>(synapses: T[]) => synapses.map((s, k) => ({ s, k })).sort((a, b) => a.s.pre - b.s.pre || a.k - b.k).map(({ s }) => s);

/**
 * The fixed-degree builds written out: for each neuron on one side, a partial Fisher-Yates shuffle of
 * a written-out pool of the other side. For in-degree this is the build as it was, kept as the
 * reference that saved files were wired by; for out-degree, the rule's definition.
 */
function referenceDegree(exp: Experiment): Synapse[] {
  const net = compileExperiment({ ...exp, projections: [] });
  const spec = exp.projections[0];
  const rule = spec.connect;
  if (rule.rule !== 'in-degree' && rule.rule !== 'out-degree') throw new Error('a fixed-degree projection');
  const group = (id: string) => net.groups.find((g) => g.id === id) ?? { start: 0, size: 0 };
  const [from, to] = rule.rule === 'in-degree' ? [group(spec.post), group(spec.pre)] : [group(spec.pre), group(spec.post)];
  const allowSelf = spec.pre !== spec.post || (spec.autapses ?? false);
  const random = new Random(exp.simulation.seed, `projection:${spec.id}`);
  const out: Synapse[] = [];
  const pool = new Int32Array(to.size);
  for (let j = from.start; j < from.start + from.size; j++) {
    let poolSize = 0;
    for (let i = to.start; i < to.start + to.size; i++) if (allowSelf || i !== j) pool[poolSize++] = i;
    for (let m = 0; m < rule.k; m++) {
      const pick = m + random.integer(poolSize - m);
      const chosen = pool[pick];
      pool[pick] = pool[m];
      pool[m] = chosen;
      const weight = drawValue(spec.weight, random);
      const delay = Math.round(drawValue(spec.delay, random) / exp.simulation.dt);
      out.push(rule.rule === 'in-degree' ? { pre: chosen, post: j, weight, delay } : { pre: j, post: chosen, weight, delay });
    }
  }
  return byRows(out);
}

const weight: Distribution = { dist: 'uniform', min: 0, max: 2 };
const delay: Distribution = { dist: 'uniform', min: 1, max: 9 };

/** Synapse counts per neuron on one side, and whether any pair repeats. */
function degrees(synapses: Synapse[], side: 'pre' | 'post'): { counts: Map<number, number>; duplicates: number } {
  const counts = new Map<number, number>();
  const pairs = new Set(synapses.map((s) => `${s.pre}>${s.post}`));
  for (const s of synapses) counts.set(s[side], (counts.get(s[side]) ?? 0) + 1);
  return { counts, duplicates: synapses.length - pairs.size };
}

const cases: { name: string; pre: string; post: string; k: number; autapses?: boolean }[] = [
  { name: 'one group onto itself, autapses off', pre: 'A', post: 'A', k: 3 },
  { name: 'one group onto itself, autapses on', pre: 'A', post: 'A', k: 3, autapses: true },
  { name: 'k = pool size without autapses', pre: 'A', post: 'A', k: 6 },
  { name: 'k = pool size with autapses', pre: 'A', post: 'A', k: 7, autapses: true },
  { name: 'k = 1', pre: 'A', post: 'A', k: 1 },
  { name: 'k = 0', pre: 'A', post: 'B', k: 0 },
  { name: 'between two groups', pre: 'B', post: 'A', k: 4 },
  { name: 'between two groups, k = pool size', pre: 'A', post: 'B', k: 7 },
  { name: 'from a single neuron', pre: 'x', post: 'A', k: 1 },
  { name: 'onto a single neuron', pre: 'B', post: 'y', k: 5 },
  { name: 'a population of one onto another group', pre: 'C', post: 'B', k: 1 },
];

describe('fixed in-degree', () => {
  for (const c of cases) {
    it(`wires, weighs and delays as the written-out shuffle did: ${c.name}`, () => {
      for (const seed of [1, 2, 3]) {
        const exp = network({ pre: c.pre, post: c.post, connect: { rule: 'in-degree', k: c.k }, ...(c.autapses !== undefined && { autapses: c.autapses }), weight, delay }, seed);
        const built = compiledSynapses(exp);
        expect(built).toEqual(referenceDegree(exp));
        const net = compileExperiment(exp);
        const post = net.groups.find((g) => g.id === c.post);
        const { counts, duplicates } = degrees(built, 'post');
        expect(duplicates).toBe(0);
        for (let j = post?.start ?? 0; j < (post?.start ?? 0) + (post?.size ?? 0); j++) expect(counts.get(j) ?? 0).toBe(c.k);
        if (c.pre === c.post && !c.autapses) expect(built.filter((s) => s.pre === s.post)).toEqual([]);
      }
    });
  }

  it('keeps the wiring of the 2003 network scaled to 2,000 neurons with 50 inputs each', () => {
    const exp = izhikevich2003Network(2000, 50);
    const built = compiledSynapses(exp);
    const reference = exp.projections.flatMap((p) => referenceDegree({ ...exp, projections: [p] }));
    expect(built.length).toBe(2000 * 50);
    expect(built).toEqual(byRows(reference));
  });
});

describe('a build of 120,000 synapses', () => {
  it('makes exactly the synapses, in the order, of the straightforward construction, with fixed and drawn delays and two types', () => {
    // A fixed delay and type first, so the build meets a second delay and type only part-way through
    // (the columns it then starts must hold the earlier synapses' values too).
    const exp = experiment({
      seed: 7,
      populations: [population('A', 1200), population('B', 600)],
      synapseTypes: [
        { id: 's', kind: 'current' },
        { id: 't', kind: 'current', pulse: 2 },
      ],
      projections: [
        { id: 'AA', pre: 'A', post: 'A', synapse: 's', connect: { rule: 'in-degree', k: 50 }, weight: { dist: 'normal', mean: 0.5, sd: 0.1 }, delay: 1 },
        { id: 'AB', pre: 'A', post: 'B', synapse: 't', connect: { rule: 'in-degree', k: 60 }, weight, delay },
        { id: 'BA', pre: 'B', post: 'A', synapse: 's', connect: { rule: 'out-degree', k: 40 }, weight: -1, delay: 3 },
      ],
    });
    expect(validateExperiment(exp)).toMatchObject({ ok: true });
    const net = compileExperiment(exp);
    const { rowStart, type } = net.synapses;
    const built = compiledSynapses(exp);
    expect(built.length).toBe(120_000);
    const typeOf = new Map(exp.projections.map((p) => [p.id, exp.synapseTypes.findIndex((t) => t.id === p.synapse)]));
    const reference = byRows(exp.projections.flatMap((p) => referenceDegree({ ...exp, projections: [p] }).map((s) => ({ ...s, type: typeOf.get(p.id) ?? -1 }))));
    expect(built).toEqual(reference.map(({ type: _type, ...s }) => s));
    const builtTypes: number[] = [];
    for (let i = 0; i + 1 < rowStart.length; i++) for (let s = rowStart[i]; s < rowStart[i + 1]; s++) builtTypes.push(type[s]);
    expect(builtTypes).toEqual(reference.map((s) => s.type));
    // Both types and several delays are really there.
    expect(new Set(builtTypes).size).toBe(2);
    expect(new Set(built.map((s) => s.delay))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9]));
  });
});

describe('fixed out-degree', () => {
  /** The same cases with pre and post swapped: k is then at most the size of the post group. */
  for (const c of cases) {
    it(`makes exactly k synapses from each pre neuron onto distinct post neurons, as drawn: ${c.name}`, () => {
      for (const seed of [1, 2, 3]) {
        const exp = network({ pre: c.post, post: c.pre, connect: { rule: 'out-degree', k: c.k }, ...(c.autapses !== undefined && { autapses: c.autapses }), weight, delay }, seed);
        expect(validateExperiment(exp)).toMatchObject({ ok: true });
        const built = compiledSynapses(exp);
        expect(built).toEqual(referenceDegree(exp));
        const pre = compileExperiment(exp).groups.find((g) => g.id === c.post);
        const { counts, duplicates } = degrees(built, 'pre');
        expect(duplicates).toBe(0);
        for (let i = pre?.start ?? 0; i < (pre?.start ?? 0) + (pre?.size ?? 0); i++) expect(counts.get(i) ?? 0).toBe(c.k);
        if (c.pre === c.post && !c.autapses) expect(built.filter((s) => s.pre === s.post)).toEqual([]);
      }
    });
  }

  it('puts the drawn weights and delays on the synapses: the mean and range of a uniform', () => {
    const exp = experiment({
      populations: [population('A', 200), population('B', 300)],
      synapseTypes: [{ id: 's', kind: 'current' }],
      projections: [{ id: 'p', pre: 'A', post: 'B', synapse: 's', connect: { rule: 'out-degree', k: 50 }, weight, delay }],
    });
    const { rowStart, weight: w, delaySteps, post } = compileExperiment(exp).synapses;
    expect(w.length).toBe(200 * 50);
    for (let i = 0; i < 200; i++) expect(rowStart[i + 1] - rowStart[i]).toBe(50);
    // 10,000 draws of U[0, 2): mean 1 with a standard error of 0.006.
    const mean = w.reduce((sum, x) => sum + x, 0) / w.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.03);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(0);
    expect(Math.min(...w)).toBeLessThan(0.01);
    expect(Math.max(...w)).toBeLessThan(2);
    expect(Math.max(...w)).toBeGreaterThan(1.99);
    // Delays U[1, 9] ms rounded to whole 1 ms steps: 1 and 9 half as often as 2..8.
    const perStep = Array.from({ length: 10 }, (_, d) => delaySteps.filter((x) => x === d).length);
    expect(perStep[0]).toBe(0);
    for (let d = 2; d <= 8; d++) expect(Math.abs(perStep[d] - 1250)).toBeLessThan(150);
    for (const d of [1, 9]) expect(Math.abs(perStep[d] - 625)).toBeLessThan(110);
    // Every target of B is reached, about 200 x 50 / 300 times each.
    const inDegrees = new Map<number, number>();
    for (const j of post) inDegrees.set(j, (inDegrees.get(j) ?? 0) + 1);
    expect(inDegrees.size).toBe(300);
  });

  it('refuses at build time an out-degree larger than the possible targets', () => {
    const exp = network({ pre: 'A', post: 'A', connect: { rule: 'out-degree', k: 7 }, weight, delay });
    expect(() => compileExperiment(exp)).toThrow('projection "p": out-degree 7 exceeds the 6 possible targets');
  });
});

describe('DistinctSampler', () => {
  /** A partial Fisher-Yates shuffle of the written-out pool [start, start + size) minus `exclude`. */
  function shuffled(start: number, size: number, exclude: number, k: number, random: Random): number[] {
    const pool: number[] = [];
    for (let i = start; i < start + size; i++) if (i !== exclude) pool.push(i);
    const out: number[] = [];
    for (let m = 0; m < k; m++) {
      const pick = m + random.integer(pool.length - m);
      [pool[m], pool[pick]] = [pool[pick], pool[m]];
      out.push(pool[m]);
    }
    return out;
  }

  it('draws what the written-out shuffle draws, with the excluded neuron anywhere or outside the pool', () => {
    const sampler = new DistinctSampler(9);
    const a = new Random(5, 'test');
    const b = new Random(5, 'test');
    // Several rounds in one sampler, so what one round overwrote must not leak into the next.
    for (let round = 0; round < 200; round++) {
      const start = 100 + (round % 4);
      const size = 1 + (round % 9);
      const exclude = [-1, start, start + size - 1, start + (round % size), start + size, start - 1][round % 6];
      const poolSize = sampler.begin(start, size, exclude);
      const inPool = exclude >= start && exclude < start + size;
      expect(poolSize).toBe(inPool ? size - 1 : size);
      const k = round % (poolSize + 1);
      const drawn = Array.from({ length: k }, (_, m) => sampler.draw(m, a));
      expect(drawn).toEqual(shuffled(start, size, exclude, k, b));
    }
  });
});

describe('the synapse rows', () => {
  it('keep each single connection findable among the synapses of projections', () => {
    const exp = network({ pre: 'A', post: 'B', connect: { rule: 'out-degree', k: 2 }, weight, delay });
    exp.connections = [
      { pre: 'B[4]', post: 'x', synapse: 's', weight: 0.25, delay: 3 },
      { pre: 'A[0]', post: 'y', synapse: 's', weight: 0.5, delay: 2 },
      { pre: 'A[0]', post: 'y', synapse: 's', weight: 0.75, delay: 4 },
    ];
    const net = compileExperiment(exp);
    const { rowStart, post, weight: w, delaySteps } = net.synapses;
    expect(post.length).toBe(3 + 7 * 2);
    exp.connections.forEach((c, k) => {
      const s = net.connectionSynapse[k];
      const pre = net.indexOf.get(c.pre) ?? -1;
      expect(s).toBeGreaterThanOrEqual(rowStart[pre]);
      expect(s).toBeLessThan(rowStart[pre + 1]);
      expect([post[s], w[s], delaySteps[s]]).toEqual([net.indexOf.get(c.post), c.weight, c.delay]);
    });
    // Within a row, synapses keep the order they were made in: the connections before the projection's.
    const a0 = net.indexOf.get('A[0]') ?? -1;
    expect(Array.from(w.subarray(rowStart[a0], rowStart[a0] + 2))).toEqual([0.5, 0.75]);
  });
});

describe('a network too large to hold', () => {
  it('is refused before anything is allocated for its synapses, with the count', () => {
    const exp = experiment({
      populations: [population('A', 50_000), population('B', 50_000)],
      synapseTypes: [{ id: 's', kind: 'current' }],
      projections: [{ id: 'p', pre: 'A', post: 'B', synapse: 's', connect: { rule: 'all-to-all' }, weight: 1, delay: 1 }],
    });
    expect(() => compileExperiment(exp)).toThrow(
      'projections[0]: projection "p", all-to-all from "A" (50,000 neurons) onto "B" (50,000 neurons) needs 2,500,000,000 synapses (about 70 GiB); the limit is 1.0 GiB of memory (about 35,791,394 synapses or 3,355,443 neurons), and the engine holds at most 2,147,483,647 synapses (this network would have 2,500,000,000)',
    );
    // A raised budget does not lift the engine's own limit.
    expect(() => compileExperiment(exp, { bytes: Infinity })).toThrow('the engine holds at most 2,147,483,647 synapses (this network would have 2,500,000,000)');
  });
});
