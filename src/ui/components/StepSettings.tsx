import { INTEGRATION_SCHEMES, type IntegrationScheme } from '../../core/experiment/types.ts';
import { stepChoices, stepLabel } from './stepChoices.ts';
import { useLabStore } from '../store.ts';

const SCHEME_LABELS: Record<IntegrationScheme, string> = {
  izhikevich2003: '2003 half-steps',
  euler: '2004 Euler',
};

/**
 * The integration step and scheme of the experiment. Both are part of the experiment, and changing
 * either recompiles it, so the run restarts from t = 0 (said next to the controls).
 */
export function StepSettings() {
  const simulation = useLabStore((s) => s.experiment.simulation);
  const experiment = useLabStore((s) => s.experiment);
  const commit = useLabStore((s) => s.change);
  const showError = useLabStore((s) => s.showError);
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const change = (patch: Partial<typeof simulation>) => {
    const label = patch.dt !== undefined ? `step ${patch.dt} ms` : `scheme ${patch.scheme ?? ''}`;
    const problem = commit({ ...experiment, simulation: { ...simulation, ...patch } }, label, { restart: true });
    if (problem) showError('edit', problem);
  };
  return (
    <div
      className="step-settings"
      title={
        'Changing the step or the scheme restarts the run. 2003: v in two half-steps of dt/2, then u (the ' +
        '2003 network script, stable at 1 ms). 2004: forward Euler for v, then u from the new v (the 2004 ' +
        'figure script, for 0.1-0.5 ms).'
      }
    >
      <label className="speed">
        <span>Step</span>
        <select
          data-testid="dt"
          aria-label="Integration step (restarts the run)"
          value={String(simulation.dt)}
          disabled={loading}
          onChange={(e) => change({ dt: Number(e.currentTarget.value) })}
        >
          {stepChoices(simulation.dt).map((dt) => (
            <option key={dt} value={String(dt)}>
              {stepLabel(dt)}
            </option>
          ))}
        </select>
      </label>
      <label className="speed">
        <span>Scheme</span>
        <select
          data-testid="scheme"
          aria-label="Integration scheme (restarts the run)"
          value={simulation.scheme}
          disabled={loading}
          onChange={(e) => {
            const scheme = INTEGRATION_SCHEMES.find((s) => s === e.currentTarget.value);
            if (scheme) change({ scheme });
          }}
        >
          {INTEGRATION_SCHEMES.map((scheme) => (
            <option key={scheme} value={scheme}>
              {SCHEME_LABELS[scheme]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
