import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { removeSynapseType } from '../../core/experiment/structure.ts';
import type { SynapseTypeSpec } from '../../core/experiment/types.ts';
import { useLabStore } from '../store.ts';
import { SynapseTypeForm } from './SynapseTypeForm.tsx';
import { SynapseTypeSliders } from './SynapseTypeControls.tsx';
import { describeUse, synapseTypeUse } from './synapseTypeForm.ts';

function kindSummary(t: SynapseTypeSpec): string {
  switch (t.kind) {
    case 'expConductance':
      return `conductance, E_rev ${t.erev} mV${t.plasticity ? ', STDP' : ''}`;
    case 'expTwoConductance':
      return `double-exponential conductance, E_rev ${t.erev} mV`;
    case 'alphaConductance':
      return `alpha conductance, E_rev ${t.erev} mV`;
    case 'writeup':
      return `write-up, ${t.effect}`;
    case 'current':
      return `current pulse${t.plasticity ? ', STDP' : ''}`;
  }
}

/**
 * Every synapse type: what it is, what uses it, its sliders on demand, and Delete when nothing uses it;
 * then "New synapse type".
 */
export function SynapseTypesList() {
  const synapseTypes = useLabStore((s) => s.experiment.synapseTypes);
  // What uses each type, as text: compared item by item, so an edit that changes no use (a slider drag) does not re-render the list.
  const uses = useLabStore(useShallow((s) => s.experiment.synapseTypes.map((t) => describeUse(synapseTypeUse(s.experiment, t.id)))));
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const [open, setOpen] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const remove = (id: string): void => {
    const s = useLabStore.getState();
    if (s.pendingExperiment) return;
    setMessage(s.change(removeSynapseType(s.experiment, id), `delete synapse type ${id}`));
  };

  return (
    <div className="synapse-types">
      <h3 id="synapse-types-title">Synapse types</h3>
      {synapseTypes.length === 0 ? <p className="muted note">None yet.</p> : null}
      <ul className="item-list" aria-labelledby="synapse-types-title">
        {synapseTypes.map((t, k) => {
          const use = uses[k];
          const expanded = open === t.id;
          return (
            <li key={t.id} className="type-row" data-testid={`syntype-item-${t.id}`}>
              <div className="type-line">
                <span className="item-name">
                  <code>{t.id}</code>
                </span>
                <span className="muted item-detail">
                  {kindSummary(t)} {'\u00b7'} {use ?? 'unused'}
                </span>
                <button
                  type="button"
                  className="btn btn-small btn-quiet"
                  aria-expanded={expanded}
                  aria-label={`Edit synapse type ${t.id}`}
                  data-testid={`edit-synapse-type-${t.id}`}
                  onClick={() => setOpen(expanded ? null : t.id)}
                >
                  {expanded ? 'Done' : 'Edit'}
                </button>
                <button
                  type="button"
                  className="btn btn-small btn-quiet"
                  aria-label={`Delete synapse type ${t.id}`}
                  title={use ? `Cannot delete: ${use}` : 'Delete this unused type'}
                  data-testid={`remove-synapse-type-${t.id}`}
                  disabled={loading || use !== null}
                  onClick={() => remove(t.id)}
                >
                  Delete
                </button>
              </div>
              {expanded ? (
                <div className="type-sliders">
                  <SynapseTypeSliders type={t} testId={`type-${t.id}`} />
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      {message ? (
        <p className="form-error" role="alert">
          {message}
        </p>
      ) : null}
      {adding ? (
        <SynapseTypeForm onDone={() => setAdding(false)} />
      ) : (
        <button type="button" className="btn btn-small" data-testid="add-synapse-type" disabled={loading} onClick={() => setAdding(true)}>
          New synapse type
        </button>
      )}
    </div>
  );
}
