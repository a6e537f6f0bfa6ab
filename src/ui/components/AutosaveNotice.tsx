import { downloadFile } from '../files.ts';
import { deleteUnopenedAutosave, useAutosaveNotice, type StoredAutosave } from '../persistence.ts';

/** Errors listed per unopened autosave; the download has them all (the loader lists them again). */
const LISTED_ERRORS = 3;

function savedWhen(savedAt: number | null): string {
  return savedAt === null ? 'by an earlier version of the lab' : new Date(savedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

function fileName(saved: StoredAutosave): string {
  const stamp = saved.savedAt === null ? '' : `-${new Date(saved.savedAt).toISOString().slice(0, 19).replace(/:/g, '-')}`;
  return `spiking-lab-autosave${stamp}.json`;
}

/**
 * At start: the autosaves the loader refused, why, and what was opened instead, with each one offered
 * as a download of the text exactly as stored. They stay in the browser until the person deletes them.
 */
export function AutosaveNotice() {
  const { unopened, openedInstead, openedSavedAt, dismissed } = useAutosaveNotice();
  if (dismissed || unopened.length === 0) return null;
  const one = unopened.length === 1;
  const instead =
    openedInstead === 'autosave' ? `the autosave saved ${savedWhen(openedSavedAt)}`
    : openedInstead === 'link' ? 'the shared link'
    : 'the default experiment';
  return (
    <div className="error-banner autosave-notice" role="alert" data-testid="autosave-notice">
      <div className="error-text">
        <strong>{one ? 'An autosave could not be opened.' : `${unopened.length} autosaves could not be opened.`}</strong>
        <span className="error-hint">
          {' '}Opened instead: {instead}. {one ? 'It stays' : 'They stay'} in this browser until you delete {one ? 'it' : 'them'}; download to keep or repair.
        </span>
        <ul className="autosave-list">
          {unopened.map((saved) => (
            <li key={saved.key} data-testid="autosave-unopened">
              <span className="autosave-when">Saved {savedWhen(saved.savedAt)}:</span>{' '}
              <span className="autosave-errors" data-testid="autosave-errors">
                {saved.errors.slice(0, LISTED_ERRORS).join('; ')}
                {saved.errors.length > LISTED_ERRORS ? ` (and ${saved.errors.length - LISTED_ERRORS} more)` : ''}
              </span>
              <span className="autosave-actions">
                <button type="button" className="btn btn-small" data-testid="autosave-download" onClick={() => downloadFile([saved.text], fileName(saved), 'application/json')}>
                  Download (JSON)
                </button>
                <button type="button" className="btn btn-small" data-testid="autosave-delete" onClick={() => deleteUnopenedAutosave(saved.key)}>
                  Delete from this browser
                </button>
              </span>
            </li>
          ))}
        </ul>
      </div>
      <button type="button" className="btn btn-small" aria-label="Dismiss the autosave notice" data-testid="autosave-dismiss" onClick={() => useAutosaveNotice.setState({ dismissed: true })}>
        Dismiss
      </button>
    </div>
  );
}
