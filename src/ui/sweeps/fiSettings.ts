/**
 * The f-I curve form: its fields as typed, their defaults and rules, the overlay cells a user can add,
 * and the Worker request built from a valid form.
 */
import type { FICurveRequest, SweepCell, SweepNumerics } from '../../core/analysis/sweeps.ts';
import { CELL_2007_PRESETS } from '../../core/experiment/cellModels.ts';
import { CELL_PRESETS } from '../../core/experiment/presets.ts';
import type { CellModel } from '../../core/experiment/types.ts';
import { fieldReader, type FormResult, type NumberRule } from './fields.ts';

export type FIField = 'from' | 'to' | 'points' | 'duration' | 'settle';
export type FIForm = Record<FIField, string>;

/**
 * 0-25 pA in 0.5 pA steps covers every preset's onset (all below 10 pA) and their rates up to a few
 * tens of Hz; 1 s runs with the first 200 ms left out measure the steady rate, not the onset burst.
 */
export const FI_DEFAULTS: FIForm = { from: '0', to: '25', points: '51', duration: '1000', settle: '200' };

/**
 * The 2007 cells take currents in the hundreds of pA (C 50-150 pF): 0-400 pA in 5 pA steps covers the
 * onsets of the chapter's RS (51.4 pA), CH (160 pA) and IB (346 pA) cells.
 */
export const FI_DEFAULTS_2007: FIForm = { from: '0', to: '400', points: '81', duration: '1000', settle: '200' };

/** The form a neuron of `model` starts with (and "Defaults" brings back). */
export function fiDefaults(model: CellModel): FIForm {
  return { ...(model === 'izhikevich2007' ? FI_DEFAULTS_2007 : FI_DEFAULTS) };
}

export const FI_RULES: Record<FIField, NumberRule> = {
  from: { label: 'From (pA)', min: -1000, max: 1000 },
  to: { label: 'To (pA)', min: -1000, max: 1000 },
  points: { label: 'Points', min: 2, max: 401, integer: true },
  duration: { label: 'Run (ms)', min: 50, max: 20000 },
  settle: { label: 'Count after (ms)', min: 0, max: 20000 },
};

/** The 2007 cells' currents reach ten times further (the chapter drives IB with 500-600 pA). */
const FI_RULES_2007: Record<FIField, NumberRule> = {
  ...FI_RULES,
  from: { ...FI_RULES.from, min: -10000, max: 10000 },
  to: { ...FI_RULES.to, min: -10000, max: 10000 },
};

export function fiRules(model: CellModel): Record<FIField, NumberRule> {
  return model === 'izhikevich2007' ? FI_RULES_2007 : FI_RULES;
}

export interface FISettings {
  from: number;
  to: number;
  points: number;
  duration: number;
  settle: number;
}

export function parseFIForm(form: FIForm, model: CellModel = 'izhikevich2003'): FormResult<FIField, FISettings> {
  const rules = fiRules(model);
  const r = fieldReader<FIField>();
  const from = r.read('from', form.from, rules.from);
  const to = r.read('to', form.to, rules.to);
  const points = r.read('points', form.points, rules.points);
  const duration = r.read('duration', form.duration, rules.duration);
  const settle = r.read('settle', form.settle, rules.settle);
  if (!r.failed('from') && !r.failed('to') && to <= from) {
    r.fail('to', `${FI_RULES.to.label}: must be more than From (${from} pA), got ${to}`);
  }
  // At least 20 ms to count spikes in, so a rate of a few tens of Hz is measurable at all.
  if (!r.failed('duration') && !r.failed('settle') && settle > duration - 20) {
    r.fail('settle', `${FI_RULES.settle.label}: must end at least 20 ms before the run does (Run = ${duration} ms), got ${settle}`);
  }
  if (!r.ok) return { ok: false, errors: r.errors };
  return { ok: true, value: { from, to, points, duration, settle } };
}

/** A cell that can be drawn over the selected neuron's curve. */
export interface OverlayCell {
  /** Stable id (the checkbox's and the curve's), also its colour key. */
  id: string;
  /** Short name in the legend and on the rheobase marker. */
  name: string;
  /** What it is, for the checkbox's title. */
  title: string;
  /** The model it is offered for: a curve is compared with cells of its own model and units. */
  model: CellModel;
  cell: SweepCell;
}

/**
 * The named classes of Izhikevich (2003) started from rest near -70 mV, and the class 1 and class 2
 * excitable cells of Izhikevich (2004), Fig. 1G and 1H, with the figure script's initial v: side by
 * side the two show class 1 (firing from an arbitrarily low rate) against class 2 (a jump to a high
 * rate at onset). For 2007 cells: the chapter's RS, IB and CH presets, at rest.
 */
export const OVERLAY_CELLS: readonly OverlayCell[] = [
  ...CELL_PRESETS.map((p): OverlayCell => ({ id: p.name, name: p.name, title: `${p.title} (a ${p.params.a}, b ${p.params.b}, c ${p.params.c}, d ${p.params.d})`, model: 'izhikevich2003', cell: { ...p.params, v0: -70 } })),
  {
    id: 'class1',
    name: 'Class 1',
    title: 'Class 1 excitable, Izhikevich (2004) Fig. 1G: a 0.02, b -0.1, c -55, d 6, dv/dt = 0.04 v\u00b2 + 4.1 v + 108 - u + I',
    model: 'izhikevich2003',
    cell: { a: 0.02, b: -0.1, c: -55, d: 6, v0: -60, equation: { p1: 4.1, p0: 108 } },
  },
  {
    id: 'class2',
    name: 'Class 2',
    title: 'Class 2 excitable, Izhikevich (2004) Fig. 1H: a 0.2, b 0.26, c -65, d 0',
    model: 'izhikevich2003',
    cell: { a: 0.2, b: 0.26, c: -65, d: 0, v0: -64 },
  },
  ...CELL_2007_PRESETS.map((p): OverlayCell => {
    const { C, k, vr, vt, vpeak, a, b, c, d } = p.params;
    return {
      id: `${p.name}2007`,
      name: `${p.name} (2007)`,
      title: `${p.title}: C ${C} pF, k ${k} nS/mV, vr ${vr} mV, vt ${vt} mV, vpeak ${vpeak} mV, a ${a} /ms, b ${b} nS, c ${c} mV, d ${d} pA`,
      model: 'izhikevich2007',
      cell: { model: 'izhikevich2007', ...p.params, v0: p.v0 },
    };
  }),
];

/** The overlays offered beside a neuron of `model`. */
export function overlaysFor(model: CellModel): OverlayCell[] {
  return OVERLAY_CELLS.filter((o) => o.model === model);
}

/** The id of the selected neuron's own curve (no overlay has it). */
export const OWN_CURVE = 'this';

/** One curve the chart shows: the selected neuron's own or an overlay. */
export interface CurveSpec {
  id: string;
  name: string;
  request: FICurveRequest;
}

/** The requests for the selected neuron's curve (when there is one) and the chosen overlays of its model, in legend order. */
export function curveSpecs(
  own: { name: string; cell: SweepCell } | null,
  overlayIds: readonly string[],
  numerics: SweepNumerics,
  settings: FISettings,
  model: CellModel = 'izhikevich2003',
): CurveSpec[] {
  const request = (label: string, cell: SweepCell): FICurveRequest => ({
    label,
    cell,
    numerics,
    currents: { from: settings.from, to: settings.to, count: settings.points },
    duration: settings.duration,
    settle: settings.settle,
  });
  const specs: CurveSpec[] = [];
  if (own) specs.push({ id: OWN_CURVE, name: own.name, request: request(own.name, own.cell) });
  for (const overlay of overlaysFor(model)) {
    if (overlayIds.includes(overlay.id)) specs.push({ id: overlay.id, name: overlay.name, request: request(overlay.name, overlay.cell) });
  }
  return specs;
}

/** What a curve's numbers depend on (everything but its label): equal keys, equal curves. */
export function curveKey(request: FICurveRequest): string {
  const { label: _label, ...rest } = request;
  return JSON.stringify(rest);
}
