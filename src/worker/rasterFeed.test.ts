import { describe, expect, it } from 'vitest';
import type { RasterView } from './protocol.ts';
import { DensityGrid, timeWindow } from '../core/analysis/rasterDensity.ts';
import { withDensity } from '../ui/liveData.ts';
import { COMPLETE_MAX_NEURONS, RasterFeed } from './rasterFeed.ts';

const view = (over: Partial<RasterView> = {}): RasterView => ({
  id: 1, first: 0, count: 100, span: null, windowMs: 100, width: 50, height: 200, ...over,
});

/** Every neuron of `neurons` fires once in each ms of [from, to), at the start of the ms. */
function everyone(neurons: number, from: number, to: number): { neurons: Int32Array; times: Float64Array } {
  const n = (to - from) * neurons;
  const out = { neurons: new Int32Array(n), times: new Float64Array(n) };
  for (let t = from, k = 0; t < to; t++) {
    for (let i = 0; i < neurons; i++, k++) {
      out.neurons[k] = i;
      out.times[k] = t;
    }
  }
  return out;
}

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0);

describe('RasterFeed', () => {
  it('sends a small network every spike, as spikes while its neurons fit the pixel rows', () => {
    const feed = new RasterFeed(100);
    feed.setView(view({ first: 10, count: 20 }));
    const spikes = everyone(100, 0, 5);
    const out = feed.frame(spikes.neurons, spikes.times, 5);
    expect(out.neurons).toBe(spikes.neurons);
    expect(out.raster).toMatchObject({ viewId: 1, mode: 'spikes', complete: true, replace: false, totalSpikes: 500, density: null });
  });

  it('sends density when the band outnumbers the pixel rows, with exact counts per cell', () => {
    const feed = new RasterFeed(100);
    // 100 neurons on 10 rows (10 each), 100 ms window on 50 columns (2 ms each, plus one).
    feed.setView(view({ height: 10, width: 50 }));
    const a = everyone(100, 0, 30);
    const first = feed.frame(a.neurons, a.times, 30).raster.density;
    expect(first).not.toBeNull();
    if (!first) return;
    expect(first).toMatchObject({ layout: { rows: 10, columns: 51, binMs: 2, origin: -0.5, first: 0, count: 100 }, firstBin: 0, fromBin: 0, columns: 51, update: false });
    // Bins 0-14 hold 2 ms x 10 neurons = 20 spikes in each row; later bins none yet.
    expect(Array.from(first.counts.subarray(0, 16))).toEqual([...Array<number>(15).fill(20), 0]);
    expect(sum(first.counts)).toBe(3000);
    // Past one window the grid scrolls: at t = 131 it keeps bins 15-65 (from 29.5 ms), all of them new here.
    const b = everyone(100, 30, 131);
    const later = feed.frame(b.neurons, b.times, 131).raster.density;
    expect(later).toMatchObject({ firstBin: 15, fromBin: 15, columns: 51, update: true });
    expect(sum(later?.counts ?? [])).toBe(101 * 100);
  });

  it('after a whole grid sends only the bins a frame changed, and a page that applies them has the grid as counted', () => {
    // 100 neurons on 10 rows; a 100 ms window on 50 columns: 2 ms bins, 51 kept.
    const v = view({ height: 10, width: 50 });
    const feed = new RasterFeed(100, v);
    let page: DensityGrid | null = null;
    const widths: number[] = [];
    for (let t = 0; t < 300; t += 4) {
      // Every neuron fires in every ms of the frame but one neuron in three is silent, and frames of 4 ms.
      const all = everyone(100, t, t + 4);
      const keep = Array.from(all.neurons, (n) => n % 3 !== (t / 4) % 3);
      const neurons = all.neurons.filter((_, k) => keep[k]);
      const times = all.times.filter((_, k) => keep[k]);
      const density = feed.frame(neurons, times, t + 4).raster.density;
      if (!density) throw new Error('no density');
      if (t > 0) widths.push(density.columns);
      expect(density.update).toBe(t > 0);
      page = withDensity(page, density);
      // Counted from scratch: the spikes of every frame so far, in the window ending at t + 4.
      const oracle = new DensityGrid(density.layout);
      oracle.advanceTo(timeWindow(t + 4, 100)[1]);
      for (let s = 0; s < t + 4; s += 4) {
        const f = everyone(100, s, s + 4);
        const k = Array.from(f.neurons, (n) => n % 3 !== (s / 4) % 3);
        oracle.add(f.neurons.filter((_, i) => k[i]), f.times.filter((_, i) => k[i]));
      }
      expect(page?.firstBin).toBe(oracle.firstBin);
      expect(page?.snapshot()).toEqual(oracle.snapshot());
    }
    // A 4 ms frame on 2 ms bins changes 3 or 4 of the 51 bins (the newest one again, then the new ones).
    expect(Math.max(...widths)).toBeLessThanOrEqual(4);
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(2);
  });

  it('sends the whole grid when asked, so a page that missed an update draws it right again', () => {
    const feed = new RasterFeed(100, view({ height: 10, width: 50 }));
    const a = everyone(100, 0, 150);
    const page = withDensity(null, feed.frame(a.neurons, a.times, 150).raster.density);
    const b = everyone(100, 150, 160);
    feed.frame(b.neurons, b.times, 160); // missed by the page
    const c = everyone(100, 160, 164);
    const update = feed.frame(c.neurons, c.times, 164).raster.density;
    const whole = feed.frame(new Int32Array(0), new Float64Array(0), 164, true).raster.density;
    expect(update?.update).toBe(true);
    expect(whole).toMatchObject({ update: false, fromBin: whole?.firstBin, columns: 51 });
    const patched = withDensity(page, update ?? null);
    // Without the whole grid, bins 75-79 (150-160 ms) stay empty; with it, 10 neurons x 2 ms = 20 each.
    expect(patched?.bins(75, 80).subarray(0, 5)).toEqual(new Uint16Array(5));
    const mended = withDensity(patched, whole ?? null);
    expect(mended?.bins(75, 80).subarray(0, 5)).toEqual(Uint16Array.from([20, 20, 20, 20, 20]));
  });

  it('sends a big network only the band spikes, and the band history again for a new view', () => {
    const n = COMPLETE_MAX_NEURONS + 1000;
    const feed = new RasterFeed(n);
    const a = everyone(n, 0, 3);
    // Before the page has sent a view, nothing to draw.
    expect(feed.frame(a.neurons, a.times, 3)).toMatchObject({ neurons: new Int32Array(0), raster: { viewId: -1, complete: false, totalSpikes: 3 * n } });

    feed.setView(view({ first: 500, count: 40, height: 300 }));
    const b = everyone(n, 3, 4);
    const replaced = feed.frame(b.neurons, b.times, 4);
    // The band's spikes of the whole window so far: 4 ms x 40 neurons, oldest first.
    expect(replaced.raster).toMatchObject({ mode: 'spikes', replace: true, totalSpikes: 4 * n });
    expect(replaced.neurons.length).toBe(160);
    expect(Math.min(...replaced.neurons)).toBe(500);
    expect(Math.max(...replaced.neurons)).toBe(539);
    expect(Array.from(replaced.times.subarray(0, 1))).toEqual([0]);

    const c = everyone(n, 4, 5);
    const next = feed.frame(c.neurons, c.times, 5);
    expect(next.raster.replace).toBe(false);
    expect(next.neurons.length).toBe(40);
    expect(Array.from(next.times).every((t) => t === 4)).toBe(true);

    // Zoomed out over the whole network: density only, no spikes.
    feed.setView(view({ id: 2, first: 0, count: n, height: 300, width: 100 }));
    const d = everyone(n, 5, 6);
    const dense = feed.frame(d.neurons, d.times, 6);
    expect(dense.neurons.length).toBe(0);
    expect(dense.raster).toMatchObject({ viewId: 2, mode: 'density' });
    expect(sum(dense.raster.density?.counts ?? [])).toBe(6 * n);
  });

  it('draws a fixed span of time from the history and ignores spikes after it', () => {
    const feed = new RasterFeed(100);
    const a = everyone(100, 0, 20);
    feed.frame(a.neurons, a.times, 20);
    feed.setView(view({ span: [5, 15], width: 10, height: 4 }));
    const b = everyone(100, 20, 21);
    const density = feed.frame(b.neurons, b.times, 21).raster.density;
    // Ten 1 ms bins centred on the steps 5-14, 25 neurons a row: 25 spikes in every cell.
    expect(density).toMatchObject({ layout: { rows: 4, columns: 10, binMs: 1, origin: 4.5, scroll: false }, firstBin: 0, columns: 10, update: false });
    expect(Array.from(density?.counts ?? [])).toEqual(Array<number>(40).fill(25));
  });

  it('makes time bins no narrower than a step', () => {
    // 20 ms on 50 pixels at dt = 0.5: 40 bins of one step each, one spike on every step, one in each bin.
    const feed = new RasterFeed(4, view({ windowMs: 20, width: 50, height: 2 }), 0.5);
    const times = Float64Array.from({ length: 40 }, (_, k) => k * 0.5);
    const density = feed.frame(new Int32Array(40), times, 20).raster.density;
    expect(density).toMatchObject({ layout: { rows: 2, columns: 41, binMs: 0.5, origin: -0.25 }, firstBin: 0, columns: 41 });
    expect(Array.from(density?.counts.subarray(0, 41) ?? [])).toEqual([...Array<number>(40).fill(1), 0]);
  });

  it('clamps a band past the end of a network that shrank', () => {
    const feed = new RasterFeed(50, view({ first: 80, count: 40, height: 10 }));
    const a = everyone(50, 0, 1);
    const out = feed.frame(a.neurons, a.times, 1);
    expect(out.raster.mode).toBe('spikes');
    expect(out.neurons.length).toBe(50);
  });

  it('starts counting again after a reset', () => {
    const feed = new RasterFeed(10);
    const a = everyone(10, 0, 3);
    feed.frame(a.neurons, a.times, 3);
    feed.reset();
    const b = everyone(10, 0, 1);
    expect(feed.frame(b.neurons, b.times, 1).raster.totalSpikes).toBe(10);
  });

  it('keeps the drawn spikes, renumbered, when an edited network takes over the run', () => {
    // 100 neurons on 10 density rows; every neuron fired in each of the first 30 ms.
    const old = new RasterFeed(100, view({ height: 10, width: 50 }));
    const a = everyone(100, 0, 30);
    old.frame(a.neurons, a.times, 30);
    // The edit removed neuron 0 and moved every other one down a place.
    const map = Int32Array.from({ length: 100 }, (_, i) => i - 1);
    const edited = new RasterFeed(99, view({ height: 9, width: 50 }));
    edited.carryFrom(old, map);
    const out = edited.frame(new Int32Array(0), new Float64Array(0), 30).raster;
    expect(out.totalSpikes).toBe(3000);
    // 99 neurons x 30 ms are drawn, 11 neurons a row: neuron 1 of old is row 0's first neuron now.
    expect(sum(out.density?.counts ?? [])).toBe(99 * 30);
    expect(out.density?.counts[0]).toBe(11 * 2);
    // Without the carry the grid is empty until new spikes come.
    const fresh = new RasterFeed(99, view({ height: 9, width: 50 })).frame(new Int32Array(0), new Float64Array(0), 30).raster;
    expect(sum(fresh.density?.counts ?? [])).toBe(0);
  });

  it('counts a big network\'s spikes per group, whether its groups tile it in order or not', () => {
    const n = COMPLETE_MAX_NEURONS + 1000;
    // Random neurons (and two outside the network), three groups tiling it, then the same groups out of order with a gap.
    const neurons = Int32Array.from({ length: 5000 }, (_, i) => (i * 7919) % n);
    neurons[0] = -1;
    neurons[1] = n;
    const times = new Float64Array(neurons.length);
    const direct = (groups: { start: number; size: number }[]) =>
      groups.map((g) => neurons.filter((x) => x >= g.start && x < g.start + g.size).length);
    const tiling = [{ start: 0, size: 100 }, { start: 100, size: 12_000 }, { start: 12_100, size: n - 12_100 }];
    const scattered = [{ start: 12_100, size: n - 12_100 }, { start: 0, size: 100 }, { start: 200, size: 11_900 }];
    for (const groups of [tiling, scattered]) {
      const counts = new RasterFeed(n, view({ count: n }), 1, groups).frame(neurons, times, 1).raster.groupSpikes;
      expect(Array.from(counts ?? [])).toEqual(direct(groups));
      expect(sum(counts ?? [])).toBeGreaterThan(4000);
    }
  });
});
