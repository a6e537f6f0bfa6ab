import { Fragment, useEffect, useRef, useState, type MouseEvent } from 'react';
import * as d3 from 'd3';
import type { FICurve } from '../../core/analysis/sweeps.ts';
import { useElementSize } from '../hooks.ts';
import { rateAt, rheobaseLabelRows } from './fiChartLayout.ts';

/** A curve as the chart draws it. */
export interface ShownCurve {
  id: string;
  name: string;
  color: string;
  /** The selected neuron's own curve: drawn heavier, with its sample points. */
  own: boolean;
  curve: FICurve;
  /** Computed for earlier settings: shown faded until the new one arrives. */
  stale: boolean;
}

const MARGIN = { left: 50, right: 16, top: 8, bottom: 34 } as const;
/** Height of one row of rheobase labels, px. */
const LABEL_ROW_PX = 15;
/** Currents to 0.01 pA, the precision the Worker finds the rheobase to. */
const fmtI = d3.format('.2~f');
const fmtRate = d3.format('.1f');

interface Scales {
  x: d3.ScaleLinear<number, number>;
  y: d3.ScaleLinear<number, number>;
}

function rheobaseText(c: ShownCurve, from: number): string {
  const r = c.curve.rheobase;
  if (r === null) return '';
  return r <= from ? `${c.name} \u2264 ${fmtI(from)} pA` : `${c.name} ${fmtI(r)} pA`;
}

/** The live colour of the page (--live): what the running simulation is doing now. */
const LIVE = '#7a3fb0';

function draw(svgEl: SVGSVGElement, width: number, height: number, curves: ShownCurve[], domain: [number, number], showOnset: boolean, hoverI: number | null, inputNow: number | null): Scales {
  const svg = d3.select(svgEl);
  const layer = (name: string) => {
    let g = svg.select<SVGGElement>(`g.${name}`);
    if (g.empty()) g = svg.append('g').attr('class', name);
    return g;
  };
  const x = d3.scaleLinear().domain(domain).range([MARGIN.left, Math.max(MARGIN.left + 1, width - MARGIN.right)]);

  // Rheobase labels sit in rows at the top of the plot; the rates scale below them so no label hides a curve's peak.
  const labelled = curves.filter((c) => c.curve.rheobase !== null);
  const texts = labelled.map((c) => rheobaseText(c, domain[0]));
  const rows = rheobaseLabelRows(labelled.map((c, k) => ({ x: x(c.curve.rheobase ?? 0), text: texts[k] })), [x.range()[0], x.range()[1]]);
  const rowCount = rows.length > 0 ? Math.max(...rows) + 1 : 0;
  const plotTop = MARGIN.top + rowCount * LABEL_ROW_PX + (rowCount > 0 ? 6 : 0);

  let maxRate = 0;
  for (const c of curves) {
    for (const r of c.curve.rates) if (Number.isFinite(r)) maxRate = Math.max(maxRate, r);
    if (showOnset && c.own) for (const r of c.curve.onsetRates) if (Number.isFinite(r)) maxRate = Math.max(maxRate, r);
  }
  const bottom = Math.max(plotTop + 1, height - MARGIN.bottom);
  const y = d3.scaleLinear().domain([0, Math.max(10, maxRate * 1.05)]).range([bottom, plotTop]).nice();
  const plotW = x.range()[1] - x.range()[0];
  const plotH = bottom - MARGIN.top;

  layer('fi-bg').selectAll('rect').data([0]).join('rect').attr('class', 'plot-bg')
    .attr('x', MARGIN.left).attr('y', MARGIN.top).attr('width', plotW).attr('height', plotH);

  const yTicks = y.ticks(Math.max(3, Math.floor((bottom - plotTop) / 36)));
  layer('fi-grid').selectAll('line').data(yTicks).join('line').attr('class', 'sw-grid')
    .attr('x1', MARGIN.left).attr('x2', MARGIN.left + plotW).attr('y1', (t) => y(t)).attr('y2', (t) => y(t));

  // The curves: overlays first, the selected neuron's last, on top.
  const ordered = [...curves].sort((p, q) => Number(p.own) - Number(q.own));
  const line = d3.line<number>().defined((r) => Number.isFinite(r));
  const pathOf = (c: ShownCurve, values: Float64Array) =>
    line.x((_, k) => x(c.curve.currents[k])).y((r) => y(r))(Array.from(values)) ?? '';
  layer('fi-lines').selectAll<SVGPathElement, ShownCurve>('path.fi-curve').data(ordered, (c) => c.id).join('path')
    .attr('class', 'fi-curve')
    .attr('data-testid', 'fi-curve')
    .attr('data-curve', (c) => c.id)
    .attr('data-points', (c) => c.curve.currents.length)
    .attr('data-stale', (c) => String(c.stale))
    .attr('fill', 'none').attr('stroke', (c) => c.color)
    .attr('stroke-width', (c) => (c.own ? 2.6 : 1.8)).attr('stroke-linejoin', 'round')
    .attr('opacity', (c) => (c.stale ? 0.35 : 1))
    .attr('d', (c) => pathOf(c, c.curve.rates));
  const own = ordered.filter((c) => c.own);
  layer('fi-onset').selectAll('path').data(showOnset ? own : []).join('path')
    .attr('data-testid', 'fi-onset-curve')
    .attr('fill', 'none').attr('stroke', (c) => c.color).attr('stroke-width', 1.4).attr('stroke-dasharray', '2 3')
    .attr('opacity', (c) => (c.stale ? 0.35 : 0.9))
    .attr('d', (c) => pathOf(c, c.curve.onsetRates));
  const dots = own.flatMap((c) => Array.from(c.curve.rates, (r, k) => ({ i: c.curve.currents[k], r, c })).filter((d) => Number.isFinite(d.r)));
  // Points only while they stay apart: 400 dots on 300 px are a smear.
  const showDots = dots.length > 0 && plotW / dots.length > 6;
  layer('fi-dots').selectAll('circle').data(showDots ? dots : []).join('circle')
    .attr('r', 2.3).attr('fill', '#fff').attr('stroke', (d) => d.c.color).attr('stroke-width', 1.3)
    .attr('opacity', (d) => (d.c.stale ? 0.35 : 1))
    .attr('cx', (d) => x(d.i)).attr('cy', (d) => y(d.r));

  // Rheobase: a dashed line from the axis up to the curve's label.
  const markers = labelled.map((c, k) => ({ c, text: texts[k], row: rows[k], rx: x(c.curve.rheobase ?? 0) }));
  layer('fi-rheobase').selectAll<SVGGElement, (typeof markers)[number]>('g.fi-rheobase').data(markers, (m) => m.c.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'fi-rheobase');
      g.append('line').attr('stroke-width', 1.2).attr('stroke-dasharray', '4 3');
      g.append('path');
      g.append('text').attr('class', 'fi-rheobase-label');
      g.append('title');
      return g;
    })
    .attr('data-testid', 'fi-rheobase')
    .attr('data-curve', (m) => m.c.id)
    .attr('data-rheobase', (m) => String(m.c.curve.rheobase))
    .attr('opacity', (m) => (m.c.stale ? 0.4 : 1))
    .call((g) => {
      const labelY = (m: (typeof markers)[number]) => MARGIN.top + 11 + m.row * LABEL_ROW_PX;
      g.select('line').attr('stroke', (m) => m.c.color)
        .attr('x1', (m) => m.rx).attr('x2', (m) => m.rx).attr('y1', bottom).attr('y2', (m) => labelY(m) + 3);
      g.select('path').attr('fill', (m) => m.c.color).attr('d', (m) => `M${m.rx},${bottom - 7}l-4.5,7h9z`);
      g.select('text').attr('fill', (m) => m.c.color)
        .attr('x', (m) => m.rx).attr('y', labelY)
        .attr('text-anchor', (m) => (m.rx < x.range()[0] + 40 ? 'start' : m.rx > x.range()[1] - 40 ? 'end' : 'middle'))
        .text((m) => m.text);
      g.select('title').text((m) => `Rheobase of ${m.c.name}: the least constant current that keeps it firing, ${fmtI(m.c.curve.rheobase ?? 0)} pA`);
    });

  // The selected neuron's input at the simulation's present time: where on its curve it is now.
  const ownCurve = curves.find((c) => c.own);
  const now = inputNow !== null && ownCurve && inputNow >= domain[0] && inputNow <= domain[1] ? [{ i: inputNow, r: rateAt(ownCurve.curve, inputNow) }] : [];
  layer('fi-now').selectAll<SVGGElement, (typeof now)[number]>('g.fi-now').data(now)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'fi-now');
      g.append('line').attr('stroke', LIVE).attr('stroke-width', 1.4);
      g.append('circle').attr('r', 4.5).attr('fill', LIVE).attr('stroke', '#fff').attr('stroke-width', 1.5);
      g.append('text').attr('class', 'fi-now-label').attr('fill', LIVE);
      return g;
    })
    .attr('data-testid', 'fi-input-now')
    .attr('data-current', (d) => String(d.i))
    .call((g) => {
      const px = (d: (typeof now)[number]) => x(d.i);
      const py = (d: (typeof now)[number]) => (Number.isFinite(d.r) ? y(d.r) : bottom);
      g.select('line').attr('x1', px).attr('x2', px).attr('y1', bottom).attr('y2', (d) => py(d) - 14);
      g.select('circle').attr('cx', px).attr('cy', py).attr('display', (d) => (Number.isFinite(d.r) ? null : 'none'));
      g.select('text')
        .attr('x', (d) => px(d) + (px(d) > x.range()[1] - 120 ? -6 : 6)).attr('y', (d) => py(d) - 10)
        .attr('text-anchor', (d) => (px(d) > x.range()[1] - 120 ? 'end' : 'start'))
        .text((d) => `now ${fmtI(d.i)} pA${Number.isFinite(d.r) ? ` \u2192 ${fmtRate(d.r)} Hz` : ''}`);
    });

  // Where the pointer is: the current and each curve's rate there (the tooltip lists them).
  const hover = hoverI === null ? [] : [hoverI];
  layer('fi-hover').selectAll('line').data(hover).join('line').attr('class', 'sw-hover-rule')
    .attr('x1', (i) => x(i)).attr('x2', (i) => x(i)).attr('y1', MARGIN.top).attr('y2', bottom);

  layer('fi-x-axis').attr('transform', `translate(0,${bottom})`)
    .call(d3.axisBottom(x).ticks(Math.max(3, Math.floor(plotW / 70))).tickSizeOuter(0));
  layer('fi-y-axis').attr('transform', `translate(${MARGIN.left},0)`)
    .call(d3.axisLeft(y).ticks(Math.max(3, Math.floor((bottom - plotTop) / 36))).tickSizeOuter(0));
  layer('fi-titles').selectAll('text').data(['Input current I (pA)', 'Firing rate (Hz)']).join('text').attr('class', 'axis-title')
    .attr('text-anchor', (_, i) => (i === 0 ? 'end' : 'middle'))
    .attr('transform', (_, i) => (i === 0 ? `translate(${MARGIN.left + plotW},${height - 3})` : `translate(13,${plotTop + (bottom - plotTop) / 2}) rotate(-90)`))
    .text((t) => t);
  return { x, y };
}

/** The index of the current nearest to `i` in a curve's currents. */
function nearest(currents: Float64Array, i: number): number {
  let best = 0;
  for (let k = 1; k < currents.length; k++) if (Math.abs(currents[k] - i) < Math.abs(currents[best] - i)) best = k;
  return best;
}

interface FICurveChartProps {
  curves: ShownCurve[];
  domain: [number, number];
  showOnset: boolean;
  /** The selected neuron's input now (constant and pulse inputs, noise means), pA; null when there is none to show. */
  inputNow: number | null;
  /** Accessible description of what is drawn. */
  label: string;
}

/** Firing rate against constant input current, one line per curve, with each curve's rheobase marked. */
export function FICurveChart({ curves, domain, showOnset, inputNow, label }: FICurveChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const size = useElementSize(containerRef);
  const scales = useRef<Scales | null>(null);
  const [hoverI, setHoverI] = useState<number | null>(null);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg || size.width === 0 || size.height === 0) return;
    scales.current = draw(svg, size.width, size.height, curves, domain, showOnset, hoverI, inputNow);
  }, [curves, domain, showOnset, hoverI, inputNow, size.width, size.height]);

  const onMove = (e: MouseEvent<SVGSVGElement>) => {
    const s = scales.current;
    if (!s) return;
    const r = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - r.left;
    const [x0, x1] = s.x.range();
    setHoverI(px < x0 || px > x1 ? null : s.x.invert(px));
  };

  const tip = hoverI !== null && scales.current && curves.length > 0 ? (
    <FITooltip curves={curves} current={hoverI} left={scales.current.x(hoverI)} width={size.width} />
  ) : null;

  return (
    <div className="sw-chart" ref={containerRef}>
      <svg
        ref={svgRef}
        data-testid="fi-chart"
        data-curves={curves.length}
        width={size.width}
        height={size.height}
        role="img"
        aria-label={label}
        onMouseMove={onMove}
        onMouseLeave={() => setHoverI(null)}
      />
      {tip}
    </div>
  );
}

/** The rates of every curve at the sample nearest the pointer. */
function FITooltip({ curves, current, left, width }: { curves: ShownCurve[]; current: number; left: number; width: number }) {
  const ref = curves.find((c) => c.own) ?? curves[0];
  const k = nearest(ref.curve.currents, current);
  const at = ref.curve.currents[k];
  const onRight = left < width * 0.6;
  return (
    <div className="sw-tooltip" style={onRight ? { left: left + 12 } : { right: width - left + 12 }} data-testid="fi-tooltip" aria-hidden="true">
      <div className="sw-tooltip-title">I = {fmtI(at)} pA</div>
      <div className="sw-tooltip-rows">
        {curves.map((c) => {
          const j = nearest(c.curve.currents, at);
          return (
            <Fragment key={c.id}>
              <svg width="14" height="8" aria-hidden="true">
                <line x1="0" x2="14" y1="4" y2="4" stroke={c.color} strokeWidth={c.own ? 2.6 : 1.8} />
              </svg>
              <span>{c.name}</span>
              <span className="sw-tooltip-value">{fmtRate(c.curve.rates[j])} Hz</span>
            </Fragment>
          );
        })}
      </div>
    </div>
  );
}
