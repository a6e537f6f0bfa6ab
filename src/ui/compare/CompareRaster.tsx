import { useEffect, useRef } from 'react';
import * as d3 from 'd3';
import type { LabSpikes, SpikeComparison } from '../../core/analysis/compareSpikes.ts';
import type { SpikeTrains } from '../../core/io/spikesCsv.ts';
import { useElementSize } from '../hooks.ts';
import { plotMargin } from '../plotTheme.ts';
import { timeAxisFor } from '../timeAxis.ts';
import { COMPARE_COLORS } from './colors.ts';

const GAP = 14;
/** Rows at least this tall get their neuron's name. */
const NAMED_ROW_PX = 13;

/** `text` cut to `max` characters, an ellipsis marking the cut. */
function shortened(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}\u2026` : text;
}

export interface CompareRasterProps {
  lab: LabSpikes;
  other: SpikeTrains;
  otherName: string;
  result: SpikeComparison;
}

/**
 * The two runs over the same span, one band over the other on one time axis, neuron rows in the lab's
 * order: each run's spikes in its colour, spikes without a partner in the other run in the "differs"
 * colour and taller, the first difference marked by a line through both bands.
 */
export function CompareRaster({ lab, other, otherName, result }: CompareRasterProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const size = useElementSize(wrapRef);

  useEffect(() => {
    const canvas = canvasRef.current;
    const svgEl = svgRef.current;
    const { width, height } = size;
    if (!canvas || !svgEl || width === 0 || height === 0) return;
    const margin = plotMargin(width);
    const bandH = Math.max(8, (height - margin.top - margin.bottom - GAP) / 2);
    const bands = [
      { name: 'Lab', top: margin.top, times: lab.times, length: lab.length, row: (k: number) => lab.neurons[k], unmatched: result.labUnmatched, color: COMPARE_COLORS.lab },
      { name: otherName, top: margin.top + bandH + GAP, times: other.times, length: other.length, row: (k: number) => result.otherLabIndex[k], unmatched: result.otherUnmatched, color: COMPARE_COLORS.other },
    ];
    const rows = Math.max(1, lab.ids.length);
    const rowH = bandH / rows;
    const x = d3.scaleLinear().domain([0, Math.max(result.until, 1e-9)]).range([margin.left, width - margin.right]);

    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const markH = Math.max(1, Math.min(12, rowH * 0.7));
    const diffH = Math.max(2, Math.min(16, rowH * 0.95));
    const end = result.until + 1e-6;
    for (const band of bands) {
      ctx.fillStyle = '#fafbfc';
      ctx.fillRect(margin.left, band.top, width - margin.left - margin.right, bandH);
      // Paired spikes first, then the unpaired ones over them.
      for (const pass of [0, 1]) {
        ctx.fillStyle = pass === 0 ? band.color : COMPARE_COLORS.differs;
        const h = pass === 0 ? markH : diffH;
        const w = pass === 0 ? 1.5 : 3;
        for (let k = 0; k < band.length; k++) {
          const t = band.times[k];
          if (t > end || band.unmatched[k] !== pass) continue;
          const n = band.row(k);
          if (n < 0) continue;
          ctx.fillRect(x(t) - w / 2, band.top + (n + 0.5) * rowH - h / 2, w, h);
        }
      }
    }

    const svg = d3.select(svgEl);
    svg.selectAll('*').remove();
    const time = timeAxisFor(x);
    svg.append('g')
      .attr('class', 'x-axis')
      .attr('transform', `translate(0,${height - margin.bottom})`)
      .call(d3.axisBottom(x).tickValues(time.ticks).tickSizeOuter(0).tickFormat((d) => time.format(d.valueOf())));
    svg.append('text').attr('class', 'axis-label').attr('x', 4).attr('y', height - margin.bottom + 17).text(time.label);
    for (const band of bands) {
      svg.append('rect').attr('class', 'frame').attr('x', margin.left).attr('y', band.top).attr('width', Math.max(0, width - margin.left - margin.right)).attr('height', bandH);
      // The run's name along the band's left edge; the rows' neuron names beside the band when they fit.
      svg.append('text')
        .attr('class', 'band-name')
        .attr('transform', `translate(12,${band.top + bandH / 2}) rotate(-90)`)
        .attr('text-anchor', 'middle')
        .attr('fill', band.color)
        .text(shortened(band.name, Math.max(3, Math.floor(bandH / 7.5))))
        .append('title')
        .text(band.name);
      if (rowH >= NAMED_ROW_PX) {
        svg.append('g').selectAll('text').data(lab.ids).join('text')
          .attr('class', 'row-name')
          .attr('x', margin.left - 6)
          .attr('y', (_, n) => band.top + (n + 0.5) * rowH)
          .attr('dy', '0.35em')
          .attr('text-anchor', 'end')
          .text((id) => (id.length > 10 ? `${id.slice(0, 9)}\u2026` : id));
      }
    }
    const first = result.first;
    if (first && first.time <= end) {
      const fx = x(first.time);
      svg.append('line')
        .attr('class', 'first-difference')
        .attr('x1', fx).attr('x2', fx)
        .attr('y1', margin.top).attr('y2', height - margin.bottom)
        .attr('stroke', COMPARE_COLORS.differs);
    }
  }, [lab, other, otherName, result, size]);

  const label = `Spike rasters of the lab's run and of ${otherName} over 0 to ${result.until} ms, ${lab.ids.length} neurons each` +
    (result.first ? `; first difference at ${result.first.time} ms, neuron ${result.first.neuron}` : '; no difference');
  return (
    <div className="compare-raster" ref={wrapRef}>
      <canvas ref={canvasRef} role="img" aria-label={label} data-testid="compare-raster" />
      <svg ref={svgRef} width={size.width} height={size.height} aria-hidden="true" />
    </div>
  );
}
