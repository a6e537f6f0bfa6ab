import { TRIAL_LIMIT_MS, useAutosaveTrial } from '../autosaveTrial.ts';

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
  const fallback = fallbackIsDefault ? 'the default experiment' : `the last good one (saved ${savedWhen(fallbackSavedAt)})`;
  return (
    <div className="notice-banner" role="status" data-testid="opening-autosave">
      <div className="notice-text">
        <strong>Opening your newest autosave, saved {savedWhen(trying.savedAt)}.</strong> It was saved before it was
        ever built, so it may be too large for this tab. If it is not built within {TRIAL_LIMIT_MS / 1000} s,{' '}
        {fallback} opens instead.
      </div>
      <button type="button" className="btn btn-small" data-testid="open-last-good" onClick={openFallback}>
        {fallbackIsDefault ? 'Open the default experiment now' : 'Open the last good one now'}
      </button>
    </div>
  );
}
