/**
 * The new-synapse-type form's pure parts, and which parts of an experiment use a synapse type (a type
 * can be deleted only when nothing does).
 */
import { freeId } from '../../core/experiment/structure.ts';
import type { Experiment, NeuronRole, SynapseKind, SynapseTypeSpec } from '../../core/experiment/types.ts';
import { parseNumber } from '../format.ts';

export const SYNAPSE_KINDS: readonly SynapseKind[] = ['expConductance', 'expTwoConductance', 'alphaConductance', 'writeup', 'current'];

export const SYNAPSE_KIND_OPTIONS: Record<SynapseKind, string> = {
  expConductance: 'exponential conductance, I = g (E_rev \u2212 v)',
  expTwoConductance: 'double-exponential conductance (rise and decay; NeuroML expTwoSynapse)',
  alphaConductance: 'alpha conductance, peak at t = tau (NeuroML alphaSynapse)',
  writeup: 'write-up variant, I = \u00b1g |v_pre \u2212 v_post|',
  current: 'current pulse (weight in pA for 1 ms)',
};

export interface SynapseTypeDraft {
  id: string;
  label: string;
  kind: SynapseKind;
  gbase: string;
  tau: string;
  tauRise: string;
  tauDecay: string;
  erev: string;
  effect: NeuronRole;
}

export function newSynapseTypeDraft(experiment: Experiment): SynapseTypeDraft {
  return {
    id: freeId(new Set(experiment.synapseTypes.map((s) => s.id)), 'syn'),
    label: '',
    kind: 'expConductance',
    gbase: '0.5',
    tau: '5',
    tauRise: '0.5',
    tauDecay: '5',
    erev: '0',
    effect: 'excitatory',
  };
}

export function synapseTypeFromDraft(draft: SynapseTypeDraft): { ok: true; value: SynapseTypeSpec } | { ok: false; message: string } {
  const id = draft.id.trim();
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(id)) {
    return { ok: false, message: `id: "${id}" is not a valid id (letters, digits, _ and -, starting with a letter or _)` };
  }
  const label = draft.label.trim();
  const decor = label !== '' ? { label } : {};
  if (draft.kind === 'current') return { ok: true, value: { id, kind: 'current', ...decor } };
  const gbase = parseNumber(draft.gbase);
  if (gbase === null || gbase < 0) return { ok: false, message: 'gbase: enter a conductance >= 0 nS' };
  const erevOf = (): number | null => parseNumber(draft.erev);
  if (draft.kind === 'expTwoConductance') {
    const tauRise = parseNumber(draft.tauRise);
    if (tauRise === null || tauRise <= 0) return { ok: false, message: 'tauRise: enter a time constant > 0 ms' };
    const tauDecay = parseNumber(draft.tauDecay);
    if (tauDecay === null || !(tauDecay > tauRise)) return { ok: false, message: `tauDecay: enter a time constant longer than tauRise (${tauRise} ms)` };
    const erev = erevOf();
    if (erev === null) return { ok: false, message: 'E_rev: enter a reversal potential in mV' };
    return { ok: true, value: { id, kind: 'expTwoConductance', gbase, tauRise, tauDecay, erev, ...decor } };
  }
  const tau = parseNumber(draft.tau);
  if (tau === null || tau <= 0) return { ok: false, message: 'tau: enter a time constant > 0 ms' };
  if (draft.kind === 'writeup') return { ok: true, value: { id, kind: 'writeup', gbase, tau, effect: draft.effect, ...decor } };
  const erev = erevOf();
  if (erev === null) return { ok: false, message: 'E_rev: enter a reversal potential in mV' };
  return { ok: true, value: { id, kind: draft.kind, gbase, tau, erev, ...decor } };
}

export interface SynapseTypeUse {
  connections: number;
  projections: number;
  inputs: number;
}

export function synapseTypeUse(experiment: Experiment, id: string): SynapseTypeUse {
  return {
    connections: experiment.connections.filter((c) => c.synapse === id).length,
    projections: experiment.projections.filter((p) => p.synapse === id).length,
    inputs: experiment.inputs.filter((i) => i.kind === 'poisson' && i.synapse === id).length,
  };
}

/** "used by 2 connections and 1 Poisson input", or null when unused. */
export function describeUse(use: SynapseTypeUse): string | null {
  const parts: string[] = [];
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (use.connections > 0) parts.push(count(use.connections, 'connection', 'connections'));
  if (use.projections > 0) parts.push(count(use.projections, 'projection', 'projections'));
  if (use.inputs > 0) parts.push(count(use.inputs, 'Poisson input', 'Poisson inputs'));
  if (parts.length === 0) return null;
  const last = parts.pop();
  return `used by ${parts.length > 0 ? `${parts.join(', ')} and ${last}` : last}`;
}
