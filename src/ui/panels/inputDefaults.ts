/**
 * New inputs with sensible defaults, for the "Add input" controls of the neuron and population panels.
 */
import { freeId } from '../../core/experiment/structure.ts';
import type { Experiment, InputSpec, SynapseTypeSpec } from '../../core/experiment/types.ts';

export type NewInputKind = 'constant' | 'pulse' | 'noise' | 'poisson' | 'sine';
export const NEW_INPUT_KINDS: readonly NewInputKind[] = ['constant', 'pulse', 'noise', 'poisson', 'sine'];

export const NEW_INPUT_KIND_NAMES: Record<NewInputKind, string> = {
  constant: 'constant current',
  pulse: 'step / pulse train',
  noise: 'noise current',
  poisson: 'Poisson spikes',
  sine: 'sine current',
};

/** What "Add input" adds, for its tooltip. */
export const NEW_INPUT_DEFAULTS: Record<NewInputKind, string> = {
  constant: 'a constant 10 pA current',
  pulse: 'a 10 pA current step from 100 ms (set a duration and period for a pulse train)',
  noise: 'a noise current, mean 0 pA, sd 2 pA, drawn every 1 ms and held',
  poisson: 'Poisson spikes at 20 Hz, weight 1, through a conductance synapse type',
  sine: 'a sine current of amplitude 10 pA and period 100 ms from 0 ms',
};

const ID_STEMS: Record<NewInputKind, string> = {
  constant: 'drive',
  pulse: 'step',
  noise: 'noise',
  poisson: 'poisson',
  sine: 'sine',
};

/** Synapse types a Poisson input can use (the validator accepts only exponential conductances). */
export function conductanceTypes(experiment: Pick<Experiment, 'synapseTypes'>): (SynapseTypeSpec & { kind: 'expConductance' })[] {
  return experiment.synapseTypes.filter((s): s is SynapseTypeSpec & { kind: 'expConductance' } => s.kind === 'expConductance');
}

/** `${target}-${kind}` when free, else the first free `${target}-${kind}N` (freeId). */
export function newInputId(experiment: Experiment, target: string, kind: NewInputKind): string {
  const taken = new Set(experiment.inputs.map((i) => i.id));
  const base = `${target}-${ID_STEMS[kind]}`.replace(/[^A-Za-z0-9_-]/g, '_');
  return taken.has(base) ? freeId(taken, `${base}-`) : base;
}

/**
 * A new input of `kind` into `target` (a neuron or population id): constant 10 pA; a step of 10 pA
 * from 100 ms; noise mean 0 sd 2 pA; Poisson 20 Hz at weight 1 through `synapse` (default: the first
 * exponential-conductance type). A Poisson input without such a type gets a message instead.
 */
export function newInput(
  experiment: Experiment,
  target: string,
  kind: NewInputKind,
  synapse?: string,
): { ok: true; value: InputSpec } | { ok: false; message: string } {
  const id = newInputId(experiment, target, kind);
  switch (kind) {
    case 'constant':
      return { ok: true, value: { id, kind, target, amplitude: 10 } };
    case 'pulse':
      return { ok: true, value: { id, kind, target, start: 100, amplitude: 10 } };
    case 'noise':
      return { ok: true, value: { id, kind, target, mean: 0, sd: 2 } };
    case 'sine':
      return { ok: true, value: { id, kind, target, start: 0, amplitude: 10, period: 100, phase: 0 } };
    case 'poisson': {
      const types = conductanceTypes(experiment);
      const type = synapse === undefined ? types[0] : types.find((t) => t.id === synapse);
      if (!type) {
        return {
          ok: false,
          message: synapse === undefined
            ? 'A Poisson input needs an exponential-conductance synapse type: create one in the Synapse panel first.'
            : `"${synapse}" is not an exponential-conductance synapse type.`,
        };
      }
      return { ok: true, value: { id, kind, target, rate: 20, synapse: type.id, weight: 1 } };
    }
  }
}
