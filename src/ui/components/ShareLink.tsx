import { useEffect, useId, useRef, useState } from 'react';
import { serializeExperiment } from '../../core/experiment/validate.ts';
import { encodeExperiment } from '../../core/io/shareLink.ts';
import { downloadFile, kebabName } from '../files.ts';
import { useLabStore } from '../store.ts';
import { shareLinkProblem, shareUrl } from './shareUrl.ts';

type Link = { state: 'working' } | { state: 'ready'; url: string } | { state: 'too-long'; message: string } | { state: 'failed'; message: string };

/** Downloads the current experiment as `<name>.json`, as the header's Save does. */
function saveAsFile(): void {
  const experiment = useLabStore.getState().experiment;
  downloadFile([serializeExperiment(experiment)], `${kebabName(experiment.name)}.json`, 'application/json');
}

/**
 * "Share link": the whole experiment, compressed, in the URL fragment (#experiment=...), shown in a
 * small popover with a Copy button. Experiments too large for a link are offered as a file instead.
 */
export function ShareLink() {
  const [open, setOpen] = useState(false);
  const [link, setLink] = useState<Link>({ state: 'working' });
  const [copyNote, setCopyNote] = useState<string | null>(null);
  // Only while the popover is open: closed, an edit (a slider drag) does not re-render it.
  const experiment = useLabStore((s) => (open ? s.experiment : null));
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popRef = useRef<HTMLDivElement>(null);
  const urlRef = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const noteId = useId();

  // The link of the experiment as it is now (recomputed after edits while the popover is open).
  useEffect(() => {
    if (!open || !experiment) return;
    let cancelled = false;
    setLink({ state: 'working' });
    setCopyNote(null);
    encodeExperiment(experiment).then(
      (code) => {
        if (cancelled) return;
        const url = shareUrl(window.location.origin, window.location.pathname, code);
        const problem = shareLinkProblem(url);
        setLink(problem ? { state: 'too-long', message: problem } : { state: 'ready', url });
      },
      (error: unknown) => {
        if (!cancelled) setLink({ state: 'failed', message: `The link could not be made: ${error instanceof Error ? error.message : String(error)}` });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [open, experiment]);

  // Escape or a click elsewhere closes it; Escape returns focus to the button.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      setOpen(false);
      buttonRef.current?.focus();
    };
    const onPointer = (e: PointerEvent): void => {
      const t = e.target as Node | null;
      if (t && (popRef.current?.contains(t) || buttonRef.current?.contains(t))) return;
      setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('pointerdown', onPointer);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  useEffect(() => {
    if (open && link.state === 'ready') urlRef.current?.select();
  }, [open, link]);

  const copy = async (url: string): Promise<void> => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      setCopyNote('Copied to the clipboard.');
    } catch {
      urlRef.current?.focus();
      urlRef.current?.select();
      setCopyNote('Could not copy automatically: the link is selected, press Ctrl+C to copy it.');
    }
  };

  return (
    <div className="share-link">
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-small"
        data-testid="share-link"
        aria-expanded={open}
        aria-controls={open ? `${titleId}-pop` : undefined}
        title="A link that opens this experiment, with your changes"
        onClick={() => setOpen((o) => !o)}
      >
        Share link
      </button>
      {open ? (
        <div ref={popRef} id={`${titleId}-pop`} className="share-popover" role="dialog" aria-labelledby={titleId} data-testid="share-popover">
          <h2 id={titleId} className="share-title">
            Share this experiment
          </h2>
          {link.state === 'working' ? <p className="note muted">Making the link{'\u2026'}</p> : null}
          {link.state === 'ready' ? (
            <>
              <p id={noteId} className="note muted">
                Anyone who opens this link gets this experiment as it is now (the run starts from t = 0).
              </p>
              <div className="share-row">
                <input
                  ref={urlRef}
                  type="text"
                  readOnly
                  className="share-url"
                  value={link.url}
                  aria-label="Share link URL"
                  aria-describedby={noteId}
                  data-testid="share-url"
                  onFocus={(e) => e.currentTarget.select()}
                />
                <button type="button" className="btn btn-small btn-primary" data-testid="share-copy" onClick={() => void copy(link.url)}>
                  Copy
                </button>
              </div>
              <p className="note muted">{link.url.length.toLocaleString('en-US')} characters</p>
            </>
          ) : null}
          {link.state === 'too-long' || link.state === 'failed' ? (
            <>
              <p className="note" data-testid="share-too-long">
                {link.message}
              </p>
              <button type="button" className="btn btn-small" data-testid="share-save-file" onClick={saveAsFile}>
                Save file
              </button>
            </>
          ) : null}
          <p className="note share-copy-note" role="status" data-testid="share-copy-note">
            {copyNote ?? ''}
          </p>
        </div>
      ) : null}
    </div>
  );
}
