/**
 * The SVG path of one trace series, written straight into the path text. The traces redraw with
 * every Worker frame; building [x, y] pairs for d3.line made each draw allocate a thousand small
 * arrays per series (garbage collection then paused frames during a slider drag), and d3's path text
 * carried full precision where a tenth of a pixel draws the same.
 */
import type { TraceRing } from '../liveData.ts';

/** Width of a decimation bucket, CSS px: each keeps its min and max sample. */
export const BUCKET_PX = 2;

/** Round to a tenth of a pixel: the same picture, a shorter path for the browser to parse. */
const tenth = (px: number): number => Math.round(px * 10) / 10;

/**
 * Path data of `values` over ring samples [i0, length): every sample, or, when there are more than
 * two per BUCKET_PX pixels, each bucket's min and max in the order they occurred (so spike peaks and
 * resets stay visible however many samples share a column). A NaN sample (before the series was
 * watched) breaks the line. `x` maps a time (ms) to px, `y` a value to px; `pixels` is the plot's width.
 */
export function tracePath(ring: TraceRing, values: Float32Array, i0: number, x: (t: number) => number, y: (v: number) => number, pixels: number): string {
  let d = '';
  let drawing = false;
  const point = (px: number, v: number): void => {
    if (Number.isNaN(v)) {
      drawing = false;
      return;
    }
    d += `${drawing ? 'L' : 'M'}${tenth(px)},${tenth(y(v))}`;
    drawing = true;
  };
  const n = ring.length - i0;
  if (n <= 0) return d;
  if (n <= (pixels / BUCKET_PX) * 2) {
    for (let k = i0; k < ring.length; k++) {
      const slot = ring.at(k);
      point(x(ring.times[slot]), values[slot]);
    }
    return d;
  }
  let col = Number.NaN;
  let minV = Infinity;
  let maxV = -Infinity;
  let minX = 0;
  let maxX = 0;
  let minK = 0;
  let maxK = 0;
  const flush = (): void => {
    if (Number.isNaN(col)) return;
    if (minV > maxV) point(col * BUCKET_PX, Number.NaN);
    else if (minK === maxK) point(minX, minV);
    else if (minK < maxK) {
      point(minX, minV);
      point(maxX, maxV);
    } else {
      point(maxX, maxV);
      point(minX, minV);
    }
  };
  for (let k = i0; k < ring.length; k++) {
    const slot = ring.at(k);
    const px = x(ring.times[slot]);
    const c = Math.floor(px / BUCKET_PX);
    if (c !== col) {
      flush();
      col = c;
      minV = Infinity;
      maxV = -Infinity;
    }
    const v = values[slot];
    if (Number.isNaN(v)) continue;
    if (v < minV) {
      minV = v;
      minX = px;
      minK = k;
    }
    if (v > maxV) {
      maxV = v;
      maxX = px;
      maxK = k;
    }
  }
  flush();
  return d;
}
