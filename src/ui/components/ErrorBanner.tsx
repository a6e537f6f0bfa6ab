import { useLabStore } from '../store.ts';

const CONTEXT_HINTS: Record<string, string> = {
  load: 'The previous experiment is still loaded.',
  edit: 'The change was not applied to the running simulation.',
  watch: 'The trace selection was not changed.',
  run: 'Your settings are kept: change what caused it, then press Reset to run again from t = 0.',
};

/** The Worker's (or the page's) last error, until dismissed. */
export function ErrorBanner() {
  const error = useLabStore((s) => s.lastError);
  const dismiss = useLabStore((s) => s.dismissError);
  if (!error) return null;
  const hint = CONTEXT_HINTS[error.context];
  return (
    <div className="error-banner" role="alert" data-testid="error-banner" data-context={error.context}>
      <div className="error-text">
        <strong>{error.message}</strong>
        {hint ? <span className="error-hint"> {hint}</span> : null}
      </div>
      <button type="button" className="btn btn-small" aria-label="Dismiss error" data-testid="error-dismiss" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
