import { describe, expect, it } from 'vitest';
import { compileExperiment, compileSteps } from './compile.ts';
import { partitionNetwork, partitionSteps } from './partition.ts';
import { rowShapes } from './rowShapes.ts';
import { Simulation } from './simulation.ts';
import { simulationSteps } from './simulationSteps.ts';
import type { CompiledNetwork } from './network.ts';
import { izhikevich2003Network } from '../experiment/examples.ts';
import { conductanceNetwork } from '../../../test/helpers.ts';

/** Drives a generator to its end; returns what it returns and the progress it yielded. */
function drive<T>(steps: Generator<{ fraction: number; stage: string }, T, void>): { value: T; fractions: number[]; stages: string[] } {
  const fractions: number[] = [];
  const stages: string[] = [];
  for (;;) {
    const step = steps.next();
    if (step.done) return { value: step.value, fractions, stages };
    fractions.push(step.value.fraction);
    stages.push(step.value.stage);
  }
}

function spikesOf(sim: Simulation, steps: number) {
  sim.run(steps);
  const { neurons, times } = sim.spikes.drain();
  return { neurons: Array.from(neurons), times: Array.from(times) };
}

/** The same numbers, element by element, in arrays of the same kind (toEqual is slow on big typed arrays). */
function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.constructor !== b.constructor || a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return false;
  return true;
}

function expectSamePart(a: CompiledNetwork, b: CompiledNetwork): void {
  for (const column of ['rowStart', 'post', 'weight', 'delaySteps', 'type'] as const) expect(same(a.synapses[column], b.synapses[column]), column).toBe(true);
  expect(a.synapses.post.length).toBeGreaterThan(0);
  expect(same(a.connectionSynapse, b.connectionSynapse)).toBe(true);
  expect(a.partition).toEqual(b.partition);
}

describe('setting up a Simulation in steps', () => {
  // 200,000 synapses, 16,384 between two yields (the Worker's build takes some 500,000 to a million).
  const net = compileExperiment(izhikevich2003Network(2000, 100));
  const perStep = 16_384;

  it('scans a network\'s rows over several yields, and the Simulation is the one made at once', () => {
    const { value: sim, fractions, stages } = drive(simulationSteps(net, undefined, perStep));
    expect(fractions.length).toBeGreaterThanOrEqual(10);
    for (let k = 1; k < fractions.length; k++) expect(fractions[k]).toBeGreaterThan(fractions[k - 1]);
    expect(fractions[fractions.length - 1]).toBeLessThan(1);
    expect(new Set(stages)).toEqual(new Set(['Setting up the simulation']));
    expect(spikesOf(sim, 100)).toEqual(spikesOf(new Simulation(net), 100));
  });

  it('splits a network for a Worker over several yields: the part partitionNetwork makes', () => {
    const { value: sim, fractions } = drive(simulationSteps(net, { lo: 0, hi: 1000 }, perStep));
    expect(fractions.length).toBeGreaterThanOrEqual(20);
    for (let k = 1; k < fractions.length; k++) expect(fractions[k]).toBeGreaterThan(fractions[k - 1]);
    expectSamePart(sim.net, partitionNetwork(net, 0, 1000));
    expect([sim.lo, sim.hi]).toEqual([0, 1000]);
  });

  it('makes the same part however small its steps, connections included', () => {
    const exp = conductanceNetwork();
    exp.connections.push({ pre: 'E[1]', post: 'I[2]', synapse: 'ampa', weight: 0.5, delay: 3 }, { pre: 'I[0]', post: 'E[70]', synapse: 'gaba', weight: 0.2, delay: 2 });
    const small = compileExperiment(exp);
    for (const [lo, hi] of [[0, 50], [50, 100]]) {
      const { value, fractions } = drive(partitionSteps(small, lo, hi, 7));
      expect(fractions.length).toBeGreaterThan(100);
      expectSamePart(value, partitionNetwork(small, lo, hi));
    }
  });

  it('describes each row as a scan of it does: shared type and delay, the longest delay', () => {
    const exp = conductanceNetwork();
    exp.synapseTypes.push({ id: 'instant', kind: 'current' });
    exp.connections.push({ pre: 'E[1]', post: 'E[2]', synapse: 'instant', weight: 1, delay: 4 });
    const { synapses } = drive(compileSteps(exp)).value;
    const shapes = rowShapes(synapses);
    const { rowStart, type, delaySteps } = synapses;
    let mixedTypes = 0;
    let mixedDelays = 0;
    for (let i = 0; i + 1 < rowStart.length; i++) {
      const row = Array.from({ length: rowStart[i + 1] - rowStart[i] }, (_, k) => rowStart[i] + k);
      const types = new Set(row.map((s) => type[s]));
      const delays = new Set(row.map((s) => delaySteps[s]));
      expect(shapes.sharedType[i]).toBe(types.size === 1 ? [...types][0] : -1);
      expect(shapes.sharedDelay[i]).toBe(delays.size === 1 ? [...delays][0] : 0);
      if (types.size > 1) mixedTypes++;
      if (delays.size > 1) mixedDelays++;
    }
    expect(mixedTypes).toBeGreaterThan(0);
    expect(mixedDelays).toBeGreaterThan(0);
    expect(shapes.longestDelay).toBe(Math.max(...delaySteps));
  });
});
