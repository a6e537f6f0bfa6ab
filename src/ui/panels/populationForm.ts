/**
 * The population form's pure parts: the cell model (the 2003 cell or izhikevich2007Cell), cell-class
 * presets (the 2003 figure's classes as fixed values, the 2003 network's r-based excitatory and
 * inhibitory heterogeneity, the 2007 chapter's RS, IB and CH cells), the draft the form edits, and
 * turning a draft into a PopulationSpec.
 */
import { CELL_2007_PRESETS } from '../../core/experiment/cellModels.ts';
import { CELL_PRESETS } from '../../core/experiment/presets.ts';
import { freeId, nodeIds } from '../../core/experiment/structure.ts';
import type { CellModel, Distribution, Experiment, NeuronRole, PopulationSpec } from '../../core/experiment/types.ts';
import { MAX_POPULATION_SIZE } from '../../core/experiment/validate.ts';
import { bounds } from '../network/geometry.ts';
import { freeSpot, layoutNodes } from '../network/placement.ts';
import { draftOf, parseDraft, sameDistribution, type DistDraft } from './distributions.ts';

export type PopParam = 'C' | 'k' | 'vr' | 'vt' | 'vpeak' | 'a' | 'b' | 'c' | 'd' | 'v0';
/** The parameters the form draws per neuron, by cell model, in the order it shows them. */
export const POP_PARAMS: Record<CellModel, readonly PopParam[]> = {
  izhikevich2003: ['a', 'b', 'c', 'd', 'v0'],
  izhikevich2007: ['C', 'k', 'vr', 'vt', 'vpeak', 'a', 'b', 'c', 'd', 'v0'],
};

export const POP_PARAM_DESCRIPTIONS: Record<CellModel, Partial<Record<PopParam, string>>> = {
  izhikevich2003: {
    a: 'a: time scale of the recovery variable u',
    b: 'b: sensitivity of u to subthreshold v',
    c: 'c: after-spike reset of v (mV)',
    d: 'd: after-spike jump of u',
    v0: 'v0: initial membrane potential (mV)',
  },
  izhikevich2007: {
    C: 'C: membrane capacitance (pF)',
    k: 'k: gain of the quadratic k (v - vr)(v - vt) (nS/mV)',
    vr: 'vr: resting potential (mV)',
    vt: 'vt: threshold potential of the quadratic (mV)',
    vpeak: 'vpeak: spike cut-off (mV)',
    a: 'a: recovery rate of u (1/ms)',
    b: 'b: sensitivity of u to v - vr (nS)',
    c: 'c: after-spike reset of v (mV)',
    d: 'd: after-spike jump of u (pA)',
    v0: 'v0: initial membrane potential (mV)',
  },
};

export const POP_PARAM_UNITS: Record<CellModel, Partial<Record<PopParam, string>>> = {
  izhikevich2003: { c: 'mV', v0: 'mV' },
  izhikevich2007: { C: 'pF', k: 'nS/mV', vr: 'mV', vt: 'mV', vpeak: 'mV', a: '1/ms', b: 'nS', c: 'mV', d: 'pA', v0: 'mV' },
};

export interface PopulationPreset {
  name: string;
  title: string;
  model: CellModel;
  /** The parameters it sets (the 2003 presets leave v0 as it is). */
  params: Partial<Record<PopParam, Distribution>>;
  role?: NeuronRole;
}

/**
 * Izhikevich (2003): excitatory cells c = -65 + 15 r^2, d = 8 - 6 r^2 (RS to CH), inhibitory cells
 * a = 0.02 + 0.08 r, b = 0.25 - 0.05 r (FS to LTS), with one r ~ U[0,1) per neuron.
 */
export const POPULATION_PRESETS: readonly PopulationPreset[] = [
  {
    name: 'exc2003',
    title: 'excitatory (2003): c, d drawn from r',
    model: 'izhikevich2003',
    role: 'excitatory',
    params: {
      a: 0.02,
      b: 0.2,
      c: { dist: 'r', base: -65, scale: 15, power: 2 },
      d: { dist: 'r', base: 8, scale: -6, power: 2 },
    },
  },
  {
    name: 'inh2003',
    title: 'inhibitory (2003): a, b drawn from r',
    model: 'izhikevich2003',
    role: 'inhibitory',
    params: {
      a: { dist: 'r', base: 0.02, scale: 0.08, power: 1 },
      b: { dist: 'r', base: 0.25, scale: -0.05, power: 1 },
      c: -65,
      d: 2,
    },
  },
  ...CELL_PRESETS.map((p): PopulationPreset => ({ name: p.name, title: `${p.name} \u2014 ${p.title}`, model: 'izhikevich2003', params: { ...p.params } })),
  ...CELL_2007_PRESETS.map((p): PopulationPreset => ({ name: `${p.name}2007`, title: `${p.name} \u2014 ${p.title}`, model: 'izhikevich2007', params: { ...p.params, v0: p.v0 } })),
];

/** The presets of a cell model. */
export const presetsOf = (model: CellModel): PopulationPreset[] => POPULATION_PRESETS.filter((p) => p.model === model);

const presetKeys = (preset: PopulationPreset): PopParam[] => POP_PARAMS[preset.model].filter((k) => preset.params[k] !== undefined);

/** The preset of `model` whose parameters all equal these, if any. */
export function matchPopulationPreset(model: CellModel, params: Partial<Record<PopParam, Distribution>>): PopulationPreset | undefined {
  return presetsOf(model).find((p) => presetKeys(p).every((k) => {
    const mine = p.params[k];
    const theirs = params[k];
    return mine !== undefined && theirs !== undefined && sameDistribution(mine, theirs);
  }));
}

export interface PopulationDraft {
  id: string;
  label: string;
  size: string;
  role: NeuronRole;
  model: CellModel;
  /** Every model's parameters: switching the model back and forth keeps what was typed. */
  params: Record<PopParam, DistDraft>;
}

/** A parameter's value when its field does not parse and its kind changes: the model's first preset's. */
export function fallbackOf(model: CellModel, k: PopParam): number {
  const value = presetsOf(model).find((p) => typeof p.params[k] === 'number')?.params[k];
  return typeof value === 'number' ? value : k === 'v0' ? -65 : 0;
}

/** The RS izhikevich2007Cell's parameters as drafts, for a draft that has no 2007 values yet. */
function drafts2007(): Record<'C' | 'k' | 'vr' | 'vt' | 'vpeak', DistDraft> {
  const { C, k, vr, vt, vpeak } = CELL_2007_PRESETS[0].params;
  return { C: draftOf(C), k: draftOf(k), vr: draftOf(vr), vt: draftOf(vt), vpeak: draftOf(vpeak) };
}

/**
 * Where a new population goes: the free space nearest the middle of the diagram, clear of every node
 * and label (the diagram lays out nodes that have no position; see placement.ts).
 */
export function freePosition(experiment: Experiment, id: string): { x: number; y: number } {
  const nodes = layoutNodes(experiment);
  const box = bounds(nodes);
  const middle = box ? { x: (box.x0 + box.x1) / 2, y: (box.y0 + box.y1) / 2 } : { x: 0, y: 0 };
  return freeSpot(nodes, middle, { id, kind: 'population' });
}

export function newPopulationDraft(experiment: Experiment): PopulationDraft {
  const preset = POPULATION_PRESETS[0];
  return {
    id: freeId(nodeIds(experiment), 'P'),
    label: '',
    size: '100',
    role: preset.role ?? 'excitatory',
    model: 'izhikevich2003',
    params: { ...drafts2007(), a: draftOf(0.02), b: draftOf(0.2), c: draftOf(-65), d: draftOf(8), v0: draftOf(-65), ...draftsOfPreset(preset) },
  };
}

export function draftOfPopulation(p: PopulationSpec): PopulationDraft {
  const common = { id: p.id, label: p.label ?? '', size: String(p.size), role: p.role ?? 'excitatory', model: p.model };
  const shared = { a: draftOf(p.a), b: draftOf(p.b), c: draftOf(p.c), d: draftOf(p.d), v0: draftOf(p.v0) };
  if (p.model === 'izhikevich2003') return { ...common, params: { ...drafts2007(), ...shared } };
  return { ...common, params: { C: draftOf(p.C), k: draftOf(p.k), vr: draftOf(p.vr), vt: draftOf(p.vt), vpeak: draftOf(p.vpeak), ...shared } };
}

function draftsOfPreset(preset: PopulationPreset): Partial<Record<PopParam, DistDraft>> {
  return Object.fromEntries(presetKeys(preset).map((k) => [k, draftOf(preset.params[k] ?? 0)]));
}

/** The draft with a preset's model and parameters (and role, for the 2003 network's presets). */
export function applyPreset(draft: PopulationDraft, preset: PopulationPreset): PopulationDraft {
  return { ...draft, model: preset.model, role: preset.role ?? draft.role, params: { ...draft.params, ...draftsOfPreset(preset) } };
}

/** The draft as a cell of `model`: that model's first preset (a 2003 cell's numbers mean something else in the 2007 cell). */
export function switchModel(draft: PopulationDraft, model: CellModel): PopulationDraft {
  return model === draft.model ? draft : applyPreset(draft, presetsOf(model)[0]);
}

/** The preset the draft's parameters match, if they parse and match one of its model's. */
export function draftPreset(draft: PopulationDraft): PopulationPreset | undefined {
  const parsed: Partial<Record<PopParam, Distribution>> = {};
  for (const k of POP_PARAMS[draft.model]) {
    const r = parseDraft(draft.params[k], k);
    if (r.ok) parsed[k] = r.value;
  }
  return matchPopulationPreset(draft.model, parsed);
}

/**
 * The population a draft describes: `base` supplies what the form does not edit (position, u0,
 * vpeak). Returns the first problem instead when a field does not parse.
 */
export function populationFromDraft(
  draft: PopulationDraft,
  base: { position?: { x: number; y: number }; u0?: Distribution; vpeak?: number | Distribution; model?: PopulationSpec['model'] },
): { ok: true; value: PopulationSpec } | { ok: false; message: string } {
  const id = draft.id.trim();
  if (id === '') return { ok: false, message: 'id: enter an id (letters, digits, _ and -)' };
  const size = Number(draft.size.trim());
  if (draft.size.trim() === '' || !Number.isInteger(size) || size < 1 || size > MAX_POPULATION_SIZE) {
    return { ok: false, message: `size: enter a whole number from 1 to ${MAX_POPULATION_SIZE.toLocaleString('en-US')}` };
  }
  const params: Partial<Record<PopParam, Distribution>> = {};
  for (const k of POP_PARAMS[draft.model]) {
    const r = parseDraft(draft.params[k], k);
    if (!r.ok) return r;
    params[k] = r.value;
  }
  const get = (k: PopParam): Distribution => params[k] ?? 0;
  const label = draft.label.trim();
  const { u0, vpeak, position } = base;
  const decor = { id, ...(label !== '' ? { label } : {}), size, role: draft.role };
  const shared = { a: get('a'), b: get('b'), c: get('c'), d: get('d'), v0: get('v0') };
  const place = position !== undefined ? { position } : {};
  if (draft.model === 'izhikevich2007') {
    return { ok: true, value: { ...decor, model: 'izhikevich2007', C: get('C'), k: get('k'), vr: get('vr'), vt: get('vt'), vpeak: get('vpeak'), ...shared, ...place } };
  }
  const value: PopulationSpec = {
    ...decor,
    model: 'izhikevich2003',
    ...shared,
    ...(u0 !== undefined ? { u0 } : {}),
    ...(typeof vpeak === 'number' ? { vpeak } : {}),
    ...place,
  };
  return { ok: true, value };
}

/** A population's drawn parameters by name. */
export function paramsOf(p: PopulationSpec): Partial<Record<PopParam, Distribution>> {
  const shared = { a: p.a, b: p.b, c: p.c, d: p.d, v0: p.v0 };
  return p.model === 'izhikevich2003' ? shared : { ...shared, C: p.C, k: p.k, vr: p.vr, vt: p.vt, vpeak: p.vpeak };
}

/** Does applying the draft redraw the population (size, model or a distribution changed)? */
export function redraws(before: PopulationSpec, after: PopulationSpec): boolean {
  if (before.size !== after.size || before.model !== after.model) return true;
  const x0 = paramsOf(before);
  const y0 = paramsOf(after);
  return POP_PARAMS[after.model].some((k) => {
    const x = x0[k];
    const y = y0[k];
    return x === undefined || y === undefined || !sameDistribution(x, y);
  });
}

/** "100 neurons, excitatory" for the list. */
export function populationSummary(p: PopulationSpec): string {
  return `${p.size.toLocaleString('en-US')} neuron${p.size === 1 ? '' : 's'}, ${p.role ?? 'excitatory'}`;
}
