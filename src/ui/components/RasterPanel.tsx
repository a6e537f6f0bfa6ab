import { useRef, type MouseEvent } from 'react';
import * as d3 from 'd3';
import type { NetworkSummary } from '../../worker/protocol.ts';
import { useAnimationFrame, useElementSize } from '../hooks.ts';
import { downloadFile, spikesCsvParts, spikesFileName } from '../files.ts';
import { liveData } from '../liveData.ts';
import { PLOT_MARGIN, ROLE_COLORS, timeWindow } from '../plotTheme.ts';
import { useLabStore } from '../store.ts';

const MARGIN = PLOT_MARGIN;

/** 0xAABBGGRR on little-endian machines (ImageData's byte order is R, G, B, A). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
function packColor(css: string, alpha = 255): number {
  const c = d3.rgb(css);
  const r = Math.round(c.r) & 255;
  const g = Math.round(c.g) & 255;
  const b = Math.round(c.b) & 255;
  return LITTLE_ENDIAN
    ? ((alpha << 24) | (b << 16) | (g << 8) | r) >>> 0
    : ((r << 24) | (g << 16) | (b << 8) | alpha) >>> 0;
}
const PIXEL = {
  excitatory: packColor(ROLE_COLORS.excitatory),
  inhibitory: packColor(ROLE_COLORS.inhibitory),
  band: packColor('#eef1f6'),
  selected: packColor('#fff6d1'),
};

/** Device-pixel image of the plot area and what stays the same between frames. */
interface Pixels {
  image: ImageData;
  words: Uint32Array;
  /** Bands and the selected row, copied in before the spikes each frame. */
  background: Uint32Array;
  backgroundKey: string;
  /** First pixel row of each neuron's dot, and the dot's size in device pixels. */
  dotTop: Int32Array;
  dotH: number;
  dotW: number;
}

function pixelsFor(ctx: CanvasRenderingContext2D, width: number, height: number, old: Pixels | null): Pixels {
  if (old && old.image.width === width && old.image.height === height) return old;
  const image = ctx.createImageData(width, height);
  return {
    image,
    words: new Uint32Array(image.data.buffer),
    background: new Uint32Array(width * height),
    backgroundKey: '',
    dotTop: new Int32Array(0),
    dotH: 1,
    dotW: 1,
  };
}

interface PaintOptions {
  network: NetworkSummary;
  windowMs: number;
  selectedIndex: number;
  dpr: number;
}

/** Rebuilds the background and the per-neuron row table when the network, size or selection change. */
function prepare(px: Pixels, o: PaintOptions): void {
  const W = px.image.width;
  const H = px.image.height;
  const key = `${o.network.neuronCount}|${o.network.groups.map((g) => g.start).join(',')}|${o.selectedIndex}|${o.dpr}`;
  if (key === px.backgroundKey && px.dotTop.length === o.network.neuronCount) return;
  const n = Math.max(1, o.network.neuronCount);
  const rowH = H / n;
  const bg = px.background;
  bg.fill(0);
  // Every other group shaded, and the selected neuron's row highlighted.
  o.network.groups.forEach((grp, gi) => {
    if (gi % 2 === 1) {
      const y0 = Math.floor(grp.start * rowH);
      const y1 = Math.min(H, Math.floor((grp.start + grp.size) * rowH));
      bg.fill(PIXEL.band, y0 * W, y1 * W);
    }
  });
  if (o.selectedIndex >= 0) {
    const y0 = Math.floor(o.selectedIndex * rowH);
    const y1 = Math.min(H, Math.max(y0 + 1, Math.floor((o.selectedIndex + 1) * rowH)));
    bg.fill(PIXEL.selected, y0 * W, y1 * W);
  }
  // Tall rows get a tick with some padding; dense rasters get small square dots centred on the row.
  const pad = rowH >= 6 ? Math.floor(rowH * 0.18) : 0;
  const dotH = Math.max(1, Math.min(H, Math.round(rowH >= 3 ? rowH - 2 * pad : Math.max(rowH, 1.6 * o.dpr))));
  const dotTop = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = rowH >= 3 ? Math.floor(i * rowH + pad) : Math.floor(i * rowH + rowH / 2 - dotH / 2);
    dotTop[i] = Math.max(0, Math.min(H - dotH, y));
  }
  px.dotTop = dotTop;
  px.dotH = dotH;
  px.dotW = Math.max(1, Math.min(W, Math.round((rowH >= 6 ? 2 : 1.6) * o.dpr)));
  px.backgroundKey = key;
}

/** Paints the spikes of the current window from the typed ring buffer; returns how many it drew. */
function paintSpikes(px: Pixels, o: PaintOptions): number {
  prepare(px, o);
  const { words, dotTop, dotH, dotW } = px;
  const W = px.image.width;
  words.set(px.background);
  const n = o.network.neuronCount;
  const [t0, t1] = timeWindow(liveData.frameTime, o.windowMs);
  const scaleX = W / (t1 - t0);
  const maxX = W - dotW;
  const spikes = liveData.spikes;
  const times = spikes.times;
  const neurons = spikes.neurons;
  const cap = spikes.capacity;
  const roles = o.network.roles;
  const exc = PIXEL.excitatory;
  const inh = PIXEL.inhibitory;
  let drawn = 0;
  let slot = spikes.at(spikes.lowerBound(t0));
  const end = spikes.length - spikes.lowerBound(t0);
  for (let k = 0; k < end; k++) {
    const t = times[slot];
    if (t > t1) break;
    const idx = neurons[slot];
    slot = slot + 1 === cap ? 0 : slot + 1;
    if (idx < 0 || idx >= n) continue;
    const color = roles[idx] === 1 ? inh : exc;
    let x0 = ((t - t0) * scaleX) | 0;
    if (x0 < 0) x0 = 0;
    else if (x0 > maxX) x0 = maxX;
    let base = dotTop[idx] * W + x0;
    for (let r = 0; r < dotH; r++) {
      for (let c = 0; c < dotW; c++) words[base + c] = color;
      base += W;
    }
    drawn++;
  }
  return drawn;
}

function drawAxes(svgEl: SVGSVGElement, width: number, height: number, network: NetworkSummary, windowMs: number): void {
  const svg = d3.select(svgEl);
  const [t0, t1] = timeWindow(liveData.frameTime, windowMs);
  const x = d3.scaleLinear().domain([t0, t1]).range([MARGIN.left, width - MARGIN.right]);
  const y = d3.scaleLinear().domain([0, Math.max(1, network.neuronCount)]).range([MARGIN.top, height - MARGIN.bottom]);
  const plotWidth = width - MARGIN.left - MARGIN.right;

  let xAxis = svg.select<SVGGElement>('g.x-axis');
  if (xAxis.empty()) xAxis = svg.append('g').attr('class', 'x-axis');
  xAxis
    .attr('transform', `translate(0,${height - MARGIN.bottom})`)
    .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(plotWidth / 90))).tickSizeOuter(0).tickFormat((d) => d3.format('~g')(d.valueOf())));

  let xTitle = svg.select<SVGTextElement>('text.x-title');
  if (xTitle.empty()) xTitle = svg.append('text').attr('class', 'x-title').attr('text-anchor', 'end');
  xTitle.attr('x', MARGIN.left - 22).attr('y', height - MARGIN.bottom + 17).text('time (ms)');

  // Group labels at the left, with separators between groups.
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
  const small = network.groups.length > 0 && (height - MARGIN.top - MARGIN.bottom) / network.groups.length < 26;
  // Labels go top to bottom; one that would overlap the label above it is left out (its band keeps a
  // tooltip), so single neurons next to a large population do not pile their names on each other.
  const LABEL_HEIGHT = 12;
  let lastLabelY = -Infinity;
  groups.each(function (grp) {
    const g = d3.select(this);
    const top = y(grp.start);
    const mid = y(grp.start + grp.size / 2);
    const fits = mid - lastLabelY >= LABEL_HEIGHT;
    if (fits) lastLabelY = mid;
    g.select('line.separator')
      .attr('x1', MARGIN.left - 6)
      .attr('x2', width - MARGIN.right)
      .attr('y1', top)
      .attr('y2', top)
      .attr('visibility', grp.start === 0 ? 'hidden' : 'visible');
    const label = grp.label || grp.id;
    g.select('text.group-label')
      .attr('x', MARGIN.left - 8)
      .attr('y', mid)
      .attr('dy', grp.size > 1 && !small ? '-0.2em' : '0.35em')
      .attr('text-anchor', 'end')
      .attr('fill', ROLE_COLORS[grp.role])
      .text(!fits ? '' : label.length > 12 ? `${label.slice(0, 11)}\u2026` : label); // 12 characters fit the left margin
    g.selectAll('title')
      .data([0])
      .join('title')
      .text(`${label} (${grp.id}): ${grp.size === 1 ? `neuron ${grp.start}` : `neurons ${grp.start}\u2013${grp.start + grp.size - 1}`}, ${grp.role}`);
    g.select('text.group-range')
      .attr('x', MARGIN.left - 8)
      .attr('y', mid)
      .attr('dy', '1em')
      .attr('text-anchor', 'end')
      .text(fits && grp.size > 1 && !small ? `${grp.size} neurons` : '');
  });

  // Neuron index ticks on the right when rows are neurons of populations.
  let yAxis = svg.select<SVGGElement>('g.y-axis');
  if (yAxis.empty()) yAxis = svg.append('g').attr('class', 'y-axis');
  if (network.neuronCount > network.groups.length) {
    const yIdx = d3.scaleLinear().domain([0, network.neuronCount]).range([MARGIN.top, height - MARGIN.bottom]);
    yAxis
      .attr('transform', `translate(${width - MARGIN.right},0)`)
      .attr('visibility', 'visible')
      .call(d3.axisRight(yIdx).ticks(6).tickSizeOuter(0).tickFormat(d3.format('d')));
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
 */
function SpikesExport() {
  const network = useLabStore((s) => s.network);
  const noteRef = useRef<HTMLSpanElement>(null);
  const shown = useRef('');

  useAnimationFrame(() => {
    const log = liveData.spikeLog;
    const text = log.dropped > 0
      ? `Export holds the first ${log.length.toLocaleString('en-US')} spikes since reset; ${log.dropped.toLocaleString('en-US')} later ones were not kept (Reset to start a new record).`
      : '';
    const el = noteRef.current;
    if (el && text !== shown.current) {
      el.textContent = text;
      el.hidden = text === '';
      shown.current = text;
    }
  });

  const exportSpikes = (): void => {
    const net = useLabStore.getState().network;
    if (!net) return;
    const log = liveData.spikeLog;
    const parts = spikesCsvParts(log.neurons, log.times, log.length, net.ids);
    downloadFile(parts, spikesFileName(useLabStore.getState().experiment.name, log.length, log.dropped), 'text/csv');
  };

  return (
    <span className="spikes-export">
      <span ref={noteRef} className="export-note" role="status" data-testid="export-spikes-note" hidden />
      <button
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

/** Every neuron's spikes over the scrolling time window: excitatory and inhibitory in two colours. */
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
  const neurons = useLabStore((s) => s.experiment.neurons);
  const selectNeuron = useLabStore((s) => s.selectNeuron);
  const selectedIndex = network && selectedId ? network.ids.indexOf(selectedId) : -1;
  const drawn = useRef({ version: -1, width: 0, height: 0, dpr: 0, network, windowMs: 0, selectedIndex: -2 });

  useAnimationFrame(() => {
    const canvas = canvasRef.current;
    const svg = svgRef.current;
    if (!canvas || !svg || !network || size.width === 0 || size.height === 0) return;
    const dpr = window.devicePixelRatio || 1;
    const d = drawn.current;
    if (
      d.version === liveData.version && d.width === size.width && d.height === size.height && d.dpr === dpr &&
      d.network === network && d.windowMs === windowMs && d.selectedIndex === selectedIndex
    ) return;
    const cssW = Math.max(1, size.width - MARGIN.left - MARGIN.right);
    const cssH = Math.max(1, size.height - MARGIN.top - MARGIN.bottom);
    const devW = Math.round(cssW * dpr);
    const devH = Math.round(cssH * dpr);
    if (canvas.width !== devW || canvas.height !== devH) {
      canvas.width = devW;
      canvas.height = devH;
    }
    canvas.style.width = `${cssW}px`;
    canvas.style.height = `${cssH}px`;
    canvas.style.left = `${MARGIN.left}px`;
    canvas.style.top = `${MARGIN.top}px`;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    pixels.current = pixelsFor(ctx, devW, devH, pixels.current);
    const inWindow = paintSpikes(pixels.current, { network, windowMs, selectedIndex, dpr });
    ctx.putImageData(pixels.current.image, 0, 0);
    drawAxes(svg, size.width, size.height, network, windowMs);
    canvas.setAttribute('data-spike-count', String(liveData.spikes.total));
    if (rateRef.current) {
      const [t0, t1] = timeWindow(liveData.frameTime, windowMs);
      const span = Math.max(1e-9, Math.min(t1, liveData.frameTime) - t0);
      const rate = liveData.frameTime > t0 ? (inWindow / network.neuronCount) * (1000 / span) : 0;
      rateRef.current.textContent = `mean rate ${rate.toFixed(1)} Hz \u00b7 ${liveData.spikes.total.toLocaleString('en-US')} spikes`;
    }
    drawn.current = { version: liveData.version, width: size.width, height: size.height, dpr, network, windowMs, selectedIndex };
  });

  const onClick = (e: MouseEvent<HTMLCanvasElement>): void => {
    if (!network) return;
    const r = e.currentTarget.getBoundingClientRect();
    const idx = Math.floor(((e.clientY - r.top) / r.height) * network.neuronCount);
    const id = network.ids[idx];
    if (id !== undefined && neurons.some((n) => n.id === id)) selectNeuron(id);
  };

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
        <span className="muted" ref={rateRef} aria-live="off" />
        </div>
        <SpikesExport />
      </div>
      <div className="raster-plot" ref={containerRef}>
        <canvas
          ref={canvasRef}
          data-testid="raster"
          data-spike-count={0}
          role="img"
          aria-label={network ? `Spike raster of ${network.neuronCount} neurons` : 'Spike raster'}
          onClick={onClick}
        />
        <svg ref={svgRef} className="raster-axes" width={size.width} height={size.height} aria-hidden="true" />
        {network ? null : <p className="plot-empty">Loading the network{'\u2026'}</p>}
      </div>
    </section>
  );
}
