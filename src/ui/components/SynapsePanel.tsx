import type { SynapseTypeSpec } from '../../core/experiment/types.ts';
import { connectionLabel } from '../format.ts';
import { useLabStore } from '../store.ts';
import { ParameterSlider } from './ParameterSlider.tsx';

const KIND_NAMES: Record<SynapseTypeSpec['kind'], string> = {
  expConductance: 'exponential conductance, I = g (E_rev \u2212 v)',
  writeup: "write-up variant, I = \u00b1g |v_pre \u2212 v_post|",
  current: 'instantaneous current',
};

/** The synapse type's own parameters, shared by every connection of that type. */
function SynapseTypeControls({ type, sharedBy }: { type: SynapseTypeSpec; sharedBy: number }) {
  const edit = useLabStore((s) => s.edit);
  return (
    <fieldset className="input-group">
      <legend>
        Synapse type <code>{type.id}</code>
        {type.label ? <span className="muted"> {type.label}</span> : null}
      </legend>
      <p className="muted note">
        {KIND_NAMES[type.kind]}. These settings belong to the type: they change all {sharedBy}{' '}
        connection{sharedBy === 1 ? '' : 's'} of type {type.id}.
      </p>
      {type.kind === 'current' ? (
        <p className="muted">An instantaneous synapse has no conductance parameters; its weight is the current (pA) it adds for one step.</p>
      ) : (
        <>
          <ParameterSlider
            label="gbase"
            unit="nS"
            description="Conductance added per spike at weight 1"
            min={0}
            max={5}
            step={0.01}
            value={type.gbase}
            testId="syn-gbase"
            onChange={(value) => edit({ kind: 'synapseType', synapse: type.id, param: 'gbase', value })}
          />
          <ParameterSlider
            label="tau"
            unit="ms"
            description="Decay time constant of the conductance"
            min={0.5}
            max={100}
            step={0.5}
            value={type.tau}
            testId="syn-tau"
            onChange={(value) => edit({ kind: 'synapseType', synapse: type.id, param: 'tau', value })}
          />
          {type.kind === 'expConductance' ? (
            <ParameterSlider
              label="erev"
              unit="mV"
              description="Reversal potential (0 mV excitatory, -80 mV inhibitory)"
              min={-100}
              max={20}
              step={1}
              value={type.erev}
              testId="syn-erev"
              onChange={(value) => edit({ kind: 'synapseType', synapse: type.id, param: 'erev', value })}
            />
          ) : (
            <p className="muted">Effect: {type.effect}.</p>
          )}
        </>
      )}
    </fieldset>
  );
}

/** The selected connection: weight, delay and its synapse type. */
export function SynapsePanel() {
  const connections = useLabStore((s) => s.experiment.connections);
  const synapseTypes = useLabStore((s) => s.experiment.synapseTypes);
  const projections = useLabStore((s) => s.experiment.projections);
  const dt = useLabStore((s) => s.experiment.simulation.dt);
  const selected = useLabStore((s) => s.selectedConnectionIndex);
  const selectConnection = useLabStore((s) => s.selectConnection);
  const edit = useLabStore((s) => s.edit);

  if (connections.length === 0) {
    return (
      <section className="panel">
        <h2 id="synapse-panel-title">Synapse</h2>
        <p className="muted">
          No individual connections
          {projections.length > 0 ? `: this network's synapses come from ${projections.length} projection rules, drawn when it loads` : ''}.
        </p>
      </section>
    );
  }
  const index = selected !== null && connections[selected] ? selected : 0;
  const connection = connections[index];
  const type = synapseTypes.find((t) => t.id === connection.synapse);
  const sharedBy = connections.filter((c) => c.synapse === connection.synapse).length;

  return (
    <section className="panel">
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
      <ParameterSlider
        label="weight"
        description="Multiplies gbase for each spike (for an instantaneous synapse: the current in pA)"
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
    </section>
  );
}
