import { useId, useState, type SubmitEvent } from 'react';
import { addPopulation, checkNewNodeId, removeNodes, updatePopulation } from '../../core/experiment/structure.ts';
import { CELL_MODELS, type CellModel, type NeuronRole, type PopulationSpec } from '../../core/experiment/types.ts';
import { MAX_POPULATION_SIZE } from '../../core/experiment/validate.ts';
import { useLabStore } from '../store.ts';
import { pinLayout } from '../network/placement.ts';
import { DistributionField } from './DistributionField.tsx';
import type { DistKind } from './distributions.ts';
import {
  applyPreset,
  draftOfPopulation,
  draftPreset,
  fallbackOf,
  freePosition,
  newPopulationDraft,
  populationFromDraft,
  POP_PARAM_DESCRIPTIONS,
  POP_PARAM_UNITS,
  POP_PARAMS,
  POPULATION_PRESETS,
  presetsOf,
  switchModel,
  type PopulationDraft,
} from './populationForm.ts';

const KINDS: readonly DistKind[] = ['fixed', 'uniform', 'normal', 'r'];
const MODEL_NAMES: Record<CellModel, string> = { izhikevich2003: 'Izhikevich 2003', izhikevich2007: 'izhikevich2007Cell (NeuroML)' };

export type PopulationFormProps =
  | { mode: 'add'; onDone: () => void }
  | { mode: 'edit'; population: PopulationSpec };

/**
 * The form that adds a population, or edits the selected one: id, label, size, role, the cell model,
 * a cell-class preset (the 2003 figure's classes, the 2003 network's r-based excitatory / inhibitory
 * cells, the 2007 chapter's RS, IB and CH cells) and per parameter how it is drawn. Applied through the store's change() (validated, undoable; the run
 * continues). Changing the size or a distribution draws the population's parameters again.
 */
export function PopulationForm(props: PopulationFormProps) {
  const editing = props.mode === 'edit' ? props.population : null;
  const [initial] = useState<PopulationDraft>(() => (editing ? draftOfPopulation(editing) : newPopulationDraft(useLabStore.getState().experiment)));
  const [draft, setDraft] = useState<PopulationDraft>(initial);
  const [message, setMessage] = useState<string | null>(null);
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const id = useId();
  const preset = draftPreset(draft);
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);

  const update = (next: PopulationDraft): void => {
    setDraft(next);
    setMessage(null);
  };

  const submit = (e: SubmitEvent<HTMLFormElement>): void => {
    e.preventDefault();
    const s = useLabStore.getState();
    if (s.pendingExperiment) return;
    const exp = s.experiment;
    if (editing) {
      const made = populationFromDraft({ ...draft, id: editing.id }, editing);
      if (!made.ok) return setMessage(made.message);
      const problem = s.change(updatePopulation(exp, editing.id, made.value), `edit population ${editing.id}`);
      setMessage(problem);
      return;
    }
    // Nodes the diagram laid out keep their places once the new population has one.
    const pinned = pinLayout(exp);
    const made = populationFromDraft(draft, { position: freePosition(pinned, draft.id.trim()) });
    if (!made.ok) return setMessage(made.message);
    const idProblem = checkNewNodeId(exp, made.value.id);
    if (idProblem) return setMessage(idProblem);
    const problem = s.change(addPopulation(pinned, made.value), `add population ${made.value.id}`);
    if (problem) return setMessage(problem);
    s.selectPopulation(made.value.id);
    if (props.mode === 'add') props.onDone();
  };

  const remove = (): void => {
    if (!editing) return;
    const s = useLabStore.getState();
    if (s.pendingExperiment) return;
    const problem = s.change(removeNodes(s.experiment, [editing.id]), `remove population ${editing.id}`);
    setMessage(problem);
  };

  return (
    <form className="editor-form" onSubmit={submit} aria-labelledby={`${id}-title`} data-testid={editing ? 'population-form-edit' : 'population-form-add'} noValidate>
      <h3 id={`${id}-title`}>{editing ? `Population ${editing.id}` : 'New population'}</h3>
      <div className="form-grid">
        {editing ? null : (
          <label className="field">
            <span>Id</span>
            <input type="text" data-testid="pop-id" value={draft.id} autoComplete="off" spellCheck={false} onChange={(e) => update({ ...draft, id: e.currentTarget.value })} />
          </label>
        )}
        <label className="field">
          <span>Label</span>
          <input type="text" data-testid="pop-label" value={draft.label} placeholder="optional" autoComplete="off" onChange={(e) => update({ ...draft, label: e.currentTarget.value })} />
        </label>
        <label className="field">
          <span>Size N (1 to {MAX_POPULATION_SIZE.toLocaleString('en-US')})</span>
          <input type="text" inputMode="numeric" data-testid="pop-size" value={draft.size} autoComplete="off" onChange={(e) => update({ ...draft, size: e.currentTarget.value })} />
        </label>
        <label className="field">
          <span>Role</span>
          <select data-testid="pop-role" value={draft.role} onChange={(e) => update({ ...draft, role: e.currentTarget.value as NeuronRole })}>
            <option value="excitatory">excitatory</option>
            <option value="inhibitory">inhibitory</option>
          </select>
        </label>
      </div>
      <label className="field">
        <span>Cell model</span>
        <select data-testid="pop-model" value={draft.model} onChange={(e) => {
          const model = CELL_MODELS.find((m) => m === e.currentTarget.value);
          if (model) update(switchModel(draft, model));
        }}>
          {CELL_MODELS.map((m) => (
            <option key={m} value={m}>
              {MODEL_NAMES[m]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Cell class</span>
        <select
          data-testid="pop-preset"
          value={preset?.name ?? 'custom'}
          onChange={(e) => {
            const chosen = POPULATION_PRESETS.find((p) => p.name === e.currentTarget.value);
            if (chosen) update(applyPreset(draft, chosen));
          }}
        >
          {preset ? null : (
            <option value="custom" disabled>
              custom
            </option>
          )}
          {presetsOf(draft.model).map((p) => (
            <option key={p.name} value={p.name}>
              {p.title}
            </option>
          ))}
        </select>
      </label>
      <p className="muted note">Per parameter: a fixed value, a uniform range, a normal, or the 2003 formula base + scale {'\u00b7'} r^power with one r ~ U[0, 1) per neuron.</p>
      <div className="dist-list">
        {POP_PARAMS[draft.model].map((k) => (
          <DistributionField
            key={k}
            name={k}
            unit={POP_PARAM_UNITS[draft.model][k]}
            description={POP_PARAM_DESCRIPTIONS[draft.model][k]}
            draft={draft.params[k]}
            kinds={KINDS}
            fallback={fallbackOf(draft.model, k)}
            testId={`pop-${k}`}
            onChange={(d) => update({ ...draft, params: { ...draft.params, [k]: d } })}
          />
        ))}
      </div>
      {editing ? (
        <p className="muted note" id={`${id}-redraw`}>
          Changing the size or the distributions redraws this population; the run continues.
        </p>
      ) : null}
      {message ? (
        <p className="form-error" role="alert" data-testid="pop-error">
          {message}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-small btn-primary" data-testid="pop-submit" disabled={loading || (editing !== null && !dirty)}>
          {editing ? 'Apply changes' : 'Add population'}
        </button>
        {editing ? (
          <>
            <button type="button" className="btn btn-small" data-testid="pop-revert" disabled={!dirty} onClick={() => update(initial)}>
              Revert
            </button>
            <button
              type="button"
              className="btn btn-small btn-danger"
              data-testid="remove-population"
              aria-label={`Remove population ${editing.id}`}
              title="Remove this population and everything connected to it"
              disabled={loading}
              onClick={remove}
            >
              Remove
            </button>
          </>
        ) : (
          <button type="button" className="btn btn-small" data-testid="pop-cancel" onClick={() => props.mode === 'add' && props.onDone()}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
