import type { IntegrationScheme, NeuronSpec } from '../experiment/types.ts';
import type { LoneCell } from '../experiment/validate.ts';

/**
 * What the sweeps (f-I curves, firing-class maps, pattern thumbnails) share. A sweep runs many
 * unconnected copies of one cell through the lab's own engine (one network, one neuron per point), so
 * its numbers are those the lab would show for the same cell, step and scheme.
 */

/**
 * The cell a sweep varies: a neuron's model parameters, without id, label, role or position (the
 * validator's lone cell). A 2003 cell leaves its model out; a 2007 cell names it and runs in its own
 * units (C pF, u and currents pA).
 */
export type SweepCell = LoneCell;

/**
 * The model parameters of a neuron (or a copy of a cell). Fields it leaves out stay out rather than
 * becoming `undefined`, so equal cells serialize equally (the page keys cached results by them).
 */
export function sweepCellOf(neuron: SweepCell | NeuronSpec): SweepCell {
  if (neuron.model === 'izhikevich2007') {
    const { C, k, vr, vt, vpeak, a, b, c, d, v0 } = neuron;
    return { model: 'izhikevich2007', C, k, vr, vt, vpeak, a, b, c, d, v0 };
  }
  return {
    a: neuron.a,
    b: neuron.b,
    c: neuron.c,
    d: neuron.d,
    v0: neuron.v0,
    ...(neuron.u0 !== undefined && { u0: neuron.u0 }),
    ...(neuron.vpeak !== undefined && { vpeak: neuron.vpeak }),
    ...(neuron.equation !== undefined && { equation: { ...neuron.equation } }),
  };
}

/** The integration a sweep uses (the experiment's own, so the sweep matches the run). */
export interface SweepNumerics {
  dt: number;
  scheme: IntegrationScheme;
}

/** count equally spaced values from `from` to `to` inclusive (count >= 2), or just `from` when count = 1. */
export interface SweepRange {
  from: number;
  to: number;
  count: number;
}

export function rangeValues(range: SweepRange): Float64Array {
  const out = new Float64Array(range.count);
  for (let k = 0; k < range.count; k++) {
    out[k] = range.count === 1 ? range.from : range.from + ((range.to - range.from) * k) / (range.count - 1);
  }
  return out;
}

/** One f-I curve: a constant current, on from t = 0, for each value of `currents`. */
export interface FICurveRequest {
  /** The curve's name in the legend, e.g. "neuron (this cell)" or "FS". */
  label: string;
  cell: SweepCell;
  numerics: SweepNumerics;
  /** Input currents, pA. */
  currents: SweepRange;
  /** Length of each run, ms. */
  duration: number;
  /** Spikes before this time (the onset transient) do not count towards the rate, ms (< duration). */
  settle: number;
}

export interface FICurve {
  label: string;
  currents: Float64Array;
  /** Steady firing rate at each current: spikes in [settle, duration) per second of that window, Hz. */
  rates: Float64Array;
  /** Rate from the first interspike interval after t = 0 (1000 / ISI_1), Hz; 0 with fewer than two spikes. */
  onsetRates: Float64Array;
  /**
   * The least current in [from, to] with sustained firing (at least one spike after `settle`), found
   * by bisection to within 0.01 pA; null when even `to` gives none. Equal to `from` when that already fires.
   */
  rheobase: number | null;
}

/**
 * The firing classes a map colours by, in legend order. Classified from the spikes after the onset of
 * a step input (see classifySpikeTrain in firingClass.ts for the exact rules).
 */
export const FIRING_CLASSES = [
  'silent',
  'phasic-spiking',
  'phasic-bursting',
  'tonic-spiking',
  'adapting-spiking',
  'tonic-bursting',
  'mixed-mode',
] as const;
export type FiringClass = (typeof FIRING_CLASSES)[number];

export const FIRING_CLASS_LABELS: Record<FiringClass, string> = {
  'silent': 'Silent',
  'phasic-spiking': 'Phasic spiking (one spike)',
  'phasic-bursting': 'Phasic bursting (one burst)',
  'tonic-spiking': 'Tonic spiking',
  'adapting-spiking': 'Spiking with adaptation',
  'tonic-bursting': 'Tonic bursting',
  'mixed-mode': 'Mixed mode (burst, then spikes)',
};

/** Which two parameters a map varies: a along x and b along y, or c along x and d along y. */
export type MapPlane = 'ab' | 'cd';

/** The parameters along x and y of each plane. */
export const PLANE_PARAMS: Readonly<Record<MapPlane, { x: 'a' | 'c'; y: 'b' | 'd' }>> = {
  ab: { x: 'a', y: 'b' },
  cd: { x: 'c', y: 'd' },
};

export interface FiringMapRequest {
  /** The cell; the two parameters of `plane` are replaced at each grid point. */
  cell: SweepCell;
  numerics: SweepNumerics;
  plane: MapPlane;
  /** a or c along x. */
  x: SweepRange;
  /** b or d along y. */
  y: SweepRange;
  /** The input: a step of `amplitude` pA from `onset` ms to the end of the run. */
  amplitude: number;
  onset: number;
  duration: number;
}

export interface FiringMap {
  request: FiringMapRequest;
  /** Index into FIRING_CLASSES of grid point (ix, iy) at classes[iy * x.count + ix]. */
  classes: Uint8Array;
  /** Spikes after onset at each grid point, same layout. */
  spikeCounts: Uint32Array;
}

/**
 * A pattern's run drawn small: the time axis cut into `buckets` equal bins, with the least and the
 * greatest v and input current in each bin (so a spike or a brief pulse shows however narrow it is).
 */
export interface PatternThumbnail {
  /** The pattern's id (patterns.ts). */
  id: string;
  duration: number;
  vMin: Float32Array;
  vMax: Float32Array;
  inputMin: Float32Array;
  inputMax: Float32Array;
  spikeCount: number;
}
