import { useId, useState, type SubmitEvent } from 'react';
import { addProjection, removeProjections, replaceProjection } from '../../core/experiment/structure.ts';
import type { ProjectionSpec } from '../../core/experiment/types.ts';
import { useLabStore } from '../store.ts';
import { DistributionField } from './DistributionField.tsx';
import type { DistKind } from './distributions.ts';
import {
  draftOfProjection,
  groupIds,
  newProjectionDraft,
  projectionFromDraft,
  projectionId,
  RULE_KINDS,
  RULE_NAMES,
  type ProjectionDraft,
  type RuleKind,
} from './projectionForm.ts';

const WEIGHT_KINDS: readonly DistKind[] = ['fixed', 'uniform', 'normal'];
const DELAY_KINDS: readonly DistKind[] = ['fixed', 'uniform'];

export type ProjectionFormProps =
  | { mode: 'add'; onDone: () => void }
  | { mode: 'edit'; projection: ProjectionSpec };

/**
 * "Connect groups": synapses from every pair a rule selects between two groups (neurons or
 * populations), with weights and delays drawn per synapse. Applied through change(); the validator's
 * message (e.g. an in-degree larger than the source group) is shown in the form.
 */
export function ProjectionForm(props: ProjectionFormProps) {
  const editing = props.mode === 'edit' ? props.projection : null;
  // The parts the form shows, not the whole experiment: an input's slider drag elsewhere does not re-render it.
  const populations = useLabStore((s) => s.experiment.populations);
  const neurons = useLabStore((s) => s.experiment.neurons);
  const synapseTypes = useLabStore((s) => s.experiment.synapseTypes);
  const dt = useLabStore((s) => s.experiment.simulation.dt);
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const selectedPopulation = useLabStore((s) => s.selectedPopulationId);
  const [initial] = useState<ProjectionDraft>(() => (editing ? draftOfProjection(editing) : newProjectionDraft(useLabStore.getState().experiment, selectedPopulation)));
  const [draft, setDraft] = useState<ProjectionDraft>(initial);
  /** Whether the user typed an id (then pre / post changes leave it alone). */
  const [idTouched, setIdTouched] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const id = useId();
  const groups = groupIds({ populations, neurons });
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);

  const update = (patch: Partial<ProjectionDraft>): void => {
    setDraft((d) => {
      const next = { ...d, ...patch };
      if (!editing && !idTouched && (patch.pre !== undefined || patch.post !== undefined)) next.id = projectionId(useLabStore.getState().experiment, next.pre, next.post);
      return next;
    });
    setMessage(null);
  };

  const labelOf = (g: string): string => {
    const pop = populations.find((p) => p.id === g);
    if (pop) return `${pop.label && pop.label !== pop.id ? `${pop.label} (${pop.id})` : pop.id} \u2013 ${pop.size} neurons`;
    const n = neurons.find((x) => x.id === g);
    return n?.label && n.label !== g ? `${n.label} (${g})` : g;
  };

  const submit = (e: SubmitEvent<HTMLFormElement>): void => {
    e.preventDefault();
    const s = useLabStore.getState();
    if (s.pendingExperiment) return;
    const made = projectionFromDraft(editing ? { ...draft, id: editing.id } : draft);
    if (!made.ok) return setMessage(made.message);
    if (editing) {
      setMessage(s.change(replaceProjection(s.experiment, editing.id, made.value), `edit projection ${editing.id}`));
      return;
    }
    if (s.experiment.projections.some((p) => p.id === made.value.id)) return setMessage(`the id "${made.value.id}" is already taken`);
    const problem = s.change(addProjection(s.experiment, made.value), `connect ${made.value.pre} \u2192 ${made.value.post}`);
    if (problem) return setMessage(problem);
    s.selectProjection(made.value.id);
    if (props.mode === 'add') props.onDone();
  };

  const remove = (): void => {
    if (!editing) return;
    const s = useLabStore.getState();
    if (s.pendingExperiment) return;
    setMessage(s.change(removeProjections(s.experiment, [editing.id]), `remove projection ${editing.id}`));
  };

  const groupOptions = (value: string) => (
    <>
      {groups.length === 0 ? <option value="">(no neurons or populations)</option> : null}
      {value !== '' && !groups.includes(value) ? <option value={value}>{value} (removed)</option> : null}
      {groups.map((g) => (
        <option key={g} value={g}>
          {labelOf(g)}
        </option>
      ))}
    </>
  );

  return (
    <form className="editor-form" onSubmit={submit} aria-labelledby={`${id}-title`} data-testid={editing ? 'projection-form-edit' : 'projection-form-add'} noValidate>
      <h3 id={`${id}-title`}>{editing ? `Projection ${editing.id}` : 'Connect groups'}</h3>
      <div className="form-grid">
        <label className="field">
          <span>From (pre)</span>
          <select data-testid="proj-pre" value={draft.pre} onChange={(e) => update({ pre: e.currentTarget.value })}>
            {groupOptions(draft.pre)}
          </select>
        </label>
        <label className="field">
          <span>To (post)</span>
          <select data-testid="proj-post" value={draft.post} onChange={(e) => update({ post: e.currentTarget.value })}>
            {groupOptions(draft.post)}
          </select>
        </label>
      </div>
      <label className="field">
        <span>Synapse type</span>
        <select data-testid="proj-synapse" value={draft.synapse} onChange={(e) => update({ synapse: e.currentTarget.value })}>
          {synapseTypes.length === 0 ? <option value="">(create a synapse type first)</option> : null}
          {synapseTypes.map((t) => (
            <option key={t.id} value={t.id}>
              {t.id} ({t.kind === 'expConductance' ? `E_rev ${t.erev} mV` : t.kind === 'writeup' ? `write-up, ${t.effect}` : 'current pulse'})
            </option>
          ))}
        </select>
      </label>
      <div className="form-grid">
        <label className="field">
          <span>Rule</span>
          <select data-testid="proj-rule" value={draft.rule} onChange={(e) => update({ rule: e.currentTarget.value as RuleKind })}>
            {RULE_KINDS.map((r) => (
              <option key={r} value={r}>
                {RULE_NAMES[r]}
              </option>
            ))}
          </select>
        </label>
        {draft.rule === 'probability' ? (
          <label className="field">
            <span>p (0 to 1)</span>
            <input type="text" inputMode="decimal" data-testid="proj-p" value={draft.p} autoComplete="off" onChange={(e) => update({ p: e.currentTarget.value })} />
          </label>
        ) : null}
        {draft.rule === 'in-degree' || draft.rule === 'out-degree' ? (
          <label className="field">
            <span>{draft.rule === 'in-degree' ? 'K sources per target' : 'K targets per source'}</span>
            <input type="text" inputMode="numeric" data-testid="proj-k" value={draft.k} autoComplete="off" onChange={(e) => update({ k: e.currentTarget.value })} />
          </label>
        ) : null}
      </div>
      {draft.pre !== '' && draft.pre === draft.post ? (
        <label className="check">
          <input type="checkbox" data-testid="proj-autapses" checked={draft.autapses} onChange={(e) => update({ autapses: e.currentTarget.checked })} />
          autapses (a neuron may connect to itself)
        </label>
      ) : null}
      <div className="dist-list">
        <DistributionField
          name="weight"
          description="Weight per synapse: multiplies gbase (for a current synapse: the current in pA; negative inhibits)"
          draft={draft.weight}
          kinds={WEIGHT_KINDS}
          fallback={1}
          testId="proj-weight"
          onChange={(weight) => update({ weight })}
        />
        <DistributionField
          name="delay"
          unit="ms"
          description={`Delay per synapse, whole steps of ${dt} ms, at least one step`}
          draft={draft.delay}
          kinds={DELAY_KINDS}
          fallback={Math.max(1, dt)}
          testId="proj-delay"
          onChange={(delay) => update({ delay })}
        />
      </div>
      {editing ? null : (
        <label className="field inline">
          <span>Id</span>
          <input
            type="text"
            data-testid="proj-id"
            value={draft.id}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => {
              setIdTouched(true);
              update({ id: e.currentTarget.value });
            }}
          />
        </label>
      )}
      <p className="muted note">Delays are rounded to whole steps and must be at least one step ({dt} ms). {editing ? 'Changing a projection draws its synapses again; the run continues.' : 'The run continues with the new synapses.'}</p>
      {message ? (
        <p className="form-error" role="alert" data-testid="proj-error">
          {message}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-small btn-primary" data-testid="proj-submit" disabled={loading || (editing !== null && !dirty)}>
          {editing ? 'Apply changes' : 'Connect'}
        </button>
        {editing ? (
          <>
            <button type="button" className="btn btn-small" data-testid="proj-revert" disabled={!dirty} onClick={() => setDraft(initial)}>
              Revert
            </button>
            <button
              type="button"
              className="btn btn-small btn-danger"
              data-testid="remove-projection"
              aria-label={`Remove projection ${editing.id}`}
              disabled={loading}
              onClick={remove}
            >
              Remove
            </button>
          </>
        ) : (
          <button type="button" className="btn btn-small" data-testid="proj-cancel" onClick={() => props.mode === 'add' && props.onDone()}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
