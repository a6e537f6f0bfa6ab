import { useId, useRef } from 'react';
import * as d3 from 'd3';
import type { TraceVariable } from '../../core/experiment/types.ts';
import { useAnimationFrame, useElementSize } from '../hooks.ts';
import { liveData, seriesKey, type TraceRing } from '../liveData.ts';
import { PLOT_MARGIN, plotMargin, timeWindow, traceColor, VARIABLE_LABELS } from '../plotTheme.ts';
import { useLabStore } from '../store.ts';
import { groupLabelRoom } from '../groupLabelRoom.ts';
import { drawTimeAxis, timeAxisFor } from '../timeAxis.ts';
import { setAttr, setText } from '../domWrites.ts';
import { plotFrames } from '../dragFrames.ts';
import { tracePath } from './tracePath.ts';

const MARGIN = PLOT_MARGIN;
const GAP = 12;
/** Width of a trace line, CSS px (presentation mode draws them wider, styles.css). */
export const TRACE_STROKE_PX = 1;
/** The membrane potential axis never shrinks below this, mV (spike peaks reach +30). */
const V_DOMAIN: [number, number] = [-90, 40];

/** Top to bottom: the input right under v (what drives it), then the internal variables. */
const DISPLAY_ORDER: readonly TraceVariable[] = ['v', 'iext', 'u', 'g', 'isyn'];
/** Height of the input chart under v, px: enough to show a step's level and sign, no more. */
const INPUT_MIN_PX = 34;
const INPUT_MAX_PX = 64;

/** Least readable heights, px: v with its spike peaks and ticks 20 mV apart; each smaller chart. */
const V_MIN_PX = 140;
const SMALL_MIN_PX = 48;

/** The least height of the traces plot for these variables: every chart at its least readable height. */
export function tracesMinHeight(variables: readonly TraceVariable[]): number {
  const n = variables.length;
  if (n === 0) return MARGIN.top + MARGIN.bottom + SMALL_MIN_PX;
  const hasV = variables.includes('v');
  const hasInput = hasV && variables.includes('iext');
  const others = n - (hasV ? 1 : 0) - (hasInput ? 1 : 0);
  return MARGIN.top + MARGIN.bottom + GAP * (n - 1) + (hasV ? V_MIN_PX : 0) + (hasInput ? INPUT_MIN_PX : 0) + SMALL_MIN_PX * others;
}

interface Chart {
  variable: TraceVariable;
  top: number;
  height: number;
}

/**
 * Stacks one chart per variable, sharing the x axis at the bottom: v large; the input current directly
 * under it and shorter than the rest, as the input line under each panel of Izhikevich's figures (it
 * only has to show when a step or pulse is on); the other variables small, below.
 */
function layoutCharts(selected: TraceVariable[], height: number): Chart[] {
  const inner = Math.max(0, height - MARGIN.top - MARGIN.bottom);
  const variables = [...selected].sort((p, q) => DISPLAY_ORDER.indexOf(p) - DISPLAY_ORDER.indexOf(q));
  const n = variables.length;
  if (n === 0) return [];
  const room = Math.max(0, inner - GAP * (n - 1));
  const hasV = variables.includes('v');
  const hasInput = hasV && variables.includes('iext');
  const others = n - (hasV ? 1 : 0) - (hasInput ? 1 : 0);
  let input = hasInput ? clamp(room * 0.2, INPUT_MIN_PX, INPUT_MAX_PX) : 0;
  let small = hasV ? clamp((room - input) * (others === 1 ? 0.33 : 0.22), SMALL_MIN_PX, 110) : room / n;
  let vHeight = hasV ? Math.max(V_MIN_PX, room - input - small * others) : 0;
  // A short panel cannot give every chart its least height: shrink them all alike rather than run
  // the lower charts off the bottom.
  const total = vHeight + input + small * others;
  if (total > room && total > 0) {
    const f = room / total;
    vHeight *= f;
    input *= f;
    small *= f;
  }
  let top = MARGIN.top;
  return variables.map((variable) => {
    const h = variable === 'v' ? vHeight : hasInput && variable === 'iext' ? input : small;
    const chart = { variable, top, height: h };
    top += h + GAP;
    return chart;
  });
}

const clamp = (x: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, x));

/** Least distance between two y tick labels, px (a label is about 12 px tall, 20 in presentation mode). */
const TICK_GAP_PX = 26;

/** Tick values of `y` at least TICK_GAP_PX apart: d3's nice ticks, thinned to every other one while they are closer. */
export function spacedTicks(y: d3.ScaleLinear<number, number>, height: number): number[] {
  let ticks = y.ticks(Math.max(2, Math.min(6, Math.floor(height / 40))));
  while (ticks.length > 2 && Math.abs(y(ticks[0]) - y(ticks[1])) < TICK_GAP_PX) ticks = ticks.filter((_, k) => k % 2 === 0);
  return ticks;
}

function extentOf(ring: TraceRing, arrays: Float32Array[], i0: number): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const values of arrays) {
    for (let k = i0; k < ring.length; k++) {
      const v = values[ring.at(k)];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

interface DrawOptions {
  width: number;
  height: number;
  watch: string[];
  variables: TraceVariable[];
  windowMs: number;
  clipId: string;
  /** The raster's group labels' room (groupLabelRoom), so both plots share a left margin. */
  labelRoom: number;
}

/** What each chart's frame, value axis and title were last drawn for (see drawChartFrame). */
const chartDrawn = new WeakMap<SVGGElement, string>();

/** A chart's clip, background, value axis and title. */
function drawChartFrame(g: d3.Selection<SVGGElement, unknown, null, undefined>, chart: Chart, y: d3.ScaleLinear<number, number>, clip: string, plotWidth: number, margin: ReturnType<typeof plotMargin>): void {
  g.select('clipPath').attr('id', clip).select('rect')
    .attr('x', margin.left).attr('y', chart.top - 2).attr('width', plotWidth).attr('height', chart.height + 4);
  g.select('rect.plot-bg').attr('x', margin.left).attr('y', chart.top).attr('width', plotWidth).attr('height', chart.height);
  g.select('g.lines').attr('clip-path', `url(#${clip})`);
  g.select<SVGGElement>('g.y-axis')
    .attr('transform', `translate(${margin.left},0)`)
    .call(d3.axisLeft(y).tickValues(spacedTicks(y, chart.height)).tickSizeOuter(0));
  const rotated = chart.height >= 90;
  g.select('text.axis-title')
    .attr('transform', rotated
      ? `translate(${margin.left - 46},${chart.top + chart.height / 2}) rotate(-90)`
      : `translate(4,${chart.top + chart.height / 2})`)
    .attr('text-anchor', rotated ? 'middle' : 'start')
    .attr('dy', rotated ? 0 : '0.35em')
    .text(VARIABLE_LABELS[chart.variable]);
}

function drawTraces(svgEl: SVGSVGElement, o: DrawOptions): void {
  const MARGIN = plotMargin(o.width, o.labelRoom);
  const svg = d3.select(svgEl);
  const ring = liveData.traces;
  const [t0, t1] = timeWindow(liveData.frameTime, o.windowMs);
  const x = d3.scaleLinear().domain([t0, t1]).range([MARGIN.left, Math.max(MARGIN.left + 1, o.width - MARGIN.right)]);
  const plotWidth = Math.max(1, o.width - MARGIN.left - MARGIN.right);
  // One sample before the window so the lines reach the left edge (clipped there).
  const i0 = Math.max(0, ring.lowerBound(t0) - 1);
  const charts = layoutCharts(o.variables, o.height);
  const time = timeAxisFor(x);

  const chartSel = svg
    .selectAll<SVGGElement, Chart>('g.chart')
    .data(charts, (c) => c.variable)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'chart');
      g.append('clipPath').append('rect');
      g.append('rect').attr('class', 'plot-bg');
      g.append('g').attr('class', 'y-axis');
      g.append('text').attr('class', 'axis-title');
      g.append('g').attr('class', 'lines');
      g.append('g').attr('class', 'x-axis');
      return g;
    });

  // DOM order follows the stacking (the end-to-end tests and screen readers meet v first).
  chartSel.order();

  chartSel.each(function (chart, ci) {
    setAttr(this, 'data-variable', chart.variable);
    const g = d3.select(this);
    const clip = `${o.clipId}-${chart.variable}`;

    const series = o.watch
      .map((neuron, wi) => ({ neuron, color: traceColor(wi), data: ring.series.get(seriesKey(neuron, chart.variable)) }))
      .filter((s) => s.data !== undefined);
    const arrays = series.flatMap((s) => (s.data ? [s.data.values] : []));
    const ext = extentOf(ring, arrays, i0);
    let domain: [number, number];
    if (chart.variable === 'v') {
      domain = [Math.min(V_DOMAIN[0], ext ? ext[0] : V_DOMAIN[0]), Math.max(V_DOMAIN[1], ext ? ext[1] : V_DOMAIN[1])];
    } else if (ext && chart.variable === 'iext' && ext[1] - ext[0] < 1e-9) {
      // A constant input (or none yet): a level with a readable axis around it, not a 1e-3 pA range.
      domain = [ext[0] - 1, ext[1] + 1];
    } else if (ext) {
      const pad = Math.max((ext[1] - ext[0]) * 0.08, 1e-3);
      domain = [ext[0] - pad, ext[1] + pad];
    } else {
      domain = [0, 1];
    }
    const y = d3.scaleLinear().domain(domain).range([chart.top + chart.height, chart.top]);
    if (chart.variable !== 'v') y.nice(3);

    // The frame, the value axis and its title change only with the layout and the value range: redrawn
    // every frame while the run scrolls, they made each draw restyle and lay out the whole chart again.
    const [lo, hi] = y.domain();
    const key = `${clip} ${chart.top} ${chart.height} ${plotWidth} ${MARGIN.left} ${lo} ${hi}`;
    if (chartDrawn.get(this) !== key) {
      chartDrawn.set(this, key);
      drawChartFrame(g, chart, y, clip, plotWidth, MARGIN);
    }

    // One CSS pixel: Skia draws a stroke no wider than a device pixel as a hairline, in one pass; a
    // wider one is outlined segment by segment with its joins first, and re-rastering that for every
    // frame took most of the raster threads' time while a run scrolled.
    g.select('g.lines')
      .selectAll<SVGPathElement, (typeof series)[number]>('path')
      .data(series, (s) => s.neuron)
      .join((enter) => enter.append('path').attr('class', 'trace-line').attr('fill', 'none').attr('stroke-width', TRACE_STROKE_PX).attr('stroke-linejoin', 'round'))
      .each(function (s) {
        setAttr(this, 'data-neuron', s.neuron);
        setAttr(this, 'stroke', s.color);
        this.setAttribute('d', s.data ? tracePath(ring, s.data.values, i0, x, y, plotWidth) : '');
      });

    const isLast = ci === charts.length - 1;
    const xAxis = g.select<SVGGElement>('g.x-axis');
    const axisNode = xAxis.node();
    if (axisNode) setAttr(axisNode, 'transform', `translate(0,${chart.top + chart.height})`);
    drawTimeAxis(xAxis, x, time, isLast);
  });

  let title = svg.select<SVGTextElement>('text.x-title');
  // From the left edge: room for the longest unit ("time (h:min:s)") at any margin.
  if (title.empty()) title = svg.append('text').attr('class', 'x-title').attr('x', 4).attr('text-anchor', 'start');
  const titleNode = title.node();
  if (titleNode) {
    setAttr(titleNode, 'y', String(o.height - MARGIN.bottom + 17));
    setText(titleNode, charts.length > 0 ? time.label : '');
  }
}

/** Live traces of the watched neurons: v with spike peaks, plus a small chart per extra variable. */
export function VoltageTraces() {
  const containerRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const size = useElementSize(containerRef);
  const watch = useLabStore((s) => s.watch);
  const windowMs = useLabStore((s) => s.windowMs);
  const network = useLabStore((s) => s.network);
  const clipId = `traces-clip-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const drawn = useRef({ version: -1, width: 0, height: 0, watch: watch, windowMs: 0, labelRoom: 0 });

  useAnimationFrame((stamp) => {
    const svg = svgRef.current;
    if (!svg || size.width === 0 || size.height === 0 || !plotFrames.draws(stamp)) return;
    const labelRoom = groupLabelRoom(network);
    const d = drawn.current;
    if (d.version === liveData.frameVersion && d.width === size.width && d.height === size.height && d.watch === watch && d.windowMs === windowMs && d.labelRoom === labelRoom) return;
    drawTraces(svg, { width: size.width, height: size.height, watch: watch.neurons, variables: watch.variables, windowMs, clipId, labelRoom });
    svg.setAttribute('data-sample-count', String(liveData.traces.total));
    drawn.current = { version: liveData.frameVersion, width: size.width, height: size.height, watch, windowMs, labelRoom };
  });

  const empty = watch.neurons.length === 0 || watch.variables.length === 0;

  return (
    <div className="traces-plot" ref={containerRef}>
      <svg
        ref={svgRef}
        data-testid="traces"
        data-sample-count={0}
        width={size.width}
        height={size.height}
        role="img"
        aria-label={`Traces of ${watch.neurons.join(', ') || 'no neurons'}: ${watch.variables.map((v) => VARIABLE_LABELS[v]).join(', ') || 'no variables'}`}
      />
      {empty ? <p className="plot-empty">Pick neurons and variables above to see their traces.</p> : null}
    </div>
  );
}

/** Which colour is which watched neuron. */
export function TraceLegend() {
  const watch = useLabStore((s) => s.watch.neurons);
  const neurons = useLabStore((s) => s.experiment.neurons);
  const labelOf = (id: string): string => neurons.find((n) => n.id === id)?.label ?? id;
  return (
    <ul className="legend" aria-label="Trace colours">
      {watch.map((id, i) => (
        <li key={id}>
          <span className="swatch line" style={{ background: traceColor(i) }} aria-hidden="true" />
          {labelOf(id)}
        </li>
      ))}
    </ul>
  );
}
