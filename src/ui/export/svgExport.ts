/**
 * Plots out of the page as files: a standalone SVG (the plot's own SVG cloned with its CSS styles
 * written onto each element, a title, notes and a legend around it) and a PNG of that SVG at twice its
 * size. Under the lab's Content-Security-Policy the SVG is drawn into the canvas from a data: URL
 * (img-src allows data:), and files leave as blob: downloads (files.ts downloadFile).
 */
import { downloadFile } from '../files.ts';
import {
  escapeXml,
  FIGURE_PAD,
  LEGEND_FONT_PX,
  layoutFigure,
  layoutLegend,
  NOTE_PX,
  SWATCH_GAP,
  SWATCH_H,
  SWATCH_W,
  TITLE_PX,
  wrapText,
} from './figureLayout.ts';

export const SVG_NS = 'http://www.w3.org/2000/svg';
/** The PNG is drawn at this many pixels per CSS pixel of the figure. */
export const PNG_SCALE = 2;

/** Presentation properties copied from the page's CSS onto each cloned element (as SVG attributes). */
const INHERITED = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'stroke-linecap', 'stroke-linejoin',
  'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'dominant-baseline', 'paint-order', 'image-rendering',
] as const;
/** Not inherited: written whenever they differ from the initial value. */
const OWN: Record<string, string> = { opacity: '1' };
/** Elements that are definitions, not drawing: never dropped as hidden. */
const DEFINITIONS = new Set(['defs', 'clippath', 'marker', 'mask', 'pattern', 'lineargradient', 'radialgradient', 'stop', 'symbol', 'title', 'desc', 'style', 'filter']);

function copyStyles(source: Element, clone: Element, parent: CSSStyleDeclaration | null, hidden: Element[], inDefinitions: boolean): void {
  const tag = source.tagName.toLowerCase();
  const definition = inDefinitions || DEFINITIONS.has(tag);
  const style = getComputedStyle(source);
  if (!definition && (style.display === 'none' || style.visibility === 'hidden')) {
    hidden.push(clone);
    return;
  }
  if (clone instanceof SVGElement) {
    // Presentation attributes, not a style attribute: the lab's policy (style-src 'self') refuses
    // inline style attributes, and a standalone SVG reads both alike.
    clone.removeAttribute('style');
    for (const prop of INHERITED) {
      const value = style.getPropertyValue(prop);
      // An attribute of its own is resolved too ("currentColor" means nothing without the page's CSS).
      if (value !== '' && (parent === null || clone.hasAttribute(prop) || parent.getPropertyValue(prop) !== value)) clone.setAttribute(prop, value);
    }
    for (const [prop, initial] of Object.entries(OWN)) {
      const value = style.getPropertyValue(prop);
      if (value !== '' && value !== initial) clone.setAttribute(prop, value);
    }
  }
  const from = source.children;
  const to = clone.children;
  for (let k = 0; k < from.length && k < to.length; k++) copyStyles(from[k], to[k], style, hidden, definition);
}

/**
 * A deep clone of a plot's SVG that looks the same outside the page: every element carries its
 * computed presentation styles inline, and what the page hides is left out. Class names stay, to
 * say what each mark is.
 */
export function standaloneClone(source: SVGSVGElement): SVGSVGElement {
  const clone = source.cloneNode(true) as SVGSVGElement;
  const hidden: Element[] = [];
  copyStyles(source, clone, null, hidden, false);
  for (const el of hidden) el.remove();
  const r = source.getBoundingClientRect();
  const width = Number(source.getAttribute('width')) || r.width;
  const height = Number(source.getAttribute('height')) || r.height;
  clone.setAttribute('width', String(Math.round(width)));
  clone.setAttribute('height', String(Math.round(height)));
  if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${Math.round(width)} ${Math.round(height)}`);
  for (const attr of ['role', 'tabindex', 'aria-roledescription']) clone.removeAttribute(attr);
  return clone;
}

export interface LegendItem {
  label: string;
  /** Drawn in a SWATCH_W x SWATCH_H box at the origin; null for a text-only entry. */
  swatch: SVGElement | null;
}

function svgEl<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/**
 * An item's words: runs of text joined as they read, and each child element's text a separate piece,
 * the pieces joined with commas ("Tonic spiking, 69%"); icons are left out.
 */
function itemText(item: Element): string {
  const pieces: string[] = [];
  let run = '';
  for (const node of item.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      run += node.textContent ?? '';
      continue;
    }
    pieces.push(run);
    run = '';
    if (node instanceof Element && !(node instanceof SVGSVGElement)) pieces.push(node.textContent ?? '');
  }
  pieces.push(run);
  return pieces.map((t) => t.replace(/\s+/g, ' ').trim()).filter((t) => t !== '').join(', ');
}

const TRANSPARENT = /^(transparent|rgba\(0, 0, 0, 0\))$/;

/** A line swatch: a stroke across the box (dashed when `dash` is given). */
export function lineSwatch(color: string, width = 2, dash?: string): SVGElement {
  const line = svgEl('line', { x1: 1, x2: SWATCH_W - 1, y1: SWATCH_H / 2, y2: SWATCH_H / 2, stroke: color, 'stroke-width': width });
  if (dash) line.setAttribute('stroke-dasharray', dash);
  return line;
}

/** A filled swatch: a dot or a square. */
export function fillSwatch(color: string, round = false): SVGElement {
  return round
    ? svgEl('circle', { cx: SWATCH_W / 2, cy: SWATCH_H / 2, r: 4.5, fill: color })
    : svgEl('rect', { x: 3, y: 0, width: SWATCH_W - 6, height: SWATCH_H, rx: 2, fill: color });
}

/**
 * The legend as the page shows it: one item per `li` (or, in a row of spans, per span), its label the
 * item's text and its swatch the item's own little SVG or its coloured box.
 */
export function legendFromDom(container: Element | null): LegendItem[] {
  if (!container) return [];
  const items = container.querySelectorAll(':scope > li, :scope > span, :scope > ul > li');
  const legend: LegendItem[] = [];
  for (const item of items) {
    const label = itemText(item);
    if (label === '') continue;
    let swatch: SVGElement | null = null;
    const icon = item.querySelector('svg');
    if (icon) {
      const copy = standaloneClone(icon);
      copy.setAttribute('width', String(SWATCH_W));
      copy.setAttribute('height', String(SWATCH_H));
      swatch = copy;
    } else {
      for (const el of item.querySelectorAll('*')) {
        const style = getComputedStyle(el);
        if (!TRANSPARENT.test(style.backgroundColor)) {
          swatch = fillSwatch(style.backgroundColor, style.borderRadius.includes('50%') || parseFloat(style.borderRadius) >= 4);
          break;
        }
      }
    }
    legend.push({ label, swatch });
  }
  return legend;
}

export interface Figure {
  /** Names the files: `<experiment>-<plot>.svg`. */
  plot: string;
  title: string;
  /** Lines under the title: what was shown, when, with which units. */
  notes: string[];
  /** Standalone plots (standaloneClone or built), stacked top to bottom. */
  parts: SVGSVGElement[];
  legend: LegendItem[];
}

let measureContext: CanvasRenderingContext2D | null = null;
function textWidth(text: string, font: string): number {
  measureContext ??= document.createElement('canvas').getContext('2d');
  if (!measureContext) return text.length * LEGEND_FONT_PX * 0.6;
  measureContext.font = font;
  return measureContext.measureText(text).width;
}

/** The figure as one SVG document: title, notes, the plots and the legend. */
export function renderFigure(figure: Figure): { text: string; width: number; height: number } {
  const fontFamily = getComputedStyle(document.body).fontFamily || 'sans-serif';
  const sizes = figure.parts.map((p) => ({ width: Number(p.getAttribute('width')) || 0, height: Number(p.getAttribute('height')) || 0 }));
  const widthGuess = Math.max(240, ...sizes.map((s) => s.width));
  const itemWidths = figure.legend.map((item) => (item.swatch ? SWATCH_W + SWATCH_GAP : 0) + textWidth(item.label, `${LEGEND_FONT_PX}px ${fontFamily}`));
  const legend = layoutLegend(itemWidths, widthGuess - 2 * FIGURE_PAD);
  const titleLines = wrapText(figure.title, widthGuess - 2 * FIGURE_PAD, (line) => textWidth(line, `600 ${TITLE_PX}px ${fontFamily}`));
  const noteLines = figure.notes.flatMap((note) => wrapText(note, widthGuess - 2 * FIGURE_PAD, (line) => textWidth(line, `${NOTE_PX}px ${fontFamily}`)));
  const boxes = layoutFigure(sizes, titleLines.length, noteLines.length, legend.height);

  const root = svgEl('svg', { width: boxes.width, height: boxes.height, viewBox: `0 0 ${boxes.width} ${boxes.height}` });
  root.setAttribute('font-family', fontFamily);
  root.setAttribute('font-size', '12');
  root.appendChild(svgEl('rect', { class: 'figure-bg', x: 0, y: 0, width: boxes.width, height: boxes.height, fill: '#ffffff' }));
  const title = svgEl('text', { class: 'figure-title', 'font-size': TITLE_PX, 'font-weight': 600, fill: '#1d2330' });
  titleLines.forEach((line, k) => {
    const span = svgEl('tspan', { x: FIGURE_PAD, y: boxes.titleYs[k] });
    span.textContent = line;
    title.appendChild(span);
  });
  root.appendChild(title);
  noteLines.forEach((note, k) => {
    const line = svgEl('text', { class: 'figure-note', x: FIGURE_PAD, y: boxes.noteYs[k], 'font-size': NOTE_PX, fill: '#4a5366' });
    line.textContent = note;
    root.appendChild(line);
  });
  figure.parts.forEach((part, k) => {
    part.setAttribute('x', '0');
    part.setAttribute('y', String(boxes.partYs[k]));
    root.appendChild(part);
  });
  if (figure.legend.length > 0) {
    const g = svgEl('g', { class: 'figure-legend', transform: `translate(${FIGURE_PAD},${boxes.legendY})` });
    figure.legend.forEach((item, k) => {
      const at = legend.places[k];
      const entry = svgEl('g', { class: 'legend-item', transform: `translate(${at.x},${at.y})` });
      if (item.swatch) entry.appendChild(item.swatch);
      const label = svgEl('text', { x: item.swatch ? SWATCH_W + SWATCH_GAP : 0, y: SWATCH_H - 1, 'font-size': LEGEND_FONT_PX, fill: '#1d2330' });
      label.textContent = item.label;
      entry.appendChild(label);
      g.appendChild(entry);
    });
    root.appendChild(g);
  }
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n<!-- ${escapeXml(figure.title)}: exported from Spiking Lab -->\n${new XMLSerializer().serializeToString(root)}`;
  return { text, width: boxes.width, height: boxes.height };
}

/** A PNG of an SVG document at `scale` pixels per SVG unit, on white. */
export async function svgToPng(text: string, width: number, height: number, scale = PNG_SCALE): Promise<Blob> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas to draw the PNG on');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the PNG'))), 'image/png');
  });
}

/** Downloads the figure as SVG or PNG, named `<base>.svg` / `<base>.png`. */
export async function downloadFigure(figure: Figure, format: 'svg' | 'png', base: string): Promise<void> {
  const { text, width, height } = renderFigure(figure);
  if (format === 'svg') downloadFile([text], `${base}.svg`, 'image/svg+xml');
  else downloadFile([await svgToPng(text, width, height)], `${base}.png`, 'image/png');
}

/** An empty standalone SVG of the given size, for plots built for the export (not cloned). */
export function blankPart(width: number, height: number): SVGSVGElement {
  return svgEl('svg', { width, height, viewBox: `0 0 ${width} ${height}` });
}

export { svgEl };
