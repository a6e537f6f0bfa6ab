import { useEffect, useId, useState } from 'react';
import { INTEGRATION_SCHEMES, type IntegrationScheme } from '../../core/experiment/types.ts';
import { SCHEME_LABELS, restartNotice, stepChoices, stepLabel } from './stepChoices.ts';
import { useLabStore } from '../store.ts';
import './stepSettings.css';

/**
 * The line under the transport controls saying that a change of step or scheme restarted the run:
 * shown (and read out, a polite live region) until the run plays again or the person closes it.
 */
function RestartNoticeLine({ id, notice, onClose }: { id: string; notice: { text: string; seq: number } | null; onClose(): void }) {
  return (
    <div className={`step-notice${notice ? ' is-shown' : ''}`} data-testid="step-notice-line">
      <p id={id} role="status" className="step-notice-text" data-testid="step-notice">
        {/* A zero-width space on every other notice makes the same words be read again. */}
        {notice ? `${notice.text}${notice.seq % 2 === 0 ? '\u200b' : ''}` : ''}
      </p>
      {notice ? (
        <button type="button" className="btn btn-small step-notice-close" data-testid="step-notice-close" aria-label="Close the notice" onClick={onClose}>
          {'\u00d7'}
        </button>
      ) : null}
    </div>
  );
}

/**
 * The integration step and scheme of the experiment. Both are part of the experiment, and changing
 * either recompiles it, so the run restarts from t = 0 and waits paused: said right under the
 * controls, and announced, until the run plays again.
 */
export function StepSettings() {
  const noticeId = useId();
  const [notice, setNotice] = useState<{ text: string; seq: number; dt: number; scheme: IntegrationScheme } | null>(null);
  // The step and scheme being built or run: a notice about others (after Undo, a new file) is stale.
  const current = useLabStore((s) => (s.pendingExperiment ?? s.experiment).simulation);
  const shown = notice && notice.dt === current.dt && notice.scheme === current.scheme ? notice : null;
  // Playing again (button, Space) is the answer to the notice: it goes.
  useEffect(
    () =>
      useLabStore.subscribe((state, previous) => {
        if (state.playIntent === 'running' && previous.playIntent !== 'running') setNotice(null);
      }),
    [],
  );
  const simulation = useLabStore((s) => s.experiment.simulation);
  const commit = useLabStore((s) => s.change);
  const showError = useLabStore((s) => s.showError);
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const change = (patch: { dt: number } | { scheme: IntegrationScheme }) => {
    const label = 'dt' in patch ? `step ${patch.dt} ms` : `scheme ${patch.scheme}`;
    const s = useLabStore.getState();
    const wasRunning = (s.playIntent ?? s.status.state) === 'running';
    const problem = commit({ ...s.experiment, simulation: { ...simulation, ...patch } }, label, { restart: true });
    if (problem) showError('edit', problem);
    else setNotice((n) => ({ text: restartNotice(patch, wasRunning), seq: (n?.seq ?? 0) + 1, dt: 'dt' in patch ? patch.dt : simulation.dt, scheme: 'scheme' in patch ? patch.scheme : simulation.scheme }));
  };
  return (
    <>
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
            aria-describedby={shown ? noticeId : undefined}
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
            aria-describedby={shown ? noticeId : undefined}
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
      <RestartNoticeLine id={noticeId} notice={shown} onClose={() => setNotice(null)} />
    </>
  );
}
