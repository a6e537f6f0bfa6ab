import { checkBudget } from './budget.ts';
import { plasticityOf, type Experiment, type InputSpec, type TraceVariable } from './types.ts';
import { validateElement, validateExperiment, type ExperimentElement } from './validate.ts';

/**
 * A change the user makes while a simulation runs. The same edit is applied to the page's copy of
 * the experiment (applyEdit, below) and to the running simulation in the Worker (Simulation.applyEdit),
 * so the two never drift apart and the network keeps its state.
 */
export type LiveEdit =
  | { kind: 'neuron'; neuron: string; param: NeuronParam; value: number }
  | { kind: 'synapseType'; synapse: string; param: SynapseParam; value: number }
  | { kind: 'connection'; index: number; param: ConnectionParam; value: number }
  | { kind: 'input'; input: string; param: InputParam; value: number }
  /** A number of a plastic synapse type's STDP rule (its pairing and update are changes of the experiment). */
  | { kind: 'plasticity'; synapse: string; param: PlasticityParam; value: number };

export type NeuronParam = 'a' | 'b' | 'c' | 'd';
export type SynapseParam = 'gbase' | 'tau' | 'tauRise' | 'tauDecay' | 'erev';
export type ConnectionParam = 'weight' | 'delay';
export type PlasticityParam = 'aPlus' | 'aMinus' | 'tauPlus' | 'tauMinus' | 'wMax';
export const PLASTICITY_PARAMS: readonly PlasticityParam[] = ['aPlus', 'aMinus', 'tauPlus', 'tauMinus', 'wMax'];
export type InputParam = 'amplitude' | 'start' | 'duration' | 'period' | 'phase' | 'mean' | 'sd' | 'hold' | 'rate' | 'weight';

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
      return ['rate', 'weight', 'start', 'duration'];
    case 'sine':
      return ['amplitude', 'period', 'phase', 'start', 'duration'];
    case 'recorded':
    case 'spikeSource':
      return [];
  }
}

/**
 * Why `edit` cannot be applied to `experiment`, or null when it can. The edited element is held to the
 * file validator's rules (validateElement) and the edited experiment to the budget (a longer delay
 * lengthens the spike queue), so an edit can never make a document the loader refuses.
 */
export function checkEdit(experiment: Experiment, edit: LiveEdit): string | null {
  const edited = editedElement(experiment, edit);
  if (typeof edited === 'string') return edited;
  const errors = validateElement(experiment, edited, edit.param);
  if (errors.length > 0) return errors.join('; ');
  if (edit.kind === 'plasticity' && edit.param === 'wMax') {
    // A lower wMax must still hold every weight of the type's connections and projections: the whole file's rule.
    const whole = validateExperiment(withEdit(experiment, edit));
    if (!whole.ok) return whole.errors.slice(0, 3).join('; ');
  }
  const overBudget = checkBudget(withEdit(experiment, edit));
  return overBudget.length === 0 ? null : overBudget.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
}

/** The element `edit` changes, as the edit leaves it, or why there is none to change. */
function editedElement(experiment: Experiment, edit: LiveEdit): ExperimentElement | string {
  switch (edit.kind) {
    case 'neuron': {
      const neuron = experiment.neurons.find((n) => n.id === edit.neuron);
      if (!neuron) return `no neuron "${edit.neuron}"`;
      return { kind: 'neuron', value: { ...neuron, [edit.param]: edit.value } };
    }
    case 'synapseType': {
      const syn = experiment.synapseTypes.find((s) => s.id === edit.synapse);
      if (!syn) return `no synapse type "${edit.synapse}"`;
      if (syn.kind === 'current') return `synapse type "${syn.id}" is an instantaneous current synapse: it has no ${edit.param}`;
      if (edit.param === 'erev' && syn.kind === 'writeup') return `synapse type "${syn.id}" has no reversal potential`;
      const own = syn.kind === 'expTwoConductance' ? ['tauRise', 'tauDecay'] : ['tau'];
      if (edit.param !== 'gbase' && edit.param !== 'erev' && !own.includes(edit.param)) return `synapse type "${syn.id}" (${syn.kind}) has no ${edit.param}`;
      return { kind: 'synapseType', value: { ...syn, [edit.param]: edit.value } };
    }
    case 'connection': {
      const connection = experiment.connections[edit.index];
      if (!connection) return `no connection #${edit.index}`;
      return { kind: 'connection', value: { ...connection, [edit.param]: edit.value } };
    }
    case 'plasticity': {
      const syn = experiment.synapseTypes.find((s) => s.id === edit.synapse);
      if (!syn) return `no synapse type "${edit.synapse}"`;
      const rule = plasticityOf(syn);
      if (!rule) return `synapse type "${syn.id}" has no plasticity: turn STDP on first`;
      return { kind: 'synapseType', value: { ...syn, plasticity: { ...rule, [edit.param]: edit.value } } };
    }
    case 'input': {
      const input = experiment.inputs.find((i) => i.id === edit.input);
      if (!input) return `no input "${edit.input}"`;
      if (!editableInputParams(input).includes(edit.param)) return `input "${input.id}" (${input.kind}) has no ${edit.param}`;
      return { kind: 'input', value: { ...input, [edit.param]: edit.value } };
    }
  }
}

/** A copy of `experiment` with `edit` applied; throws with checkEdit's message when it cannot be. */
export function applyEdit(experiment: Experiment, edit: LiveEdit): Experiment {
  const problem = checkEdit(experiment, edit);
  if (problem) throw new Error(problem);
  return withEdit(experiment, edit);
}

/** A copy of `experiment` with `edit` applied, unchecked. */
function withEdit(experiment: Experiment, edit: LiveEdit): Experiment {
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
    case 'plasticity':
      return {
        ...experiment,
        synapseTypes: experiment.synapseTypes.map((s) => {
          const rule = plasticityOf(s);
          return s.id === edit.synapse && rule && (s.kind === 'expConductance' || s.kind === 'current') ? { ...s, plasticity: { ...rule, [edit.param]: edit.value } } : s;
        }),
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
