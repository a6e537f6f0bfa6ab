import { removeConnections, updateConnection } from '../../core/experiment/structure.ts';
import type { Experiment, SynapseTypeSpec } from '../../core/experiment/types.ts';
import { connectionLabel } from '../format.ts';
import { ProjectionsSection } from '../panels/ProjectionsSection.tsx';
import { SYNAPSE_KIND_NAMES, SynapseTypeSliders } from '../panels/SynapseTypeControls.tsx';
import { SynapseTypesList } from '../panels/SynapseTypesList.tsx';
import { useLabStore } from '../store.ts';
import { ParameterSlider } from './ParameterSlider.tsx';

/** The synapse type's own parameters, shared by every connection of that type. */
function SynapseTypeControls({ type, sharedBy }: { type: SynapseTypeSpec; sharedBy: number }) {
  return (
    <fieldset className="input-group">
      <legend>
        Synapse type <code>{type.id}</code>
        {type.label ? <span className="muted"> {type.label}</span> : null}
      </legend>
      <p className="muted note">
        {SYNAPSE_KIND_NAMES[type.kind]}. These settings belong to the type: they change all {sharedBy}{' '}
        connection{sharedBy === 1 ? '' : 's'} of type {type.id}.
      </p>
      <SynapseTypeSliders type={type} testId="syn" />
    </fieldset>
  );
}

/** Applies a structural change from this panel; a refused one goes to the error banner. */
function apply(make: (experiment: Experiment) => Experiment, label: string): void {
  const s = useLabStore.getState();
  if (s.pendingExperiment) return;
  const problem = s.change(make(s.experiment), label);
  if (problem) s.showError('edit', problem);
}

/** The selected connection: weight, delay, its synapse type (which can be switched) and Remove. */
function ConnectionSection() {
  const connections = useLabStore((s) => s.experiment.connections);
  const synapseTypes = useLabStore((s) => s.experiment.synapseTypes);
  const projections = useLabStore((s) => s.experiment.projections);
  const dt = useLabStore((s) => s.experiment.simulation.dt);
  const selected = useLabStore((s) => s.selectedConnectionIndex);
  const selectConnection = useLabStore((s) => s.selectConnection);
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const edit = useLabStore((s) => s.edit);

  if (connections.length === 0) {
    return (
      <section className="panel" aria-labelledby="synapse-panel-title" data-testid="synapse-panel">
        <h2 id="synapse-panel-title">Synapse</h2>
        <p className="muted">
          No individual connections
          {projections.length > 0 ? `: this network's synapses come from ${projections.length} projection rule${projections.length === 1 ? '' : 's'}, drawn when it loads` : ''}.
        </p>
        <SynapseTypesList />
      </section>
    );
  }
  const index = selected !== null && connections[selected] ? selected : 0;
  const connection = connections[index];
  const type = synapseTypes.find((t) => t.id === connection.synapse);
  const sharedBy = connections.filter((c) => c.synapse === connection.synapse).length;

  return (
    <section className="panel" aria-labelledby="synapse-panel-title" data-testid="synapse-panel">
      <h2 id="synapse-panel-title">Synapse</h2>
      <label className="field">
        <span>Connection</span>
        <select
          data-testid="connection-select"
          aria-label="Selected connection"
          value={String(index)}
          onChange={(e) => selectConnection(Number(e.currentTarget.value))}
        >
          {connections.map((c, i) => (
            <option key={i} value={String(i)}>
              {connectionLabel(c)}
            </option>
          ))}
        </select>
      </label>
      <div className="connection-tools">
        <label className="field inline">
          <span>Type</span>
          <select
            data-testid="connection-type"
            aria-label="Synapse type of the selected connection"
            value={connection.synapse}
            disabled={loading}
            onChange={(e) => {
              const synapse = e.currentTarget.value;
              apply((e) => updateConnection(e, index, { synapse }), `synapse type of ${connection.pre} \u2192 ${connection.post}`);
            }}
          >
            {synapseTypes.map((t) => (
              <option key={t.id} value={t.id} title={t.label}>
                {t.id}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn btn-small btn-danger"
          data-testid="remove-connection"
          aria-label={`Remove connection ${connectionLabel(connection)}`}
          title="Remove this connection (the run continues)"
          disabled={loading}
          onClick={() => apply((e) => removeConnections(e, [index]), `remove connection ${connection.pre} \u2192 ${connection.post}`)}
        >
          Remove connection
        </button>
      </div>
      <ParameterSlider
        label="weight"
        description="Multiplies gbase for each spike (for a current synapse: the current in pA)"
        min={0}
        max={5}
        step={0.05}
        value={connection.weight}
        testId="conn-weight"
        onChange={(value) => edit({ kind: 'connection', index, param: 'weight', value })}
      />
      <ParameterSlider
        label="delay"
        unit="ms"
        description={`Axonal + synaptic delay, whole steps of ${dt} ms, at least one step`}
        min={dt}
        max={50}
        step={dt}
        value={connection.delay}
        testId="conn-delay"
        onChange={(value) => edit({ kind: 'connection', index, param: 'delay', value })}
      />
      {type ? <SynapseTypeControls type={type} sharedBy={sharedBy} /> : <p className="muted">Unknown synapse type {connection.synapse}.</p>}
      <SynapseTypesList />
    </section>
  );
}

/** The sidebar's edge panels: the selected connection and the synapse types, then the projections. */
export function SynapsePanel() {
  return (
    <>
      <ConnectionSection />
      <ProjectionsSection />
    </>
  );
}
