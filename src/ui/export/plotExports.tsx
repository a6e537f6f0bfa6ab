/**
 * The Export menu of each plot: how each plot becomes a figure. Each finds its plot in the panel it
 * sits in (the closest section), so a panel adds its export with one line.
 */
import { ALPHA_BAND, GAMMA_BAND } from '../../core/analysis/rhythms.ts';
import { formatTime } from '../../core/io/spikesCsv.ts';
import { liveData } from '../liveData.ts';
import { PLOT_MARGIN, ROLE_COLORS, timeWindow, traceColor } from '../plotTheme.ts';
import { useLabStore } from '../store.ts';
import { ExportMenu } from './ExportMenu.tsx';
import { tracesToCsv } from './tracesCsv.ts';
import { blankPart, fillSwatch, legendFromDom, lineSwatch, standaloneClone, svgEl, type Figure, type LegendItem } from './svgExport.ts';

function panelOf(anchor: HTMLElement): HTMLElement | null {
  return anchor.closest('section');
}

function query<T extends Element>(root: ParentNode | null, selector: string, type: abstract new (...args: never[]) => T): T | null {
  const el = root?.querySelector(selector);
  return el instanceof type ? el : null;
}

/** "Spiking Lab · <experiment> · at t = 1234.5 ms". */
function runNote(): string {
  const name = useLabStore.getState().experiment.name;
  return `Spiking Lab \u00b7 ${name} \u00b7 simulated time ${formatTime(liveData.frameTime)} ms`;
}

/** A part made of a plot's SVG with a canvas under it (the canvas's picture at `box`). */
function withCanvas(svg: SVGSVGElement, canvas: HTMLCanvasElement, box: { x: number; y: number; width: number; height: number }, className: string): SVGSVGElement {
  const part = standaloneClone(svg);
  const image = svgEl('image', { class: className, x: box.x, y: box.y, width: box.width, height: box.height, preserveAspectRatio: 'none', href: canvas.toDataURL('image/png') });
  part.insertBefore(image, part.firstChild);
  return part;
}

// ---------------------------------------------------------------------------------------------
// The traces

function tracesFigure(anchor: HTMLElement): Figure | null {
  const svg = query(panelOf(anchor), 'svg[data-testid="traces"]', SVGSVGElement);
  if (!svg) return null;
  const { watch, experiment, windowMs } = useLabStore.getState();
  const [t0, t1] = timeWindow(liveData.frameTime, windowMs);
  const label = (id: string): string => {
    const n = experiment.neurons.find((m) => m.id === id);
    return n?.label && n.label !== id ? `${n.label} (${id})` : id;
  };
  return {
    plot: 'traces',
    title: `Traces: ${watch.neurons.map(label).join(', ') || 'none'}`,
    notes: [runNote(), `time ${formatTime(t0)}\u2013${formatTime(t1)} ms; v in mV, currents in pA, conductance in nS; u in the input\u2019s units`],
    parts: [standaloneClone(svg)],
    legend: watch.neurons.map((id, i) => ({ label: label(id), swatch: lineSwatch(traceColor(i)) })),
  };
}

function tracesCsv(): string | null {
  const { watch } = useLabStore.getState();
  if (liveData.traces.length === 0) return null;
  return tracesToCsv(liveData.traces, watch.neurons, watch.variables);
}

export function TracesExport() {
  return <ExportMenu plot="traces" what="the traces" figure={tracesFigure} csv={tracesCsv} />;
}

// ---------------------------------------------------------------------------------------------
// The raster

/** "12-40" -> [12, 40]; "live" or junk -> null. */
function rangeOf(text: string | null): [number, number] | null {
  const m = /^(-?[\d.e+]+)-(-?[\d.e+]+)$/.exec(text ?? '');
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/**
 * The spikes the raster shows, as one mark each, where paintSpikes puts its dots (rasterPaint.ts) but
 * in CSS pixels: ticks for tall rows, small dots for dense ones. Group bands and the selected row too.
 */
function spikeMarks(part: SVGSVGElement, width: number, height: number, first: number, count: number, t0: number, t1: number): number {
  const network = useLabStore.getState().network;
  if (!network) return 0;
  const plotW = width - PLOT_MARGIN.left - PLOT_MARGIN.right;
  const plotH = height - PLOT_MARGIN.top - PLOT_MARGIN.bottom;
  const rowH = plotH / Math.max(1, count);
  const rowTop = (neuron: number) => PLOT_MARGIN.top + Math.max(0, Math.min(plotH, (neuron - first) * rowH));
  const under = svgEl('g', { class: 'raster-background' });
  network.groups.forEach((grp, gi) => {
    if (gi % 2 === 1 && grp.start + grp.size > first && grp.start < first + count) {
      const y0 = rowTop(grp.start);
      under.appendChild(svgEl('rect', { x: PLOT_MARGIN.left, y: y0, width: plotW, height: rowTop(grp.start + grp.size) - y0, fill: '#eef1f6' }));
    }
  });
  const selectedId = useLabStore.getState().selectedNeuronId;
  const selected = selectedId ? network.ids.indexOf(selectedId) : -1;
  if (selected >= first && selected < first + count) {
    under.appendChild(svgEl('rect', { class: 'selected-row', x: PLOT_MARGIN.left, y: rowTop(selected), width: plotW, height: Math.max(1, rowH), fill: '#fff6d1' }));
  }
  const pad = rowH >= 6 ? Math.floor(rowH * 0.18) : 0;
  const dotH = rowH >= 3 ? rowH - 2 * pad : Math.max(rowH, 1.6);
  const dotW = rowH >= 6 ? 2 : 1.6;
  const groups = [0, 1].map((role) => svgEl('g', { class: `spikes ${role === 1 ? 'inhibitory' : 'excitatory'}`, fill: role === 1 ? ROLE_COLORS.inhibitory : ROLE_COLORS.excitatory }));
  const spikes = liveData.spikes;
  let drawn = 0;
  const r = (x: number) => String(Math.round(x * 100) / 100);
  for (let k = spikes.lowerBound(t0); k < spikes.length; k++) {
    const slot = spikes.at(k);
    const t = spikes.times[slot];
    if (t > t1) break;
    const neuron = spikes.neurons[slot];
    const row = neuron - first;
    if (row < 0 || row >= count) continue;
    const x = PLOT_MARGIN.left + Math.max(0, Math.min(plotW - dotW, ((t - t0) / (t1 - t0)) * plotW));
    const y = PLOT_MARGIN.top + (rowH >= 3 ? row * rowH + pad : row * rowH + rowH / 2 - dotH / 2);
    const mark = document.createElementNS(under.namespaceURI, 'rect');
    mark.setAttribute('class', 'spike');
    mark.setAttribute('x', r(x));
    mark.setAttribute('y', r(y));
    mark.setAttribute('width', r(dotW));
    mark.setAttribute('height', r(dotH));
    groups[network.roles[neuron] === 1 ? 1 : 0].appendChild(mark);
    drawn++;
  }
  part.insertBefore(groups[1], part.firstChild);
  part.insertBefore(groups[0], part.firstChild);
  part.insertBefore(under, part.firstChild);
  return drawn;
}

function rasterFigure(anchor: HTMLElement): Figure | null {
  const panel = panelOf(anchor);
  const canvas = query(panel, 'canvas[data-testid="raster"]', HTMLCanvasElement);
  const axes = query(panel, 'svg.raster-axes', SVGSVGElement);
  const network = useLabStore.getState().network;
  if (!canvas || !axes || !network) return null;
  const width = Number(axes.getAttribute('width'));
  const height = Number(axes.getAttribute('height'));
  const band = rangeOf(canvas.getAttribute('data-band')) ?? [0, network.neuronCount - 1];
  const [t0, t1] = rangeOf(canvas.getAttribute('data-span')) ?? timeWindow(liveData.frameTime, useLabStore.getState().windowMs);
  const density = canvas.getAttribute('data-mode') === 'density';
  let part: SVGSVGElement;
  const notes = [runNote()];
  const count = band[1] - band[0] + 1;
  notes.push(`neurons ${band[0]}\u2013${band[1]} of ${network.neuronCount}, time ${formatTime(t0)}\u2013${formatTime(t1)} ms`);
  if (density) {
    // More neurons than pixel rows: the page draws their density, and so does the export (the picture as drawn).
    part = withCanvas(axes, canvas, { x: PLOT_MARGIN.left, y: PLOT_MARGIN.top, width: width - PLOT_MARGIN.left - PLOT_MARGIN.right, height: height - PLOT_MARGIN.top - PLOT_MARGIN.bottom }, 'raster-density');
    notes.push(`density: ${panel?.querySelector('.raster-rate')?.textContent ?? ''} (darker: more spikes)`);
  } else {
    part = standaloneClone(axes);
    const drawn = spikeMarks(part, width, height, band[0], count, t0, t1);
    part.setAttribute('data-spikes', String(drawn));
    notes.push(`${drawn.toLocaleString('en-US')} spikes shown, one mark each`);
  }
  part.querySelectorAll('g.brush').forEach((g) => g.remove());
  const legend: LegendItem[] = legendFromDom(query(panel, '.raster-legend', HTMLElement));
  return { plot: 'raster', title: `Spike raster: ${network.neuronCount.toLocaleString('en-US')} neuron${network.neuronCount === 1 ? '' : 's'}`, notes, parts: [part], legend };
}

export function RasterExport() {
  return <ExportMenu plot="raster" what="the raster" figure={rasterFigure} />;
}

// ---------------------------------------------------------------------------------------------
// The phase plane, the f-I curve and the firing map

function simpleFigure(plot: string, svgSelector: string, legendSelector: string, notes: () => string[] = () => [runNote()]) {
  return (anchor: HTMLElement): Figure | null => {
    const panel = panelOf(anchor);
    const svg = query(panel, svgSelector, SVGSVGElement);
    if (!svg) return null;
    const title = (panel?.querySelector('h2')?.textContent ?? plot).trim();
    return { plot, title, notes: notes(), parts: [standaloneClone(svg)], legend: legendFromDom(query(panel, legendSelector, HTMLElement)) };
  };
}

const phaseFigure = simpleFigure('phase-plane', 'svg[data-testid="phase-plane"]', '.phase-legend', () => [
  runNote(),
  'v in mV; u, the recovery variable, in the units of the input I (dv/dt = 0.04 v\u00b2 + 5 v + 140 \u2212 u + I)',
]);

export function PhasePlaneExport() {
  return <ExportMenu plot="phase-plane" what="the phase plane" figure={phaseFigure} />;
}

const fiFigure = simpleFigure('fi-curve', 'svg[data-testid="fi-chart"]', '[data-testid="fi-legend"]', () => [
  `Spiking Lab \u00b7 ${useLabStore.getState().experiment.name}`,
]);

export function FICurveExport() {
  return <ExportMenu plot="fi-curve" what="the f\u2013I curve" figure={fiFigure} />;
}

function firingMapFigure(anchor: HTMLElement): Figure | null {
  const panel = panelOf(anchor);
  const svg = query(panel, 'svg[data-testid="firing-map"]', SVGSVGElement);
  const canvas = query(panel, 'canvas.sw-map-canvas', HTMLCanvasElement);
  if (!svg || !canvas) return null;
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const part = withCanvas(svg, canvas, { x: 0, y: 0, width, height }, 'map-classes');
  const title = (panel?.querySelector('h2')?.textContent ?? 'Firing map').trim();
  const legend = legendFromDom(query(panel, '[data-testid="map-legend"]', HTMLElement)).filter((item) => item.label !== '');
  const { experiment, selectedNeuronId } = useLabStore.getState();
  const is2007 = experiment.neurons.find((n) => n.id === selectedNeuronId)?.model === 'izhikevich2007';
  const units = is2007 ? 'a, b, c, d of the izhikevich2007Cell: a in 1/ms, b in nS, c in mV, d in pA' : 'a, b, c, d as in Izhikevich (2003): c and d in mV';
  return { plot: 'firing-map', title, notes: [`Spiking Lab \u00b7 ${experiment.name} \u00b7 ${units}`], parts: [part], legend };
}

export function FiringMapExport() {
  return <ExportMenu plot="firing-map" what="the firing map" figure={firingMapFigure} />;
}

// ---------------------------------------------------------------------------------------------
// Rhythms

function rhythmsFigure(anchor: HTMLElement): Figure | null {
  const panel = panelOf(anchor);
  const rate = query(panel, 'svg[data-testid="rhythm-rate-plot"]', SVGSVGElement);
  const spectrum = query(panel, 'svg[data-testid="rhythm-spectrum-plot"]', SVGSVGElement);
  if (!rate || !spectrum) return null;
  // The legend from what is drawn: the rate's line, the shaded bands and the peak marker.
  const legend: LegendItem[] = [];
  const line = rate.querySelector('g.series path');
  if (line) legend.push({ label: 'population rate / its power', swatch: lineSwatch(line.getAttribute('stroke') ?? '#1f5fbf', 1.5) });
  const bands = spectrum.querySelectorAll('g.bands rect');
  const names = [ALPHA_BAND, GAMMA_BAND].map((b, k) => `${k === 0 ? '\u03b1' : '\u03b3'} band (${b[0]}\u2013${b[1]} Hz)`);
  bands.forEach((rect, k) => legend.push({ label: names[k] ?? 'band', swatch: fillSwatch(rect.getAttribute('fill') ?? '#eee') }));
  const peak = spectrum.querySelector('g.peaks circle');
  if (peak) legend.push({ label: 'spectral peak', swatch: fillSwatch(peak.getAttribute('fill') ?? '#b3261e', true) });
  const summary = Array.from(panel?.querySelectorAll('[data-testid^="rhythm-"]:not(svg)') ?? [], (el) => el.textContent?.trim() ?? '').filter((t) => t !== '');
  return { plot: 'rhythms', title: 'Rhythms: population rate and its power spectrum', notes: [runNote(), summary.join(' \u00b7 ')], parts: [standaloneClone(rate), standaloneClone(spectrum)], legend };
}

export function RhythmsExport() {
  return <ExportMenu plot="rhythms" what="the rhythms" figure={rhythmsFigure} />;
}

// ---------------------------------------------------------------------------------------------
// Iris

const scatterFigure = simpleFigure('scatter', 'svg[data-testid="scatter"]', '.iris-legend', () => [
  'Spiking Lab \u00b7 Iris classifier \u00b7 features in the data file\u2019s units (cm for the Iris data set)',
]);

export function ScatterExport() {
  return <ExportMenu plot="scatter" name="iris" what="the Iris scatter" figure={scatterFigure} />;
}

/** The confusion table drawn as an SVG: a cell per (true, predicted) with its count and shade. */
function confusionFigure(anchor: HTMLElement): Figure | null {
  const table = query(panelOf(anchor), 'table[data-testid="confusion"]', HTMLTableElement);
  if (!table) return null;
  const columns = Array.from(table.querySelectorAll('thead th'), (th) => th.textContent?.trim() ?? '');
  const rows = Array.from(table.querySelectorAll('tbody tr'), (tr) => ({
    name: tr.querySelector('th')?.textContent?.trim() ?? '',
    cells: Array.from(tr.querySelectorAll('td button'), (b) => ({ n: b.textContent?.trim() ?? '', fill: getComputedStyle(b).backgroundColor, color: getComputedStyle(b).color })),
  }));
  const CELL = 56;
  const left = 120;
  const top = 46;
  const width = left + CELL * columns.length + 16;
  const height = top + CELL * rows.length + 16;
  const part = blankPart(width, height);
  const text = (x: number, y: number, content: string, attrs: Record<string, string | number> = {}) => {
    const t = svgEl('text', { x, y, fill: '#1d2330', 'font-size': 12, ...attrs });
    t.textContent = content;
    part.appendChild(t);
  };
  text(left + (CELL * columns.length) / 2, 14, 'predicted class', { 'text-anchor': 'middle', 'font-weight': 600, class: 'axis-title' });
  text(14, top + (CELL * rows.length) / 2, 'true class', { 'text-anchor': 'middle', 'font-weight': 600, class: 'axis-title', transform: `rotate(-90 14 ${top + (CELL * rows.length) / 2})` });
  columns.forEach((c, p) => text(left + p * CELL + CELL / 2, top - 8, c, { 'text-anchor': 'middle', class: 'column-label' }));
  rows.forEach((row, t) => {
    text(left - 8, top + t * CELL + CELL / 2 + 4, row.name, { 'text-anchor': 'end', class: 'row-label' });
    row.cells.forEach((cell, p) => {
      const fill = /^(transparent|rgba\(0, 0, 0, 0\))$/.test(cell.fill) ? '#ffffff' : cell.fill;
      part.appendChild(svgEl('rect', { class: 'confusion-cell', x: left + p * CELL, y: top + t * CELL, width: CELL, height: CELL, fill, stroke: '#d9dde5' }));
      text(left + p * CELL + CELL / 2, top + t * CELL + CELL / 2 + 5, cell.n, { 'text-anchor': 'middle', 'font-size': 15, fill: cell.color, class: 'confusion-count' });
    });
  });
  return {
    plot: 'confusion',
    title: 'Confusion matrix (test set)',
    notes: ['Spiking Lab \u00b7 Iris classifier \u00b7 counts of test flowers: rows true class, columns predicted'],
    parts: [part],
    legend: [
      { label: 'right answers (diagonal), darker for more', swatch: fillSwatch('#3b7a3b') },
      { label: 'wrong answers, darker for more', swatch: fillSwatch('#c0392b') },
    ],
  };
}

export function ConfusionExport() {
  return <ExportMenu plot="confusion" name="iris" what="the confusion matrix" figure={confusionFigure} />;
}
