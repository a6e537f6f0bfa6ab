import type { Experiment, InputSpec, TraceVariable } from './types.ts';
import { weightProblem } from './validate.ts';

/**
 * A change the user makes while a simulation runs. The same edit is applied to the page's copy of
 * the experiment (applyEdit, below) and to the running simulation in the Worker (Simulation.applyEdit),
 * so the two never drift apart and the network keeps its state.
 */
export type LiveEdit =
  | { kind: 'neuron'; neuron: string; param: NeuronParam; value: number }
  | { kind: 'synapseType'; synapse: string; param: SynapseParam; value: number }
  | { kind: 'connection'; index: number; param: ConnectionParam; value: number }
  | { kind: 'input'; input: string; param: InputParam; value: number };

export type NeuronParam = 'a' | 'b' | 'c' | 'd';
export type SynapseParam = 'gbase' | 'tau' | 'erev';
export type ConnectionParam = 'weight' | 'delay';
export type InputParam = 'amplitude' | 'start' | 'duration' | 'period' | 'mean' | 'sd' | 'hold' | 'rate' | 'weight';

export const NEURON_PARAMS: readonly NeuronParam[] = ['a', 'b', 'c', 'd'];

/** Input fields that can be changed live, per input kind. */
export function editableInputParams(input: InputSpec): InputParam[] {
  switch (input.kind) {
    case 'constant':
      return ['amplitude'];
    case 'pulse':
      return ['amplitude', 'start', 'duration', 'period'];
    case 'noise':
      return ['mean', 'sd', 'hold'];
    case 'poisson':
      return ['rate', 'weight'];
    case 'recorded':
      return [];
  }
}

/** Why `edit` cannot be applied to `experiment`, or null when it can. */
export function checkEdit(experiment: Experiment, edit: LiveEdit): string | null {
  if (!Number.isFinite(edit.value)) return `${edit.param}: expected a finite number, got ${String(edit.value)}`;
  switch (edit.kind) {
    case 'neuron':
      return experiment.neurons.some((n) => n.id === edit.neuron) ? null : `no neuron "${edit.neuron}"`;
    case 'synapseType': {
      const syn = experiment.synapseTypes.find((s) => s.id === edit.synapse);
      if (!syn) return `no synapse type "${edit.synapse}"`;
      if (syn.kind === 'current') return `synapse type "${syn.id}" is an instantaneous current synapse: it has no ${edit.param}`;
      if (edit.param === 'erev' && syn.kind !== 'expConductance') return `synapse type "${syn.id}" has no reversal potential`;
      if (edit.param === 'tau' && edit.value <= 0) return `tau: must be > 0 ms, got ${edit.value}`;
      if (edit.param === 'gbase' && edit.value < 0) return `gbase: must be >= 0 nS, got ${edit.value}`;
      return null;
    }
    case 'connection': {
      if (!experiment.connections[edit.index]) return `no connection #${edit.index}`;
      const synapse = experiment.synapseTypes.find((s) => s.id === experiment.connections[edit.index].synapse);
      const weight = edit.param === 'weight' && synapse ? weightProblem(synapse.kind, edit.value) : null;
      if (weight) return `weight: ${weight}`;
      if (edit.param === 'delay' && edit.value < experiment.simulation.dt) {
        return `delay: must be at least one step (${experiment.simulation.dt} ms), got ${edit.value}`;
      }
      return null;
    }
    case 'input': {
      const input = experiment.inputs.find((i) => i.id === edit.input);
      if (!input) return `no input "${edit.input}"`;
      if (!editableInputParams(input).includes(edit.param)) return `input "${input.id}" (${input.kind}) has no ${edit.param}`;
      if ((edit.param === 'sd' || edit.param === 'rate' || edit.param === 'start') && edit.value < 0) {
        return `${edit.param}: must be >= 0, got ${edit.value}`;
      }
      // Only a Poisson input has a weight, and it always acts through an expConductance synapse.
      const weight = edit.param === 'weight' ? weightProblem('expConductance', edit.value) : null;
      if (weight) return `weight: ${weight}`;
      if ((edit.param === 'duration' || edit.param === 'period') && edit.value <= 0) {
        return `${edit.param}: must be > 0 ms, got ${edit.value}`;
      }
      return null;
    }
  }
}

/** A copy of `experiment` with `edit` applied; throws with checkEdit's message when it cannot be. */
export function applyEdit(experiment: Experiment, edit: LiveEdit): Experiment {
  const problem = checkEdit(experiment, edit);
  if (problem) throw new Error(problem);
  switch (edit.kind) {
    case 'neuron':
      return {
        ...experiment,
        neurons: experiment.neurons.map((n) => (n.id === edit.neuron ? { ...n, [edit.param]: edit.value } : n)),
      };
    case 'synapseType':
      return {
        ...experiment,
        synapseTypes: experiment.synapseTypes.map((s) => (s.id === edit.synapse ? { ...s, [edit.param]: edit.value } : s)),
      };
    case 'connection':
      return {
        ...experiment,
        connections: experiment.connections.map((c, i) => (i === edit.index ? { ...c, [edit.param]: edit.value } : c)),
      };
    case 'input':
      return {
        ...experiment,
        inputs: experiment.inputs.map((i) => (i.id === edit.input ? { ...i, [edit.param]: edit.value } : i)),
      };
  }
}

/** Which traces to record: neuron references and variables. */
export interface WatchSelection {
  neurons: string[];
  variables: TraceVariable[];
}
