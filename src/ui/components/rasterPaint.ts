/**
 * The raster's pixels: individual spikes from the page's spike ring, or the Worker's density grid,
 * written straight into one device-pixel ImageData (no per-spike canvas calls).
 */
import * as d3 from 'd3';
import type { DensityGrid } from '../../core/analysis/rasterDensity.ts';
import type { NetworkSummary } from '../../worker/protocol.ts';
import { liveData } from '../liveData.ts';
import { ROLE_COLORS } from '../plotTheme.ts';

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

/** Density shades, light to the role's colour: index 0 is the faintest non-empty cell. */
const SHADES = 256;
function shadesOf(color: string): Uint32Array {
  const ramp = d3.interpolateLab('#e4e9f2', color);
  return Uint32Array.from({ length: SHADES }, (_, k) => packColor(ramp(0.08 + (0.92 * k) / (SHADES - 1))));
}
/** Exported for the tests' straightforward painting. */
export const DENSITY_SHADES = [shadesOf(ROLE_COLORS.excitatory), shadesOf(ROLE_COLORS.inhibitory)];

/** Device-pixel image of the plot area and what stays the same between frames. */
export interface Pixels {
  image: ImageData;
  words: Uint32Array;
  /** Bands and the selected row, copied in before the spikes each frame. */
  background: Uint32Array;
  backgroundKey: string;
  /** First pixel row of each band neuron's dot, and the dot's size in device pixels. */
  dotTop: Int32Array;
  dotH: number;
  dotW: number;
  /** The density's darkest count, smoothed over frames so the shading does not flicker. */
  densityNorm: number;
  /** paintDensity's per-frame tables, kept so a frame allocates nothing (garbage collection was a third of a frame's work). */
  scratch: DensityScratch;
}

interface DensityScratch {
  colOf: Int32Array;
  rowOf: Int32Array;
  roleOf: Uint8Array;
  histogram: Uint32Array;
  /** Colour of each count, per role. */
  excColor: Uint32Array;
  inhColor: Uint32Array;
  /** Runs of pixel columns over consecutive slots: first column and its slot. */
  runX: Int32Array;
  runSlot: Int32Array;
}

/** `table` if it holds `length` entries, else a new one that does. */
function sized<T extends Int32Array | Uint8Array | Uint32Array>(table: T, length: number, make: (n: number) => T): T {
  return table.length >= length ? table : make(Math.max(length, table.length * 2));
}

/** `ctx`: the canvas's context, or anything that makes ImageData (Node tests and benches). */
export function pixelsFor(ctx: { createImageData(width: number, height: number): ImageData }, width: number, height: number, old: Pixels | null): Pixels {
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
    densityNorm: 0,
    scratch: { colOf: new Int32Array(width), rowOf: new Int32Array(height), roleOf: new Uint8Array(0), histogram: new Uint32Array(1024), excColor: new Uint32Array(0), inhColor: new Uint32Array(0), runX: new Int32Array(0), runSlot: new Int32Array(0) },
  };
}

export interface PaintOptions {
  network: NetworkSummary;
  /** The band: neurons [first, first + count). */
  first: number;
  count: number;
  /** Time at the left and right edges, ms. */
  t0: number;
  t1: number;
  selectedIndex: number;
  dpr: number;
}

/** Rebuilds the background and the per-neuron row table when the network, band, size or selection change. */
function prepare(px: Pixels, o: PaintOptions): void {
  const W = px.image.width;
  const H = px.image.height;
  const key = `${o.network.neuronCount}|${o.network.groups.map((g) => g.start).join(',')}|${o.first}|${o.count}|${o.selectedIndex}|${o.dpr}`;
  if (key === px.backgroundKey && px.dotTop.length === o.count) return;
  const n = Math.max(1, o.count);
  const rowH = H / n;
  const rowOf = (neuron: number) => Math.max(0, Math.min(H, Math.floor((neuron - o.first) * rowH)));
  const bg = px.background;
  bg.fill(0);
  // Every other group shaded, and the selected neuron's row highlighted.
  o.network.groups.forEach((grp, gi) => {
    if (gi % 2 === 1) bg.fill(PIXEL.band, rowOf(grp.start) * W, rowOf(grp.start + grp.size) * W);
  });
  if (o.selectedIndex >= o.first && o.selectedIndex < o.first + n) {
    const y0 = rowOf(o.selectedIndex);
    const y1 = Math.min(H, Math.max(y0 + 1, rowOf(o.selectedIndex + 1)));
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

/** Paints the band's spikes in [t0, t1] from the typed ring buffer; returns how many it drew. */
export function paintSpikes(px: Pixels, o: PaintOptions): number {
  prepare(px, o);
  const { words, dotTop, dotH, dotW } = px;
  const W = px.image.width;
  words.set(px.background);
  const { first, count, t0, t1 } = o;
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
  const from = spikes.lowerBound(t0);
  let slot = spikes.at(from);
  const end = spikes.length - from;
  for (let k = 0; k < end; k++) {
    const t = times[slot];
    if (t > t1) break;
    const idx = neurons[slot];
    slot = slot + 1 === cap ? 0 : slot + 1;
    const row = idx - first;
    if (row < 0 || row >= count) continue;
    const color = roles[idx] === 1 ? inh : exc;
    let x0 = ((t - t0) * scaleX) | 0;
    if (x0 < 0) x0 = 0;
    else if (x0 > maxX) x0 = maxX;
    let base = dotTop[row] * W + x0;
    for (let r = 0; r < dotH; r++) {
      for (let c = 0; c < dotW; c++) words[base + c] = color;
      base += W;
    }
    drawn++;
  }
  return drawn;
}

/** What a density paint found: spikes in the cells inside [t0, t1], and the darkest shade's count per cell. */
export interface DensityPaint {
  spikes: number;
  darkest: number;
}

/**
 * Paints the density grid the Worker's frames built: each device pixel shows the cell under its
 * centre, shaded by the square root of its count (so sparse activity stays visible next to bursts), in
 * the row's role colour.
 */
export function paintDensity(px: Pixels, o: PaintOptions, grid: DensityGrid): DensityPaint {
  prepare(px, o);
  const { words } = px;
  const W = px.image.width;
  const H = px.image.height;
  words.set(px.background);
  const { counts } = grid;
  const { rows, columns, binMs } = grid.layout;
  const d = grid.layout;
  const start = grid.start;
  // The grid is a ring: kept bin c (0 = the oldest) is in slot split + c, wrapping at the end.
  const split = grid.slotOf(grid.firstBin);
  const slotOfKept = (c: number): number => (split + c < columns ? split + c : split + c - columns);

  // Kept bins (0 = the oldest) under each pixel column and rows under each pixel row; -1 outside the grid.
  const scratch = px.scratch;
  const colOf = scratch.colOf;
  for (let x = 0; x < W; x++) {
    const t = o.t0 + ((x + 0.5) / W) * (o.t1 - o.t0);
    const c = Math.floor((t - start) / binMs);
    colOf[x] = c >= 0 && c < columns ? c : -1;
  }
  const roles = o.network.roles;
  const rowOf = scratch.rowOf;
  const roleOf = (scratch.roleOf = sized(scratch.roleOf, rows, (n) => new Uint8Array(n)));
  for (let r = 0; r < rows; r++) roleOf[r] = roles[d.first + Math.floor(((r + 0.5) * d.count) / rows)] === 1 ? 1 : 0;
  for (let y = 0; y < H; y++) {
    const neuron = o.first + ((y + 0.5) / H) * o.count - d.first;
    rowOf[y] = neuron >= 0 && neuron < d.count ? Math.floor((neuron * rows) / d.count) : -1;
  }

  // Pixel columns under the grid: colOf never decreases with x (before the ring's slots are applied),
  // so the ones inside it are one run [xFirst, xEnd).
  let xFirst = 0;
  while (xFirst < W && colOf[xFirst] < 0) xFirst++;
  let xEnd = W;
  while (xEnd > xFirst && colOf[xEnd - 1] < 0) xEnd--;
  if (xFirst === xEnd) {
    px.densityNorm = px.densityNorm > 0 ? px.densityNorm * 0.8 + 0.2 : 1;
    return { spikes: 0, darkest: Math.max(1, px.densityNorm) };
  }
  const firstCol = colOf[xFirst];
  const lastCol = colOf[xEnd - 1];

  // The darkest shade goes to the 99th percentile of the non-empty cells in view (a few hot cells do
  // not wash out the rest); the histogram of counts finds it in one pass, over each row's kept bins in
  // one run of slots or two where the ring wraps.
  let spikes = 0;
  let maxCount = 0;
  const histogram = scratch.histogram.fill(0);
  let nonEmpty = 0;
  const slotFirst = slotOfKept(firstCol);
  const firstRun = Math.min(lastCol - firstCol + 1, columns - slotFirst);
  const secondRun = lastCol - firstCol + 1 - firstRun;
  for (let r = 0; r < rows; r++) {
    const rowBase = r * columns;
    for (let run = 0; run < 2; run++) {
      const from = rowBase + (run === 0 ? slotFirst : 0);
      const to = from + (run === 0 ? firstRun : secondRun);
      for (let i = from; i < to; i++) {
        const v = counts[i];
        if (v === 0) continue;
        spikes += v;
        nonEmpty++;
        if (v > maxCount) maxCount = v;
        histogram[v < 1023 ? v : 1023]++;
      }
    }
  }
  let p99 = 1;
  for (let v = 1, seen = 0; v < 1024; v++) {
    seen += histogram[v];
    if (seen >= nonEmpty * 0.99) {
      p99 = v;
      break;
    }
  }
  px.densityNorm = px.densityNorm > 0 ? px.densityNorm * 0.8 + p99 * 0.2 : p99;
  const norm = Math.max(1, px.densityNorm);

  // The colour of each count up to the largest present, per role (one lookup per pixel, not two).
  const excColor = (scratch.excColor = sized(scratch.excColor, maxCount + 1, (n) => new Uint32Array(n)));
  const inhColor = (scratch.inhColor = sized(scratch.inhColor, maxCount + 1, (n) => new Uint32Array(n)));
  const [excShades, inhShades] = DENSITY_SHADES;
  for (let v = 1; v <= maxCount; v++) {
    const shade = Math.min(SHADES - 1, Math.floor(Math.sqrt(v / norm) * (SHADES - 1)));
    excColor[v] = excShades[shade];
    inhColor[v] = inhShades[shade];
  }

  // Runs of pixel columns whose slots follow one another (a column per pixel: one run, or two where the
  // ring wraps): painted by walking the row's slots, without a table lookup per pixel.
  const runX = (scratch.runX = sized(scratch.runX, W + 1, (n) => new Int32Array(n)));
  const runSlot = (scratch.runSlot = sized(scratch.runSlot, W + 1, (n) => new Int32Array(n)));
  let runs = 0;
  for (let x = xFirst; x < xEnd; x++) {
    const slot = slotOfKept(colOf[x]);
    colOf[x] = slot;
    if (x === xFirst || slot !== colOf[x - 1] + 1) {
      runX[runs] = x;
      runSlot[runs] = slot;
      runs++;
    }
  }
  runX[runs] = xEnd;
  const byRuns = runs * 8 <= xEnd - xFirst;
  for (let y = 0; y < H; y++) {
    const r = rowOf[y];
    if (r < 0) continue;
    const color = roleOf[r] === 1 ? inhColor : excColor;
    // An empty cell shows the row's background (bands and the selected row fill whole pixel rows):
    // no branch per pixel.
    color[0] = px.background[y * W];
    const rowBase = r * columns;
    const out = y * W;
    if (byRuns) {
      for (let k = 0; k < runs; k++) {
        const x1 = runX[k + 1];
        for (let x = runX[k], i = rowBase + runSlot[k]; x < x1; x++, i++) words[out + x] = color[counts[i]];
      }
    } else {
      for (let x = xFirst; x < xEnd; x++) words[out + x] = color[counts[rowBase + colOf[x]]];
    }
  }
  return { spikes, darkest: norm };
}
