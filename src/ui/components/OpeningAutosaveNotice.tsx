import { useAutosaveTrial } from '../autosaveTrial.ts';

function savedWhen(savedAt: number | null): string {
  return savedAt === null ? 'by an earlier version of the lab' : new Date(savedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/**
 * While the lab opens an autosave it has never seen built (saved by an earlier version, which saved
 * before building): that it may be too large, and a way out to the last good one at once.
 */
export function OpeningAutosaveNotice() {
  const { trying, fallbackSavedAt, fallbackIsDefault, openFallback } = useAutosaveTrial();
  if (!trying || !openFallback) return null;
  return (
    <div className="notice-banner" role="status" data-testid="opening-autosave">
      <div className="error-text">
        <strong>Opening your newest autosave (saved {savedWhen(trying.savedAt)}).</strong>{' '}
        It was saved before it was ever built, so it may be too large for this tab; if it is not built
        soon, the last good one opens instead.
      </div>
      <button type="button" className="btn btn-small" data-testid="open-last-good" onClick={openFallback}>
        {fallbackIsDefault ? 'Open the default experiment instead' : `Open the autosave saved ${savedWhen(fallbackSavedAt)} instead`}
      </button>
    </div>
  );
}
