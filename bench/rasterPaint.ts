/**
 * The raster's density paint on its own (Node): a 100,000-neuron grid as the Worker sends it for a
 * live window (--width W --height H device pixels, default 1000 x 400; a column per pixel plus one),
 * painted --runs R times (default 300); prints the median and 10th percentile ms per paint. With
 * --compare DIR the paint of that checkout (e.g. the code before a change) runs alternately with this
 * one and both are printed.
 * Last line: bench:raster-paint: <W>x<H> <ms> ms (p10 <ms>)[ compare <ms> ms (p10 <ms>)]
 */
import { DensityGrid } from '../src/core/analysis/rasterDensity.ts';
import { excitatoryInhibitorySummary } from '../test/helpers.ts';
import { median } from '../src/core/iris/metrics.ts';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as RasterPaint from '../src/ui/components/rasterPaint.ts';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}
const W = Number(option('width', '1000'));
const H = Number(option('height', '400'));
const runs = Number(option('runs', '300'));
const compareAt = process.argv.indexOf('--compare');
const compare = compareAt >= 0 ? (process.argv[compareAt + 1] ?? null) : null;

const N = 100_000;
const network = excitatoryInhibitorySummary(N);

/** The grid of a live 1 s window after 3.7 s of a run (so the ring wraps), about 8 Hz per neuron with bursts. */
export function liveGrid(width: number, height: number, windowMs = 1000, seed = 1): DensityGrid {
  const columns = width;
  const grid = new DensityGrid({ first: 0, count: N, rows: height, columns: columns + 1, binMs: windowMs / columns, origin: -0.25, scroll: true });
  let s = seed >>> 0;
  const random = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const end = 3700;
  grid.advanceTo(end);
  const neurons: number[] = [];
  const times: number[] = [];
  for (let t = end - windowMs - 5; t <= end; t += 0.5) {
    // A gamma-like rhythm: most spikes in bursts every 25 ms.
    const rate = 8 * (Math.abs(((t % 25) - 12.5) / 12.5) < 0.2 ? 4 : 0.3);
    const expected = (N * rate * 0.5) / 1000;
    const k = Math.round(expected * (0.5 + random()));
    for (let j = 0; j < k; j++) {
      neurons.push(Math.floor(random() * N));
      times.push(t);
    }
  }
  grid.add(Int32Array.from(neurons), Float64Array.from(times));
  return grid;
}

type Paint = typeof RasterPaint;
function imageOf(width: number, height: number): ImageData {
  return { data: new Uint8ClampedArray(width * height * 4), width, height, colorSpace: 'srgb' };
}

function timer(paint: Paint): () => number {
  const grid = liveGrid(W, H);
  const px = paint.pixelsFor({ createImageData: imageOf }, W, H, null);
  const t1 = 3700;
  const options = { network, first: 0, count: N, t0: t1 - 1000, t1, selectedIndex: -1, dpr: 1 };
  return () => {
    const started = performance.now();
    paint.paintDensity(px, options, grid);
    return performance.now() - started;
  };
}

const mine = timer(await import('../src/ui/components/rasterPaint.ts'));
/** The other checkout's module has the two functions used here (their types are this tree's). */
function isPaint(m: unknown): m is Paint {
  return typeof m === 'object' && m !== null && 'paintDensity' in m && typeof m.paintDensity === 'function' && 'pixelsFor' in m && typeof m.pixelsFor === 'function';
}
const other: unknown = compare ? await import(pathToFileURL(resolve(compare, 'src/ui/components/rasterPaint.ts')).href) : null;
if (compare && !isPaint(other)) throw new Error(`${compare}: no paintDensity and pixelsFor in src/ui/components/rasterPaint.ts`);
const theirs = isPaint(other) ? timer(other) : null;
const a: number[] = [];
const b: number[] = [];
for (let k = 0; k < runs; k++) {
  a.push(mine());
  if (theirs) b.push(theirs());
}
const p10 = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length * 0.1)];
const text = (xs: number[]) => `${median(xs).toFixed(2)} ms (p10 ${p10(xs).toFixed(2)})`;
console.log(`bench:raster-paint: ${W}x${H} ${text(a)}${theirs ? ` compare ${text(b)}` : ''}`);
