import { describe, expect, it } from 'vitest';
import { compileExperiment, compileSteps, type BuildProgress } from './compile.ts';
import type { CompiledNetwork } from './network.ts';
import type { Experiment, PopulationSpec } from '../experiment/types.ts';
import { izhikevich2003Network } from '../experiment/examples.ts';
import { experiment, neuron } from '../../../test/helpers.ts';

const population = (id: string, size: number): PopulationSpec => ({
  id, size, model: 'izhikevich2003', a: { dist: 'uniform', min: 0.01, max: 0.03 }, b: 0.2, c: -65, d: { dist: 'r', base: 8, scale: -6, power: 2 }, v0: -70,
});

/** Every rule, draws of weights and delays, single neurons with connections (one to a population member), and inputs. */
function mixed(): Experiment {
  return experiment({
    seed: 5,
    neurons: [neuron('x'), neuron('y')],
    populations: [population('A', 300), population('B', 200)],
    synapseTypes: [{ id: 's', kind: 'current' }],
    connections: [
      { pre: 'x', post: 'y', synapse: 's', weight: 2, delay: 3 },
      { pre: 'y', post: 'A[7]', synapse: 's', weight: 1, delay: 1 },
    ],
    projections: [
      { id: 'all', pre: 'x', post: 'B', synapse: 's', connect: { rule: 'all-to-all' }, weight: 1, delay: 1 },
      { id: 'p', pre: 'A', post: 'B', synapse: 's', connect: { rule: 'probability', p: 0.1 }, weight: { dist: 'normal', mean: 1, sd: 0.2 }, delay: { dist: 'uniform', min: 1, max: 20 } },
      { id: 'in', pre: 'A', post: 'A', synapse: 's', connect: { rule: 'in-degree', k: 30 }, weight: { dist: 'uniform', min: 0, max: 1 }, delay: 2 },
      { id: 'out', pre: 'B', post: 'A', synapse: 's', connect: { rule: 'out-degree', k: 25 }, weight: -1, delay: { dist: 'uniform', min: 1, max: 5 } },
    ],
    inputs: [{ id: 'noise', kind: 'noise', target: 'A', mean: 0, sd: 3 }],
  });
}

/** Runs a build to its end, keeping every progress it yields. */
function drive(steps: Generator<BuildProgress, CompiledNetwork, void>): { net: CompiledNetwork; progress: BuildProgress[] } {
  const progress: BuildProgress[] = [];
  for (;;) {
    const step = steps.next();
    if (step.done) return { net: step.value, progress };
    progress.push(step.value);
  }
}

function expectSameNetwork(a: CompiledNetwork, b: CompiledNetwork): void {
  expect(a.ids).toEqual(b.ids);
  expect(a.roles).toEqual(b.roles);
  expect(a.cells).toEqual(b.cells);
  expect(a.synapses.rowStart).toEqual(b.synapses.rowStart);
  expect(a.synapses.post).toEqual(b.synapses.post);
  expect(a.synapses.weight).toEqual(b.synapses.weight);
  expect(a.synapses.delaySteps).toEqual(b.synapses.delaySteps);
  expect(a.synapses.type).toEqual(b.synapses.type);
  expect(a.connectionSynapse).toEqual(b.connectionSynapse);
  expect(a.inputs).toEqual(b.inputs);
}

describe('compileSteps', () => {
  it('makes the same network however small its steps are: same synapses, same draws', () => {
    const exp = mixed();
    const whole = drive(compileSteps(exp, Number.POSITIVE_INFINITY));
    const tiny = drive(compileSteps(exp, 7));
    // Steps of 7 units split every loop of the build many times over.
    expect(tiny.progress.length).toBeGreaterThan(2000);
    expect(whole.progress.length).toBeLessThan(30);
    expect(whole.net.synapses.post.length).toBeGreaterThan(300 * 30 + 200 * 25);
    expectSameNetwork(tiny.net, whole.net);
    expectSameNetwork(compileExperiment(exp), whole.net);
  });

  it('reports progress that never goes back, names each stage, and ends at 1', () => {
    const { progress, net } = drive(compileSteps(izhikevich2003Network(20_000, 50)));
    expect(net.synapses.post.length).toBe(1_000_000);
    const fractions = progress.map((p) => p.fraction);
    for (let k = 1; k < fractions.length; k++) expect(fractions[k]).toBeGreaterThanOrEqual(fractions[k - 1]);
    expect(fractions[fractions.length - 1]).toBe(1);
    expect(fractions[0]).toBeLessThan(0.05);
    // Steps of about 32,768 synapses: dozens of them, none a big jump.
    expect(progress.length).toBeGreaterThan(40);
    for (let k = 1; k < fractions.length; k++) expect(fractions[k] - fractions[k - 1]).toBeLessThan(0.1);
    const stages = [...new Set(progress.map((p) => p.stage))];
    expect(stages).toEqual([
      'Neurons (20,000)',
      'Synapses of projection EE (1 of 4)',
      'Synapses of projection EI (2 of 4)',
      'Synapses of projection IE (3 of 4)',
      'Synapses of projection II (4 of 4)',
      'Sorting 1,000,000 synapses into rows',
      'Inputs',
      'Done',
    ]);
    // Halfway through the work is halfway through the stages: somewhere in the synapses, not at the sort's end.
    const half = progress.find((p) => p.fraction >= 0.5);
    expect(half?.stage).toMatch(/^Synapses of projection|^Sorting/);
  });

  it('stopped half-way leaves nothing behind: the experiment is as it was and the next build is the same', () => {
    const exp = mixed();
    const before = structuredClone(exp);
    const reference = compileExperiment(exp);
    const steps = compileSteps(exp, 50);
    let step = steps.next();
    while (!step.done && step.value.fraction < 0.5) step = steps.next();
    expect(step.done).toBe(false);
    // Another build while the first is stopped half-way: the two share nothing.
    expectSameNetwork(compileExperiment(exp), reference);
    expect(exp).toEqual(before);
    // The one stopped half-way, finished later, is still the same network.
    const rest = drive(steps);
    expectSameNetwork(rest.net, reference);
  });

  it('throws a wiring error from the step that meets it, with nothing returned', () => {
    const exp = mixed();
    exp.projections[2] = { ...exp.projections[2], connect: { rule: 'in-degree', k: 300 } };
    const steps = compileSteps(exp, 100);
    let yielded = 0;
    expect(() => {
      for (let step = steps.next(); !step.done; step = steps.next()) yielded++;
    }).toThrow('projection "in": in-degree 300 exceeds the 299 possible sources');
    // The error comes after the neurons and the earlier projections were built in steps.
    expect(yielded).toBeGreaterThan(10);
  });
});
