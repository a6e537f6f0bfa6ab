import { useId, useRef, type ChangeEvent } from 'react';
import { classCounts } from '../../core/iris/dataset.ts';
import { FieldErrors, NumberField } from '../sweeps/SweepControls.tsx';
import { IRIS_FIELDS, IRIS_RULES, parseIrisForm, type IrisField } from './irisForm.ts';
import { useIrisStore } from './irisStore.ts';

/** The data set (shipped Iris, or a CSV of one's own), the class column, encoding and training settings, and the train controls. */
export function DataPanel() {
  const dataset = useIrisStore((s) => s.dataset);
  const loadError = useIrisStore((s) => s.loadError);
  const loadingName = useIrisStore((s) => s.loadingName);
  const settings = useIrisStore((s) => s.settings);
  const form = useIrisStore((s) => s.form);
  const job = useIrisStore((s) => s.job);
  const cv = useIrisStore((s) => s.cv);
  const jobError = useIrisStore((s) => s.jobError);
  const result = useIrisStore((s) => s.result);
  const { loadFile, loadShipped, setClassColumn, setSettings, setField, train, crossValidate, cancel, openInLab } = useIrisStore.getState();
  const fileRef = useRef<HTMLInputElement>(null);
  const id = useId();

  const onFile = (e: ChangeEvent<HTMLInputElement>): void => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) void loadFile(file);
  };
  const parsed = parseIrisForm(form, settings.encoding);
  const messages = parsed.ok ? [] : IRIS_FIELDS.flatMap((field) => parsed.errors[field] ?? []);
  const errorId = `${id}-errors`;
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
        <div className="iris-grid" role="group" aria-label="Training settings">
          {IRIS_FIELDS.map((field) => (
            <NumberField
              key={field}
              label={IRIS_RULES[field].label}
              value={form[field]}
              onChange={(text) => setField(field, text)}
              error={parsed.ok ? undefined : parsed.errors[field]}
              errorId={errorId}
              testId={FIELD_TEST_IDS[field]}
              title={rangeTitle(field)}
              disabled={field === 'fields' && settings.encoding !== 'gaussian'}
            />
          ))}
        </div>
        <FieldErrors id={errorId} messages={messages} testId="iris-form-error" holds="Nothing is trained until this is fixed." />
        <div className="iris-row">
          <button type="button" className="btn btn-primary" data-testid="train" onClick={train} disabled={!dataset || busy || !parsed.ok}>
            Train
          </button>
          <button type="button" className="btn" data-testid="cross-validate" onClick={crossValidate} disabled={!dataset || busy || !parsed.ok}>
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

/** The boxes' test ids (kebab case, as the e2e tests and the rest of the page name them). */
const FIELD_TEST_IDS: Record<IrisField, string> = {
  fields: 'fields',
  epochs: 'epochs',
  learningRate: 'learning-rate',
  seed: 'seed',
  testFraction: 'test-fraction',
  folds: 'folds',
  hidden: 'hidden',
};

function rangeTitle(field: IrisField): string {
  const rule = IRIS_RULES[field];
  return `${rule.label}: ${rule.min} to ${rule.max}${rule.integer ? ', whole numbers' : ''}`;
}
