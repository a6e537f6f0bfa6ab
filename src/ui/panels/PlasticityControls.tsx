import { useState } from 'react';
import type { PlasticityParam } from '../../core/experiment/edits.ts';
import { replaceSynapseType } from '../../core/experiment/structure.ts';
import { STDP_PAIRINGS, STDP_UPDATES, type Experiment, type PlasticitySpec, type StdpPairing, type StdpUpdate, type SynapseTypeSpec } from '../../core/experiment/types.ts';
import { bounds } from '../../core/experiment/validate.ts';
import { ParameterSliders, type SliderRange } from '../components/ParameterSlider.tsx';
import { LearnedWeightsActions } from '../plasticity/LearnedWeightsActions.tsx';
import { useLabStore } from '../store.ts';

type PlasticKind = SynapseTypeSpec & { kind: 'expConductance' | 'current' };

const PAIRING_TITLE = 'all-to-all: every earlier spike of the partner counts; nearest: only its latest';
const UPDATE_TITLE = 'additive: steps of A+ and A\u2212 (Song, Miller & Abbott); multiplicative: depression in proportion to w / wMax (van Rossum et al.)';

/** Where the rule's sliders run; the amplitudes and wMax scale with the type's wMax (weights are in its units). */
function ruleRanges(rule: PlasticitySpec): Record<PlasticityParam, SliderRange> {
  const amplitude = Math.max(0.1, rule.wMax / 10);
  return {
    aPlus: { label: 'A+', min: 0, max: amplitude, step: amplitude / 1000, description: 'A+: potentiation per pre-before-post pair at dt = 0, in weight units' },
    aMinus: { label: 'A\u2212', min: 0, max: amplitude, step: amplitude / 1000, description: 'A\u2212: depression per post-before-pre pair at dt = 0, in weight units' },
    tauPlus: { label: '\u03c4+', min: 1, max: 100, step: 0.5, unit: 'ms', description: 'tau+: decay of the presynaptic trace (the potentiation window)' },
    tauMinus: { label: '\u03c4\u2212', min: 1, max: 100, step: 0.5, unit: 'ms', description: 'tau\u2212: decay of the postsynaptic trace (the depression window)' },
    wMax: { label: 'w_max', min: 0.01, max: Math.max(5, rule.wMax), step: 0.01, description: 'The largest weight; weights stay in [0, wMax]' },
  };
}

/** The largest weight the experiment gives synapses of `type` (connections, projections, Poisson inputs), or 1. */
function largestWeight(experiment: Experiment, type: string): number {
  const weights = [
    ...experiment.connections.filter((c) => c.synapse === type).map((c) => c.weight),
    ...experiment.projections.filter((p) => p.synapse === type).map((p) => Math.max(bounds(p.weight).max, ...(p.weights ?? []))),
    ...experiment.inputs.flatMap((i) => (i.kind === 'poisson' && i.synapse === type ? [i.weight] : [])),
  ].filter(Number.isFinite);
  return Math.max(1, ...weights);
}

/** Song, Miller & Abbott's rule for a new plastic type: additive, A+ 1% of wMax, A- / A+ 1.2, 20 ms windows. */
function defaultRule(experiment: Experiment, type: string): PlasticitySpec {
  const wMax = largestWeight(experiment, type);
  return { rule: 'stdp', pairing: 'all-to-all', update: 'additive', aPlus: 0.01 * wMax, aMinus: 0.012 * wMax, tauPlus: 20, tauMinus: 20, wMax };
}

function withRule(type: PlasticKind, rule: PlasticitySpec | undefined): SynapseTypeSpec {
  const { plasticity: _, ...plain } = type;
  return rule ? { ...plain, plasticity: rule } : plain;
}

/**
 * A conductance or current synapse type's STDP: on or off, pairing and update (changes of the
 * experiment: the network is rebuilt, its learned weights kept), and the rule's numbers as live sliders.
 */
export function PlasticityControls({ type, testId }: { type: PlasticKind; testId: string }) {
  const edit = useLabStore((s) => s.edit);
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const [message, setMessage] = useState<string | null>(null);
  const rule = type.plasticity;
  const change = (next: PlasticitySpec | undefined, label: string): void => {
    const s = useLabStore.getState();
    if (s.pendingExperiment) return;
    setMessage(s.change(replaceSynapseType(s.experiment, type.id, withRule(type, next)), label));
  };
  return (
    <fieldset className="input-group plasticity-controls" data-testid={`${testId}-stdp`}>
      <legend>Plasticity</legend>
      <label className="check" title="Pair-based spike-timing-dependent plasticity of every synapse of this type">
        <input
          type="checkbox"
          checked={rule !== undefined}
          disabled={loading}
          data-testid={`${testId}-stdp-on`}
          onChange={(e) => change(e.currentTarget.checked ? defaultRule(useLabStore.getState().experiment, type.id) : undefined, `${e.currentTarget.checked ? 'STDP on' : 'STDP off'} for ${type.id}`)}
        />
        STDP
      </label>
      {rule ? (
        <>
          <div className="form-grid">
            <label className="field" title={PAIRING_TITLE}>
              <span>Pairing</span>
              <select value={rule.pairing} disabled={loading} data-testid={`${testId}-stdp-pairing`} onChange={(e) => change({ ...rule, pairing: e.currentTarget.value as StdpPairing }, `STDP pairing of ${type.id}`)}>
                {STDP_PAIRINGS.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
            <label className="field" title={UPDATE_TITLE}>
              <span>Update</span>
              <select value={rule.update} disabled={loading} data-testid={`${testId}-stdp-update`} onChange={(e) => change({ ...rule, update: e.currentTarget.value as StdpUpdate }, `STDP update of ${type.id}`)}>
                {STDP_UPDATES.map((u) => (
                  <option key={u} value={u}>
                    {u}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <ParameterSliders ranges={ruleRanges(rule)} values={rule} keyPrefix={`${testId}-${type.id}`} onChange={(param, value) => edit({ kind: 'plasticity', synapse: type.id, param, value })} />
          <LearnedWeightsActions />
        </>
      ) : null}
      {message ? (
        <p className="form-error" role="alert" data-testid={`${testId}-stdp-error`}>
          {message}
        </p>
      ) : null}
    </fieldset>
  );
}
