import { useState } from 'react';
import type { PopulationSpec } from '../../core/experiment/types.ts';
import { useLabStore } from '../store.ts';
import { PopulationForm } from './PopulationForm.tsx';
import { populationSummary } from './populationForm.ts';
import { TargetInputs } from './TargetInputs.tsx';

/** What the editor shows of a population; its position is left out so dragging it does not reset the form. */
function formKey(p: PopulationSpec): string {
  const { position: _position, ...rest } = p;
  return JSON.stringify(rest);
}

/**
 * The sidebar's "Populations" section: the list (selecting one shows its editor and its inputs) and
 * "Add population".
 */
export function PopulationsSection() {
  const populations = useLabStore((s) => s.experiment.populations);
  const selectedId = useLabStore((s) => s.selectedPopulationId);
  const select = useLabStore((s) => s.selectPopulation);
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const [adding, setAdding] = useState(false);
  const selected = populations.find((p) => p.id === selectedId);

  return (
    <section className="panel" aria-labelledby="populations-title" data-testid="populations-panel">
      <div className="panel-title-row">
        <h2 id="populations-title">Populations</h2>
        {adding ? null : (
          <button type="button" className="btn btn-small" data-testid="add-population" disabled={loading} onClick={() => setAdding(true)}>
            Add population
          </button>
        )}
      </div>
      {populations.length === 0 && !adding ? (
        <p className="muted note">None yet. A population is a group of neurons whose parameters are drawn per neuron from distributions.</p>
      ) : null}
      {populations.length > 0 ? (
        <ul className="item-list" aria-label="Populations">
          {populations.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className={`item${p.id === selectedId ? ' is-selected' : ''}`}
                aria-pressed={p.id === selectedId}
                data-testid={`population-item-${p.id}`}
                onClick={() => select(p.id === selectedId ? null : p.id)}
              >
                <span className={`role-dot role-${p.role ?? 'excitatory'}`} aria-hidden="true" />
                <span className="item-name">{p.label && p.label !== p.id ? `${p.label} (${p.id})` : p.id}</span>
                <span className="muted item-detail">{populationSummary(p)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {adding ? <PopulationForm mode="add" onDone={() => setAdding(false)} /> : null}
      {!adding && selected ? (
        <div className="item-editor" data-testid="population-editor">
          <PopulationForm key={formKey(selected)} mode="edit" population={selected} />
          <TargetInputs target={selected.id} kind="population" />
        </div>
      ) : null}
    </section>
  );
}
