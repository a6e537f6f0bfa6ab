/**
 * The raster's zoom: a band of neurons and, optionally, a fixed span of time (otherwise the live
 * window). Pure functions of the zoom, so the buttons, the keys and the brush agree (tested in Node).
 */

export interface RasterZoom {
  /** The band: neurons [first, first + count). */
  first: number;
  count: number;
  /** A fixed span [start, end], ms; null follows the live window. */
  span: [number, number] | null;
}

export const fullZoom = (neuronCount: number): RasterZoom => ({ first: 0, count: Math.max(1, neuronCount), span: null });

/** Fewest neurons a band shows (one neuron per row would make a tall raster of a handful of rows). */
const MIN_BAND = 8;
/** Shortest span of time, ms. */
const MIN_SPAN_MS = 10;

/** A band of `count` neurons as close to `first` as fits in the network. */
function clampBand(first: number, count: number, neuronCount: number): { first: number; count: number } {
  const total = Math.max(1, neuronCount);
  const c = Math.max(Math.min(MIN_BAND, total), Math.min(total, Math.round(count)));
  const f = Math.max(0, Math.min(total - c, Math.round(first)));
  return { first: f, count: c };
}

/** Scales the band by `factor` (0.5 = zoom in twice) around its middle. */
export function zoomNeurons(zoom: RasterZoom, factor: number, neuronCount: number): RasterZoom {
  const mid = zoom.first + zoom.count / 2;
  const count = zoom.count * factor;
  return { ...zoom, ...clampBand(mid - count / 2, count, neuronCount) };
}

/** Moves the band by `fraction` of its height (negative: towards neuron 0). */
export function panNeurons(zoom: RasterZoom, fraction: number, neuronCount: number): RasterZoom {
  return { ...zoom, ...clampBand(zoom.first + zoom.count * fraction, zoom.count, neuronCount) };
}

/** Scales the span of time by `factor` around its middle; a live window becomes a fixed span first. */
export function zoomTime(zoom: RasterZoom, factor: number, window: [number, number]): RasterZoom {
  const [t0, t1] = zoom.span ?? window;
  const mid = (t0 + t1) / 2;
  const half = Math.max(MIN_SPAN_MS, (t1 - t0) * factor) / 2;
  const start = Math.max(0, mid - half);
  return { ...zoom, span: [start, start + 2 * half] };
}

/** The band and span a brushed rectangle covers (neurons and ms), each left as it was when too thin to mean it. */
export function zoomTo(
  zoom: RasterZoom,
  neurons: [number, number] | null,
  span: [number, number] | null,
  neuronCount: number,
): RasterZoom {
  let next = zoom;
  if (neurons) {
    const [a, b] = neurons[0] <= neurons[1] ? neurons : [neurons[1], neurons[0]];
    next = { ...next, ...clampBand(Math.floor(a), Math.ceil(b) - Math.floor(a), neuronCount) };
  }
  if (span) {
    const [a, b] = span[0] <= span[1] ? span : [span[1], span[0]];
    const mid = (a + b) / 2;
    const half = Math.max(MIN_SPAN_MS, b - a) / 2;
    next = { ...next, span: [Math.max(0, mid - half), Math.max(0, mid - half) + 2 * half] };
  }
  return next;
}
