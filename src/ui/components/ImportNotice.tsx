import { useImportNotice } from '../openFiles.ts';

/** Listed, until dismissed: what an opened NeuroML file held that the lab did not import, and why. */
export function ImportNotice() {
  const notice = useImportNotice((s) => s.notice);
  const dismiss = useImportNotice((s) => s.dismiss);
  if (!notice) return null;
  const count = notice.skipped.length;
  return (
    <div className="notice-banner" role="status" data-testid="import-notice">
      <div className="notice-text error-text">
        <strong>
          Opened {notice.names}. {count === 1 ? 'One thing' : `${count} things`} in it {count === 1 ? 'was' : 'were'} not
          imported as written:
        </strong>
        <ul className="error-lines" data-testid="import-skipped">
          {notice.skipped.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      </div>
      <button type="button" className="btn btn-small" aria-label="Dismiss the import notice" data-testid="import-notice-dismiss" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}
