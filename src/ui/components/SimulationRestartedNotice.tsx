import { useLabStore } from '../store.ts';

/** After the simulation Worker failed: what happened, and what the new Worker loaded (until dismissed). */
export function SimulationRestartedNotice() {
  const fault = useLabStore((s) => s.workerFault);
  const dismiss = useLabStore((s) => s.dismissWorkerFault);
  if (!fault) return null;
  return (
    <div className="error-banner" role="alert" data-testid="simulation-restarted">
      <div className="error-text">
        <strong>{fault.what}.</strong> <span className="error-hint">{fault.outcome}</span>
      </div>
      <button type="button" className="btn btn-small" aria-label="Dismiss the restart notice" data-testid="simulation-restarted-dismiss" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
