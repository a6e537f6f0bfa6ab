import { describe, expect, it } from 'vitest';
import { DensityGrid, type DensityLayout } from '../../core/analysis/rasterDensity.ts';
import { excitatoryInhibitorySummary } from '../../../test/helpers.ts';
import { DENSITY_SHADES, paintDensity, pixelsFor, type PaintOptions, type Pixels } from './rasterPaint.ts';

const N = 1000;
const network = excitatoryInhibitorySummary(N);

const maker = { createImageData: (width: number, height: number): ImageData => ({ data: new Uint8ClampedArray(width * height * 4), width, height, colorSpace: 'srgb' }) };

/**
 * The density paint written the straightforward way (each pixel looks up its cell and its shade),
 * onto pixels whose background a paintDensity call has prepared and whose norm starts at `norm`.
 */
function straightforward(px: Pixels, o: PaintOptions, grid: DensityGrid): void {
  const W = px.image.width;
  const H = px.image.height;
  px.words.set(px.background);
  const { rows, columns, binMs, first, count } = grid.layout;
  const kept = grid.snapshot(); // row-major, oldest bin first
  const colOf = (x: number): number => {
    const c = Math.floor((o.t0 + ((x + 0.5) / W) * (o.t1 - o.t0) - grid.start) / binMs);
    return c >= 0 && c < columns ? c : -1;
  };
  const cols = Array.from({ length: W }, (_, x) => colOf(x)).filter((c) => c >= 0);
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (const c of new Set(cols).size > 0 ? range(Math.min(...cols), Math.max(...cols)) : []) {
      if (kept[r * columns + c] > 0) values.push(kept[r * columns + c]);
    }
  }
  const capped = values.map((v) => Math.min(1023, v)).sort((a, b) => a - b);
  const p99 = capped.length === 0 ? 1 : capped[Math.max(0, Math.ceil(capped.length * 0.99) - 1)];
  px.densityNorm = px.densityNorm > 0 ? px.densityNorm * 0.8 + p99 * 0.2 : p99;
  const norm = Math.max(1, px.densityNorm);
  for (let y = 0; y < H; y++) {
    const neuron = o.first + ((y + 0.5) / H) * o.count - first;
    if (!(neuron >= 0 && neuron < count)) continue;
    const r = Math.floor((neuron * rows) / count);
    const role = network.roles[first + Math.floor(((r + 0.5) * count) / rows)] === 1 ? 1 : 0;
    for (let x = 0; x < W; x++) {
      const c = colOf(x);
      if (c < 0) continue;
      const v = kept[r * columns + c];
      if (v > 0) px.words[y * W + x] = DENSITY_SHADES[role][Math.min(255, Math.floor(Math.sqrt(v / norm) * 255))];
    }
  }
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, k) => a + k);
}

/** A grid with random counts (some cells empty, some large), its ring wrapped at `end` ms. */
function randomGrid(layout: DensityLayout, end: number, seed: number): DensityGrid {
  const grid = new DensityGrid(layout);
  let s = seed;
  const random = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  grid.advanceTo(end);
  const neurons: number[] = [];
  const times: number[] = [];
  for (let t = Math.max(0, end - 3000); t <= end; t += 0.5) {
    const k = random() < 0.1 ? 400 : Math.floor(random() * 20);
    for (let j = 0; j < k; j++) {
      neurons.push(layout.first + Math.floor(random() * layout.count));
      times.push(t);
    }
  }
  grid.add(Int32Array.from(neurons), Float64Array.from(times));
  return grid;
}

function both(W: number, H: number, o: PaintOptions, grids: DensityGrid[]): { fast: Uint32Array; plain: Uint32Array; darkest: number[] } {
  const fast = pixelsFor(maker, W, H, null);
  const plain = pixelsFor(maker, W, H, null);
  paintDensity(plain, o, grids[0]); // prepares the background
  plain.densityNorm = 0;
  const darkest: number[] = [];
  for (const grid of grids) {
    darkest.push(paintDensity(fast, o, grid).darkest);
    straightforward(plain, o, grid);
  }
  return { fast: fast.words, plain: plain.words, darkest };
}

describe('paintDensity', () => {
  it('paints a live window (a column per pixel, the ring wrapped) exactly as the straightforward painting', () => {
    const W = 300;
    const H = 120;
    const layout: DensityLayout = { first: 0, count: N, rows: H, columns: W + 1, binMs: 1000 / W, origin: -0.25, scroll: true };
    const grids = [randomGrid(layout, 2345.5, 1), randomGrid(layout, 2600, 2)];
    const o: PaintOptions = { network, first: 0, count: N, t0: 1600, t1: 2600, selectedIndex: 850, dpr: 1 };
    const { fast, plain, darkest } = both(W, H, o, grids);
    expect(darkest[1]).toBeGreaterThan(1);
    expect(fast.filter((w) => w !== 0).length).toBeGreaterThan(W * H * 0.5);
    expect(new Set(fast).size).toBeGreaterThan(20);
    expect(fast).toEqual(plain);
  });

  it('and a zoomed span (bins wider than pixels), a band partly off the grid and pixels before its first bin', () => {
    const W = 257;
    const H = 90;
    const layout: DensityLayout = { first: 100, count: 700, rows: 50, columns: 40, binMs: 5, origin: 490, scroll: false };
    const grid = randomGrid(layout, 690, 3);
    const o: PaintOptions = { network, first: 50, count: 900, t0: 470, t1: 700, selectedIndex: 300, dpr: 2 };
    const { fast, plain } = both(W, H, o, [grid]);
    expect(fast.filter((w) => w !== 0).length).toBeGreaterThan(W * H * 0.3);
    expect(fast).toEqual(plain);
  });

  it('shows only the background when no pixel column is in the grid', () => {
    const layout: DensityLayout = { first: 0, count: N, rows: 40, columns: 20, binMs: 1, origin: 0, scroll: false };
    const grid = randomGrid(layout, 19, 4);
    const o: PaintOptions = { network, first: 0, count: N, t0: 100, t1: 200, selectedIndex: -1, dpr: 1 };
    const { fast, plain, darkest } = both(50, 40, o, [grid]);
    expect(darkest).toEqual([1]);
    expect(fast).toEqual(plain);
  });
});
