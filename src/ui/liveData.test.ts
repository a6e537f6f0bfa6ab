import { describe, expect, it } from 'vitest';
import type { TraceVariable } from '../core/experiment/types.ts';
import type { Frame } from '../worker/protocol.ts';
import { beginReset, clearLiveData, countSpikesIn, ingestFrame, liveData, noteStatusTime, seriesKey, SpikeLog, SpikeRing, TraceRing } from './liveData.ts';

function frame(time: number, samples: number[], watch: string[], variables: TraceVariable[], spikes: [number, number][] = []): Frame {
  const stride = watch.length * variables.length;
  const traces = new Float32Array(samples.length * stride);
  samples.forEach((t, s) => {
    for (let j = 0; j < stride; j++) traces[s * stride + j] = t * 10 + j;
  });
  return {
    spikeNeurons: Int32Array.from(spikes, (x) => x[0]),
    spikeTimes: Float64Array.from(spikes, (x) => x[1]),
    traceTimes: Float64Array.from(samples),
    traces,
    watch,
    variables,
    time,
    rhythm: null,
    raster: { viewId: -1, mode: 'spikes', complete: true, replace: false, totalSpikes: spikes.length, density: null, groupSpikes: null },
    plasticity: null,
    status: { state: 'running', time, achievedSpeed: 1, speed: 1, busy: 0.1 },
  };
}

describe('SpikeRing', () => {
  it('keeps the newest spikes in order when it wraps, and finds times by binary search', () => {
    const ring = new SpikeRing(4);
    ring.push(Int32Array.from([0, 1, 2]), Float64Array.from([1, 2, 3]));
    ring.push(Int32Array.from([3, 4]), Float64Array.from([4, 5]));
    expect(ring.length).toBe(4);
    expect(ring.total).toBe(5);
    const times = Array.from({ length: ring.length }, (_, k) => ring.times[ring.at(k)]);
    expect(times).toEqual([2, 3, 4, 5]);
    expect(ring.lowerBound(3.5)).toBe(2);
    expect(ring.lowerBound(0)).toBe(0);
    expect(ring.lowerBound(9)).toBe(4);
  });
});

describe('TraceRing', () => {
  it('maps the frame layout (sample, neuron, variable) onto one series per neuron and variable', () => {
    const ring = new TraceRing(8);
    ring.push(frame(2, [1, 2], ['a', 'b'], ['v', 'u']));
    const bu = ring.series.get(seriesKey('b', 'u'));
    expect(bu).toBeDefined();
    // sample 1 (t = 2), neuron b (w = 1), variable u (k = 1): j = 1 * 2 + 1 = 3
    expect(bu?.values[ring.at(1)]).toBe(23);
    expect(ring.total).toBe(2);
  });

  it('keeps series still watched when the selection changes and starts new ones with a gap', () => {
    const ring = new TraceRing(8);
    ring.push(frame(1, [1], ['a'], ['v']));
    ring.push(frame(2, [2], ['a', 'b'], ['v']));
    const a = ring.series.get(seriesKey('a', 'v'));
    const b = ring.series.get(seriesKey('b', 'v'));
    expect(a?.values[ring.at(0)]).toBe(10);
    expect(b?.values[ring.at(0)]).toBeNaN();
    expect(b?.values[ring.at(1)]).toBe(21);
    ring.push(frame(3, [3], ['b'], ['v']));
    expect(ring.series.has(seriesKey('a', 'v'))).toBe(false);
  });
});

describe('ingestFrame', () => {
  it('starts over when time goes back, and drops frames of the old run after a reset', () => {
    clearLiveData(1);
    ingestFrame(frame(100, [99, 100], ['n'], ['v'], [[0, 50]]));
    expect(liveData.spikes.total).toBe(1);
    expect(liveData.traces.total).toBe(2);
    beginReset();
    expect(liveData.traces.total).toBe(0);
    ingestFrame(frame(120, [120], ['n'], ['v'], [[0, 110]])); // sent before the Worker saw 'reset'
    expect(liveData.spikes.total).toBe(0);
    ingestFrame(frame(1, [1], ['n'], ['v']));
    expect(liveData.traces.total).toBe(1);
    expect(liveData.frameTime).toBe(1);
    ingestFrame(frame(200, [200], ['n'], ['v']));
    ingestFrame(frame(5, [5], ['n'], ['v'])); // a restart the page did not ask for
    expect(liveData.traces.total).toBe(1);
  });

  it('keeps the latest rate and spectrum through frames without one, and drops it on a new run', () => {
    clearLiveData(1);
    const rhythm = { binMs: 1, rate: Float32Array.from([5, 7]), end: 10, df: 2, power: new Float32Array(0), peakHz: null, gammaHz: null };
    ingestFrame({ ...frame(10, [10], ['n'], ['v']), rhythm });
    ingestFrame(frame(11, [11], ['n'], ['v']));
    expect(liveData.rhythm).toBe(rhythm);
    beginReset();
    expect(liveData.rhythm).toBeNull();
  });
});

describe('what makes the plots redraw', () => {
  it('a status at the time of the frame before it changes nothing; a later one moves the clock, not the frames', () => {
    clearLiveData(1);
    ingestFrame(frame(10, [10], ['n'], ['v']));
    const { version, frameVersion } = liveData;
    // A frame's status (the store notes its time) is at the frame's time.
    noteStatusTime(10);
    expect([liveData.version, liveData.frameVersion]).toEqual([version, frameVersion]);
    noteStatusTime(12);
    expect(liveData.clockTime).toBe(12);
    expect(liveData.version).toBe(version + 1);
    expect(liveData.frameVersion).toBe(frameVersion);
    ingestFrame(frame(20, [20], ['n'], ['v']));
    expect(liveData.frameVersion).toBe(frameVersion + 1);
  });
});

describe('ingestFrame for a big network', () => {
  const big = (time: number, spikes: [number, number][], raster: Partial<Frame['raster']>): Frame => {
    const f = frame(time, [], ['n'], ['v'], spikes);
    return { ...f, raster: { ...f.raster, complete: false, ...raster } };
  };

  it('keeps the band spikes for the raster only, starts them over for a new view, and sums spikes per group', () => {
    clearLiveData(1);
    ingestFrame(big(10, [[5, 1], [6, 2]], { totalSpikes: 900, groupSpikes: Float64Array.from([600, 300]) }));
    ingestFrame(big(20, [[7, 12]], { totalSpikes: 1500, groupSpikes: Float64Array.from([500, 100]) }));
    expect(liveData.spikes.total).toBe(3);
    // Neither the export log nor the per-neuron counts: they would claim to hold every spike.
    expect(liveData.spikeLog.length).toBe(0);
    expect(liveData.spikeCounts.of(5)).toBe(0);
    expect(liveData.raster).toMatchObject({ complete: false, totalSpikes: 1500 });
    expect(Array.from(liveData.raster.groupSpikes)).toEqual([1100, 400]);
    ingestFrame(big(30, [[40, 3]], { replace: true, totalSpikes: 2000 }));
    expect(liveData.spikes.length).toBe(1);
    expect(liveData.spikes.neurons[liveData.spikes.at(0)]).toBe(40);
  });

  it('builds the density grid from a whole grid and the updates after it, and drops it in spikes mode', () => {
    clearLiveData(1);
    // One row, 4 bins of 1 ms kept, scrolling.
    const layout = { first: 0, count: 10, rows: 1, columns: 4, binMs: 1, origin: -0.5, scroll: true };
    const whole = { layout, firstBin: 0, counts: Uint16Array.from([1, 2, 0, 0]), fromBin: 0, columns: 4, update: false };
    ingestFrame(big(10, [], { mode: 'density', density: whole }));
    const grid = liveData.raster.density;
    expect(grid?.snapshot()).toEqual(Uint16Array.from([1, 2, 0, 0]));
    // Bins 2-4 changed and bin 0 dropped out: the page's grid is the Worker's.
    ingestFrame(big(11, [], { mode: 'density', density: { layout, firstBin: 1, counts: Uint16Array.from([3, 4, 5]), fromBin: 2, columns: 3, update: true } }));
    expect(liveData.raster.density).toBe(grid);
    expect(liveData.raster.density?.snapshot()).toEqual(Uint16Array.from([2, 3, 4, 5]));
    expect(liveData.raster.density?.start).toBe(0.5);
    // An update for another layout (a frame made before a new view) cannot apply: the grid waits for a whole one.
    const other = { ...layout, rows: 2 };
    ingestFrame(big(12, [], { mode: 'density', density: { layout: other, firstBin: 2, counts: Uint16Array.from([9, 9]), fromBin: 5, columns: 1, update: true } }));
    expect(liveData.raster.density?.snapshot()).toEqual(Uint16Array.from([2, 3, 4, 5]));
    ingestFrame(big(13, [], { mode: 'density', density: { layout: other, firstBin: 2, counts: Uint16Array.from([1, 0, 0, 0, 0, 0, 0, 7]), fromBin: 2, columns: 4, update: false } }));
    expect(liveData.raster.density?.layout.rows).toBe(2);
    expect(liveData.raster.density?.snapshot()).toEqual(Uint16Array.from([1, 0, 0, 0, 0, 0, 0, 7]));
    ingestFrame(big(14, [], { mode: 'spikes', density: null }));
    expect(liveData.raster.density).toBeNull();
  });
});

describe('SpikeLog', () => {
  it('grows, keeps every spike in order up to its cap and counts the ones it could not keep', () => {
    const log = new SpikeLog(10, 2);
    log.push(Int32Array.from([0, 1, 2]), Float64Array.from([1, 2, 3]));
    log.push(Int32Array.from([3, 4, 5, 6, 7]), Float64Array.from([4, 5, 6, 7, 8]));
    expect(log.length).toBe(8);
    expect(Array.from(log.times.subarray(0, log.length))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(log.full).toBe(false);
    log.push(Int32Array.from([8, 9, 10, 11]), Float64Array.from([9, 10, 11, 12]));
    expect(log.length).toBe(10);
    expect(log.dropped).toBe(2);
    expect(log.full).toBe(true);
    expect(log.capacity).toBe(10);
    expect(log.lowerBound(4.5)).toBe(4);
    log.clear();
    expect(log.length).toBe(0);
    expect(log.dropped).toBe(0);
    expect(log.capacity).toBe(2);
  });

  it('is filled by frames, cleared by reset, and counts spikes per neuron', () => {
    clearLiveData(1);
    ingestFrame(frame(10, [10], ['n'], ['v'], [[2, 1], [0, 3], [2, 5]]));
    ingestFrame(frame(20, [20], ['n'], ['v'], [[2, 12]]));
    expect(liveData.spikeLog.length).toBe(4);
    expect(liveData.spikeCounts.of(2)).toBe(3);
    expect(liveData.spikeCounts.of(0)).toBe(1);
    expect(liveData.spikeCounts.of(7)).toBe(0);
    expect(countSpikesIn(2, 4, 20)).toEqual({ count: 2, complete: true });
    beginReset();
    expect(liveData.spikeLog.length).toBe(0);
    expect(liveData.spikeCounts.of(2)).toBe(0);
  });
});
