import type { SynapseTypeSpec } from '../../core/experiment/types.ts';
import { ParameterSlider } from '../components/ParameterSlider.tsx';
import { useLabStore } from '../store.ts';

export const SYNAPSE_KIND_NAMES: Record<SynapseTypeSpec['kind'], string> = {
  expConductance: 'exponential conductance, I = g (E_rev \u2212 v)',
  writeup: "write-up variant, I = \u00b1g |v_pre \u2212 v_post|",
  current: 'instantaneous current',
};

/** A synapse type's own parameters as live sliders (gbase, tau, E_rev), shared by everything of that type. */
export function SynapseTypeSliders({ type, testId }: { type: SynapseTypeSpec; testId: string }) {
  const edit = useLabStore((s) => s.edit);
  if (type.kind === 'current') {
    return <p className="muted note">An instantaneous synapse has no conductance parameters; its weight is the current (pA) it adds for one step.</p>;
  }
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
      <ParameterSlider
        label="tau"
        unit="ms"
        description="Decay time constant of the conductance"
        min={0.5}
        max={100}
        step={0.5}
        value={type.tau}
        testId={`${testId}-tau`}
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
          testId={`${testId}-erev`}
          onChange={(value) => edit({ kind: 'synapseType', synapse: type.id, param: 'erev', value })}
        />
      ) : (
        <p className="muted note">Effect: {type.effect}.</p>
      )}
    </>
  );
}
