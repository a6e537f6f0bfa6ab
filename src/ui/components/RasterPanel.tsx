import { useEffect, useRef, useState } from 'react';
import * as d3 from 'd3';
import type { NetworkSummary, RasterView } from '../../worker/protocol.ts';
import { groupLabelRoom } from '../groupLabelRoom.ts';
import { useAnimationFrame, useElementSize } from '../hooks.ts';
import { downloadFile, spikesCsvParts, spikesFileName } from '../files.ts';
import { RasterExport } from '../export/plotExports.tsx';
import { liveData } from '../liveData.ts';
import { pagePerf } from '../performance.ts';
import { plotMargin, ROLE_COLORS, timeWindow } from '../plotTheme.ts';
import { fullZoom, panNeurons, zoomNeurons, zoomTime, zoomTo, type RasterZoom } from '../rasterZoom.ts';
import { postCommand, useLabStore } from '../store.ts';
import { setAttr, setFittedText, setText } from '../domWrites.ts';
import { plotFrames, RASTER_DRAG_PERIOD } from '../dragFrames.ts';
import { drawTimeAxis, timeAxisFor } from '../timeAxis.ts';
import { PerformanceMeter } from './PerformanceMeter.tsx';
import { paintDensity, paintSpikes, pixelsFor, type PaintOptions, type Pixels } from './rasterPaint.ts';


/** The time span the raster shows now: the zoom's fixed span, or the live window. */
function spanOf(zoom: RasterZoom, windowMs: number): [number, number] {
  return zoom.span ?? timeWindow(liveData.frameTime, windowMs);
}

/** What the raster's labels, neuron axis and frame were last drawn for, per svg. */
const staticDrawn = new WeakMap<SVGSVGElement, { width: number; height: number; left: number; network: NetworkSummary; first: number; count: number }>();

function drawAxes(svgEl: SVGSVGElement, width: number, height: number, network: NetworkSummary, zoom: RasterZoom, t0: number, t1: number): void {
  const MARGIN = plotMargin(width, groupLabelRoom(network, svgEl));
  const svg = d3.select(svgEl);
  const x = d3.scaleLinear().domain([t0, t1]).range([MARGIN.left, width - MARGIN.right]);
  const bandEnd = zoom.first + zoom.count;
  const y = d3.scaleLinear().domain([zoom.first, bandEnd]).range([MARGIN.top, height - MARGIN.bottom]);
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const time = timeAxisFor(x);

  let xAxis = svg.select<SVGGElement>('g.x-axis');
  if (xAxis.empty()) xAxis = svg.append('g').attr('class', 'x-axis');
  const axisNode = xAxis.node();
  if (axisNode) setAttr(axisNode, 'transform', `translate(0,${height - MARGIN.bottom})`);
  drawTimeAxis(xAxis, x, time);

  // The unit (ms, s, min:s) changes as a long run scrolls on.
  let xTitle = svg.select<SVGTextElement>('text.x-title');
  if (xTitle.empty()) xTitle = svg.append('text').attr('class', 'x-title').attr('text-anchor', 'start').attr('x', 4);
  const titleNode = xTitle.node();
  if (titleNode) {
    setAttr(titleNode, 'y', String(height - MARGIN.bottom + 17));
    setText(titleNode, time.label);
  }

  // The rest changes with the size, the margin, the network and the band only: redrawn every frame while
  // the run scrolls, it made each raster draw lay out and restyle its labels again.
  const last = staticDrawn.get(svgEl);
  if (last && last.width === width && last.height === height && last.left === MARGIN.left && last.network === network && last.first === zoom.first && last.count === zoom.count) return;
  staticDrawn.set(svgEl, { width, height, left: MARGIN.left, network, first: zoom.first, count: zoom.count });

  // Group labels at the left, at the middle of the part of each group the band shows, with separators.
  const groups = svg
    .selectAll<SVGGElement, NetworkSummary['groups'][number]>('g.group')
    .data(network.groups, (g) => g.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'group');
      g.append('line').attr('class', 'separator');
      g.append('text').attr('class', 'group-label');
      g.append('text').attr('class', 'group-range');
      return g;
    });
  const shown = network.groups.filter((g) => g.start < bandEnd && g.start + g.size > zoom.first).length;
  const small = shown > 0 && (height - MARGIN.top - MARGIN.bottom) / shown < 26;
  // Labels go top to bottom; one that would overlap the label above it is left out (its band keeps a
  // tooltip), so single neurons next to a large population do not pile their names on each other.
  const LABEL_HEIGHT = 12;
  let lastLabelY = -Infinity;
  groups.each(function (grp) {
    const g = d3.select(this);
    const from = Math.max(grp.start, zoom.first);
    const to = Math.min(grp.start + grp.size, bandEnd);
    const visible = to > from;
    const top = y(grp.start);
    const mid = y((from + to) / 2);
    const fits = visible && mid - lastLabelY >= LABEL_HEIGHT;
    if (fits) lastLabelY = mid;
    g.attr('visibility', visible ? 'visible' : 'hidden');
    g.select('line.separator')
      .attr('x1', MARGIN.left - 6)
      .attr('x2', width - MARGIN.right)
      .attr('y1', top)
      .attr('y2', top)
      .attr('visibility', grp.start <= zoom.first || !visible ? 'hidden' : 'visible');
    const label = grp.label || grp.id;
    const labelNode = g.select<SVGTextElement>('text.group-label')
      .attr('x', MARGIN.left - 8)
      .attr('y', mid)
      .attr('dy', grp.size > 1 && !small ? '-0.2em' : '0.35em')
      .attr('text-anchor', 'end')
      .attr('fill', ROLE_COLORS[grp.role])
      .node();
    if (labelNode) setFittedText(labelNode, fits ? label : '', MARGIN.left - 12);
    g.selectAll('title')
      .data([0])
      .join('title')
      .text(`${label} (${grp.id}): ${grp.size === 1 ? `neuron ${grp.start}` : `neurons ${grp.start}\u2013${grp.start + grp.size - 1}`}, ${grp.role}`);
    const rangeNode = g.select<SVGTextElement>('text.group-range')
      .attr('x', MARGIN.left - 8)
      .attr('y', mid)
      .attr('dy', '1em')
      .attr('text-anchor', 'end')
      .node();
    // A narrow raster keeps the count whole ("800") rather than cut it at the left edge.
    const shownCount = (to - from).toLocaleString('en-US');
    if (rangeNode) setFittedText(rangeNode, fits && grp.size > 1 && !small ? `${shownCount} neurons` : '', MARGIN.left - 12);
    if (rangeNode?.textContent?.endsWith('\u2026')) setFittedText(rangeNode, shownCount, MARGIN.left - 12);
  });

  // Neuron index ticks on the right when rows are neurons of populations.
  let yAxis = svg.select<SVGGElement>('g.y-axis');
  if (yAxis.empty()) yAxis = svg.append('g').attr('class', 'y-axis');
  if (network.neuronCount > network.groups.length) {
    yAxis
      .attr('transform', `translate(${width - MARGIN.right},0)`)
      .attr('visibility', 'visible')
      .call(d3.axisRight(y).ticks(Math.max(2, Math.min(6, Math.floor((height - MARGIN.top - MARGIN.bottom) / 24)))).tickSizeOuter(0).tickFormat(d3.format(zoom.count >= 2000 ? '~s' : 'd')));
  } else {
    yAxis.attr('visibility', 'hidden');
  }

  let frame = svg.select<SVGRectElement>('rect.frame');
  if (frame.empty()) frame = svg.append('rect').attr('class', 'frame');
  frame
    .attr('x', MARGIN.left)
    .attr('y', MARGIN.top)
    .attr('width', Math.max(0, plotWidth))
    .attr('height', Math.max(0, height - MARGIN.top - MARGIN.bottom));
}

/**
 * Downloads every spike since the last reset as `time_ms,neuron` (spikesToCsv's text). When the export
 * log has hit its cap the file name says so and a note beside the button says how many were not kept.
 * A network too big for the page to keep every spike has no export here (the CLI writes its spikes).
 */
function SpikesExport() {
  const network = useLabStore((s) => s.network);
  const noteRef = useRef<HTMLSpanElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const shown = useRef('');

  useAnimationFrame(() => {
    const log = liveData.spikeLog;
    const complete = liveData.raster.complete;
    const text = !complete
      ? 'Spikes CSV: npm run sim'
      : log.dropped > 0
        ? `Export holds the first ${log.length.toLocaleString('en-US')} spikes since reset; ${log.dropped.toLocaleString('en-US')} later ones were not kept (Reset to start a new record).`
        : '';
    const el = noteRef.current;
    if (el && text !== shown.current) {
      el.textContent = text;
      el.title = complete ? '' : 'Too many spikes a second for the page to keep them all: it gets only what the raster draws. The command line (npm run sim -- file.json --out spikes.csv) writes every spike.';
      el.hidden = text === '';
      shown.current = text;
    }
    // In its place, the note: a disabled button's tooltip would not show. Written only when it changes:
    // setting `hidden` again restyles the button in every frame.
    const button = buttonRef.current;
    if (button && button.hidden !== !complete) button.hidden = !complete;
  });

  const exportSpikes = (): void => {
    const net = useLabStore.getState().network;
    if (!net || !liveData.raster.complete) return;
    const log = liveData.spikeLog;
    const parts = spikesCsvParts(log.neurons, log.times, log.length, net.ids);
    downloadFile(parts, spikesFileName(useLabStore.getState().experiment.name, log.length, log.dropped), 'text/csv');
  };

  return (
    <span className="spikes-export">
      <span ref={noteRef} className="export-note" role="status" data-testid="export-spikes-note" hidden />
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-small"
        data-testid="export-spikes"
        aria-label="Download spikes CSV"
        title="Download every spike since the last reset as CSV (time_ms,neuron)"
        disabled={!network}
        onClick={exportSpikes}
      >
        Spikes CSV
      </button>
    </span>
  );
}

interface ZoomButtonsProps {
  zoom: RasterZoom;
  neuronCount: number;
  windowMs: number;
  onZoom: (zoom: RasterZoom) => void;
}

/** The zoom by keyboard (and mouse): the band of neurons in, out, up and down; time in; back to everything. */
function ZoomButtons({ zoom, neuronCount, windowMs, onZoom }: ZoomButtonsProps) {
  const whole = zoom.first === 0 && zoom.count >= neuronCount && zoom.span === null;
  const buttons: { id: string; label: string; title: string; text: string; disabled: boolean; next: () => RasterZoom }[] = [
    { id: 'in', label: 'Zoom in on neurons', title: 'Show half as many neurons (drag on the raster to pick a band and a span)', text: '+', disabled: zoom.count <= 8, next: () => zoomNeurons(zoom, 0.5, neuronCount) },
    { id: 'out', label: 'Zoom out on neurons', title: 'Show twice as many neurons', text: '\u2212', disabled: zoom.count >= neuronCount, next: () => zoomNeurons(zoom, 2, neuronCount) },
    { id: 'up', label: 'Show lower-numbered neurons', title: 'Move the band towards neuron 0', text: '\u25B2', disabled: zoom.first <= 0, next: () => panNeurons(zoom, -0.5, neuronCount) },
    { id: 'down', label: 'Show higher-numbered neurons', title: 'Move the band towards the last neuron', text: '\u25BC', disabled: zoom.first + zoom.count >= neuronCount, next: () => panNeurons(zoom, 0.5, neuronCount) },
    { id: 'time', label: 'Zoom in on time', title: 'Hold the middle half of the time shown (the raster stops scrolling)', text: 'ms+', disabled: false, next: () => zoomTime(zoom, 0.5, spanOf(zoom, windowMs)) },
    { id: 'reset', label: 'Reset zoom', title: 'All neurons over the live window', text: 'All', disabled: whole, next: () => fullZoom(neuronCount) },
  ];
  return (
    <span className="raster-zoom" role="group" aria-label="Raster zoom">
      {buttons.map((b) => (
        <button
          key={b.id}
          type="button"
          className="btn btn-small"
          data-testid={`raster-zoom-${b.id}`}
          aria-label={b.label}
          title={b.title}
          disabled={b.disabled}
          onClick={() => onZoom(b.next())}
        >
          {b.text}
        </button>
      ))}
    </span>
  );
}

let nextViewId = 1;
/** How often the rate text under the title changes, wall ms. */
const TEXT_MS = 250;

/**
 * Every neuron's spikes over the scrolling time window: excitatory and inhibitory in two colours. It
 * tells the Worker what it shows (band, span, pixels) and draws what comes back: the spikes, or, when
 * the band's neurons outnumber the pixel rows, their density.
 */
export function RasterPanel() {
  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const rateRef = useRef<HTMLSpanElement>(null);
  const pixels = useRef<Pixels | null>(null);
  const size = useElementSize(containerRef);
  const network = useLabStore((s) => s.network);
  const windowMs = useLabStore((s) => s.windowMs);
  const selectedId = useLabStore((s) => s.selectedNeuronId);
  const selectedIndex = network && selectedId ? network.ids.indexOf(selectedId) : -1;
  // The zoom belongs to the network it was made on; a newly loaded one starts whole.
  const [zoomState, setZoomState] = useState<{ network: NetworkSummary | null; zoom: RasterZoom } | null>(null);
  const zoom = zoomState && zoomState.network === network ? zoomState.zoom : fullZoom(network?.neuronCount ?? 1);
  const setZoom = (next: RasterZoom): void => setZoomState({ network, zoom: next });
  const latest = useRef({ zoom, network, windowMs, setZoom });
  latest.current = { zoom, network, windowMs, setZoom };
  const sentView = useRef('');
  const textShownAt = useRef(Number.NEGATIVE_INFINITY);
  /** The rate text of the latest draw, until it is shown. */
  const rateText = useRef<{ text: string; title: string; due: boolean } | null>(null);
  /** Redraws so far (a benchmark counts them: the raster's own frame rate). */
  const draws = useRef(0);
  const drawn = useRef({ version: -1, width: 0, height: 0, dpr: 0, network, zoom, windowMs: 0, selectedIndex: -2 });

  useAnimationFrame((stamp) => {
    const canvas = canvasRef.current;
    const svg = svgRef.current;
    if (!canvas || !svg || !network || size.width === 0 || size.height === 0 || !plotFrames.draws(stamp, RASTER_DRAG_PERIOD)) return;
    const dpr = window.devicePixelRatio || 1;
    const MARGIN = plotMargin(size.width, groupLabelRoom(network, svg));
    const cssW = Math.max(1, size.width - MARGIN.left - MARGIN.right);
    const cssH = Math.max(1, size.height - MARGIN.top - MARGIN.bottom);
    const devW = Math.round(cssW * dpr);
    const devH = Math.round(cssH * dpr);

    // The Worker sends what this view draws; tell it when the view changes.
    const view: Omit<RasterView, 'id'> = { first: zoom.first, count: zoom.count, span: zoom.span, windowMs, width: devW, height: devH };
    const key = JSON.stringify(view);
    if (key !== sentView.current) {
      sentView.current = key;
      postCommand({ type: 'rasterView', view: { id: nextViewId++, ...view } });
    }

    // The text a few times a second: enough to read, and each change lays the header out again.
    const showText = (): void => {
      const pending = rateText.current;
      const el = rateRef.current;
      const now = performance.now();
      if (!pending || !el || (!pending.due && now - textShownAt.current < TEXT_MS)) return;
      el.textContent = pending.text;
      el.title = pending.title;
      textShownAt.current = now;
      rateText.current = null;
    };
    const d = drawn.current;
    showText();
    if (
      d.version === liveData.frameVersion && d.width === size.width && d.height === size.height && d.dpr === dpr &&
      d.network === network && d.zoom === zoom && d.windowMs === windowMs && d.selectedIndex === selectedIndex
    ) return;
    const started = performance.now();
    if (canvas.width !== devW || canvas.height !== devH) {
      canvas.width = devW;
      canvas.height = devH;
    }
    if (d.width !== size.width || d.height !== size.height || d.dpr !== dpr) {
      canvas.style.width = `${cssW}px`;
      canvas.style.height = `${cssH}px`;
      canvas.style.left = `${MARGIN.left}px`;
      canvas.style.top = `${MARGIN.top}px`;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const px = (pixels.current = pixelsFor(ctx, devW, devH, pixels.current));
    const [t0, t1] = spanOf(zoom, windowMs);
    const options: PaintOptions = { network, first: zoom.first, count: zoom.count, t0, t1, selectedIndex, dpr };
    const raster = liveData.raster;
    const density = raster.mode === 'density' ? raster.density : null;
    const painted = density ? paintDensity(px, options, density) : { spikes: paintSpikes(px, options), darkest: 0 };
    ctx.putImageData(px.image, 0, 0);
    drawAxes(svg, size.width, size.height, network, zoom, t0, t1);

    const total = raster.complete ? liveData.spikes.total : raster.totalSpikes;
    canvas.setAttribute('data-spike-count', String(total));
    setAttr(canvas, 'data-mode', density ? 'density' : 'spikes');
    setAttr(canvas, 'data-band', `${zoom.first}-${zoom.first + zoom.count - 1}`);
    setAttr(canvas, 'data-span', zoom.span ? `${zoom.span[0]}-${zoom.span[1]}` : 'live');
    canvas.setAttribute('data-drawn', String(painted.spikes));
    canvas.setAttribute('data-draws', String(++draws.current));
    const span = Math.max(1e-9, Math.min(t1, liveData.frameTime) - t0);
    const rate = liveData.frameTime > t0 ? (painted.spikes / zoom.count) * (1000 / span) : 0;
    let text = `mean rate ${rate.toFixed(1)} Hz \u00b7 ${total.toLocaleString('en-US')} spikes`;
    let title = '';
    if (density) {
      // The darkest shade as a rate per neuron: its count over the neurons and time of one cell.
      const { count, rows, binMs } = density.layout;
      const perRow = count / rows;
      const hz = painted.darkest / (perRow * (binMs / 1000));
      text += ` \u00b7 density, ${Math.round(perRow).toLocaleString('en-US')} neuron${Math.round(perRow) === 1 ? '' : 's'} a row`;
      title = `More neurons than pixel rows: each row of pixels shows ${perRow.toFixed(1)} neurons over ${binMs.toFixed(2)} ms bins, ` +
        `darker for more spikes (darkest: ${hz.toFixed(0)} Hz per neuron). Zoom in (+ or drag) to see single spikes.`;
    }
    rateText.current = { text, title, due: d.network !== network || d.zoom !== zoom };
    showText();
    pagePerf.rasterMs = pagePerf.rasterMs * 0.9 + (performance.now() - started) * 0.1;
    drawn.current = { version: liveData.frameVersion, width: size.width, height: size.height, dpr, network, zoom, windowMs, selectedIndex };
  });

  // Drag a rectangle to zoom into its neurons and time; a click without a drag selects a neuron.
  useEffect(() => {
    const svgEl = svgRef.current;
    if (!svgEl || size.width === 0 || size.height === 0) return;
    const MARGIN = plotMargin(size.width, groupLabelRoom(network, svgEl));
    const left = MARGIN.left;
    const top = MARGIN.top;
    const right = size.width - MARGIN.right;
    const bottom = size.height - MARGIN.bottom;
    if (right <= left || bottom <= top) return;
    const g = d3.select(svgEl).selectAll<SVGGElement, null>('g.brush').data([null]).join('g').attr('class', 'brush');
    const brush = d3.brush<null>().extent([[left, top], [right, bottom]]);
    brush.on('end', (event: d3.D3BrushEvent<null>) => {
      if (!event.sourceEvent) return; // the brush cleared below
      const { zoom: z, network: net, windowMs: w, setZoom: set } = latest.current;
      if (!net) return;
      const [t0, t1] = spanOf(z, w);
      const toTime = (px: number) => t0 + ((px - left) / (right - left)) * (t1 - t0);
      const toNeuron = (py: number) => z.first + ((py - top) / (bottom - top)) * z.count;
      const selection = event.selection as [[number, number], [number, number]] | null;
      if (!selection) {
        const source: unknown = event.sourceEvent;
        if (source instanceof MouseEvent) {
          const [, py] = d3.pointer(source, svgEl);
          const id = net.ids[Math.floor(toNeuron(py))];
          const { experiment, selectNeuron } = useLabStore.getState();
          if (id !== undefined && experiment.neurons.some((n) => n.id === id)) selectNeuron(id);
        }
        return;
      }
      const [[x0, y0], [x1, y1]] = selection;
      g.call(brush.move, null);
      // A thin rectangle zooms only the way it is long.
      const neurons: [number, number] | null = y1 - y0 >= 4 ? [toNeuron(y0), toNeuron(y1)] : null;
      const span: [number, number] | null = x1 - x0 >= 8 ? [toTime(x0), toTime(x1)] : null;
      set(zoomTo(z, neurons, span, net.neuronCount));
    });
    g.call(brush);
    return () => {
      brush.on('end', null);
      g.selectAll('*').remove();
    };
  }, [size.width, size.height, network]);

  return (
    <section className="panel raster-panel" aria-labelledby="raster-title">
      <div className="panel-header">
        <h2 id="raster-title">Spike raster</h2>
        <div className="legend raster-legend">
          <span>
            <span className="swatch dot" style={{ background: ROLE_COLORS.excitatory }} aria-hidden="true" />
            excitatory
          </span>
          <span>
            <span className="swatch dot" style={{ background: ROLE_COLORS.inhibitory }} aria-hidden="true" />
            inhibitory
          </span>
        </div>
        <SpikesExport />
        <span className="muted raster-rate" ref={rateRef} aria-live="off" />
      </div>
      <div className="raster-plot" ref={containerRef}>
        <canvas
          ref={canvasRef}
          data-testid="raster"
          data-spike-count={0}
          data-mode="spikes"
          role="img"
          aria-label={network ? `Spike raster of ${network.neuronCount} neuron${network.neuronCount === 1 ? '' : 's'}` : 'Spike raster'}
        />
        <svg ref={svgRef} className="raster-axes" width={size.width} height={size.height} aria-hidden="true" />
        {network ? null : <p className="plot-empty">Loading the network{'\u2026'}</p>}
      </div>
      <div className="raster-footer">
        {network ? <ZoomButtons zoom={zoom} neuronCount={network.neuronCount} windowMs={windowMs} onZoom={setZoom} /> : null}
        <RasterExport />
        <PerformanceMeter />
      </div>
    </section>
  );
}
