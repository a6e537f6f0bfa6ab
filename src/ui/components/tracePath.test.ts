import { describe, expect, it } from 'vitest';
import type { Frame } from '../../worker/protocol.ts';
import { seriesKey, TraceRing } from '../liveData.ts';
import { tracePath } from './tracePath.ts';

/** A ring holding v of neuron "n" at the given times and values. */
function ringOf(times: number[], values: number[]): { ring: TraceRing; values: Float32Array } {
  const ring = new TraceRing(times.length + 4);
  const frame: Frame = {
    spikeNeurons: new Int32Array(0),
    spikeTimes: new Float64Array(0),
    traceTimes: Float64Array.from(times),
    traces: Float32Array.from(values),
    watch: ['n'],
    variables: ['v'],
    time: times[times.length - 1],
    rhythm: null,
    raster: { viewId: -1, mode: 'spikes', complete: true, replace: false, totalSpikes: 0, density: null, groupSpikes: null },
    plasticity: null,
    status: { state: 'running', time: times[times.length - 1], achievedSpeed: 1, speed: 1, busy: 0.1 },
  };
  ring.push(frame);
  const series = ring.series.get(seriesKey('n', 'v'));
  if (!series) throw new Error('no series');
  return { ring, values: series.values };
}

/** The path's vertices: [command, x, y]. */
function vertices(d: string): [string, number, number][] {
  return [...d.matchAll(/([ML])(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
}

const x = (t: number): number => t * 2;
const y = (v: number): number => 100 - v;

describe('tracePath', () => {
  it('has one vertex per sample, at the scales to a tenth of a pixel, when the samples fit', () => {
    const { ring, values } = ringOf([0, 1.05, 2, 3], [-65, -64.33, 30, -65]);
    expect(vertices(tracePath(ring, values, 0, x, y, 100))).toEqual([
      ['M', 0, 165],
      ['L', 2.1, 164.3],
      ['L', 4, 70],
      ['L', 6, 165],
    ]);
    // From the second sample on (the window's left edge).
    expect(vertices(tracePath(ring, values, 2, x, y, 100)).map((p) => p[0])).toEqual(['M', 'L']);
  });

  it('breaks the line at samples from before the series was watched', () => {
    const { ring, values } = ringOf([0, 1, 2, 3, 4], [Number.NaN, -60, Number.NaN, -50, -40]);
    expect(tracePath(ring, values, 0, x, y, 100)).toBe('M2,160M6,150L8,140');
  });

  it('keeps each 2 px column\'s lowest and highest sample, in time order, when samples outnumber the pixels', () => {
    // 400 samples over 40 px (20 columns of 2 px): a spike to +30 at sample 205, a reset to -80 right after.
    const times = Array.from({ length: 400 }, (_, k) => k * 0.05);
    const v = times.map((_, k) => (k === 205 ? 30 : k === 206 ? -80 : -65 + (k % 3)));
    const { ring, values } = ringOf(times, v);
    const points = vertices(tracePath(ring, values, 0, (t) => t * 2, y, 40));
    expect(points.length).toBeLessThanOrEqual(2 * 20);
    const ys = points.map((p) => p[2]);
    expect(Math.min(...ys)).toBe(y(30));
    expect(Math.max(...ys)).toBe(y(-80));
    // The peak comes before the reset, as they happened.
    expect(ys.indexOf(y(30))).toBeLessThan(ys.indexOf(y(-80)));
    expect(points[0][0]).toBe('M');
    expect(points.slice(1).every((p) => p[0] === 'L')).toBe(true);
  });
});
