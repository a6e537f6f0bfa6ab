import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../engine/compile.ts';
import { CompileError } from '../engine/network.ts';
import { experiment, neuron } from '../../../test/helpers.ts';
import { MAX_WINDOW_MS } from '../../ui/liveData.ts';
import { checkBudget, DEFAULT_BUDGET, estimateResources, formatBytes, isBudgetMessage, TRACE_WINDOW_MS } from './budget.ts';
import { checkEdit } from './edits.ts';
import { defaultExperiment, izhikevich2003Network } from './examples.ts';
import { GALLERY } from './gallery.ts';
import { PATTERNS } from './patterns.ts';
import type { Distribution, Experiment, PopulationSpec, ProjectionSpec } from './types.ts';
import { parseExperimentJson, validateExperiment } from './validate.ts';

function population(id: string, size: number): PopulationSpec {
  return { id, size, model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 };
}

function projection(id: string, pre: string, post: string, connect: ProjectionSpec['connect'], delay: Distribution = 1, autapses?: boolean): ProjectionSpec {
  return { id, pre, post, synapse: 's', connect, weight: 1, delay, ...(autapses !== undefined && { autapses }) };
}

/** E onto itself all-to-all, `size` neurons: the locked-out student. */
function allToAll(size: number): Experiment {
  return experiment({
    populations: [population('E', size)],
    synapseTypes: [{ id: 's', kind: 'current' }],
    projections: [projection('EE', 'E', 'E', { rule: 'all-to-all' })],
  });
}

describe('the resource estimate', () => {
  it('counts the synapses compile makes, rule by rule', () => {
    const exp = experiment({
      neurons: [neuron('solo'), neuron('other')],
      populations: [population('A', 30), population('B', 20)],
      synapseTypes: [{ id: 's', kind: 'current' }],
      connections: [
        { pre: 'solo', post: 'A[3]', synapse: 's', weight: 1, delay: 2 },
        { pre: 'other', post: 'solo', synapse: 's', weight: 1, delay: 1 },
      ],
      projections: [
        projection('all', 'A', 'B', { rule: 'all-to-all' }),
        projection('self', 'A', 'A', { rule: 'all-to-all' }),
        projection('autapses', 'B', 'B', { rule: 'all-to-all' }, 1, true),
        projection('in', 'A', 'B', { rule: 'in-degree', k: 7 }),
        projection('out', 'B', 'A', { rule: 'out-degree', k: 4 }),
        projection('one', 'solo', 'B', { rule: 'all-to-all' }),
      ],
    });
    const estimate = estimateResources(exp);
    // 2 + 600 + 30*29 + 400 + 7*20 + 4*20 + 20
    expect(estimate.synapses).toBe(2 + 600 + 870 + 400 + 140 + 80 + 20);
    expect(compileExperiment(exp).synapses.post.length).toBe(estimate.synapses);
    expect(estimate.neurons).toBe(52);
    expect(estimate.neurons).toBe(compileExperiment(exp).neuronCount);
  });

  it('makes room for a probability rule up to five standard deviations above its mean', () => {
    const exp = experiment({
      populations: [population('A', 400)],
      synapseTypes: [{ id: 's', kind: 'current' }],
      projections: [projection('p', 'A', 'A', { rule: 'probability', p: 0.1 })],
    });
    const pairs = 400 * 399;
    const estimate = estimateResources(exp);
    expect(estimate.synapses).toBe(Math.ceil(pairs * 0.1 + 5 * Math.sqrt(pairs * 0.1 * 0.9) + 16));
    const made = compileExperiment(exp).synapses.post.length;
    expect(made).toBeLessThan(estimate.synapses);
    expect(made).toBeGreaterThan(pairs * 0.1 - 5 * Math.sqrt(pairs * 0.09));
  });

  it('counts a spike-queue bucket per step of the longest delay, plus one, and inputs times targets', () => {
    const exp = experiment({
      dt: 0.1,
      populations: [population('A', 50)],
      synapseTypes: [{ id: 's', kind: 'current' }],
      projections: [projection('p', 'A', 'A', { rule: 'in-degree', k: 3 }, { dist: 'uniform', min: 1, max: 25 })],
      inputs: [
        { id: 'n', kind: 'noise', target: 'A', mean: 0, sd: 1 },
        { id: 'c', kind: 'constant', target: 'A[2]', amplitude: 1 },
      ],
    });
    const estimate = estimateResources(exp);
    expect(estimate.delayBuckets).toBe(251);
    const delays = compileExperiment(exp).synapses.delaySteps;
    expect(Math.max(...delays)).toBeLessThanOrEqual(estimate.delayBuckets - 1);
    expect(estimate.inputTargets).toBe(51);
  });

  it('counts the traces the page keeps: watched neurons x variables over the plots\' longest window', () => {
    expect(TRACE_WINDOW_MS).toBe(MAX_WINDOW_MS);
    const exp = experiment({ dt: 0.5, neurons: [neuron('a'), neuron('b')], recording: { watch: ['a', 'b'], variables: ['v', 'u', 'g'] } });
    expect(estimateResources(exp).traceValues).toBe(2 * 3 * (10_000 + 2048));
  });

  it('fits what the lab ships: the default, the gallery, the patterns and the 2003 network up to 100,000 neurons with K = 100', () => {
    const shipped: Experiment[] = [
      defaultExperiment(),
      ...GALLERY.flatMap((g) => [g.make(), ...(g.sizes ?? []).map((size) => size.make())]),
      ...PATTERNS.map((p) => p.make()),
    ];
    for (const file of readdirSync('public/experiments')) {
      const parsed = parseExperimentJson(readFileSync(`public/experiments/${file}`, 'utf8'));
      expect(parsed.ok, file).toBe(true);
      if (parsed.ok) shipped.push(parsed.experiment);
    }
    for (const exp of shipped) expect(checkBudget(exp), exp.name).toEqual([]);
    const big = izhikevich2003Network(100_000, 100);
    expect(estimateResources(big).synapses).toBe(10_000_000);
    expect(checkBudget(big)).toEqual([]);
    expect(validateExperiment(big).ok).toBe(true);
    // 10 M synapses measured at about 470 MiB peak in Node: the estimate is of that order.
    expect(estimateResources(big).bytes / 2 ** 20).toBeGreaterThan(250);
    expect(estimateResources(big).bytes / 2 ** 20).toBeLessThan(470);
  });
});

describe('the budget', () => {
  it('refuses 200,000 neurons all-to-all onto themselves, saying what was asked, what it needs and the limit', () => {
    expect(checkBudget(allToAll(200_000))).toEqual([
      {
        path: 'projections[0]',
        message:
          'projection "EE", all-to-all from "E" (200,000 neurons) onto itself needs 39,999,800,000 synapses (about 1.1 TiB); the limit is 1.0 GiB of memory (about 35,791,394 synapses or 3,355,443 neurons), and the engine holds at most 2,147,483,647 synapses (this network would have 39,999,800,000)',
      },
    ]);
    const checked = validateExperiment(allToAll(200_000));
    expect(checked.ok ? [] : checked.errors[0]).toMatch(/^projections\[0\]: projection "EE", all-to-all from "E" \(200,000 neurons\) onto itself needs 39,999,800,000 synapses/);
  });

  it('refuses 10,000 all-to-all (100 M synapses) with the memory it needs and the limit', () => {
    expect(checkBudget(allToAll(10_000))).toEqual([
      {
        path: 'projections[0]',
        message:
          'projection "EE", all-to-all from "E" (10,000 neurons) onto itself needs 99,990,000 synapses (about 2.8 GiB); the limit is 1.0 GiB of memory (about 35,791,394 synapses or 3,355,443 neurons)',
      },
    ]);
    expect(checkBudget(allToAll(5000))).toEqual([]);
  });

  it('names the inputs when a thousand of them on one large population are what does not fit', () => {
    const exp = experiment({
      populations: [population('E', 200_000)],
      inputs: Array.from({ length: 1000 }, (_, k) => ({ id: `n${k}`, kind: 'noise' as const, target: 'E', mean: 0, sd: 1 })),
    });
    const [problem] = checkBudget(exp);
    expect(problem.path).toBe('inputs[0]');
    expect(problem.message).toBe(
      'input "n0" on "E" (200,000 targets) needs 200,000 target slots (about 2.3 MiB); the 1,000 inputs together need about 2.2 GiB; the limit is 1.0 GiB of memory (about 35,791,394 synapses or 3,355,443 neurons)',
    );
  });

  it('counts a current synapse\'s long pulse: an arrival slot per step for every neuron', () => {
    const exp = experiment({
      dt: 0.01,
      populations: [population('E', 10_000)],
      synapseTypes: [{ id: 's', kind: 'current', pulse: 3_600_000 }],
    });
    const [problem] = checkBudget(exp);
    expect(problem.path).toBe('synapseTypes[0].pulse');
    expect(problem.message).toMatch(/^synapse type "s" acting for 3600000 ms \(360,000,000 steps\) needs 360,000,000 arrival slots of 10,000 values \(about 26 TiB\)/);
  });

  it('can be raised (the command line) but never past the engine\'s limits', () => {
    const exp = allToAll(10_000);
    expect(checkBudget(exp, { bytes: 4 * 2 ** 30 })).toEqual([]);
    expect(checkBudget(exp, { bytes: Infinity })).toEqual([]);
    expect(checkBudget(allToAll(50_000), { bytes: Infinity })[0].message).toContain('the engine holds at most 2,147,483,647 synapses (this network would have 2,499,950,000)');
    expect(validateExperiment(exp, { bytes: 4 * 2 ** 30 }).ok).toBe(true);
    expect(DEFAULT_BUDGET.bytes).toBe(2 ** 30);
    const [problem] = checkBudget(exp);
    expect(isBudgetMessage(`${problem.path}: ${problem.message}`)).toBe(true);
    expect(isBudgetMessage('connections[0].delay: must be at most 10000 ms (10 s), got 1000000000')).toBe(false);
  });

  it('is checked by compile before anything is allocated, as a clean error', () => {
    expect(() => compileExperiment(allToAll(10_000))).toThrow(CompileError);
    expect(() => compileExperiment(allToAll(10_000))).toThrow('projections[0]: projection "EE", all-to-all from "E" (10,000 neurons) onto itself needs 99,990,000 synapses');
  });

  it('holds live edits to it: a delay that would tip an experiment at the limit over it is refused', () => {
    // Neurons just under the limit, at the finest step: a 10 s delay adds a million buckets (24 MB).
    const exp = experiment({
      dt: 0.01,
      neurons: [neuron('a'), neuron('b')],
      populations: [...Array.from({ length: 15 }, (_, k) => population(`P${k}`, 200_000)), population('Q', 150_000)],
      // A conductance: a current synapse would hold an arrival slot per step of its pulse for every neuron.
      synapseTypes: [{ id: 's', kind: 'expConductance', gbase: 1, tau: 5, erev: 0 }],
      connections: [{ pre: 'a', post: 'b', synapse: 's', weight: 1, delay: 1 }],
    });
    expect(checkBudget(exp)).toEqual([]);
    expect(checkEdit(exp, { kind: 'connection', index: 0, param: 'delay', value: 100 })).toBeNull();
    const problem = checkEdit(exp, { kind: 'connection', index: 0, param: 'delay', value: 10_000 });
    expect(problem).toBe(
      'populations[0]: population "P0" of 200,000 neurons needs 200,000 neurons (about 63 MiB); the 16 populations together need about 985 MiB; the limit is 1.0 GiB of memory (about 35,791,394 synapses or 3,355,443 neurons)',
    );
    expect(validateExperiment({ ...exp, connections: [{ ...exp.connections[0], delay: 10_000 }] }).ok).toBe(false);
  });

  it('says sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(560 * 2 ** 30)).toBe('560 GiB');
    expect(formatBytes(2 ** 40)).toBe('1.0 TiB');
  });
});
