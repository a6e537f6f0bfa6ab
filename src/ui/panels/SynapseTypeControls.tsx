import { PAPER_STEP_MS } from '../../core/engine/network.ts';
import { replaceSynapseType } from '../../core/experiment/structure.ts';
import type { SynapseTypeSpec } from '../../core/experiment/types.ts';
import { ParameterSlider } from '../components/ParameterSlider.tsx';
import { useLabStore } from '../store.ts';
import { PlasticityControls } from './PlasticityControls.tsx';

export const SYNAPSE_KIND_NAMES: Record<SynapseTypeSpec['kind'], string> = {
  expConductance: 'exponential conductance, I = g (E_rev \u2212 v)',
  expTwoConductance: 'double-exponential conductance, I = g (E_rev \u2212 v), g = gbase (B \u2212 A)',
  alphaConductance: 'alpha conductance, I = g (E_rev \u2212 v), g = gbase w (t/tau) e^(1 \u2212 t/tau)',
  writeup: "write-up variant, I = \u00b1g |v_pre \u2212 v_post|",
  current: 'current pulse, I = w for the pulse',
};

/**
 * A current synapse's pulse changes how long spikes stay in the Worker's ring, so it is a structural
 * change (the run continues on the rebuilt network), not a live edit.
 */
function setPulse(type: SynapseTypeSpec & { kind: 'current' }, pulse: number): string | null {
  const s = useLabStore.getState();
  return s.change(replaceSynapseType(s.experiment, type.id, { ...type, pulse }), `pulse of ${type.id}`, { coalesce: `pulse:${type.id}` });
}

/** A current synapse's one parameter: how long each arriving spike's weight acts. */
function PulseSlider({ type, testId }: { type: SynapseTypeSpec & { kind: 'current' }; testId: string }) {
  const dt = useLabStore((s) => s.experiment.simulation.dt);
  return (
    <>
      <ParameterSlider
        label="pulse"
        unit="ms"
        description="How long each arriving spike's weight (pA) acts as a current; 1 ms is the 2003 paper's step"
        min={dt}
        max={10}
        step={dt}
        value={type.pulse ?? PAPER_STEP_MS}
        testId={`${testId}-pulse`}
        onChange={(value) => setPulse(type, value)}
      />
      <p className="muted note">The weight is the current (pA) a spike adds for the pulse: it delivers weight {'\u00d7'} pulse at any step.</p>
    </>
  );
}

/** A synapse type's own parameters as live sliders (gbase, tau, E_rev), and its STDP where it can have one. */
export function SynapseTypeSliders({ type, testId }: { type: SynapseTypeSpec; testId: string }) {
  return (
    <>
      <OwnSliders type={type} testId={testId} />
      {type.kind === 'expConductance' || type.kind === 'current' ? <PlasticityControls key={type.id} type={type} testId={testId} /> : null}
    </>
  );
}

/** The parameters of the synapse itself, shared by everything of that type. */
function OwnSliders({ type, testId }: { type: SynapseTypeSpec; testId: string }) {
  const edit = useLabStore((s) => s.edit);
  if (type.kind === 'current') return <PulseSlider type={type} testId={testId} />;
  return (
    <>
      <ParameterSlider
        label="gbase"
        unit="nS"
        description="Conductance added per spike at weight 1"
        min={0}
        max={5}
        step={0.01}
        value={type.gbase}
        testId={`${testId}-gbase`}
        onChange={(value) => edit({ kind: 'synapseType', synapse: type.id, param: 'gbase', value })}
      />
      {type.kind === 'expTwoConductance' ? (
        <>
          <ParameterSlider
            label="tauRise"
            unit="ms"
            description="Rise time constant of the conductance (shorter than tauDecay)"
            min={0.05}
            max={20}
            step={0.05}
            value={type.tauRise}
            testId={`${testId}-tauRise`}
            onChange={(value) => edit({ kind: 'synapseType', synapse: type.id, param: 'tauRise', value })}
          />
          <ParameterSlider
            label="tauDecay"
            unit="ms"
            description="Decay time constant of the conductance (longer than tauRise)"
            min={0.5}
            max={100}
            step={0.5}
            value={type.tauDecay}
            testId={`${testId}-tauDecay`}
            onChange={(value) => edit({ kind: 'synapseType', synapse: type.id, param: 'tauDecay', value })}
          />
        </>
      ) : (
        <ParameterSlider
          label="tau"
          unit="ms"
          description={type.kind === 'alphaConductance' ? 'Time to the peak of the conductance (and its decay time constant)' : 'Decay time constant of the conductance'}
          min={0.5}
          max={100}
          step={0.5}
          value={type.tau}
          testId={`${testId}-tau`}
          onChange={(value) => edit({ kind: 'synapseType', synapse: type.id, param: 'tau', value })}
        />
      )}
      {type.kind !== 'writeup' ? (
        <ParameterSlider
          label="erev"
          unit="mV"
          description="Reversal potential (0 mV excitatory, -80 mV inhibitory)"
          min={-100}
          max={20}
          step={1}
          value={type.erev}
          testId={`${testId}-erev`}
          onChange={(value) => edit({ kind: 'synapseType', synapse: type.id, param: 'erev', value })}
        />
      ) : (
        <p className="muted note">Effect: {type.effect}.</p>
      )}
    </>
  );
}
