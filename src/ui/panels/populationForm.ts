/**
 * The population form's pure parts: cell-class presets (the 2003 figure's classes as fixed values, and
 * the 2003 network's r-based excitatory and inhibitory heterogeneity), the draft the form edits, and
 * turning a draft into a PopulationSpec.
 */
import { CELL_PRESETS } from '../../core/experiment/presets.ts';
import { freeId, nodeIds } from '../../core/experiment/structure.ts';
import type { Distribution, Experiment, NeuronRole, PopulationSpec } from '../../core/experiment/types.ts';
import { MAX_POPULATION_SIZE } from '../../core/experiment/validate.ts';
import { bounds } from '../network/geometry.ts';
import { freeSpot, layoutNodes } from '../network/placement.ts';
import { draftOf, parseDraft, sameDistribution, type DistDraft } from './distributions.ts';

export type PopParam = 'a' | 'b' | 'c' | 'd' | 'v0';
export const POP_PARAMS: readonly PopParam[] = ['a', 'b', 'c', 'd', 'v0'];

export const POP_PARAM_DESCRIPTIONS: Record<PopParam, string> = {
  a: 'a: time scale of the recovery variable u',
  b: 'b: sensitivity of u to subthreshold v',
  c: 'c: after-spike reset of v (mV)',
  d: 'd: after-spike jump of u',
  v0: 'v0: initial membrane potential (mV)',
};

export interface PopulationPreset {
  name: string;
  title: string;
  params: Record<'a' | 'b' | 'c' | 'd', Distribution>;
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
    role: 'inhibitory',
    params: {
      a: { dist: 'r', base: 0.02, scale: 0.08, power: 1 },
      b: { dist: 'r', base: 0.25, scale: -0.05, power: 1 },
      c: -65,
      d: 2,
    },
  },
  ...CELL_PRESETS.map((p) => ({ name: p.name, title: `${p.name} \u2014 ${p.title}`, params: { ...p.params } })),
];

/** The preset whose a, b, c, d equal these, if any. */
export function matchPopulationPreset(params: Record<'a' | 'b' | 'c' | 'd', Distribution>): PopulationPreset | undefined {
  return POPULATION_PRESETS.find((p) => (['a', 'b', 'c', 'd'] as const).every((k) => sameDistribution(p.params[k], params[k])));
}

export interface PopulationDraft {
  id: string;
  label: string;
  size: string;
  role: NeuronRole;
  params: Record<PopParam, DistDraft>;
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
    params: {
      a: draftOf(preset.params.a),
      b: draftOf(preset.params.b),
      c: draftOf(preset.params.c),
      d: draftOf(preset.params.d),
      v0: draftOf(-65),
    },
  };
}

export function draftOfPopulation(p: PopulationSpec): PopulationDraft {
  return {
    id: p.id,
    label: p.label ?? '',
    size: String(p.size),
    role: p.role ?? 'excitatory',
    params: { a: draftOf(p.a), b: draftOf(p.b), c: draftOf(p.c), d: draftOf(p.d), v0: draftOf(p.v0) },
  };
}

/** The draft with a preset's a, b, c, d (and role, for the 2003 presets). */
export function applyPreset(draft: PopulationDraft, preset: PopulationPreset): PopulationDraft {
  return {
    ...draft,
    role: preset.role ?? draft.role,
    params: {
      ...draft.params,
      a: draftOf(preset.params.a),
      b: draftOf(preset.params.b),
      c: draftOf(preset.params.c),
      d: draftOf(preset.params.d),
    },
  };
}

/** The preset the draft's a, b, c, d match, if they parse and match one. */
export function draftPreset(draft: PopulationDraft): PopulationPreset | undefined {
  const parsed: Partial<Record<'a' | 'b' | 'c' | 'd', Distribution>> = {};
  for (const k of ['a', 'b', 'c', 'd'] as const) {
    const r = parseDraft(draft.params[k], k);
    if (!r.ok) return undefined;
    parsed[k] = r.value;
  }
  return matchPopulationPreset(parsed as Record<'a' | 'b' | 'c' | 'd', Distribution>);
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
  for (const k of POP_PARAMS) {
    const r = parseDraft(draft.params[k], k);
    if (!r.ok) return r;
    params[k] = r.value;
  }
  const label = draft.label.trim();
  const { u0, vpeak, position } = base;
  const value: PopulationSpec = {
    id,
    ...(label !== '' ? { label } : {}),
    size,
    model: 'izhikevich2003',
    role: draft.role,
    a: params.a as Distribution,
    b: params.b as Distribution,
    c: params.c as Distribution,
    d: params.d as Distribution,
    v0: params.v0 as Distribution,
    ...(u0 !== undefined ? { u0 } : {}),
    ...(typeof vpeak === 'number' ? { vpeak } : {}),
    ...(position !== undefined ? { position } : {}),
  };
  return { ok: true, value };
}

/** Does applying the draft redraw the population (size or a distribution changed)? */
export function redraws(before: PopulationSpec, after: PopulationSpec): boolean {
  return before.size !== after.size || POP_PARAMS.some((k) => !sameDistribution(before[k], after[k]));
}

/** "100 neurons, excitatory" for the list. */
export function populationSummary(p: PopulationSpec): string {
  return `${p.size.toLocaleString('en-US')} neuron${p.size === 1 ? '' : 's'}, ${p.role ?? 'excitatory'}`;
}
