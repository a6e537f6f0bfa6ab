import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../core/engine/compile.ts';
import { Simulation } from '../core/engine/simulation.ts';
import type { Experiment } from '../core/experiment/types.ts';
import { experiment } from '../../test/helpers.ts';
import { HISTOGRAM_BINS, PlasticityFeed, plasticityFeedFor } from './plasticityFeed.ts';

const RULE = { rule: 'stdp', pairing: 'all-to-all', update: 'additive', aPlus: 0.05, aMinus: 0.05, tauPlus: 20, tauMinus: 20, wMax: 2 } as const;

/** `pre` inputs onto `post` outputs, all-to-all through plastic synapses of weights 0.1, 0.2, ... in build order. */
function network(pre: number, post: number, weights: number[]): Experiment {
  const cell = { model: 'izhikevich2003' as const, a: 0.02, b: 0.2, c: -65, d: 8, v0: -70 };
  return experiment({
    dt: 0.5,
    populations: [{ id: 'In', size: pre, ...cell }, { id: 'Out', size: post, ...cell }],
    synapseTypes: [
      { id: 'drive', kind: 'expConductance', gbase: 1, tau: 2, erev: 0 },
      { id: 'plastic', kind: 'expConductance', gbase: 0.5, tau: 5, erev: 0, plasticity: RULE },
    ],
    connections: weights.map((weight, k) => ({ pre: `In[${Math.floor(k / post)}]`, post: `Out[${k % post}]`, synapse: 'plastic', weight, delay: 1 })),
    inputs: [{ id: 'poisson', kind: 'poisson', target: 'In', rate: 40, synapse: 'drive', weight: 2 }, { id: 'push', kind: 'constant', target: 'Out', amplitude: 6 }],
  });
}

describe('the plastic weights sent to the page', () => {
  it('bins w / wMax into the histogram and averages the matrix cells, pre by row and post by column', () => {
    const weights = [0, 0.5, 1, 1.5, 2, 0.25];
    const sim = new Simulation(compileExperiment(network(3, 2, weights)));
    const feed = plasticityFeedFor(sim);
    if (!feed) throw new Error('no feed');
    const frame = feed.frame(0);
    expect(frame.count).toBe(6);
    expect(frame.layout).toBe('matrix');
    expect([frame.rows, frame.columns]).toEqual([3, 2]);
    expect(frame.grid).toEqual(Float32Array.from(weights, (w) => w / 2));
    expect(frame.histogram.reduce((a, b) => a + b, 0)).toBe(6);
    // w / wMax = 0 in the first bin, 0.125 in the sixth, 1 (= wMax) in the last.
    expect(frame.histogram[0]).toBe(1);
    expect(frame.histogram[5]).toBe(1);
    expect(frame.histogram[HISTOGRAM_BINS - 1]).toBe(1);
    // Within 10% of 0 or wMax: 0 and 1 only.
    expect(frame.outer).toBe(2 / 6);
    expect(frame.preIds).toEqual(['In[0]', 'In[2]']);
    expect(frame.postIds).toEqual(['Out[0]', 'Out[1]']);
  });

  it('wraps the inputs of one neuron into a near-square grid, and follows the synapse of a clicked cell', () => {
    const weights = Array.from({ length: 10 }, (_, k) => k / 10);
    const sim = new Simulation(compileExperiment(network(10, 1, weights)));
    const stdp = sim.stdp;
    if (!stdp) throw new Error('no plasticity');
    const feed = new PlasticityFeed(stdp, sim.net);
    const first = feed.frame(0);
    expect(first.layout).toBe('wrapped');
    expect([first.rows, first.columns]).toEqual([3, 4]);
    expect(Array.from(first.grid.subarray(0, 10))).toEqual(Array.from(Float32Array.from(weights, (w) => w / 2)));
    expect(Number.isNaN(first.grid[10]) && Number.isNaN(first.grid[11])).toBe(true);
    expect(first.watched?.pre).toBe('In[0]');

    feed.watchCell(6);
    sim.run(4000);
    const frame = feed.frame(sim.time);
    const watched = frame.watched;
    if (!watched) throw new Error('nothing followed');
    expect([watched.synapse, watched.cell, watched.pre, watched.post]).toEqual([6, 6, 'In[6]', 'Out[0]']);
    // Its changes came in order, each the step from the weight before to the weight after.
    expect(watched.times.length).toBeGreaterThan(5);
    let before = 0.6;
    for (let k = 0; k < watched.times.length; k++) {
      expect(watched.weights[k] - before).toBeCloseTo(watched.dw[k], 12);
      expect(watched.pairDt[k] >= 0).toBe(watched.dw[k] > 0);
      before = watched.weights[k];
    }
    expect(watched.weight).toBe(before);
    // An empty cell changes nothing.
    feed.watchCell(11);
    expect(feed.frame(sim.time).watched?.synapse).toBe(6);
  });

  it('shows a live edit of wMax at once: weights clipped, the histogram and grid on the new scale', () => {
    const sim = new Simulation(compileExperiment(network(3, 2, [0, 0.5, 1, 1.5, 2, 0.25])));
    const feed = plasticityFeedFor(sim);
    if (!feed) throw new Error('no feed');
    sim.applyEdit({ kind: 'plasticity', synapse: 'plastic', param: 'wMax', value: 1 });
    const frame = feed.frame(0);
    // Clipped to 0, 0.5, 1, 1, 1, 0.25 and shown as w / 1.
    expect(frame.grid).toEqual(Float32Array.from([0, 0.5, 1, 1, 1, 0.25]));
    expect(frame.watched?.wMax).toBe(1);
    expect(frame.histogram[HISTOGRAM_BINS - 1]).toBe(3);
  });
});
