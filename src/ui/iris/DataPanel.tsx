import { useId, useRef, type ChangeEvent } from 'react';
import { classCounts } from '../../core/iris/dataset.ts';
import { useIrisStore } from './irisStore.ts';

/** The data set (shipped Iris, or a CSV of one's own), the class column, encoding and training settings, and the train controls. */
export function DataPanel() {
  const dataset = useIrisStore((s) => s.dataset);
  const loadError = useIrisStore((s) => s.loadError);
  const loadingName = useIrisStore((s) => s.loadingName);
  const settings = useIrisStore((s) => s.settings);
  const job = useIrisStore((s) => s.job);
  const cv = useIrisStore((s) => s.cv);
  const jobError = useIrisStore((s) => s.jobError);
  const result = useIrisStore((s) => s.result);
  const { loadFile, loadShipped, setClassColumn, setSettings, train, crossValidate, cancel, openInLab } = useIrisStore.getState();
  const fileRef = useRef<HTMLInputElement>(null);
  const id = useId();

  const onFile = (e: ChangeEvent<HTMLInputElement>): void => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) void loadFile(file);
  };
  const counts = dataset ? classCounts(dataset.y, dataset.classNames.length) : [];
  const busy = job !== null;

  return (
    <aside className="iris-side" aria-label="Data and training">
      <section className="panel iris-data" aria-labelledby={`${id}-data`}>
        <h2 id={`${id}-data`}>Data</h2>
        <p className="iris-dataset" data-testid="dataset-summary" data-rows={dataset?.rows ?? 0}>
          {dataset ? (
            <>
              <strong>{dataset.name}</strong>: {dataset.rows} rows, {dataset.featureNames.length} features,{' '}
              {dataset.classNames.map((c, k) => `${c} ${counts[k]}`).join(', ')}
            </>
          ) : loadingName ? (
            `Loading ${loadingName}...`
          ) : (
            'No data loaded.'
          )}
        </p>
        <div className="iris-row">
          <label className="btn btn-small file-button">
            Load a CSV...
            <input ref={fileRef} type="file" accept=".csv,text/csv,text/plain" className="visually-hidden" data-testid="iris-csv" onChange={onFile} disabled={busy} />
          </label>
          <button type="button" className="btn btn-small" onClick={() => void loadShipped()} disabled={busy}>
            Iris (shipped)
          </button>
        </div>
        {dataset ? (
          <label className="field">
            Class column
            <select data-testid="class-column" value={dataset.classColumn} onChange={(e) => setClassColumn(e.target.value)} disabled={busy}>
              {dataset.columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {loadError ? (
          <div className="iris-error" role="alert" data-testid="dataset-error">
            <strong>{loadError.message}</strong>
            {loadError.errors.length > 1 ? (
              <ul>
                {loadError.errors.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            ) : null}
            <span className="muted"> The loaded data set is unchanged.</span>
          </div>
        ) : null}
      </section>

      <section className="panel iris-settings" aria-labelledby={`${id}-settings`}>
        <h2 id={`${id}-settings`}>Encoding and training</h2>
        <fieldset className="iris-encoding">
          <legend>Encoding</legend>
          <label className="check">
            <input type="radio" name={`${id}-enc`} data-testid="encoding-gaussian" checked={settings.encoding === 'gaussian'} onChange={() => setSettings({ encoding: 'gaussian' })} />
            Gaussian fields
          </label>
          <label className="check">
            <input type="radio" name={`${id}-enc`} data-testid="encoding-direct" checked={settings.encoding === 'direct'} onChange={() => setSettings({ encoding: 'direct' })} />
            Direct
          </label>
        </fieldset>
        <div className="iris-grid">
          <NumberField label="Fields per feature" testId="fields" value={settings.fields} min={3} max={20} step={1} disabled={settings.encoding !== 'gaussian'} onChange={(v) => setSettings({ fields: v })} />
          <NumberField label="Epochs" testId="epochs" value={settings.epochs} min={1} max={100} step={1} onChange={(v) => setSettings({ epochs: v })} />
          <NumberField label="Learning rate" testId="learning-rate" value={settings.learningRate} min={0.05} max={5} step={0.05} onChange={(v) => setSettings({ learningRate: v })} />
          <NumberField label="Seed" testId="seed" value={settings.seed} min={1} max={99999} step={1} onChange={(v) => setSettings({ seed: v })} />
          <NumberField label="Test fraction" testId="test-fraction" value={settings.testFraction} min={0.1} max={0.9} step={0.05} onChange={(v) => setSettings({ testFraction: v })} />
          <NumberField label="Folds (k)" testId="folds" value={settings.folds} min={2} max={20} step={1} onChange={(v) => setSettings({ folds: v })} />
          <NumberField label="Hidden neurons" testId="hidden" value={settings.hidden} min={0} max={64} step={1} onChange={(v) => setSettings({ hidden: v })} />
        </div>
        <div className="iris-row">
          <button type="button" className="btn btn-primary" data-testid="train" onClick={train} disabled={!dataset || busy}>
            Train
          </button>
          <button type="button" className="btn" data-testid="cross-validate" onClick={crossValidate} disabled={!dataset || busy}>
            Cross-validate
          </button>
          <button type="button" className="btn btn-danger" data-testid="cancel-training" onClick={cancel} disabled={!busy}>
            Cancel
          </button>
        </div>
        {cv ? (
          <p className="iris-cv" data-testid="cv-result" data-value={cv.accuracies.length > 0 ? cv.mean : ''}>
            {cv.k}-fold CV{cv.cancelled ? ` (cancelled after ${cv.accuracies.length} folds)` : ''}:{' '}
            {cv.accuracies.length > 0 ? `test ${(100 * cv.mean).toFixed(1)}% \u00b1 ${(100 * cv.sd).toFixed(1)}` : 'no fold finished'}
            <span className="muted"> [{cv.accuracies.map((a) => (100 * a).toFixed(0)).join(', ')}] in {cv.seconds.toFixed(1)} s</span>
          </p>
        ) : null}
        {jobError ? (
          <p className="iris-error" role="alert" data-testid="job-error">
            {jobError}
          </p>
        ) : null}
        <button type="button" className="btn" data-testid="open-in-lab" onClick={openInLab} disabled={!result || busy}>
          Open in the lab
        </button>
      </section>
    </aside>
  );
}

function NumberField(props: { label: string; testId: string; value: number; min: number; max: number; step: number; disabled?: boolean; onChange: (v: number) => void }) {
  return (
    <label className="field">
      {props.label}
      <input
        type="number"
        data-testid={props.testId}
        defaultValue={props.value}
        min={props.min}
        max={props.max}
        step={props.step}
        disabled={props.disabled}
        onChange={(e) => {
          const v = Number(e.target.value);
          const whole = props.step !== 1 || Number.isInteger(v);
          if (e.target.value !== '' && Number.isFinite(v) && whole && v >= props.min && v <= props.max) props.onChange(v);
        }}
      />
    </label>
  );
}
