/**
 * The pure parts of a plot export: where the title, the plots and the legend go on the figure, XML
 * text escaping and file names. The DOM work (cloning plots, inlining styles, rasterizing) is in
 * svgExport.ts.
 */
import { kebabName } from '../files.ts';

export const FIGURE_PAD = 12;
export const TITLE_PX = 16;
export const NOTE_PX = 12;
export const LEGEND_FONT_PX = 12;
export const LEGEND_ROW_PX = 20;
/** Swatch box of a legend item and the gap to its label, px. */
export const SWATCH_W = 20;
export const SWATCH_H = 12;
export const SWATCH_GAP = 6;
/** Gap between legend items on a row, px. */
export const ITEM_GAP = 18;

export interface Placed {
  x: number;
  y: number;
}

/**
 * Legend items left to right, wrapping to a new row when the next would pass `maxWidth`; item k is
 * `widths[k]` wide (swatch, gap and label). Returns each item's top-left and the legend's height.
 */
export function layoutLegend(widths: readonly number[], maxWidth: number): { places: Placed[]; height: number } {
  const places: Placed[] = [];
  let x = 0;
  let row = 0;
  for (const w of widths) {
    if (x > 0 && x + w > maxWidth) {
      row++;
      x = 0;
    }
    places.push({ x, y: row * LEGEND_ROW_PX });
    x += w + ITEM_GAP;
  }
  return { places, height: widths.length === 0 ? 0 : (row + 1) * LEGEND_ROW_PX };
}

/** Words of `text` in lines no wider than `maxWidth` (a single longer word keeps its own line). */
export function wrapText(text: string, maxWidth: number, measure: (line: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (line !== '' && measure(next) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

export interface FigureBoxes {
  width: number;
  height: number;
  /** Baselines of the title's lines and of each note line. */
  titleYs: number[];
  noteYs: number[];
  /** Top of each plot. */
  partYs: number[];
  /** Top of the legend. */
  legendY: number;
}

/** The figure: title and notes on top, the plots stacked under them, the legend at the foot. */
export function layoutFigure(parts: readonly { width: number; height: number }[], titleLines: number, noteLines: number, legendHeight: number): FigureBoxes {
  const width = Math.max(240, ...parts.map((p) => p.width));
  const titleYs = Array.from({ length: Math.max(1, titleLines) }, (_, k) => FIGURE_PAD + TITLE_PX + k * (TITLE_PX + 4));
  const titleEnd = titleYs[titleYs.length - 1];
  const noteYs = Array.from({ length: noteLines }, (_, k) => titleEnd + (k + 1) * (NOTE_PX + 6));
  let y = (noteYs.length > 0 ? noteYs[noteYs.length - 1] : titleEnd) + 10;
  const partYs = parts.map((p) => {
    const top = y;
    y += p.height;
    return top;
  });
  const legendY = y + (legendHeight > 0 ? 8 : 0);
  const height = Math.ceil(legendY + legendHeight + (legendHeight > 0 ? FIGURE_PAD - 4 : 4));
  return { width: Math.ceil(width), height, titleYs, noteYs, partYs, legendY };
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** `excite-one-inhibit-another-raster.svg`. */
export function figureFileName(experimentName: string, plot: string, extension: 'svg' | 'png' | 'csv'): string {
  return `${kebabName(experimentName)}-${plot}.${extension}`;
}
