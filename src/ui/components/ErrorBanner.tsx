import { useLabStore } from '../store.ts';

const CONTEXT_HINTS: Record<string, string> = {
  load: 'The previous experiment is still loaded.',
  edit: 'The change was not applied to the running simulation.',
  watch: 'The trace selection was not changed.',
  setState: 'The neuron\'s state was not changed.',
  run: 'Your settings are kept: change what caused it, then press Reset to run again from t = 0.',
  open: 'The current experiment and its run are unchanged.',
  csv: 'Nothing was changed: the experiment and its run are as they were.',
  autosave: 'The autosaves stored before are kept.',
};

/**
 * The Worker's (or the page's) last error, until dismissed. A message of several lines shows its first
 * line as the headline and the others (e.g. one field error each) as a list.
 */
export function ErrorBanner() {
  const error = useLabStore((s) => s.lastError);
  const dismiss = useLabStore((s) => s.dismissError);
  if (!error) return null;
  const hint = CONTEXT_HINTS[error.context];
  const [headline, ...details] = error.message.split('\n');
  return (
    <div className="error-banner" role="alert" data-testid="error-banner" data-context={error.context}>
      <div className="error-text">
        <strong>{headline}</strong>
        {hint ? <span className="error-hint"> {hint}</span> : null}
        {details.length > 0 ? (
          <ul className="error-lines" data-testid="error-lines">
            {details.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <button type="button" className="btn btn-small" aria-label="Dismiss error" data-testid="error-dismiss" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
