import { useRef } from 'react';
import * as d3 from 'd3';
import { ALPHA_BAND, GAMMA_BAND } from '../../core/analysis/rhythms.ts';
import type { RhythmFrame } from '../../worker/protocol.ts';
import { RhythmsExport } from '../export/plotExports.tsx';
import { useAnimationFrame, useElementSize, type Size } from '../hooks.ts';
import { liveData } from '../liveData.ts';
import { timeWindow } from '../plotTheme.ts';
import { drawTimeAxis, timeAxisFor } from '../timeAxis.ts';

const MARGIN = { left: 52, right: 14, top: 18, bottom: 30 } as const;
/** The spectrum plot's frequency range, Hz. */
const SHOWN_HZ = 100;
const LINE = '#1f5fbf';
const PEAK = '#b3261e';
const fmtHz = d3.format('.1f');
/** The span of rate the Worker keeps, ms (for the time axis before the window has filled). */
const WINDOW_MS = 4096;

/** Mean of the rate over the window, Hz per neuron. */
function meanRate(rhythm: RhythmFrame): number {
  let sum = 0;
  for (const r of rhythm.rate) sum += r;
  return rhythm.rate.length > 0 ? sum / rhythm.rate.length : 0;
}

/** The readout above the plots, also what a test reads. */
export function rhythmSummary(rhythm: RhythmFrame | null): { peak: string; gamma: string; rate: string } {
  if (!rhythm || rhythm.peakHz === null) {
    const have = rhythm ? Math.round(rhythm.rate.length * rhythm.binMs) : 0;
    return { peak: `peak: needs 512 ms of run (${have} ms so far)`, gamma: '', rate: rhythm ? `mean rate ${fmtHz(meanRate(rhythm))} Hz` : '' };
  }
  return {
    peak: `peak ${fmtHz(rhythm.peakHz)} Hz`,
    gamma: rhythm.gammaHz === null ? '' : `gamma peak ${fmtHz(rhythm.gammaHz)} Hz`,
    rate: `mean rate ${fmtHz(meanRate(rhythm))} Hz`,
  };
}

function layer(svg: d3.Selection<SVGSVGElement, unknown, null, undefined>, name: string) {
  let g = svg.select<SVGGElement>(`g.${name}`);
  if (g.empty()) g = svg.append('g').attr('class', name);
  return g;
}

function drawRate(svgEl: SVGSVGElement, size: Size, rhythm: RhythmFrame | null): void {
  const svg = d3.select(svgEl);
  const { width, height } = size;
  const end = rhythm?.end ?? 0;
  const x = d3.scaleLinear().domain(timeWindow(end, WINDOW_MS)).range([MARGIN.left, Math.max(MARGIN.left + 1, width - MARGIN.right)]);
  const time = timeAxisFor(x);
  const top = rhythm ? d3.max(rhythm.rate) ?? 0 : 0;
  const y = d3.scaleLinear().domain([0, Math.max(10, top)]).nice().range([height - MARGIN.bottom, MARGIN.top]);
  drawTimeAxis(layer(svg, 'x-axis').attr('transform', `translate(0,${height - MARGIN.bottom})`), x, time);
  layer(svg, 'y-axis').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(4));
  const first = rhythm ? end - rhythm.rate.length * rhythm.binMs : 0;
  const line = d3.line<number>()
    .x((_, k) => x(first + (k + 0.5) * (rhythm?.binMs ?? 1)))
    .y((r) => y(r));
  layer(svg, 'series').selectAll('path').data([rhythm ? Array.from(rhythm.rate) : []]).join('path')
    .attr('fill', 'none').attr('stroke', LINE).attr('stroke-width', 1).attr('d', (d) => line(d) ?? '');
  layer(svg, 'labels').selectAll('text').data(['Population rate (Hz per neuron)', time.label]).join('text')
    .attr('class', 'axis-label')
    .attr('x', (_, i) => (i === 0 ? MARGIN.left : width - MARGIN.right))
    .attr('y', (_, i) => (i === 0 ? MARGIN.top - 6 : height - 4))
    .attr('text-anchor', (_, i) => (i === 0 ? 'start' : 'end'))
    .text((d) => d);
}

function drawSpectrum(svgEl: SVGSVGElement, size: Size, rhythm: RhythmFrame | null): void {
  const svg = d3.select(svgEl);
  const { width, height } = size;
  const x = d3.scaleLinear().domain([0, SHOWN_HZ]).range([MARGIN.left, Math.max(MARGIN.left + 1, width - MARGIN.right)]);
  const shown = rhythm ? Array.from(rhythm.power.subarray(0, Math.floor(SHOWN_HZ / (rhythm.df || 1)) + 1)) : [];
  const top = d3.max(shown.slice(1)) ?? 0;
  const y = d3.scaleLinear().domain([0, top > 0 ? top : 1]).nice().range([height - MARGIN.bottom, MARGIN.top]);
  const bottom = height - MARGIN.bottom;

  const bands = [
    { name: '\u03b1', range: ALPHA_BAND, fill: '#fbe9c6' },
    { name: '\u03b3', range: GAMMA_BAND, fill: '#dcecd8' },
  ];
  const bandG = layer(svg, 'bands');
  bandG.selectAll('rect').data(bands).join('rect')
    .attr('x', (b) => x(b.range[0])).attr('width', (b) => x(b.range[1]) - x(b.range[0]))
    .attr('y', MARGIN.top).attr('height', Math.max(0, bottom - MARGIN.top)).attr('fill', (b) => b.fill);

  layer(svg, 'x-axis').attr('transform', `translate(0,${bottom})`).call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 70))));
  layer(svg, 'y-axis').attr('transform', `translate(${MARGIN.left},0)`).call(d3.axisLeft(y).ticks(4));
  const line = d3.line<number>().x((_, k) => x(k * (rhythm?.df ?? 1))).y((p) => y(p));
  // Bin 0 holds only what is left of the removed mean: start at the first frequency.
  layer(svg, 'series').selectAll('path').data([shown]).join('path')
    .attr('fill', 'none').attr('stroke', LINE).attr('stroke-width', 1.5).attr('d', (d) => line(d.length > 1 ? d.map((p, k) => (k === 0 ? d[1] : p)) : []) ?? '');

  // Named by their letter at the foot of the band, over the curve (the peaks' labels live near the top); the ranges are in the hint.
  layer(svg, 'band-names').selectAll('text').data(bands).join('text')
    .attr('class', 'band-label').attr('text-anchor', 'middle').attr('x', (b) => x((b.range[0] + b.range[1]) / 2)).attr('y', bottom - 5).text((b) => b.name);

  const peaks = rhythm && rhythm.peakHz !== null
    ? [{ hz: rhythm.peakHz, text: `${fmtHz(rhythm.peakHz)} Hz`, main: true }, ...(rhythm.gammaHz !== null && Math.abs(rhythm.gammaHz - rhythm.peakHz) > 1 ? [{ hz: rhythm.gammaHz, text: `${fmtHz(rhythm.gammaHz)} Hz`, main: false }] : [])]
    : [];
  const powerAt = (hz: number) => (rhythm ? rhythm.power[Math.round(hz / rhythm.df)] ?? 0 : 0);
  const markG = layer(svg, 'peaks');
  markG.selectAll('line').data(peaks).join('line')
    .attr('x1', (p) => x(p.hz)).attr('x2', (p) => x(p.hz)).attr('y1', bottom).attr('y2', (p) => y(powerAt(p.hz)))
    .attr('stroke', PEAK).attr('stroke-dasharray', (p) => (p.main ? null : '3 2'));
  markG.selectAll('circle').data(peaks).join('circle')
    .attr('cx', (p) => x(p.hz)).attr('cy', (p) => y(powerAt(p.hz))).attr('r', (p) => (p.main ? 4 : 3)).attr('fill', PEAK);
  markG.selectAll('text').data(peaks).join('text')
    .attr('class', 'peak-label').attr('x', (p) => x(p.hz) + 6).attr('y', (p) => Math.max(MARGIN.top + 26, y(powerAt(p.hz)) + 4))
    .attr('fill', PEAK).attr('font-weight', (p) => (p.main ? 600 : 400)).text((p) => p.text);

  layer(svg, 'labels').selectAll('text').data(['Power ((Hz per neuron)\u00b2 / Hz)', 'frequency (Hz)']).join('text')
    .attr('class', 'axis-label')
    .attr('x', (_, i) => (i === 0 ? MARGIN.left : width - MARGIN.right))
    .attr('y', (_, i) => (i === 0 ? MARGIN.top - 6 : height - 4))
    .attr('text-anchor', (_, i) => (i === 0 ? 'start' : 'end'))
    .text((d) => d);
}

/**
 * Rhythms: the whole network's firing rate over the last four seconds and its power spectrum, both
 * computed in the Worker and sent a few times per second; the strongest rhythm is marked, and the
 * alpha and gamma bands are shaded.
 */
export function RhythmsPanel() {
  const rateWrap = useRef<HTMLDivElement>(null);
  const spectrumWrap = useRef<HTMLDivElement>(null);
  const rateSvg = useRef<SVGSVGElement>(null);
  const spectrumSvg = useRef<SVGSVGElement>(null);
  const peakRef = useRef<HTMLSpanElement>(null);
  const gammaRef = useRef<HTMLSpanElement>(null);
  const rateRef = useRef<HTMLSpanElement>(null);
  const rateSize = useElementSize(rateWrap);
  const spectrumSize = useElementSize(spectrumWrap);
  const drawn = useRef<{ rhythm: RhythmFrame | null; key: string } | null>(null);

  // Redraw when the Worker sends a new rhythm frame or the plots change size; not on every animation frame.
  useAnimationFrame(() => {
    const rhythm = liveData.rhythm;
    const key = `${rateSize.width}x${rateSize.height}|${spectrumSize.width}x${spectrumSize.height}`;
    if (drawn.current && drawn.current.rhythm === rhythm && drawn.current.key === key) return;
    drawn.current = { rhythm, key };
    if (rateSvg.current && rateSize.width > 0) drawRate(rateSvg.current, rateSize, rhythm);
    if (spectrumSvg.current && spectrumSize.width > 0) drawSpectrum(spectrumSvg.current, spectrumSize, rhythm);
    const summary = rhythmSummary(rhythm);
    if (peakRef.current) peakRef.current.textContent = summary.peak;
    if (gammaRef.current) gammaRef.current.textContent = summary.gamma;
    if (rateRef.current) rateRef.current.textContent = summary.rate;
  });

  return (
    <section className="panel sw-panel rhythms-panel" aria-labelledby="rhythms-title" data-testid="rhythms-panel">
      <div className="panel-header sw-header rhythms-header">
        <h2 id="rhythms-title">Rhythms</h2>
        <span className="rhythms-readout" aria-live="off">
          <span ref={peakRef} className="rhythms-peak" data-testid="rhythm-peak" />
          <span ref={gammaRef} className="rhythms-gamma" data-testid="rhythm-gamma" />
          <span ref={rateRef} className="muted" data-testid="rhythm-rate" />
        </span>
        <span className="muted rhythms-hint">
          Whole network, 1 ms bins, last 4 s; shaded: {'\u03b1'} {ALPHA_BAND[0]}{'\u2013'}{ALPHA_BAND[1]} Hz, {'\u03b3'} {GAMMA_BAND[0]}{'\u2013'}{GAMMA_BAND[1]} Hz; spectrum by Welch{'\u2019'}s method (512 ms Hann segments)
        </span>
        <RhythmsExport />
      </div>
      <div className="rhythms-body">
        <div className="rhythms-chart" ref={rateWrap}>
          <svg ref={rateSvg} width={rateSize.width} height={rateSize.height} role="img" aria-label="Population firing rate over the last four seconds" data-testid="rhythm-rate-plot" />
        </div>
        <div className="rhythms-chart" ref={spectrumWrap}>
          <svg ref={spectrumSvg} width={spectrumSize.width} height={spectrumSize.height} role="img" aria-label="Power spectrum of the population rate, with the alpha and gamma bands shaded and the peak marked" data-testid="rhythm-spectrum-plot" />
        </div>
      </div>
    </section>
  );
}
