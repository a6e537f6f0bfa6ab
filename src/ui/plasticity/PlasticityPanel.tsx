import { useRef } from 'react';
import * as d3 from 'd3';
import { useAnimationFrame, useElementSize, type Size } from '../hooks.ts';
import { plasticityOf } from '../../core/experiment/types.ts';
import { postCommand, useLabStore } from '../store.ts';
import { LearnedWeightsActions } from './LearnedWeightsActions.tsx';
import type { PlasticityFrame } from '../../worker/plasticityFeed.ts';
import { LISTED_CHANGES, plasticityData, type WeightChangeRow } from './plasticityData.ts';
import './plasticity.css';

const MARGIN = { left: 46, right: 10, top: 18, bottom: 30 } as const;
const BAR = '#1f5fbf';
const POTENTIATION = '#1b7f3b';
const DEPRESSION = '#b3261e';
const EMPTY_CELL = '#e4e4e4';
const fmtPercent = d3.format('.1f');
const fmtWeight = d3.format('.3f');
const fmtDw = d3.format('+.4f');
const fmtMs = d3.format('+.1f');

/** The readout over the plots, also what a test reads. */
export function plasticitySummary(frame: PlasticityFrame | null): string {
  if (!frame) return 'No plastic synapses in this experiment: give a synapse type a plasticity rule (see the Song, Miller & Abbott example).';
  return `${frame.count.toLocaleString('en-US')} plastic synapses \u00b7 ${fmtPercent(100 * frame.outer)}% within 10% of 0 or wMax \u00b7 mean ${fmtWeight(frame.mean)} wMax`;
}

function layer(svg: d3.Selection<SVGSVGElement, unknown, null, undefined>, name: string) {
  let g = svg.select<SVGGElement>(`g.${name}`);
  if (g.empty()) g = svg.append('g').attr('class', name);
  return g;
}

function labels(svg: d3.Selection<SVGSVGElement, unknown, null, undefined>, size: Size, title: string, xLabel: string): void {
  layer(svg, 'labels').selectAll('text').data([title, xLabel]).join('text')
    .attr('class', 'axis-label')
    .attr('x', (_, i) => (i === 0 ? MARGIN.left : size.width - MARGIN.right))
    .attr('y', (_, i) => (i === 0 ? MARGIN.top - 6 : size.height - 4))
    .attr('text-anchor', (_, i) => (i === 0 ? 'start' : 'end'))
    .text((d) => d);
}

/** The heatmap's cells in the canvas: their size and where the grid starts, device-independent px. */
function heatmapGeometry(frame: PlasticityFrame, size: Size) {
  const top = MARGIN.top;
  const availableW = Math.max(1, size.width - 16);
  const availableH = Math.max(1, size.height - top - 22);
  const cell = Math.max(1, Math.min(availableW / frame.columns, availableH / frame.rows));
  const left = (size.width - cell * frame.columns) / 2;
  return { cell, left, top };
}

function drawHeatmap(canvas: HTMLCanvasElement, size: Size, frame: PlasticityFrame | null, chosen: number): void {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(size.width * ratio);
  canvas.height = Math.round(size.height * ratio);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, size.width, size.height);
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = '#555';
  if (!frame) return;
  const { cell, left, top } = heatmapGeometry(frame, size);
  for (let r = 0; r < frame.rows; r++) {
    for (let c = 0; c < frame.columns; c++) {
      const w = frame.grid[r * frame.columns + c];
      ctx.fillStyle = Number.isNaN(w) ? EMPTY_CELL : d3.interpolateViridis(Math.min(1, Math.max(0, w)));
      ctx.fillRect(left + c * cell, top + r * cell, Math.ceil(cell), Math.ceil(cell));
    }
  }
  if (chosen >= 0 && chosen < frame.rows * frame.columns) {
    ctx.strokeStyle = '#ff3b30';
    ctx.lineWidth = 2;
    ctx.strokeRect(left + (chosen % frame.columns) * cell - 1, top + Math.floor(chosen / frame.columns) * cell - 1, cell + 2, cell + 2);
  }
  ctx.fillStyle = '#555';
  const narrow = size.width < 320;
  const title = frame.layout === 'wrapped'
    ? narrow
      ? `${frame.preCount.toLocaleString('en-US')} inputs onto ${frame.postIds[0]}`
      : `Weights of the ${frame.preCount.toLocaleString('en-US')} inputs onto ${frame.postIds[0]}, in reading order (${frame.preIds[0]} \u2026 ${frame.preIds[1]})`
    : narrow
      ? 'Weights: rows pre, columns post'
      : `Weight matrix: rows ${frame.preIds[0]} \u2026 ${frame.preIds[1]} (pre), columns ${frame.postIds[0]} \u2026 ${frame.postIds[1]} (post)`;
  ctx.fillText(title, 6, 12, size.width - 12);
  ctx.fillText(narrow ? 'w / wMax: dark 0, yellow 1; click a cell' : 'w / wMax: dark 0, yellow 1 \u00b7 click a cell to follow its synapse', 6, size.height - 6, size.width - 12);
}

function drawHistogram(svgEl: SVGSVGElement, size: Size, frame: PlasticityFrame | null): void {
  const svg = d3.select(svgEl);
  const bins = frame ? Array.from(frame.histogram) : [];
  const x = d3.scaleLinear().domain([0, 1]).range([MARGIN.left, Math.max(MARGIN.left + 1, size.width - MARGIN.right)]);
  const y = d3.scaleLinear().domain([0, Math.max(1, d3.max(bins) ?? 0)]).nice().range([size.height - MARGIN.bottom, MARGIN.top]);
  layer(svg, 'x-axis').attr('transform', `translate(0,${size.height - MARGIN.bottom})`).call(d3.axisBottom(x).ticks(5));
  layer(svg, 'y-axis').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(4));
  const width = bins.length > 0 ? 1 / bins.length : 0;
  layer(svg, 'bars').selectAll('rect').data(bins).join('rect')
    .attr('x', (_, k) => x(k * width) + 0.5).attr('width', (_, k) => Math.max(0, x((k + 1) * width) - x(k * width) - 1))
    .attr('y', (d) => y(d)).attr('height', (d) => Math.max(0, y(0) - y(d))).attr('fill', BAR);
  labels(svg, size, 'Synapses per bin', 'w / wMax');
}

function drawWeightOverTime(svgEl: SVGSVGElement, size: Size, times: number[], weights: number[], wMax: number): void {
  const svg = d3.select(svgEl);
  const last = times[times.length - 1] ?? 0;
  const first = times[0] ?? 0;
  const x = d3.scaleLinear().domain([first / 1000, Math.max(first / 1000 + 1e-3, last / 1000)]).range([MARGIN.left, Math.max(MARGIN.left + 1, size.width - MARGIN.right)]);
  const y = d3.scaleLinear().domain([0, wMax]).range([size.height - MARGIN.bottom, MARGIN.top]);
  layer(svg, 'x-axis').attr('transform', `translate(0,${size.height - MARGIN.bottom})`).call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(size.width / 80))));
  layer(svg, 'y-axis').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(4));
  const line = d3.line<number>().x((_, k) => x(times[k] / 1000)).y((w) => y(w)).curve(d3.curveStepAfter);
  layer(svg, 'series').selectAll('path').data([weights]).join('path')
    .attr('fill', 'none').attr('stroke', BAR).attr('stroke-width', 1.5).attr('d', (d) => line(d) ?? '');
  labels(svg, size, 'Weight of the followed synapse', 'time (s)');
}

function drawChanges(svgEl: SVGSVGElement, size: Size, changes: WeightChangeRow[]): void {
  const svg = d3.select(svgEl);
  const finite = changes.filter((c) => Number.isFinite(c.pairDt));
  const span = Math.max(20, d3.max(finite, (c) => Math.abs(c.pairDt)) ?? 0);
  const largest = d3.max(finite, (c) => Math.abs(c.dw)) ?? 0;
  // Before the first pairing there is no dw scale to show: no made-up tick values, a note instead.
  const none = !(largest > 0);
  const x = d3.scaleLinear().domain([-Math.min(span, 100), Math.min(span, 100)]).range([MARGIN.left, Math.max(MARGIN.left + 1, size.width - MARGIN.right)]);
  const y = d3.scaleLinear().domain(none ? [-1, 1] : [-largest, largest]).nice().range([size.height - MARGIN.bottom, MARGIN.top]);
  layer(svg, 'x-axis').attr('transform', `translate(0,${size.height - MARGIN.bottom})`).call(d3.axisBottom(x).ticks(5));
  layer(svg, 'y-axis').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(none ? 0 : 4).tickFormat(d3.format('.1~e')));
  layer(svg, 'empty-note').selectAll('text').data(none ? ['No spike pairs of this synapse yet'] : []).join('text')
    .attr('class', 'axis-label').attr('x', (MARGIN.left + size.width - MARGIN.right) / 2).attr('y', MARGIN.top + 14)
    .attr('text-anchor', 'middle').text((d) => d);
  layer(svg, 'zero').selectAll('line').data([0]).join('line')
    .attr('x1', MARGIN.left).attr('x2', size.width - MARGIN.right).attr('y1', y(0)).attr('y2', y(0)).attr('stroke', '#bbb');
  const shown = finite.slice(-2000);
  layer(svg, 'points').selectAll('circle').data(shown).join('circle')
    .attr('cx', (c) => x(Math.max(x.domain()[0], Math.min(x.domain()[1], c.pairDt)))).attr('cy', (c) => y(c.dw)).attr('r', 2)
    .attr('fill', (c) => (c.dw >= 0 ? POTENTIATION : DEPRESSION)).attr('fill-opacity', 0.6);
  labels(svg, size, 'Its changes (dw)', 't_post \u2212 t_pre (ms)');
}

/**
 * Plasticity: the plastic weights as the Worker sends them a few times per second (a heatmap of the
 * weight matrix and a histogram), and one synapse followed: its weight over time and the spike pairs
 * that changed it (dw against t_post - t_pre, and the latest changes listed).
 */
export function PlasticityPanel() {
  const heatWrap = useRef<HTMLDivElement>(null);
  const histWrap = useRef<HTMLDivElement>(null);
  const timeWrap = useRef<HTMLDivElement>(null);
  const changeWrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const histSvg = useRef<SVGSVGElement>(null);
  const timeSvg = useRef<SVGSVGElement>(null);
  const changeSvg = useRef<SVGSVGElement>(null);
  const summaryRef = useRef<HTMLSpanElement>(null);
  const followedRef = useRef<HTMLSpanElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const heatSize = useElementSize(heatWrap);
  const histSize = useElementSize(histWrap);
  const timeSize = useElementSize(timeWrap);
  const changeSize = useElementSize(changeWrap);
  const drawn = useRef<{ version: number; key: string } | null>(null);
  const plastic = useLabStore((s) => s.experiment.synapseTypes.some((t) => plasticityOf(t) !== undefined));

  useAnimationFrame(() => {
    const data = plasticityData;
    const key = `${heatSize.width}x${heatSize.height}|${histSize.width}x${histSize.height}|${timeSize.width}x${timeSize.height}|${changeSize.width}x${changeSize.height}`;
    if (drawn.current && drawn.current.version === data.version && drawn.current.key === key) return;
    drawn.current = { version: data.version, key };
    const frame = data.latest;
    // The cell of the synapse the Worker follows (after a rebuild or a new experiment too, not the last click).
    const chosen = frame?.watched?.cell ?? -1;
    if (canvas.current && heatSize.width > 0) drawHeatmap(canvas.current, heatSize, frame, chosen);
    if (histSvg.current && histSize.width > 0) drawHistogram(histSvg.current, histSize, frame);
    const wMax = frame?.watched?.wMax ?? 1;
    if (timeSvg.current && timeSize.width > 0) drawWeightOverTime(timeSvg.current, timeSize, data.times, data.weights, wMax);
    if (changeSvg.current && changeSize.width > 0) drawChanges(changeSvg.current, changeSize, data.changes);
    if (summaryRef.current) summaryRef.current.textContent = plasticitySummary(frame);
    const watched = frame?.watched;
    if (followedRef.current) followedRef.current.textContent = watched ? `Following ${watched.pre} \u2192 ${watched.post}: w = ${fmtWeight(watched.weight)} (wMax ${watched.wMax})` : '';
    if (listRef.current) {
      const rows = data.changes.slice(-LISTED_CHANGES).reverse();
      d3.select(listRef.current).selectAll('li').data(rows).join('li')
        .attr('class', (c) => (c.dw >= 0 ? 'up' : 'down'))
        .text((c) => `t ${(c.time / 1000).toFixed(3)} s \u00b7 \u0394t ${Number.isFinite(c.pairDt) ? fmtMs(c.pairDt) : '\u2013'} ms \u00b7 dw ${fmtDw(c.dw)}`);
    }
  });

  const choose = (event: React.MouseEvent<HTMLCanvasElement>) => {
    const frame = plasticityData.latest;
    if (!frame) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const { cell, left, top } = heatmapGeometry(frame, heatSize);
    const c = Math.floor((event.clientX - rect.left - left) / cell);
    const r = Math.floor((event.clientY - rect.top - top) / cell);
    if (c < 0 || r < 0 || c >= frame.columns || r >= frame.rows) return;
    postCommand({ type: 'watchSynapse', cell: r * frame.columns + c });
  };

  return (
    <section className="panel sw-panel plasticity-panel" aria-labelledby="plasticity-title" data-testid="plasticity-panel">
      <div className="panel-header sw-header plasticity-header">
        <h2 id="plasticity-title">Plasticity</h2>
        <span ref={summaryRef} className="plasticity-summary" data-testid="plasticity-summary" />
        <span ref={followedRef} className="muted plasticity-followed" data-testid="plasticity-followed" />
      </div>
      {plastic ? <LearnedWeightsActions /> : null}
      <div className="plasticity-body">
        <div className="plasticity-chart" ref={heatWrap}>
          <canvas ref={canvas} style={{ width: heatSize.width, height: heatSize.height }} onClick={choose} role="img" aria-label="Heatmap of the plastic weights; click a cell to follow its synapse" data-testid="plasticity-heatmap" />
        </div>
        <div className="plasticity-chart" ref={histWrap}>
          <svg ref={histSvg} width={histSize.width} height={histSize.height} role="img" aria-label="Histogram of the plastic weights" data-testid="plasticity-histogram" />
        </div>
        <div className="plasticity-chart" ref={timeWrap}>
          <svg ref={timeSvg} width={timeSize.width} height={timeSize.height} role="img" aria-label="Weight of the followed synapse over time" data-testid="plasticity-weight-time" />
        </div>
        <div className="plasticity-changes">
          <div className="plasticity-chart" ref={changeWrap}>
            <svg ref={changeSvg} width={changeSize.width} height={changeSize.height} role="img" aria-label="The followed synapse's changes against the time between its pre and post spikes" data-testid="plasticity-changes" />
          </div>
          <ol ref={listRef} className="plasticity-list" aria-label="Latest changes of the followed synapse" data-testid="plasticity-change-list" />
        </div>
      </div>
    </section>
  );
}
