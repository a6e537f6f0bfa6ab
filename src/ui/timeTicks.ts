/**
 * A bottom time axis with d3's axisBottom look (the same line, ticks and text attributes), for axes that
 * scroll with a run. d3's axis keys ticks by position, so each new tick set (ten a second per axis at
 * 1x) rewrote every tick's text, and a rewritten text is shaped and laid out again; it also set every
 * tick's transform in every frame. Here the ticks are keyed by their time and held in one group: an
 * entering tick is the only one written, and one transform on the group moves them all.
 */
import * as d3 from 'd3';
import { setAttr, setText } from './domWrites.ts';

/** d3's axis defaults: tick length and the gap to the text. */
const TICK_SIZE = 6;
const TICK_PADDING = 3;

/** d3's axis puts ticks half a pixel off on standard-density screens so 1 px lines stay sharp. */
function tickOffset(): number {
  return window.devicePixelRatio > 1 ? 0 : 0.5;
}

/** Where a group's ticks were placed: their times, the scale's range and slope then, and the time and pixel the group's shift is measured from. */
interface Placed {
  key: string;
  r0: number;
  r1: number;
  slope: number;
  anchorMs: number;
  anchorPx: number;
}

const placed = new WeakMap<SVGGElement, Placed>();

/**
 * How far the group may move before its ticks are placed afresh, px: SVG keeps coordinates in single
 * precision, so a shift grown over an hour's run would blur the ticks' positions.
 */
const MAX_SHIFT_PX = 10_000;

const slopeOf = (x: d3.ScaleLinear<number, number>): number => {
  const [t0, t1] = x.domain();
  const [r0, r1] = x.range();
  return t1 !== t0 ? (r1 - r0) / (t1 - t0) : 0;
};

/** A tick's place to a thousandth of a pixel, so that one placed again on the same spot writes the same text. */
const px = (v: number): number => Math.round(v * 1000) / 1000;

/**
 * Draws into `node` (a bottom axis group) the axis line over `x`'s range and ticks at `values` with
 * their text (`format`). `key` names what the text depends on beyond the times (labels, unit, precision).
 */
export function drawTimeTicks(node: SVGGElement, x: d3.ScaleLinear<number, number>, values: readonly number[], format: (ms: number) => string, key: string): void {
  const offset = tickOffset();
  const [r0, r1] = x.range();
  const slope = slopeOf(x);
  const g = d3.select(node);
  const existing = node.querySelector<SVGGElement>(':scope > g.ticks');
  const last = existing ? placed.get(existing) : undefined;
  const setKey = `${key} ${values.join(' ')}`;
  // On the same scale the ticks keep their places in the group, and the group moves.
  const sameScale = last !== undefined && last.r0 === r0 && last.r1 === r1 && Math.abs(last.slope - slope) <= 1e-9 * Math.abs(slope);
  let anchorMs = sameScale ? last.anchorMs : (values[0] ?? 0);
  let anchorPx = sameScale ? last.anchorPx : x(anchorMs);
  let shift = x(anchorMs) - anchorPx;
  const reanchor = Math.abs(shift) > MAX_SHIFT_PX;
  if (reanchor) {
    anchorMs = values[0] ?? 0;
    anchorPx = x(anchorMs);
    shift = 0;
  }
  const ticksNode = existing ?? g.append('g').attr('class', 'ticks').node();
  if (!ticksNode) return;
  const ticks = d3.select(ticksNode);
  setAttr(ticksNode, 'transform', `translate(${px(shift)},0)`);
  // The same ticks: they only moved.
  if (sameScale && !reanchor && last.key === setKey) return;

  setAttr(node, 'fill', 'none');
  setAttr(node, 'font-size', '10');
  setAttr(node, 'font-family', 'sans-serif');
  setAttr(node, 'text-anchor', 'middle');
  let domain = g.select<SVGPathElement>(':scope > path.domain');
  if (domain.empty()) domain = g.insert('path', ':first-child').attr('class', 'domain').attr('stroke', 'currentColor');
  const domainNode = domain.node();
  if (domainNode) setAttr(domainNode, 'd', `M${r0 + offset},${offset}H${r1 + offset}`);
  // A tick entering gets its place and text; the others keep theirs (the same place within the group).
  ticks.selectAll<SVGGElement, number>('g.tick')
    .data(values, (d) => String(d))
    .join((enter) => {
      const tick = enter.append('g').attr('class', 'tick').attr('opacity', 1);
      tick.append('line').attr('stroke', 'currentColor').attr('y2', TICK_SIZE);
      tick.append('text').attr('fill', 'currentColor').attr('y', TICK_SIZE + TICK_PADDING).attr('dy', '0.71em');
      return tick;
    })
    .each(function (d) {
      setAttr(this, 'transform', `translate(${px(x(d) + offset - shift)},0)`);
      const text = this.lastElementChild;
      if (text) setText(text, format(d));
    });
  placed.set(ticksNode, { key: setKey, r0, r1, slope, anchorMs, anchorPx });
}
