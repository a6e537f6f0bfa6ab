import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import * as d3 from 'd3';
import { FIRING_CLASSES, FIRING_CLASS_LABELS, PLANE_PARAMS, type FiringMap } from '../../core/analysis/sweeps.ts';
import { useElementSize } from '../hooks.ts';
import { classColor, rgbOf } from './colors.ts';
import { cellDomain, cellIndex, gridValue, type PresetPoint } from './mapGeometry.ts';
import { PARAM_UNITS } from './mapSettings.ts';
import type { NeuronParam } from '../../core/experiment/edits.ts';

const MARGIN = { left: 54, right: 12, top: 10, bottom: 34 } as const;
const fmt = d3.format('.4~f');
/** About the tooltip's width, px (its longest line is the class name or the click hint). */
const TOOLTIP_PX = 230;

interface Scales {
  x: d3.ScaleLinear<number, number>;
  y: d3.ScaleLinear<number, number>;
}

/** A grid point: its indices along x and y. */
export interface GridCell {
  ix: number;
  iy: number;
}

interface Marker {
  name: string;
  x: number;
  y: number;
}

function scalesFor(map: FiringMap, width: number, height: number): Scales {
  const x = d3.scaleLinear().domain(cellDomain(map.request.x)).range([MARGIN.left, Math.max(MARGIN.left + 1, width - MARGIN.right)]);
  const y = d3.scaleLinear().domain(cellDomain(map.request.y)).range([Math.max(MARGIN.top + 1, height - MARGIN.bottom), MARGIN.top]);
  return { x, y };
}

/** The classes as an image of one pixel per grid point (y up), scaled onto the plot without smoothing. */
function paint(canvas: HTMLCanvasElement, map: FiringMap, s: Scales, width: number, height: number): void {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const nx = map.request.x.count;
  const ny = map.request.y.count;
  const image = new ImageData(nx, ny);
  const palette = FIRING_CLASSES.map((_, k) => rgbOf(classColor(k)));
  for (let iy = 0; iy < ny; iy++) {
    for (let ix = 0; ix < nx; ix++) {
      const rgb = palette[map.classes[iy * nx + ix]] ?? [0, 0, 0];
      const p = ((ny - 1 - iy) * nx + ix) * 4;
      image.data[p] = rgb[0];
      image.data[p + 1] = rgb[1];
      image.data[p + 2] = rgb[2];
      image.data[p + 3] = 255;
    }
  }
  const tile = document.createElement('canvas');
  tile.width = nx;
  tile.height = ny;
  tile.getContext('2d')?.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  const [x0, x1] = s.x.range();
  const [y1, y0] = s.y.range();
  ctx.drawImage(tile, x0, y0, x1 - x0, y1 - y0);
}

function drawOverlay(svgEl: SVGSVGElement, map: FiringMap, s: Scales, height: number, cursor: GridCell | null, neuron: Marker | null, presets: PresetPoint[]): void {
  const svg = d3.select(svgEl);
  const layer = (name: string) => {
    let g = svg.select<SVGGElement>(`g.${name}`);
    if (g.empty()) g = svg.append('g').attr('class', name);
    return g;
  };
  const { x, y } = s;
  const [x0, x1] = x.range();
  const [y1, y0] = y.range();
  const inside = (px: number, py: number) => px >= x0 && px <= x1 && py >= y0 && py <= y1;
  const { x: xName, y: yName } = PLANE_PARAMS[map.request.plane];

  layer('map-frame').selectAll('rect').data([0]).join('rect')
    .attr('data-testid', 'map-plot-area')
    .attr('x', x0).attr('y', y0).attr('width', x1 - x0).attr('height', y1 - y0)
    .attr('fill', 'none').attr('stroke', '#aab1bd');

  // Named cells: a small dark dot with the names beside it (clear of the neuron's ring when they share a place).
  const ringAt = neuron ? { px: x(neuron.x), py: y(neuron.y) } : null;
  const named = presets
    .map((p) => {
      const px = x(p.x);
      const py = y(p.y);
      const underRing = ringAt !== null && Math.hypot(ringAt.px - px, ringAt.py - py) < 12;
      return { ...p, px, py, gap: underRing ? 14 : 6 };
    })
    .filter((p) => inside(p.px, p.py));
  layer('map-presets').selectAll<SVGGElement, (typeof named)[number]>('g.map-preset').data(named, (p) => p.names.join('/'))
    .join((enter) => {
      const g = enter.append('g').attr('class', 'map-preset');
      g.append('circle').attr('r', 3.2);
      g.append('text').attr('x', 6).attr('y', 4);
      return g;
    })
    .attr('data-testid', 'map-preset')
    .attr('data-names', (p) => p.names.join('/'))
    .attr('transform', (p) => `translate(${p.px},${p.py})`)
    .call((g) => {
      // Labels near the right edge go to the left of the dot.
      g.select('text').attr('x', (p) => (p.px > x1 - 70 ? -p.gap : p.gap)).attr('text-anchor', (p) => (p.px > x1 - 70 ? 'end' : 'start')).text((p) => p.names.join('/'));
    });

  // The selected neuron: a ring with a cross, on top of everything.
  const here = neuron ? [{ ...neuron, px: x(neuron.x), py: y(neuron.y) }].filter((n) => inside(n.px, n.py)) : [];
  layer('map-neuron').selectAll<SVGGElement, (typeof here)[number]>('g.map-neuron').data(here)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'map-neuron');
      g.append('circle').attr('class', 'halo').attr('r', 8);
      g.append('circle').attr('class', 'ring').attr('r', 8);
      g.append('path').attr('d', 'M-12,0H-4M4,0H12M0,-12V-4M0,4V12');
      g.append('text').attr('y', -12).attr('text-anchor', 'middle');
      return g;
    })
    .attr('data-testid', 'map-neuron')
    .attr('data-x', (n) => String(n.x))
    .attr('data-y', (n) => String(n.y))
    .attr('transform', (n) => `translate(${n.px},${n.py})`)
    .call((g) => {
      g.select('text').text((n) => n.name).attr('text-anchor', (n) => (n.px < x0 + 40 ? 'start' : n.px > x1 - 40 ? 'end' : 'middle'))
        // Below the ring (named cells label to their right, often just above it), above it near the bottom.
        .attr('y', (n) => (n.py > y1 - 24 ? -13 : 23));
    });

  // The cell under the pointer (or the keyboard's cursor).
  const hx = map.request.x;
  const hy = map.request.y;
  const cells = cursor ? [cursor] : [];
  const dx = Math.abs(x(gridValue(hx, 1)) - x(gridValue(hx, 0)));
  const dy = Math.abs(y(gridValue(hy, 1)) - y(gridValue(hy, 0)));
  layer('map-cursor').selectAll('rect').data(cells).join('rect')
    .attr('data-testid', 'map-cursor')
    .attr('x', (c) => x(gridValue(hx, c.ix)) - dx / 2).attr('y', (c) => y(gridValue(hy, c.iy)) - dy / 2)
    .attr('width', dx).attr('height', dy)
    .attr('fill', 'none').attr('stroke', '#1d2330').attr('stroke-width', 2);

  layer('map-x-axis').attr('transform', `translate(0,${y1})`)
    .call(d3.axisBottom(x).ticks(Math.max(3, Math.floor((x1 - x0) / 70))).tickSizeOuter(0));
  layer('map-y-axis').attr('transform', `translate(${x0},0)`)
    .call(d3.axisLeft(y).ticks(Math.max(3, Math.floor((y1 - y0) / 36))).tickSizeOuter(0));
  const title = (name: NeuronParam, what: string) => `${name} (${what}${unitOf(map, name, ', ')})`;
  const xTitle = xName === 'a' ? title('a', 'recovery time scale') : title('c', 'reset of v');
  const yTitle = yName === 'b' ? title('b', 'sensitivity of u to v') : title('d', 'jump of u at a spike');
  layer('map-titles').selectAll('text').data([xTitle, yTitle]).join('text').attr('class', 'axis-title')
    .attr('text-anchor', (_, i) => (i === 0 ? 'end' : 'middle'))
    .attr('transform', (_, i) => (i === 0 ? `translate(${x1},${height - 3})` : `translate(13,${y0 + (y1 - y0) / 2}) rotate(-90)`))
    .text((t) => t);
}

interface FiringMapChartProps {
  map: FiringMap;
  /** Computed for earlier settings: drawn faded until the new map arrives. */
  stale: boolean;
  neuron: Marker | null;
  presets: PresetPoint[];
  /** A click (or Enter) on a grid point. */
  onPick(cell: GridCell): void;
  /** Who gets the values of a picked point, for the hint ("click to give Driver ..."). */
  targetName: string | null;
}

/** The firing classes over a plane of two parameters, with the named cells and the selected neuron marked. */
export function FiringMapChart({ map, stale, neuron, presets, onPick, targetName }: FiringMapChartProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const size = useElementSize(containerRef);
  const [cursor, setCursor] = useState<GridCell | null>(null);
  const scales = size.width > 0 && size.height > 0 ? scalesFor(map, size.width, size.height) : null;

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || size.width === 0 || size.height === 0) return;
    paint(canvas, map, scalesFor(map, size.width, size.height), size.width, size.height);
  }, [map, size.width, size.height]);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg || size.width === 0 || size.height === 0) return;
    drawOverlay(svg, map, scalesFor(map, size.width, size.height), size.height, cursor, neuron, presets);
  }, [map, size.width, size.height, cursor, neuron, presets]);

  // A new grid may be smaller: keep the cursor on it.
  const nx = map.request.x.count;
  const ny = map.request.y.count;
  const shownCursor = cursor && cursor.ix < nx && cursor.iy < ny ? cursor : null;

  const cellAt = (e: MouseEvent<SVGSVGElement>): GridCell | null => {
    if (!scales) return null;
    const r = e.currentTarget.getBoundingClientRect();
    const ix = cellIndex(map.request.x, scales.x.invert(e.clientX - r.left));
    const iy = cellIndex(map.request.y, scales.y.invert(e.clientY - r.top));
    return ix === null || iy === null ? null : { ix, iy };
  };

  const onKey = (e: KeyboardEvent<SVGSVGElement>) => {
    const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      const from = shownCursor ?? { ix: Math.floor(nx / 2), iy: Math.floor(ny / 2) };
      const step = e.shiftKey ? 5 : 1;
      setCursor({ ix: Math.min(nx - 1, Math.max(0, from.ix + move[0] * step)), iy: Math.min(ny - 1, Math.max(0, from.iy + move[1] * step)) });
    } else if ((e.key === 'Enter' || e.key === ' ') && shownCursor) {
      e.preventDefault();
      onPick(shownCursor);
    }
  };

  const tip = shownCursor && scales ? <MapTooltip map={map} cell={shownCursor} scales={scales} width={size.width} targetName={targetName} /> : null;

  return (
    <div className={`sw-map${stale ? ' is-stale' : ''}`} ref={containerRef}>
      <canvas ref={canvasRef} className="sw-map-canvas" style={{ width: size.width, height: size.height }} aria-hidden="true" />
      <svg
        ref={svgRef}
        className="sw-map-overlay"
        data-testid="firing-map"
        data-plane={map.request.plane}
        data-stale={String(stale)}
        width={size.width}
        height={size.height}
        role="application"
        aria-roledescription="firing map"
        aria-label={`Firing class over the (${PLANE_PARAMS[map.request.plane].x}, ${PLANE_PARAMS[map.request.plane].y}) plane, ${nx} by ${ny} points. Arrow keys move over the grid, Enter gives the selected neuron the values of the point.`}
        tabIndex={0}
        onMouseMove={(e) => setCursor(cellAt(e))}
        onMouseLeave={() => setCursor(null)}
        onClick={(e) => {
          const cell = cellAt(e);
          if (cell) onPick(cell);
        }}
        onKeyDown={onKey}
      />
      {tip}
      <p className="visually-hidden" aria-live="polite">
        {shownCursor ? describeCell(map, shownCursor) : ''}
      </p>
    </div>
  );
}

function describeCell(map: FiringMap, cell: GridCell): string {
  const { x: xName, y: yName } = PLANE_PARAMS[map.request.plane];
  const k = cell.iy * map.request.x.count + cell.ix;
  const cls = FIRING_CLASSES[map.classes[k]];
  return `${cls ? FIRING_CLASS_LABELS[cls] : 'unknown'} at ${xName} = ${fmt(gridValue(map.request.x, cell.ix))}, ${yName} = ${fmt(gridValue(map.request.y, cell.iy))}`;
}

/** The unit of a parameter of the map's cell after `separator` ('' when it has none: the 2003 cell's a, b, d). */
function unitOf(map: FiringMap, name: NeuronParam, separator: string): string {
  const unit = PARAM_UNITS[map.request.cell.model ?? 'izhikevich2003'][name];
  return unit === '' ? '' : `${separator}${unit}`;
}

/** The class, the values and the spike count of the point under the pointer. */
function MapTooltip({ map, cell, scales, width, targetName }: { map: FiringMap; cell: GridCell; scales: Scales; width: number; targetName: string | null }) {
  const { x: xName, y: yName } = PLANE_PARAMS[map.request.plane];
  const k = cell.iy * map.request.x.count + cell.ix;
  const cls = FIRING_CLASSES[map.classes[k]];
  const xv = gridValue(map.request.x, cell.ix);
  const yv = gridValue(map.request.y, cell.iy);
  const px = scales.x(xv);
  const py = scales.y(yv);
  const spikes = map.spikeCounts[k] ?? 0;
  // Beside the point, on whichever side has room, so it stays over the map.
  const onRight = px + 14 + TOOLTIP_PX < width || px < width / 2;
  return (
    <div
      className="sw-tooltip"
      style={{ top: Math.max(4, py - 30), ...(onRight ? { left: px + 14 } : { right: width - px + 14 }) }}
      data-testid="map-tooltip"
      data-class={cls ?? 'unknown'}
      aria-hidden="true"
    >
      <div className="sw-tooltip-title">
        <span className="sw-class-swatch" style={{ background: classColor(map.classes[k]) }} />
        {cls ? FIRING_CLASS_LABELS[cls] : 'unknown'}
      </div>
      <div>
        {xName} = {fmt(xv)}{unitOf(map, xName, ' ')}, {yName} = {fmt(yv)}{unitOf(map, yName, ' ')}
      </div>
      <div className="muted">
        {spikes} spike{spikes === 1 ? '' : 's'} after the step
      </div>
      {targetName ? <div className="muted">Click to give {targetName} these values</div> : null}
    </div>
  );
}
