import * as d3 from 'd3';
import type { PatternThumbnail } from '../../core/analysis/sweeps.ts';
import { traceColor } from '../plotTheme.ts';

/** The drawing's own units (the SVG scales to its cell): v on top, the input strip under it, as in the figure. */
const WIDTH = 120;
const V_TOP = 2;
const V_HEIGHT = 50;
const INPUT_TOP = 58;
const INPUT_HEIGHT = 10;
export const THUMBNAIL_VIEWBOX = `0 0 ${WIDTH} ${INPUT_TOP + INPUT_HEIGHT + 2}`;
/** One bin per unit of width, so every bin gets its own column. */
export const THUMBNAIL_BUCKETS = WIDTH;

const V_COLOR = traceColor(0);
const INPUT_COLOR = '#4a5260';

/** [least, greatest] of two arrays together, widened around a flat signal so it draws as a level line mid-band. */
function extent(lo: Float32Array, hi: Float32Array): [number, number] {
  let a = Infinity;
  let b = -Infinity;
  for (let k = 0; k < lo.length; k++) {
    if (lo[k] < a) a = lo[k];
    if (hi[k] > b) b = hi[k];
  }
  if (!(a <= b)) return [-1, 1];
  return b - a < 1e-9 ? [a - 1, b + 1] : [a, b];
}

/**
 * The band between the least and the greatest value of each bin. A spike is one bin reaching +30 mV,
 * so it shows as a thin upstroke however many steps the bin holds; a brief pulse likewise.
 */
function bandPath(lo: Float32Array, hi: Float32Array, top: number, height: number): string {
  const [a, b] = extent(lo, hi);
  const y = d3.scaleLinear().domain([a, b]).range([top + height, top]);
  const x = (k: number): number => ((k + 0.5) * WIDTH) / lo.length;
  const area = d3
    .area<number>()
    .x((k) => x(k))
    .y0((k) => y(lo[k]))
    .y1((k) => y(hi[k]));
  return area(d3.range(lo.length)) ?? '';
}

/** A pattern's computed run in miniature: v as a band of its per-bin range, the input's time course under it. */
export function PatternThumbnailDrawing({ thumbnail }: { thumbnail: PatternThumbnail }) {
  return (
    <svg className="pattern-thumb" viewBox={THUMBNAIL_VIEWBOX} preserveAspectRatio="none" aria-hidden="true" data-spikes={thumbnail.spikeCount}>
      <path className="pattern-thumb-v" d={bandPath(thumbnail.vMin, thumbnail.vMax, V_TOP, V_HEIGHT)} fill={V_COLOR} stroke={V_COLOR} />
      <path
        className="pattern-thumb-input"
        d={bandPath(thumbnail.inputMin, thumbnail.inputMax, INPUT_TOP, INPUT_HEIGHT)}
        fill={INPUT_COLOR}
        stroke={INPUT_COLOR}
      />
    </svg>
  );
}

/** Where a thumbnail will be, until the Worker has computed it: the same box, empty. */
export function PatternThumbnailPlaceholder() {
  return (
    <svg className="pattern-thumb is-pending" viewBox={THUMBNAIL_VIEWBOX} preserveAspectRatio="none" aria-hidden="true">
      <rect x={0} y={V_TOP} width={WIDTH} height={V_HEIGHT} />
      <rect x={0} y={INPUT_TOP} width={WIDTH} height={INPUT_HEIGHT} />
    </svg>
  );
}
