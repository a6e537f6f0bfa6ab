import { useEffect, useId, useRef, type MouseEvent } from 'react';
import * as d3 from 'd3';
import {
  cellParams,
  fixedPoints,
  inputCurrentAt,
  receivesSynapticInput,
  uNullcline,
  vectorField,
  vNullcline,
  type CellParams,
  type FixedPoint,
} from '../../core/analysis/phasePlane.ts';
import type { Experiment, NeuronSpec, TraceVariable } from '../../core/experiment/types.ts';
import { useAnimationFrame, useElementSize } from '../hooks.ts';
import { PhasePlaneExport } from '../export/plotExports.tsx';
import { liveData, seriesKey } from '../liveData.ts';
import { useLabStore } from '../store.ts';

const MARGIN = { left: 52, right: 14, top: 10, bottom: 32 } as const;
/** The v axis, mV: the 2003 cell's, widened to a 2007 cell's reset and peak. */
function vDomainOf(neuron: NeuronSpec): [number, number] {
  if (neuron.model !== 'izhikevich2007') return [-90, 40];
  return [Math.min(-90, neuron.c - 10, neuron.vr - 20), Math.max(40, neuron.vpeak + 5)];
}
/** The trajectory shows this much of the recent past, ms. */
const TRAIL_MS = 300;
const COLORS = { vNull: '#d9730d', uNull: '#2a8f4a', trajectory: '#1f5fbf', fixed: '#222', field: '#9aa3ad', reset: '#7a4fb3' } as const;
const fmt = d3.format('.3~f');

interface Scales {
  x: d3.ScaleLinear<number, number>;
  y: d3.ScaleLinear<number, number>;
}

interface Trail {
  /** Solid pieces between resets, [v, u] points. */
  pieces: [number, number][][];
  /** Reset jumps: from (vpeak, u before) to (c, u + d). */
  jumps: [[number, number], [number, number]][];
  last: [number, number] | null;
}

/** The last TRAIL_MS of the neuron's recorded v and u, cut at spikes into pieces joined by reset jumps. */
function readTrail(neuron: NeuronSpec): Trail {
  const ring = liveData.traces;
  const vs = ring.series.get(seriesKey(neuron.id, 'v'))?.values;
  const us = ring.series.get(seriesKey(neuron.id, 'u'))?.values;
  const trail: Trail = { pieces: [], jumps: [], last: null };
  if (!vs || !us) return trail;
  const vpeak = neuron.vpeak ?? 30;
  let piece: [number, number][] = [];
  const close = (): void => {
    if (piece.length > 1) trail.pieces.push(piece);
    piece = [];
  };
  for (let k = ring.lowerBound(liveData.frameTime - TRAIL_MS); k < ring.length; k++) {
    const slot = ring.at(k);
    const v = vs[slot];
    const u = us[slot];
    if (Number.isNaN(v) || Number.isNaN(u)) {
      close();
      continue;
    }
    if (v >= vpeak) {
      // The spike's sample shows v at the peak and u after its jump of d.
      const before = u - neuron.d;
      piece.push([vpeak, before]);
      close();
      trail.jumps.push([[vpeak, before], [neuron.c, u]]);
      piece = [[neuron.c, u]];
      trail.last = [neuron.c, u];
      continue;
    }
    piece.push([v, u]);
    trail.last = [v, u];
  }
  close();
  return trail;
}

/**
 * The current I that places the v-nullcline now: the neuron's inputs at the current time (noise at its
 * mean) plus, for a neuron reached by synapses, its latest recorded synaptic current, g (E - v) at the
 * present v. Separately, for the label.
 */
function presentCurrent(experiment: Experiment, neuronId: string, withSynapses: boolean): { input: number; synaptic: number | null } {
  const input = inputCurrentAt(experiment, neuronId, liveData.frameTime);
  if (!withSynapses) return { input, synaptic: null };
  const ring = liveData.traces;
  const values = ring.series.get(seriesKey(neuronId, 'isyn'))?.values;
  const last = values && ring.length > 0 ? values[ring.at(ring.length - 1)] : Number.NaN;
  return { input, synaptic: Number.isFinite(last) ? last : 0 };
}

function currentLabel({ input, synaptic }: { input: number; synaptic: number | null }): string {
  if (synaptic === null) return `I = ${fmt(input)} pA`;
  return `I = ${fmt(input + synaptic)} pA (input ${fmt(input)} + synaptic ${d3.format('.2f')(synaptic)})`;
}

/** The u range: the u-nullcline and the bottom of the v-nullcline over the v axis, fixed points, the trail. */
function uDomain(p: CellParams, I: number, fps: FixedPoint[], trail: Trail, vDomain: [number, number]): [number, number] {
  const values: number[] = [];
  if (p.ur !== 0) values.push(uNullcline(p, vDomain[0]), uNullcline(p, vDomain[1]));
  if (p.p2 > 0) {
    const vMin = Math.min(Math.max(-p.p1 / (2 * p.p2), vDomain[0]), vDomain[1]);
    values.push(vNullcline(p, I, vMin));
  }
  for (const fp of fps) values.push(fp.u);
  for (const piece of trail.pieces) for (const [, u] of piece) values.push(u);
  for (const [, to] of trail.jumps) values.push(to[1]);
  const finite = values.filter(Number.isFinite);
  let lo = finite.length > 0 ? Math.min(...finite) : -20;
  let hi = finite.length > 0 ? Math.max(...finite) : 20;
  const span = Math.max(hi - lo, 10);
  lo -= span * 0.15;
  hi += span * 0.25;
  return [lo, hi];
}

function draw(svgEl: SVGSVGElement, width: number, height: number, neuron: NeuronSpec, I: number, clipId: string): Scales {
  const p = cellParams(neuron);
  const fps = fixedPoints(p, I);
  const trail = readTrail(neuron);
  const vDomain = vDomainOf(neuron);
  const x = d3.scaleLinear().domain(vDomain).range([MARGIN.left, Math.max(MARGIN.left + 1, width - MARGIN.right)]);
  const y = d3.scaleLinear().domain(uDomain(p, I, fps, trail, vDomain)).range([Math.max(MARGIN.top + 1, height - MARGIN.bottom), MARGIN.top]).nice();
  const [u0, u1] = y.domain();
  const svg = d3.select(svgEl);
  const layer = (name: string, clipped = true) => {
    let g = svg.select<SVGGElement>(`g.${name}`);
    if (g.empty()) g = svg.append('g').attr('class', name);
    if (clipped) g.attr('clip-path', `url(#${clipId})`);
    return g;
  };

  let defs = svg.select<SVGDefsElement>('defs');
  if (defs.empty()) {
    defs = svg.append('defs');
    defs.append('clipPath').attr('id', clipId).append('rect');
    defs.append('marker').attr('id', `${clipId}-arrow`).attr('viewBox', '0 0 6 6').attr('refX', 5).attr('refY', 3)
      .attr('markerWidth', 5).attr('markerHeight', 5).attr('orient', 'auto')
      .append('path').attr('d', 'M0,0 L6,3 L0,6 z').attr('fill', COLORS.field);
  }
  const plotW = x.range()[1] - x.range()[0];
  const plotH = y.range()[0] - y.range()[1];
  defs.select('clipPath rect').attr('x', MARGIN.left).attr('y', MARGIN.top).attr('width', plotW).attr('height', plotH);

  layer('phase-bg', false).selectAll('rect').data([0]).join('rect').attr('class', 'plot-bg')
    .attr('x', MARGIN.left).attr('y', MARGIN.top).attr('width', plotW).attr('height', plotH);

  // Vector field: unit arrows in screen space, so the direction reads at a glance.
  const nv = Math.max(6, Math.round(plotW / 46));
  const nu = Math.max(4, Math.round(plotH / 40));
  const cell = Math.min(plotW / nv, plotH / nu);
  const len = cell * 0.55;
  const arrows = vectorField(p, I, vDomain, [u0, u1], nv, nu).map((f) => {
    const px = x(f.v);
    const py = y(f.u);
    const dx = x(f.v + f.dv) - px;
    const dy = y(f.u + f.du) - py;
    const m = Math.hypot(dx, dy);
    return m > 0 && Number.isFinite(m) ? { px, py, ex: px + (dx / m) * len, ey: py + (dy / m) * len } : null;
  }).filter((a) => a !== null);
  layer('phase-field').selectAll('line').data(arrows).join('line')
    .attr('x1', (a) => a.px - (a.ex - a.px) / 2).attr('y1', (a) => a.py - (a.ey - a.py) / 2)
    .attr('x2', (a) => a.px + (a.ex - a.px) / 2).attr('y2', (a) => a.py + (a.ey - a.py) / 2)
    .attr('stroke', COLORS.field).attr('stroke-width', 1).attr('marker-end', `url(#${clipId}-arrow)`);

  // Reset line v = c.
  layer('phase-reset-line').selectAll('line').data([neuron.c]).join('line')
    .attr('x1', (c) => x(c)).attr('x2', (c) => x(c)).attr('y1', MARGIN.top).attr('y2', MARGIN.top + plotH)
    .attr('stroke', COLORS.reset).attr('stroke-width', 1.2).attr('stroke-dasharray', '5 4');

  // Nullclines.
  const vs = d3.range(0, 261).map((k) => vDomain[0] + (k / 260) * (vDomain[1] - vDomain[0]));
  const line = d3.line<[number, number]>().x((d) => x(d[0])).y((d) => y(d[1]));
  const uLine: [number, number][] = p.ur === 0 ? [[p.vb, u0], [p.vb, u1]] : vDomain.map((v) => [v, uNullcline(p, v)]);
  const vLine = vs.map((v): [number, number] => [v, Math.min(vNullcline(p, I, v), u1 + (u1 - u0))]);
  layer('phase-nullclines').selectAll<SVGPathElement, { id: string; pts: [number, number][]; color: string }>('path')
    .data([{ id: 'v', pts: vLine, color: COLORS.vNull }, { id: 'u', pts: uLine, color: COLORS.uNull }], (d) => d.id)
    .join('path')
    .attr('data-testid', (d) => `phase-${d.id}-nullcline`)
    .attr('fill', 'none').attr('stroke', (d) => d.color).attr('stroke-width', 2)
    .attr('d', (d) => line(d.pts) ?? '');

  // Trajectory and its reset jumps.
  const traj = layer('phase-trail');
  traj.selectAll('path.phase-jumps').data([0]).join('path').attr('class', 'phase-jumps')
    .attr('fill', 'none').attr('stroke', COLORS.trajectory).attr('stroke-width', 1).attr('stroke-dasharray', '3 3').attr('opacity', 0.7)
    .attr('d', trail.jumps.map(([a, b]) => `M${x(a[0])},${y(a[1])}L${x(b[0])},${y(b[1])}`).join(''));
  traj.selectAll('path.phase-trajectory').data([0]).join('path').attr('class', 'phase-trajectory')
    .attr('data-testid', 'phase-trajectory')
    .attr('fill', 'none').attr('stroke', COLORS.trajectory).attr('stroke-width', 1.6).attr('stroke-linejoin', 'round')
    .attr('d', trail.pieces.map((piece) => line(piece) ?? '').join(''));
  traj.selectAll('circle').data(trail.last ? [trail.last] : []).join('circle')
    .attr('data-testid', 'phase-state')
    .attr('r', 4).attr('fill', COLORS.trajectory).attr('stroke', '#fff').attr('stroke-width', 1.5)
    .attr('cx', (d) => x(d[0])).attr('cy', (d) => y(d[1]));

  // Fixed points: filled = stable, open = unstable, open with a cross = saddle.
  layer('phase-fixed', false).selectAll<SVGGElement, FixedPoint>('g.fp')
    .data(fps.filter((fp) => fp.u >= u0 && fp.u <= u1))
    .join((enter) => {
      const g = enter.append('g').attr('class', 'fp');
      g.append('circle').attr('r', 5.5).attr('stroke', COLORS.fixed).attr('stroke-width', 1.6);
      g.append('path').attr('stroke', COLORS.fixed).attr('stroke-width', 1.4);
      g.append('title');
      return g;
    })
    .attr('data-testid', 'phase-fixed-point')
    .attr('data-kind', (fp) => fp.kind)
    .attr('data-v', (fp) => fp.v.toFixed(3))
    .attr('data-u', (fp) => fp.u.toFixed(3))
    .attr('transform', (fp) => `translate(${x(fp.v)},${y(fp.u)})`)
    .call((g) => {
      g.select('circle').attr('fill', (fp) => (fp.kind === 'stable' ? COLORS.fixed : '#fff'));
      g.select('path').attr('d', (fp) => (fp.kind === 'saddle' ? 'M-3.9,-3.9L3.9,3.9M-3.9,3.9L3.9,-3.9' : ''));
      g.select('title').text((fp) => `${fp.double ? 'saddle-node' : fp.kind} fixed point: v = ${fmt(fp.v)} mV, u = ${fmt(fp.u)}`);
    });

  // Axes.
  layer('phase-x-axis', false).attr('transform', `translate(0,${MARGIN.top + plotH})`)
    .call(d3.axisBottom(x).ticks(Math.max(3, Math.floor(plotW / 70))).tickSizeOuter(0));
  layer('phase-y-axis', false).attr('transform', `translate(${MARGIN.left},0)`)
    .call(d3.axisLeft(y).ticks(Math.max(3, Math.floor(plotH / 40))).tickSizeOuter(0));
  layer('phase-titles', false).selectAll('text').data(['v (mV)', neuron.model === 'izhikevich2007' ? 'u (pA)' : 'u']).join('text').attr('class', 'axis-title')
    .attr('text-anchor', (_, i) => (i === 0 ? 'end' : 'middle'))
    .attr('transform', (_, i) => (i === 0 ? `translate(${MARGIN.left + plotW},${height - 3})` : `translate(14,${MARGIN.top + plotH / 2}) rotate(-90)`))
    .text((t) => t);
  return { x, y };
}

/** The selected neuron's v-u plane: nullclines, fixed points, flow, and its live trajectory; a click puts it there. */
export function PhasePlane({ neuron }: { neuron: NeuronSpec }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const size = useElementSize(containerRef);
  const experiment = useLabStore((s) => s.experiment);
  const setNeuronState = useLabStore((s) => s.setNeuronState);
  const clipId = `phase-clip-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const scales = useRef<Scales | null>(null);
  const drawn = useRef({ version: -1, width: 0, height: 0, neuron, I: Number.NaN });
  const withSynapses = receivesSynapticInput(experiment, neuron.id);
  const current = presentCurrent(experiment, neuron.id, withSynapses);
  const labelRef = useRef<HTMLSpanElement>(null);

  useAnimationFrame(() => {
    const svg = svgRef.current;
    if (!svg || size.width === 0 || size.height === 0) return;
    const parts = presentCurrent(experiment, neuron.id, withSynapses);
    const I = parts.input + (parts.synaptic ?? 0);
    const d = drawn.current;
    if (d.version === liveData.version && d.width === size.width && d.height === size.height && d.neuron === neuron && d.I === I) return;
    scales.current = draw(svg, size.width, size.height, neuron, I, clipId);
    if (labelRef.current) labelRef.current.textContent = currentLabel(parts);
    drawn.current = { version: liveData.version, width: size.width, height: size.height, neuron, I };
  });

  const onClick = (e: MouseEvent<SVGSVGElement>) => {
    const s = scales.current;
    if (!s) return;
    const r = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - r.left;
    const py = e.clientY - r.top;
    const [xa, xb] = s.x.range();
    const [yb, ya] = s.y.range();
    if (px < xa || px > xb || py < ya || py > yb) return;
    setNeuronState(neuron.id, s.x.invert(px), s.y.invert(py));
  };

  return (
    <div className="phase-plot-wrap">
      <div className="phase-plot" ref={containerRef}>
        <svg
          ref={svgRef}
          data-testid="phase-plane"
          width={size.width}
          height={size.height}
          role="img"
          aria-label={`Phase plane of ${neuron.label ?? neuron.id}: v against u, with nullclines, fixed points and the last ${TRAIL_MS} ms of its trajectory`}
          onClick={onClick}
        />
      </div>
      <span className="phase-current" ref={labelRef} data-testid="phase-current" title="The neuron's inputs at the current time (noise at its mean), plus for a neuron reached by synapses or Poisson input its latest synaptic current g (E - v)">
        {currentLabel(current)}
      </span>
    </div>
  );
}

/** The legend: what the lines and markers mean. */
function PhaseLegend() {
  const marker = (kind: 'stable' | 'unstable' | 'saddle') => (
    <svg width="14" height="14" viewBox="-7 -7 14 14" aria-hidden="true">
      <circle r="5" fill={kind === 'stable' ? COLORS.fixed : '#fff'} stroke={COLORS.fixed} strokeWidth="1.5" />
      {kind === 'saddle' ? <path d="M-3.5,-3.5L3.5,3.5M-3.5,3.5L3.5,-3.5" stroke={COLORS.fixed} strokeWidth="1.3" /> : null}
    </svg>
  );
  const swatch = (color: string, dashed = false) => (
    <svg width="18" height="8" aria-hidden="true">
      <line x1="0" x2="18" y1="4" y2="4" stroke={color} strokeWidth="2" strokeDasharray={dashed ? '4 3' : undefined} />
    </svg>
  );
  return (
    <ul className="legend phase-legend" aria-label="Phase plane legend">
      <li>{swatch(COLORS.vNull)}v-nullcline</li>
      <li>{swatch(COLORS.uNull)}u-nullcline</li>
      <li>{swatch(COLORS.reset, true)}reset v = c</li>
      <li>{swatch(COLORS.trajectory)}last {TRAIL_MS} ms</li>
      <li>{marker('stable')}stable</li>
      <li>{marker('unstable')}unstable</li>
      <li>{marker('saddle')}saddle</li>
    </ul>
  );
}

interface PhasePlanePanelProps {
  onShowNetwork: () => void;
}

/** The panel in place of the network editor: the phase plane of the selected single neuron. */
export function PhasePlanePanel({ onShowNetwork }: PhasePlanePanelProps) {
  const selected = useLabStore((s) => s.selectedNeuronId);
  const selectedNeuron = useLabStore((s) => s.experiment.neurons.find((n) => n.id === s.selectedNeuronId) ?? null);
  const neuron = selectedNeuron;
  const watch = useLabStore((s) => s.watch);
  const setWatch = useLabStore((s) => s.setWatch);
  const withSynapses = useLabStore((s) => neuron !== null && receivesSynapticInput(s.experiment, neuron.id));
  const needed: TraceVariable[] = withSynapses ? ['v', 'u', 'isyn'] : ['v', 'u'];
  const recording = neuron !== null && watch.neurons.includes(neuron.id) && needed.every((v) => watch.variables.includes(v));
  const recordU = () => {
    if (!neuron) return;
    const w = useLabStore.getState().watch;
    const neurons = w.neurons.includes(neuron.id) ? w.neurons : [...w.neurons, neuron.id];
    const variables = [...new Set([...w.variables, ...needed])];
    setWatch({ neurons, variables });
  };
  // Showing the plane records u of the selected neuron (once per neuron; the button offers it again if removed).
  const autoRecorded = useRef<string | null>(null);
  useEffect(() => {
    if (!neuron || autoRecorded.current === neuron.id) return;
    autoRecorded.current = neuron.id;
    if (!recording) recordU();
  });

  return (
    <section className="panel phase-panel" aria-labelledby="phase-title">
      <div className="panel-header">
        <h2 id="phase-title">Phase plane{neuron ? `: ${neuron.label ?? neuron.id}` : ''}</h2>
        <span className="muted phase-hint" data-testid="phase-hint">
          {neuron
            ? 'Click in the plane to put the neuron at that (v, u) now.'
            : selected
                ? 'For single neurons: select a neuron, not a population.'
                : 'Select a neuron to see its phase plane.'}
        </span>
        {neuron && !recording ? (
          <button type="button" className="btn btn-small" data-testid="phase-record-u" onClick={recordU}>
            {withSynapses ? 'Record u and I_syn' : 'Record u'}
          </button>
        ) : null}
        {neuron ? <PhasePlaneExport /> : null}
        <button type="button" className="btn btn-small phase-back" data-testid="show-network-editor" onClick={onShowNetwork} title="Back to the network editor">
          Network editor
        </button>
      </div>
      <PhaseLegend />
      {neuron ? <PhasePlane neuron={neuron} /> : <div />}
    </section>
  );
}
