/**
 * The projection form's pure parts: the draft it edits (text fields), its defaults, and turning it
 * into a ProjectionSpec. Whether the result is a valid experiment is the validator's job (via change()).
 */
import { freeId } from '../../core/experiment/structure.ts';
import type { ConnectionRule, Experiment, ProjectionSpec } from '../../core/experiment/types.ts';
import { formatValue, parseNumber } from '../format.ts';
import { draftOf, parseDraft, type DistDraft } from './distributions.ts';

export type RuleKind = ConnectionRule['rule'];
export const RULE_KINDS: readonly RuleKind[] = ['all-to-all', 'probability', 'in-degree', 'out-degree'];
export const RULE_NAMES: Record<RuleKind, string> = {
  'all-to-all': 'all-to-all',
  probability: 'probability p',
  'in-degree': 'fixed in-degree K',
  'out-degree': 'fixed out-degree K',
};

export interface ProjectionDraft {
  id: string;
  pre: string;
  post: string;
  synapse: string;
  rule: RuleKind;
  p: string;
  k: string;
  autapses: boolean;
  weight: DistDraft;
  delay: DistDraft;
}

/** Neuron and population ids, populations first (a projection is usually between groups). */
export function groupIds(experiment: Pick<Experiment, 'populations' | 'neurons'>): string[] {
  return [...experiment.populations.map((p) => p.id), ...experiment.neurons.map((n) => n.id)];
}

/** A readable id for a projection from pre to post: `pre_post`, numbered when taken. */
export function projectionId(experiment: Experiment, pre: string, post: string): string {
  const taken = new Set(experiment.projections.map((p) => p.id));
  const base = `${pre}_${post}`;
  return taken.has(base) ? freeId(taken, `${base}_`) : base;
}

export function newProjectionDraft(experiment: Experiment, preferred?: string | null): ProjectionDraft {
  const groups = groupIds(experiment);
  const pre = preferred && groups.includes(preferred) ? preferred : (groups[0] ?? '');
  const post = pre;
  const dt = experiment.simulation.dt;
  return {
    id: projectionId(experiment, pre, post),
    pre,
    post,
    synapse: experiment.synapseTypes[0]?.id ?? '',
    rule: 'probability',
    p: '0.1',
    k: '10',
    autapses: false,
    weight: draftOf(1),
    delay: draftOf(Math.max(1, dt)),
  };
}

export function draftOfProjection(p: ProjectionSpec): ProjectionDraft {
  return {
    id: p.id,
    pre: p.pre,
    post: p.post,
    synapse: p.synapse,
    rule: p.connect.rule,
    p: p.connect.rule === 'probability' ? formatValue(p.connect.p) : '0.1',
    k: p.connect.rule === 'in-degree' || p.connect.rule === 'out-degree' ? String(p.connect.k) : '10',
    autapses: p.autapses ?? false,
    weight: draftOf(p.weight),
    delay: draftOf(p.delay),
  };
}

/** The projection a draft describes, or the first field that does not parse. */
export function projectionFromDraft(draft: ProjectionDraft): { ok: true; value: ProjectionSpec } | { ok: false; message: string } {
  const id = draft.id.trim();
  if (id === '') return { ok: false, message: 'id: enter an id (letters, digits, _ and -)' };
  if (draft.pre === '' || draft.post === '') return { ok: false, message: 'choose a source and a target group' };
  if (draft.synapse === '') return { ok: false, message: 'choose a synapse type (create one in the Synapse panel first)' };
  let connect: ConnectionRule;
  switch (draft.rule) {
    case 'all-to-all':
      connect = { rule: 'all-to-all' };
      break;
    case 'probability': {
      const p = parseNumber(draft.p);
      if (p === null || p < 0 || p > 1) return { ok: false, message: 'p: enter a probability from 0 to 1' };
      connect = { rule: 'probability', p };
      break;
    }
    case 'in-degree': {
      const k = parseNumber(draft.k);
      if (k === null || !Number.isInteger(k) || k < 0) return { ok: false, message: 'K: enter a whole number of sources per target' };
      connect = { rule: 'in-degree', k };
      break;
    }
    case 'out-degree': {
      const k = parseNumber(draft.k);
      if (k === null || !Number.isInteger(k) || k < 0) return { ok: false, message: 'K: enter a whole number of targets per source' };
      connect = { rule: 'out-degree', k };
      break;
    }
  }
  const weight = parseDraft(draft.weight, 'weight');
  if (!weight.ok) return weight;
  const delay = parseDraft(draft.delay, 'delay');
  if (!delay.ok) return delay;
  return {
    ok: true,
    value: {
      id,
      pre: draft.pre,
      post: draft.post,
      synapse: draft.synapse,
      connect,
      ...(draft.pre === draft.post ? { autapses: draft.autapses } : {}),
      weight: weight.value,
      delay: delay.value,
    },
  };
}

/** "E \u2192 I, p 0.1, AMPA" for the list. */
export function projectionSummary(p: ProjectionSpec): string {
  return `${p.pre} \u2192 ${p.post}, ${ruleSummary(p.connect)}, ${p.synapse}`;
}

function ruleSummary(rule: ConnectionRule): string {
  switch (rule.rule) {
    case 'all-to-all':
      return 'all-to-all';
    case 'probability':
      return `p ${formatValue(rule.p)}`;
    case 'in-degree':
      return `in-degree ${rule.k}`;
    case 'out-degree':
      return `out-degree ${rule.k}`;
  }
}
