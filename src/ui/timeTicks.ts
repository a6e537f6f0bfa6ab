/**
 * A bottom time axis with d3's axisBottom look (the same line, ticks and text attributes), for axes that
 * scroll with a run. d3's axis keys ticks by position, so each new tick set (ten a second per axis at
 * 1x) rewrote every tick's text, and a rewritten text is shaped and laid out again; it also set every
 * tick's transform in every frame. Here the ticks are keyed by their time and held in one group: an
 * entering tick is the only one written, and between tick changes one transform on the group moves
 * them all.
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

/** Where a group's ticks were placed: their times, the scale's slope then, and one tick's time and pixel. */
interface Placed {
  key: string;
  slope: number;
  anchorMs: number;
  anchorPx: number;
}

const placed = new WeakMap<SVGGElement, Placed>();

const slopeOf = (x: d3.ScaleLinear<number, number>): number => {
  const [t0, t1] = x.domain();
  const [r0, r1] = x.range();
  return t1 !== t0 ? (r1 - r0) / (t1 - t0) : 0;
};

/**
 * Draws into `node` (a bottom axis group) the axis line over `x`'s range and ticks at `values` with
 * their text (`format`). `key` names what the text depends on beyond the times (labels, unit, precision).
 */
export function drawTimeTicks(node: SVGGElement, x: d3.ScaleLinear<number, number>, values: readonly number[], format: (ms: number) => string, key: string): void {
  const offset = tickOffset();
  const [r0, r1] = x.range();
  const slope = slopeOf(x);
  const group = node.querySelector<SVGGElement>(':scope > g.ticks');
  const last = group ? placed.get(group) : undefined;
  const setKey = `${key} ${r0} ${r1} ${values.join(' ')}`;
  // The same ticks on the same slope: they only moved.
  if (group && last && last.key === setKey && Math.abs(last.slope - slope) <= 1e-9 * Math.abs(slope) && values.length > 0) {
    const shift = x(last.anchorMs) - last.anchorPx;
    setAttr(group, 'transform', `translate(${shift},0)`);
    return;
  }

  setAttr(node, 'fill', 'none');
  setAttr(node, 'font-size', '10');
  setAttr(node, 'font-family', 'sans-serif');
  setAttr(node, 'text-anchor', 'middle');
  const g = d3.select(node);
  let domain = g.select<SVGPathElement>(':scope > path.domain');
  if (domain.empty()) domain = g.insert('path', ':first-child').attr('class', 'domain').attr('stroke', 'currentColor');
  const domainNode = domain.node();
  if (domainNode) setAttr(domainNode, 'd', `M${r0 + offset},${offset}H${r1 + offset}`);
  let ticks = g.select<SVGGElement>(':scope > g.ticks');
  if (ticks.empty()) ticks = g.append('g').attr('class', 'ticks');
  const ticksNode = ticks.node();
  if (!ticksNode) return;
  setAttr(ticksNode, 'transform', 'translate(0,0)');
  ticks.selectAll<SVGGElement, number>('g.tick')
    .data(values, (d) => String(d))
    .join((enter) => {
      const tick = enter.append('g').attr('class', 'tick').attr('opacity', 1);
      tick.append('line').attr('stroke', 'currentColor').attr('y2', TICK_SIZE);
      tick.append('text').attr('fill', 'currentColor').attr('y', TICK_SIZE + TICK_PADDING).attr('dy', '0.71em');
      return tick;
    })
    .each(function (d) {
      setAttr(this, 'transform', `translate(${x(d) + offset},0)`);
      const text = this.lastElementChild;
      if (text) setText(text, format(d));
    });
  const anchorMs = values.length > 0 ? values[0] : 0;
  placed.set(ticksNode, { key: setKey, slope, anchorMs, anchorPx: x(anchorMs) });
}
