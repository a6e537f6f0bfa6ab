import { useId, useState } from 'react';
import { headline } from '../../core/recover/recover.ts';
import { RECOVER_LIMITS } from '../../core/recover/settings.ts';
import { Heatmap, RocChart, WeightScatter } from './RecoverCharts.tsx';
import type { RecoverForm } from './recoverForm.ts';
import { useRecoverStore } from './recoverStore.ts';
import './recover.css';

/**
 * "Recover the wiring": make a random network, run it in a Worker, hide its weights and estimate them
 * from the recording, from the voltages and from the spikes alone; the estimate is refitted as the
 * recording grows.
 */
export function RecoverView() {
  return (
    <main className="recover-view">
      <RecoverSettingsPanel />
      <div className="recover-results">
        <RecoverStatus />
        <RecoverCharts />
      </div>
    </main>
  );
}

function Field(props: { field: keyof RecoverForm; label: string; unit?: string; step?: string }) {
  const value = useRecoverStore((s) => s.form[props.field]);
  const setField = useRecoverStore((s) => s.setField);
  const running = useRecoverStore((s) => s.running);
  return (
    <label className="recover-field">
      <span>
        {props.label}
        {props.unit ? <span className="muted"> ({props.unit})</span> : null}
      </span>
      <input type="text" inputMode="decimal" value={value} disabled={running} data-testid={`recover-${props.field}`} onChange={(e) => setField(props.field, e.target.value)} />
    </label>
  );
}

function RecoverSettingsPanel() {
  const drive = useRecoverStore((s) => s.form.drive);
  const setField = useRecoverStore((s) => s.setField);
  const running = useRecoverStore((s) => s.running);
  const errors = useRecoverStore((s) => s.errors);
  const start = useRecoverStore((s) => s.start);
  const cancel = useRecoverStore((s) => s.cancel);
  const fillExample = useRecoverStore((s) => s.fillExample);
  const id = useId();
  return (
    <section className="panel recover-settings" aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>Network</h2>
      <div className="recover-buttons">
        <span className="muted">Examples:</span>
        <button type="button" onClick={() => fillExample('reference')} disabled={running} data-testid="recover-example-reference" title="N 50, p 0.2, 60 s, noise drive: the issue's reference case">
          Reference case
        </button>
        <button type="button" onClick={() => fillExample('recurrent')} disabled={running} data-testid="recover-example-recurrent" title="Strong excitation (0.4-0.8 nS): the network fires together and the spikes-only estimate fails">
          Strongly recurrent
        </button>
      </div>
      <div className="recover-grid">
        <Field field="n" label="Neurons" />
        <Field field="p" label="Connection p" />
        <Field field="excitatoryFraction" label="Excitatory fraction" />
        <Field field="seed" label="Seed" />
        <Field field="excitatoryMin" label="E weight min" unit="nS" />
        <Field field="excitatoryMax" label="E weight max" unit="nS" />
        <Field field="inhibitoryMin" label="I weight min" unit="nS" />
        <Field field="inhibitoryMax" label="I weight max" unit="nS" />
      </div>
      <fieldset className="recover-drive" disabled={running}>
        <legend>Drive</legend>
        <label>
          <input type="radio" name={`${id}-drive`} checked={drive === 'noise'} onChange={() => setField('drive', 'noise')} data-testid="recover-drive-noise" /> Noise current
        </label>
        <label>
          <input type="radio" name={`${id}-drive`} checked={drive === 'poisson'} onChange={() => setField('drive', 'poisson')} data-testid="recover-drive-poisson" /> Poisson input
        </label>
      </fieldset>
      <div className="recover-grid">
        {drive === 'noise' ? (
          <>
            <Field field="noiseMean" label="Mean" unit="pA" />
            <Field field="noiseSd" label="SD" unit="pA" />
          </>
        ) : (
          <>
            <Field field="poissonRate" label="Rate" unit="Hz" />
            <Field field="poissonWeight" label="Weight" unit="nS" />
          </>
        )}
        <Field field="seconds" label="Record" unit={`s, up to ${RECOVER_LIMITS.maxSeconds}`} />
      </div>
      {errors.length > 0 ? (
        <ul className="recover-errors" role="alert" data-testid="recover-errors">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
      <div className="recover-buttons">
        <button type="button" className="primary" onClick={start} disabled={running} data-testid="recover-start">
          Run and recover
        </button>
        <button type="button" onClick={cancel} disabled={!running} data-testid="recover-cancel">
          Cancel
        </button>
      </div>
      <p className="muted recover-note">
        The estimators know each cell&apos;s a, b, c, d, the synapses&apos; time constants, reversal potentials and delay, but not
        who connects to whom or how strongly. <strong>From voltages</strong>: each neuron&apos;s voltage change after its own
        dynamics, regressed on every other neuron&apos;s conductance kernel. <strong>From spikes</strong>: a Poisson GLM of its
        spikes on the others&apos; filtered spike trains.
      </p>
    </section>
  );
}

function RecoverStatus() {
  const stage = useRecoverStore((s) => s.stage);
  const seconds = useRecoverStore((s) => s.seconds);
  const total = useRecoverStore((s) => s.totalSeconds);
  const estimate = useRecoverStore((s) => s.estimate);
  const history = useRecoverStore((s) => s.history);
  const control = useRecoverStore((s) => s.control);
  const controlRunning = useRecoverStore((s) => s.controlRunning);
  const running = useRecoverStore((s) => s.running);
  const failure = useRecoverStore((s) => s.failure);
  const truth = useRecoverStore((s) => s.truth);
  const runControl = useRecoverStore((s) => s.runControl);
  const exportCsv = useRecoverStore((s) => s.exportCsv);
  const percent = total > 0 ? Math.round((100 * seconds) / total) : 0;
  // Formatted as `npm run recover` prints them, so the two can be compared digit for digit.
  const numbers = estimate ? headline(estimate.voltage.r, estimate.spikes.auc) : null;
  const label =
    stage === 'simulating' ? `Simulating and recording: ${seconds.toFixed(0)} of ${total} s` : stage === 'fitting' ? `Fitting at ${seconds.toFixed(0)} s` : stage === 'done' ? `Done: ${seconds.toFixed(0)} s recorded` : stage === 'cancelled' ? `Cancelled at ${seconds.toFixed(0)} s` : 'Not run';
  return (
    <section className="panel recover-status" aria-label="Progress and results">
      <div className="recover-progress-row">
        <span data-testid="recover-stage" data-stage={stage}>
          {label}
        </span>
        <span>{percent}%</span>
      </div>
      <div className="recover-progress" role="progressbar" aria-label="Recording" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} data-testid="recover-progress">
        <div className="recover-progress-fill" style={{ width: `${percent}%` }} />
      </div>
      {failure ? (
        <p role="alert" className="recover-errors">
          {failure}
        </p>
      ) : null}
      <dl className="recover-metrics">
        <div>
          <dt>From voltages: r</dt>
          <dd data-testid="recover-voltage-r" data-value={numbers?.voltageR ?? ''}>
            {numbers?.voltageR ?? '\u2013'}
          </dd>
        </div>
        <div>
          <dt>voltages: AUC</dt>
          <dd data-testid="recover-voltage-auc">{estimate ? estimate.voltage.auc.toFixed(4) : '\u2013'}</dd>
        </div>
        <div>
          <dt>From spikes: AUC</dt>
          <dd data-testid="recover-spikes-auc" data-value={numbers?.spikesAuc ?? ''}>
            {numbers?.spikesAuc ?? '\u2013'}
          </dd>
        </div>
        <div>
          <dt>Mean rate</dt>
          <dd>{estimate ? `${estimate.meanRate.toFixed(1)} Hz` : '\u2013'}</dd>
        </div>
      </dl>
      {history.length > 0 ? (
        <p className="muted recover-history" data-testid="recover-history" data-refits={history.length}>
          As the recording grew: {history.map((h) => `${h.seconds.toFixed(0)} s r ${h.voltageR.toFixed(3)} / AUC ${h.spikesAuc.toFixed(3)}`).join(' \u00b7 ')}
        </p>
      ) : null}
      <div className="recover-buttons">
        <button type="button" onClick={runControl} disabled={running || !estimate || controlRunning} data-testid="recover-control">
          {controlRunning ? 'Running the control\u2026' : 'Shuffle control'}
        </button>
        <span className="muted" data-testid="recover-control-result">
          {control ? `spike trains shifted out of register: voltage AUC ${control.voltageAuc.toFixed(3)}, spikes AUC ${control.spikesAuc.toFixed(3)} (0.5 = chance)` : ''}
        </span>
      </div>
      <div className="recover-buttons">
        <span>Export CSV:</span>
        <button type="button" onClick={() => exportCsv('spikes')} disabled={!truth || running} data-testid="recover-export-spikes">
          Spikes
        </button>
        <button type="button" onClick={() => exportCsv('voltages')} disabled={!truth || running} data-testid="recover-export-voltages">
          Voltages
        </button>
        <button type="button" onClick={() => exportCsv('weights')} disabled={!estimate || running} data-testid="recover-export-weights">
          Recovered weights
        </button>
      </div>
    </section>
  );
}

function RecoverCharts() {
  const truth = useRecoverStore((s) => s.truth);
  const estimate = useRecoverStore((s) => s.estimate);
  const [shown, setShown] = useState<'voltage' | 'spikes'>('voltage');
  const id = useId();
  if (!truth || !estimate) {
    return (
      <section className="panel recover-empty">
        <p className="muted">Run a network to see its weights recovered: true against recovered, the ROC curve and the two matrices side by side.</p>
      </section>
    );
  }
  const n = truth.ids.length;
  const signedTruth = truth.weights.map((w, k) => w * truth.sign[k % n]);
  const voltage = shown === 'voltage';
  return (
    <div className="recover-charts">
      <div className="recover-switch" role="radiogroup" aria-labelledby={`${id}-l`}>
        <span id={`${id}-l`}>Show the estimate</span>
        <label>
          <input type="radio" checked={voltage} onChange={() => setShown('voltage')} data-testid="recover-show-voltage" /> from voltages
        </label>
        <label>
          <input type="radio" checked={!voltage} onChange={() => setShown('spikes')} data-testid="recover-show-spikes" /> from spikes
        </label>
      </div>
      {voltage ? (
        <WeightScatter truth={truth.weights} recovered={estimate.voltage.weights} n={n} xLabel="true conductance (nS)" yLabel="recovered (nS)" r={estimate.voltage.r} title="From voltages" testId="recover-scatter" />
      ) : (
        <WeightScatter truth={signedTruth} recovered={estimate.spikes.beta} n={n} xLabel="true conductance, inhibitory < 0 (nS)" yLabel="GLM coupling" r={estimate.spikes.r} title="From spikes" testId="recover-scatter" />
      )}
      <RocChart
        curves={[
          { label: 'voltages', fpr: estimate.voltage.fpr, tpr: estimate.voltage.tpr, auc: estimate.voltage.auc, className: 'voltage' },
          { label: 'spikes', fpr: estimate.spikes.fpr, tpr: estimate.spikes.tpr, auc: estimate.spikes.auc, className: 'spikes' },
        ]}
      />
      <section className="panel recover-chart recover-matrices" aria-label="True and recovered weight matrices">
        <h2>
          Weights <span className="muted">post by row, pre by column; red excitatory, blue inhibitory</span>
        </h2>
        <div className="recover-heatmaps">
          <Heatmap values={signedTruth} n={n} title="True" testId="recover-true-matrix" />
          {voltage ? (
            <Heatmap values={estimate.voltage.weights.map((w, k) => w * truth.sign[k % n])} n={n} title="Recovered from voltages" testId="recover-recovered-matrix" />
          ) : (
            <Heatmap values={estimate.spikes.beta} n={n} title="Recovered from spikes (GLM)" testId="recover-recovered-matrix" />
          )}
        </div>
      </section>
    </div>
  );
}
