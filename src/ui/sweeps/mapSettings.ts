/**
 * The firing map form: which plane, its ranges (kept per plane, so switching back and forth keeps what
 * was typed), the grid's resolution and the step input; and the Worker request built from a valid form.
 */
import { PLANE_PARAMS, type FiringMapRequest, type MapPlane, type SweepCell, type SweepNumerics } from '../../core/analysis/sweeps.ts';
import type { NeuronParam } from '../../core/experiment/edits.ts';
import type { CellModel } from '../../core/experiment/types.ts';
import { fieldReader, type FormResult, type NumberRule } from './fields.ts';

export type PlaneField = 'xFrom' | 'xTo' | 'yFrom' | 'yTo';
export type MapField = PlaneField | 'resolution' | 'amplitude' | 'duration';

export interface MapForm {
  plane: MapPlane;
  ranges: Record<MapPlane, Record<PlaneField, string>>;
  resolution: string;
  amplitude: string;
  duration: string;
}


/** The step input starts here, ms: the cell first settles at rest, so the class describes its answer to the step. */
export const MAP_ONSET_MS = 50;

/**
 * The (a, b) defaults span the presets (a 0.02-0.1, b 0.2-0.26) and the class 1 cell (b = -0.1); the
 * (c, d) defaults span RS (-65, 8), IB (-55, 4) and CH (-50, 2), where tonic spiking turns into bursting;
 * the map opens on that plane, where an RS cell shows the most behaviours. With 41 points per axis the
 * grid steps are round (a 0.005, b 0.01, c 1 mV, d 0.25), so the presets sit on grid points and a click
 * gives the neuron tidy values. 10 pA is the default experiment's step.
 */
export const MAP_DEFAULTS: MapForm = {
  plane: 'cd',
  ranges: {
    ab: { xFrom: '0', xTo: '0.2', yFrom: '-0.1', yTo: '0.3' },
    cd: { xFrom: '-80', xTo: '-40', yFrom: '0', yTo: '10' },
  },
  resolution: '41',
  amplitude: '10',
  duration: '500',
};

/**
 * The 2007 cell's planes in its own units, around the chapter's presets: (a, b) spans RS (0.03 /ms,
 * -2 nS), IB (0.01, 5) and CH (0.03, 1), (c, d) spans RS (-50 mV, 100 pA), IB (-56, 130) and CH (-40, 150);
 * with 41 points the steps are a 0.0025, b 0.5 nS, c 1 mV and d 5 pA, so the presets sit on grid points.
 * At 100 pA (about twice the RS cell's rheobase, 51.4 pA) the RS cell's (a, b) plane holds silence
 * (b from 3 nS raises the rheobase above 100 pA), single spikes (small a) and tonic spiking, and
 * its (c, d) plane tonic spiking and, for resets above about -40 mV with d above about 110-140 pA, bursting.
 */
export const MAP_DEFAULTS_2007: MapForm = {
  plane: 'ab',
  ranges: {
    ab: { xFrom: '0', xTo: '0.1', yFrom: '-10', yTo: '10' },
    cd: { xFrom: '-70', xTo: '-30', yFrom: '0', yTo: '200' },
  },
  resolution: '41',
  amplitude: '100',
  duration: '500',
};

/** The form a neuron of `model` starts with (and "Defaults" brings back, but for the plane). */
export function mapDefaults(model: CellModel): MapForm {
  return structuredClone(model === 'izhikevich2007' ? MAP_DEFAULTS_2007 : MAP_DEFAULTS);
}

/** Each parameter's unit, as the neuron panel's sliders show them ('' for the 2003 cell's plain numbers). */
export const PARAM_UNITS: Record<CellModel, Record<NeuronParam, string>> = {
  izhikevich2003: { a: '', b: '', c: 'mV', d: '' },
  izhikevich2007: { a: '/ms', b: 'nS', c: 'mV', d: 'pA' },
};

/** The bounds a typed range may take: wide enough for any cell worth looking at, narrow enough to stay a cell. */
const PARAM_BOUNDS: Record<CellModel, Record<NeuronParam, { min: number; max: number }>> = {
  izhikevich2003: {
    a: { min: -1, max: 1 },
    b: { min: -1, max: 1 },
    c: { min: -120, max: 0 },
    d: { min: -50, max: 50 },
  },
  // b and d are nS and pA: the chapter's cells reach b = 15 nS and d = 150 pA (|a| <= 1 is the validator's rule).
  izhikevich2007: {
    a: { min: -1, max: 1 },
    b: { min: -100, max: 100 },
    c: { min: -120, max: 0 },
    d: { min: -1000, max: 1000 },
  },
};

/** The step input's bounds, pA: the 2007 cells take ten times more (IB fires from about 350 pA). */
const AMPLITUDE_BOUND: Record<CellModel, number> = { izhikevich2003: 1000, izhikevich2007: 10000 };

export function mapRules(plane: MapPlane, model: CellModel = 'izhikevich2003'): Record<MapField, NumberRule> {
  const { x, y } = PLANE_PARAMS[plane];
  const unit = (param: NeuronParam) => (PARAM_UNITS[model][param] === '' ? '' : ` (${PARAM_UNITS[model][param]})`);
  const bounds = PARAM_BOUNDS[model];
  return {
    xFrom: { label: `${x} from${unit(x)}`, ...bounds[x] },
    xTo: { label: `${x} to${unit(x)}`, ...bounds[x] },
    yFrom: { label: `${y} from${unit(y)}`, ...bounds[y] },
    yTo: { label: `${y} to${unit(y)}`, ...bounds[y] },
    resolution: { label: 'Points per axis', min: 2, max: 120, integer: true },
    amplitude: { label: 'Input (pA)', min: -AMPLITUDE_BOUND[model], max: AMPLITUDE_BOUND[model] },
    duration: { label: 'Run (ms)', min: MAP_ONSET_MS + 100, max: 5000 },
  };
}

export interface MapSettings {
  plane: MapPlane;
  x: { from: number; to: number };
  y: { from: number; to: number };
  resolution: number;
  amplitude: number;
  duration: number;
}

export function parseMapForm(form: MapForm, model: CellModel = 'izhikevich2003'): FormResult<MapField, MapSettings> {
  const rules = mapRules(form.plane, model);
  const range = form.ranges[form.plane];
  const r = fieldReader<MapField>();
  const xFrom = r.read('xFrom', range.xFrom, rules.xFrom);
  const xTo = r.read('xTo', range.xTo, rules.xTo);
  const yFrom = r.read('yFrom', range.yFrom, rules.yFrom);
  const yTo = r.read('yTo', range.yTo, rules.yTo);
  const resolution = r.read('resolution', form.resolution, rules.resolution);
  const amplitude = r.read('amplitude', form.amplitude, rules.amplitude);
  const duration = r.read('duration', form.duration, rules.duration);
  if (!r.failed('xFrom') && !r.failed('xTo') && xTo <= xFrom) {
    r.fail('xTo', `${rules.xTo.label}: must be more than ${rules.xFrom.label.replace(/ \(.*\)$/, '')} (${xFrom}), got ${xTo}`);
  }
  if (!r.failed('yFrom') && !r.failed('yTo') && yTo <= yFrom) {
    r.fail('yTo', `${rules.yTo.label}: must be more than ${rules.yFrom.label.replace(/ \(.*\)$/, '')} (${yFrom}), got ${yTo}`);
  }
  if (!r.ok) return { ok: false, errors: r.errors };
  return {
    ok: true,
    value: { plane: form.plane, x: { from: xFrom, to: xTo }, y: { from: yFrom, to: yTo }, resolution, amplitude, duration },
  };
}

export function mapRequest(cell: SweepCell, numerics: SweepNumerics, settings: MapSettings): FiringMapRequest {
  return {
    cell,
    numerics,
    plane: settings.plane,
    x: { ...settings.x, count: settings.resolution },
    y: { ...settings.y, count: settings.resolution },
    amplitude: settings.amplitude,
    onset: MAP_ONSET_MS,
    duration: settings.duration,
  };
}

/**
 * What a map's colours depend on. The two parameters the map varies are left out: moving the selected
 * neuron within the plane (a click on the map) moves its marker and does not recompute the map.
 */
export function mapKey(request: FiringMapRequest): string {
  const { x, y } = PLANE_PARAMS[request.plane];
  const cell: Partial<SweepCell> = { ...request.cell };
  delete cell[x];
  delete cell[y];
  // u0 left out is b v0, which the Worker recomputes from each point's b: nothing else to drop.
  return JSON.stringify({ ...request, cell });
}
