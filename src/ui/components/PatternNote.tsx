import { useId, useState } from 'react';
import { patternWithNote } from '../../core/experiment/patterns.ts';
import { useLabStore } from '../store.ts';

/** Whether the reader folded the note away; kept for the session so each new pattern does not reopen it. */
let foldedByReader = false;

/**
 * "What to notice" of a loaded firing pattern, across the header's full width, where its two sentences
 * fit on two lines (above the traces they would take the charts' height). One click folds it away.
 */
export function PatternNote() {
  const description = useLabStore((s) => (s.pendingExperiment ?? s.experiment).description);
  const pattern = patternWithNote(description);
  const [open, setOpen] = useState(!foldedByReader);
  const textId = useId();
  if (!pattern) return null;
  const toggle = (): void => {
    foldedByReader = open;
    setOpen(!open);
  };
  return (
    <div className={`pattern-note${open ? '' : ' is-folded'}`} data-testid="pattern-note">
      <button
        type="button"
        className="pattern-note-toggle"
        aria-expanded={open}
        aria-controls={textId}
        data-testid="pattern-note-toggle"
        title={open ? 'Fold the note away' : 'Show what to notice in this pattern'}
        onClick={toggle}
      >
        <span className="pattern-note-caret" aria-hidden="true">{open ? '\u25be' : '\u25b8'}</span>
        What to notice
      </button>
      <p id={textId} className="pattern-note-text" hidden={!open}>
        {pattern.note}
      </p>
    </div>
  );
}
