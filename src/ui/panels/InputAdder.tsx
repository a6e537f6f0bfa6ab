import { useId, useMemo, useState } from 'react';
import { addInput } from '../../core/experiment/structure.ts';
import { useLabStore } from '../store.ts';
import { conductanceTypes, newInput, NEW_INPUT_KINDS, NEW_INPUT_DEFAULTS, NEW_INPUT_KIND_NAMES, type NewInputKind } from './inputDefaults.ts';

/**
 * "Add input": a kind (constant, step / pulse train, noise, Poisson through an exponential-conductance
 * synapse type) and a button that adds it to `target` (a neuron or population id) with defaults that
 * can then be changed with its sliders. The run continues.
 */
export function InputAdder({ target }: { target: string }) {
  const synapseTypes = useLabStore((s) => s.experiment.synapseTypes);
  const types = useMemo(() => conductanceTypes({ synapseTypes }), [synapseTypes]);
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const [kind, setKind] = useState<NewInputKind>('constant');
  const [synapse, setSynapse] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const id = useId();
  const chosenSynapse = types.some((t) => t.id === synapse) ? synapse : types[0]?.id;

  const add = (): void => {
    const s = useLabStore.getState();
    if (s.pendingExperiment) return;
    const made = newInput(s.experiment, target, kind, kind === 'poisson' ? chosenSynapse : undefined);
    if (!made.ok) {
      setMessage(made.message);
      return;
    }
    const problem = s.change(addInput(s.experiment, made.value), `add input ${made.value.id}`);
    setMessage(problem);
  };

  return (
    <div className="input-adder" role="group" aria-label={`Add an input to ${target}`}>
      <label className="field inline">
        <span>New input</span>
        <select
          id={`${id}-kind`}
          data-testid="add-input-kind"
          aria-label={`Kind of input to add to ${target}`}
          value={kind}
          onChange={(e) => {
            setKind(e.currentTarget.value as NewInputKind);
            setMessage(null);
          }}
        >
          {NEW_INPUT_KINDS.map((k) => (
            <option key={k} value={k} disabled={k === 'poisson' && types.length === 0}>
              {NEW_INPUT_KIND_NAMES[k]}
              {k === 'poisson' && types.length === 0 ? ' \u2013 needs a conductance synapse type' : ''}
            </option>
          ))}
        </select>
      </label>
      {kind === 'poisson' && types.length > 0 ? (
        <label className="field inline">
          <span>through</span>
          <select
            data-testid="add-input-synapse"
            aria-label="Synapse type of the Poisson input"
            value={chosenSynapse}
            onChange={(e) => setSynapse(e.currentTarget.value)}
          >
            {types.map((t) => (
              <option key={t.id} value={t.id}>
                {t.id}
                {t.label ? ` \u2013 ${t.label}` : ''}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <button
        type="button"
        className="btn btn-small"
        data-testid="add-input"
        title={`Adds ${NEW_INPUT_DEFAULTS[kind]} to ${target}; the run continues`}
        disabled={loading}
        onClick={add}
      >
        Add input
      </button>
      {message ? (
        <p className="form-error" role="alert" data-testid="add-input-message">
          {message}
        </p>
      ) : null}
    </div>
  );
}
