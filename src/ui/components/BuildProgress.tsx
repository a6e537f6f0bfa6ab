import { useLabStore } from '../store.ts';

/**
 * While the Worker builds a big network: how far it is, what it is doing, and a Cancel that keeps the
 * experiment loaded before (or, on the lab's first load, opens the starter experiment). After a
 * cancel, what is loaded now and that Redo builds the other one.
 */
export function BuildProgress() {
  const build = useLabStore((s) => s.build);
  const notice = useLabStore((s) => s.buildNotice);
  const firstLoad = useLabStore((s) => s.network === null);
  const cancelBuild = useLabStore((s) => s.cancelBuild);
  const dismissNotice = useLabStore((s) => s.dismissBuildNotice);
  if (build) {
    const percent = Math.round(build.fraction * 100);
    return (
      <div className="build-progress" data-testid="build-progress">
        <div
          className="build-bar"
          role="progressbar"
          aria-label="Building the network"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${percent}%: ${build.stage}`}
          data-testid="build-bar"
        >
          <div className="build-bar-fill" style={{ width: `${percent}%` }} />
        </div>
        <span className="build-stage" data-testid="build-stage">
          {build.cancelling ? 'Cancelling\u2026' : `${percent}% \u00b7 ${build.stage}`}
        </span>
        <button
          type="button"
          className="btn btn-small"
          data-testid="build-cancel"
          aria-label="Cancel building"
          title={firstLoad ? 'Stop building and open the starter experiment; Redo builds this one again' : 'Stop building; the experiment loaded now stays'}
          disabled={build.cancelling}
          onClick={cancelBuild}
        >
          Cancel
        </button>
      </div>
    );
  }
  if (notice) {
    return (
      <div className="build-progress build-notice" role="status" data-testid="build-notice">
        <span>{notice}</span>
        <button type="button" className="btn btn-small" aria-label="Dismiss the build notice" onClick={dismissNotice}>
          Dismiss
        </button>
      </div>
    );
  }
  return null;
}
