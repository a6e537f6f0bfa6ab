import { describe, expect, it } from 'vitest';
import type { PlasticityFrame, WatchedSynapseFrame } from '../../worker/plasticityFeed.ts';
import { applyPlasticityFrame, clearPlasticity, plasticityData } from './plasticityData.ts';

function frame(time: number, watched: Partial<WatchedSynapseFrame> & { weight: number }): PlasticityFrame {
  return {
    count: 4, histogram: new Float32Array(40), outer: 0, mean: 0, grid: new Float32Array(4), rows: 2, columns: 2, layout: 'matrix',
    preIds: ['a', 'b'], postIds: ['c', 'd'], preCount: 2, postCount: 2, time,
    watched: {
      synapse: 0, cell: 0, pre: 'a', post: 'c', wMax: 1,
      times: new Float64Array(0), dw: new Float64Array(0), weights: new Float64Array(0), pairDt: new Float64Array(0),
      ...watched,
    },
  };
}

describe('the followed synapse\u2019s series', () => {
  it('goes on through a rebuild that renumbers the same synapse, and starts over for another synapse or a reset', () => {
    clearPlasticity();
    applyPlasticityFrame(frame(100, { weight: 0.5 }));
    applyPlasticityFrame(frame(200, { weight: 0.6, times: Float64Array.of(150), dw: Float64Array.of(0.1), weights: Float64Array.of(0.6), pairDt: Float64Array.of(4) }));
    // A neuron added before it renumbered the plastic synapses: the same pre and post, index 3.
    applyPlasticityFrame(frame(300, { weight: 0.6, synapse: 3, cell: 1 }));
    expect(plasticityData.times).toEqual([100, 100, 150, 200, 300]);
    expect(plasticityData.weights).toEqual([0.5, 0.5, 0.6, 0.6, 0.6]);
    expect(plasticityData.changes).toHaveLength(1);
    // Another synapse: a new series.
    applyPlasticityFrame(frame(400, { weight: 0.2, pre: 'b' }));
    expect(plasticityData.times).toEqual([400, 400]);
    // Time went back (Reset): a new series.
    applyPlasticityFrame(frame(10, { weight: 0.2, pre: 'b' }));
    expect(plasticityData.times).toEqual([10, 10]);
  });
});
