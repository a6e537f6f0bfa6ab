/** Where the grid points of a firing map sit, which one a point of the plane falls in, and the named cells on it. */
import { FIRING_CLASSES, PLANE_PARAMS, type MapPlane, type SweepRange } from '../../core/analysis/sweeps.ts';
import { CELL_2007_PRESETS } from '../../core/experiment/cellModels.ts';
import { CELL_PRESETS } from '../../core/experiment/presets.ts';
import type { CellModel } from '../../core/experiment/types.ts';

/** Distance between neighbouring grid points (1 for a single point, so its cell has a width). */
export function gridStep(range: SweepRange): number {
  return range.count > 1 ? (range.to - range.from) / (range.count - 1) : 1;
}

/** Each grid point is the centre of its cell: the map reaches half a step beyond the first and last point. */
export function cellDomain(range: SweepRange): [number, number] {
  const half = gridStep(range) / 2;
  return [range.from - half, range.to + half];
}

/** The index of the grid cell holding `value`, or null outside the map. */
export function cellIndex(range: SweepRange, value: number): number | null {
  const [lo, hi] = cellDomain(range);
  if (!(value >= lo && value <= hi)) return null;
  const k = Math.round((value - range.from) / gridStep(range));
  return Math.min(range.count - 1, Math.max(0, k));
}

/** The value at grid index k, without the float noise of the sum (0.1 + 2 * 0.05 is 0.2, not 0.20000000000000004). */
export function gridValue(range: SweepRange, k: number): number {
  const v = range.count === 1 ? range.from : range.from + ((range.to - range.from) * k) / (range.count - 1);
  return Number(v.toPrecision(6));
}

/** Named cells sharing a point of the plane (RS, IB and CH share a and b), labelled together. */
export interface PresetPoint {
  names: string[];
  x: number;
  y: number;
}

/** The named cells of `model` (the 2003 classes, or the 2007 chapter's RS, IB and CH) on the plane. */
export function presetPoints(plane: MapPlane, model: CellModel = 'izhikevich2003'): PresetPoint[] {
  const { x, y } = PLANE_PARAMS[plane];
  const points: PresetPoint[] = [];
  for (const preset of model === 'izhikevich2007' ? CELL_2007_PRESETS : CELL_PRESETS) {
    const px = preset.params[x];
    const py = preset.params[y];
    const same = points.find((p) => p.x === px && p.y === py);
    if (same) same.names.push(preset.name);
    else points.push({ names: [preset.name], x: px, y: py });
  }
  return points;
}

/** How many grid points fall in each class, in FIRING_CLASSES order. */
export function classCounts(classes: Uint8Array): number[] {
  const counts = FIRING_CLASSES.map(() => 0);
  for (const k of classes) if (k < counts.length) counts[k]++;
  return counts;
}

/** A class's share of the map: whole percent, one decimal below 10%, and "<0.1%" for a point or two. */
export function percent(fraction: number): string {
  const p = fraction * 100;
  if (p > 0 && p < 0.1) return '<0.1%';
  return `${p >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;
}
