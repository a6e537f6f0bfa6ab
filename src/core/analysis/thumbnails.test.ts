import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../engine/compile.ts';
import { Simulation } from '../engine/simulation.ts';
import { PATTERNS, type FiringPattern } from '../experiment/patterns.ts';
import { patternThumbnail } from './thumbnails.ts';

function pattern(id: string): FiringPattern {
  const p = PATTERNS.find((q) => q.id === id);
  if (!p) throw new Error(`test bug: no pattern ${id}`);
  return p;
}

/** The pattern's spike times, run as the lab runs it. */
function spikes(p: FiringPattern): number[] {
  const e = p.make();
  const sim = new Simulation(compileExperiment(e));
  sim.run(Math.round(e.simulation.duration / e.simulation.dt));
  return Array.from(sim.spikes.drain().times);
}

/** Runs of consecutive bins where `on` holds, as [first, last] bin index pairs. */
function runs(n: number, on: (k: number) => boolean): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < n; k++) {
    if (!on(k)) continue;
    const last = out[out.length - 1];
    if (last && last[1] === k - 1) last[1] = k;
    else out.push([k, k]);
  }
  return out;
}

describe('pattern thumbnails', () => {
  it.each(PATTERNS.map((p) => [p.id, p] as const))('%s: spikes, peaks and bins agree with the engine', (_, p) => {
    const buckets = 120;
    const thumb = patternThumbnail(p, buckets);
    const t = spikes(p);
    expect(thumb.id).toBe(p.id);
    expect(thumb.duration).toBe(p.make().simulation.duration);
    expect(thumb.spikeCount).toBe(t.length);
    // A spike in step n (starting at t = n dt) shows vpeak = 30 in that step's sample, and v stays below
    // 30 in every other sample: the bins with vMax = 30 are exactly the bins with a spike.
    const width = thumb.duration / buckets;
    const spikeBins = new Set(t.map((x) => Math.floor(x / width + 1e-9)));
    for (let k = 0; k < buckets; k++) {
      expect(thumb.vMax[k] === 30).toBe(spikeBins.has(k));
      expect(thumb.vMin[k]).toBeLessThanOrEqual(thumb.vMax[k]);
      expect(thumb.inputMin[k]).toBeLessThanOrEqual(thumb.inputMax[k]);
    }
    // Bin 0 starts with the initial state (compared in single precision, as stored).
    const v0 = Math.fround(p.make().neurons[0].v0);
    expect(thumb.vMin[0]).toBeLessThanOrEqual(v0);
    expect(thumb.vMax[0]).toBeGreaterThanOrEqual(v0);
  });

  it('draws the resonator\'s four 0.65 pA pulses, and the one spike after the last two', () => {
    // 400 ms in 200 bins of 2 ms. The pulses act in steps 40.25 .. 43.75, 60.25 .., 280.25 .., 320.25 ..
    // (4 ms less one step each): bins 20-21, 30-31, 140-141 and 160-161.
    const thumb = patternThumbnail(pattern('resonator'), 200);
    const pulses = runs(200, (k) => thumb.inputMax[k] > 0);
    expect(pulses).toEqual([[20, 21], [30, 31], [140, 141], [160, 161]]);
    for (const [a, b] of pulses) for (let k = a; k <= b; k++) expect(thumb.inputMax[k]).toBe(Math.fround(0.65));
    // Bins 21, 31, 141 and 161 lie wholly inside a pulse (e.g. 42 .. 44 ms); 20, 30, 140 and 160 start
    // one step before it (40 ms is off). Everywhere else the input is 0.
    const inside = new Set([21, 31, 141, 161]);
    for (let k = 0; k < 200; k++) expect(thumb.inputMin[k]).toBe(inside.has(k) ? Math.fround(0.65) : 0);
    // Two pulses 20 ms apart do nothing, two 40 ms apart make it fire once, at 338 ms: bin 169.
    expect(thumb.spikeCount).toBe(1);
    expect(runs(200, (k) => thumb.vMax[k] === 30)).toEqual([[169, 169]]);
  });

  it('draws the tonic-spiking step and the ramps of the class 1 cell', () => {
    // 14 pA from 10.25 ms; 100 ms in 100 bins: bin 10 has both 0 (10.0) and 14, later bins only 14.
    const tonic = patternThumbnail(pattern('tonic-spiking'), 100);
    expect(tonic.inputMax[9]).toBe(0);
    expect([tonic.inputMin[10], tonic.inputMax[10]]).toEqual([0, 14]);
    for (let k = 11; k < 100; k++) expect([tonic.inputMin[k], tonic.inputMax[k]]).toEqual([14, 14]);
    // The class 1 ramp: 0.075 pA/ms from 30 ms, so over the last bin (297 .. 300 ms, 100 bins) it runs
    // from 0.075 x 267 to 0.075 x 269.75 (the last step starts at 299.75).
    const ramp = patternThumbnail(pattern('class-1-excitable'), 100);
    expect(ramp.inputMin[99]).toBeCloseTo(0.075 * 267, 4);
    expect(ramp.inputMax[99]).toBeCloseTo(0.075 * 269.75, 4);
  });

  it('copes with one bin and with more bins than steps', () => {
    const p = pattern('tonic-spiking'); // 400 steps
    const one = patternThumbnail(p, 1);
    expect(one.vMax[0]).toBe(30);
    expect(one.inputMin[0]).toBe(0);
    expect(one.inputMax[0]).toBe(14);
    const fine = patternThumbnail(p, 1000);
    expect(fine.vMax.length).toBe(1000);
    expect(fine.vMax.every((x) => Number.isFinite(x))).toBe(true);
    expect(fine.spikeCount).toBe(5);
    expect(() => patternThumbnail(p, 0)).toThrow(RangeError);
  });
});
