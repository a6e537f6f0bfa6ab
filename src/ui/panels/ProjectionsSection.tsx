import { useState } from 'react';
import { useLabStore } from '../store.ts';
import { ProjectionForm } from './ProjectionForm.tsx';
import { projectionSummary } from './projectionForm.ts';

/** The sidebar's "Projections" section: the list (selecting one shows its editor) and "Connect groups". */
export function ProjectionsSection() {
  const projections = useLabStore((s) => s.experiment.projections);
  const selectedId = useLabStore((s) => s.selectedProjectionId);
  const select = useLabStore((s) => s.selectProjection);
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const [adding, setAdding] = useState(false);
  const selected = projections.find((p) => p.id === selectedId);

  return (
    <section className="panel" aria-labelledby="projections-title" data-testid="projections-panel">
      <div className="panel-title-row">
        <h2 id="projections-title">Projections</h2>
        {adding ? null : (
          <button type="button" className="btn btn-small" data-testid="add-projection" disabled={loading} onClick={() => setAdding(true)}>
            Connect groups
          </button>
        )}
      </div>
      {projections.length === 0 && !adding ? (
        <p className="muted note">None yet. A projection connects two groups by a rule (all-to-all, probability p, K inputs or K outputs per neuron).</p>
      ) : null}
      {projections.length > 0 ? (
        <ul className="item-list" aria-label="Projections">
          {projections.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className={`item${p.id === selectedId ? ' is-selected' : ''}`}
                aria-pressed={p.id === selectedId}
                data-testid={`projection-item-${p.id}`}
                onClick={() => select(p.id === selectedId ? null : p.id)}
              >
                <span className="item-name">{p.id}</span>
                <span className="muted item-detail">{projectionSummary(p)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {adding ? <ProjectionForm mode="add" onDone={() => setAdding(false)} /> : null}
      {!adding && selected ? (
        <div className="item-editor" data-testid="projection-editor">
          <ProjectionForm key={JSON.stringify(selected)} mode="edit" projection={selected} />
        </div>
      ) : null}
    </section>
  );
}
