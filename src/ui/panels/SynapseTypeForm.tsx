import { useId, useState, type SubmitEvent } from 'react';
import { addSynapseType } from '../../core/experiment/structure.ts';
import type { NeuronRole, SynapseKind } from '../../core/experiment/types.ts';
import { useLabStore } from '../store.ts';
import { newSynapseTypeDraft, SYNAPSE_KIND_OPTIONS, SYNAPSE_KINDS, synapseTypeFromDraft, type SynapseTypeDraft } from './synapseTypeForm.ts';

/** Creates a synapse type (exponential conductance, write-up variant or current pulse). */
export function SynapseTypeForm({ onDone }: { onDone: () => void }) {
  const [draft, setDraft] = useState<SynapseTypeDraft>(() => newSynapseTypeDraft(useLabStore.getState().experiment));
  const [message, setMessage] = useState<string | null>(null);
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const id = useId();
  const update = (patch: Partial<SynapseTypeDraft>): void => {
    setDraft((d) => ({ ...d, ...patch }));
    setMessage(null);
  };

  const submit = (e: SubmitEvent<HTMLFormElement>): void => {
    e.preventDefault();
    const s = useLabStore.getState();
    if (s.pendingExperiment) return;
    const made = synapseTypeFromDraft(draft);
    if (!made.ok) return setMessage(made.message);
    if (s.experiment.synapseTypes.some((t) => t.id === made.value.id)) return setMessage(`the id "${made.value.id}" is already taken`);
    const problem = s.change(addSynapseType(s.experiment, made.value), `add synapse type ${made.value.id}`);
    if (problem) return setMessage(problem);
    onDone();
  };

  const conductance = draft.kind !== 'current';
  return (
    <form className="editor-form" onSubmit={submit} aria-labelledby={`${id}-title`} data-testid="synapse-type-form" noValidate>
      <h3 id={`${id}-title`}>New synapse type</h3>
      <div className="form-grid">
        <label className="field">
          <span>Id</span>
          <input type="text" data-testid="syntype-id" value={draft.id} autoComplete="off" spellCheck={false} onChange={(e) => update({ id: e.currentTarget.value })} />
        </label>
        <label className="field">
          <span>Label</span>
          <input type="text" data-testid="syntype-label" value={draft.label} placeholder="optional" autoComplete="off" onChange={(e) => update({ label: e.currentTarget.value })} />
        </label>
      </div>
      <label className="field">
        <span>Kind</span>
        <select data-testid="syntype-kind" value={draft.kind} onChange={(e) => update({ kind: e.currentTarget.value as SynapseKind })}>
          {SYNAPSE_KINDS.map((k) => (
            <option key={k} value={k}>
              {SYNAPSE_KIND_OPTIONS[k]}
            </option>
          ))}
        </select>
      </label>
      {conductance ? (
        <div className="form-grid">
          <label className="field">
            <span>gbase (nS)</span>
            <input type="text" inputMode="decimal" data-testid="syntype-gbase" value={draft.gbase} autoComplete="off" onChange={(e) => update({ gbase: e.currentTarget.value })} />
          </label>
          {draft.kind === 'expTwoConductance' ? (
            <>
              <label className="field">
                <span>tauRise (ms)</span>
                <input type="text" inputMode="decimal" data-testid="syntype-tauRise" value={draft.tauRise} autoComplete="off" onChange={(e) => update({ tauRise: e.currentTarget.value })} />
              </label>
              <label className="field">
                <span>tauDecay (ms)</span>
                <input type="text" inputMode="decimal" data-testid="syntype-tauDecay" value={draft.tauDecay} autoComplete="off" onChange={(e) => update({ tauDecay: e.currentTarget.value })} />
              </label>
            </>
          ) : (
            <label className="field">
              <span>tau (ms)</span>
              <input type="text" inputMode="decimal" data-testid="syntype-tau" value={draft.tau} autoComplete="off" onChange={(e) => update({ tau: e.currentTarget.value })} />
            </label>
          )}
          {draft.kind !== 'writeup' ? (
            <label className="field">
              <span>E_rev (mV)</span>
              <input type="text" inputMode="decimal" data-testid="syntype-erev" value={draft.erev} autoComplete="off" onChange={(e) => update({ erev: e.currentTarget.value })} />
            </label>
          ) : (
            <label className="field">
              <span>Effect</span>
              <select data-testid="syntype-effect" value={draft.effect} onChange={(e) => update({ effect: e.currentTarget.value as NeuronRole })}>
                <option value="excitatory">excitatory (+)</option>
                <option value="inhibitory">inhibitory ({'\u2212'})</option>
              </select>
            </label>
          )}
        </div>
      ) : (
        <p className="muted note">A current synapse adds its weight (pA) to the target{'\u2019'}s current for 1 ms from the step in which a spike arrives (its pulse, which you can change once it exists).</p>
      )}
      {draft.kind !== 'writeup' && conductance ? <p className="muted note">E_rev 0 mV excites; {'\u2212'}80 mV inhibits.{draft.kind === 'expConductance' ? null : ' One spike at weight 1 peaks at gbase.'}</p> : null}
      {message ? (
        <p className="form-error" role="alert" data-testid="syntype-error">
          {message}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-small btn-primary" data-testid="syntype-submit" disabled={loading}>
          Create type
        </button>
        <button type="button" className="btn btn-small" data-testid="syntype-cancel" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
