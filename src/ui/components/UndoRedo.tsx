import { useEffect } from 'react';
import { useLabStore } from '../store.ts';
import { globalShortcut, isTextEntry } from './shortcutKeys.ts';

const MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.userAgent);
const MOD = MAC ? '\u2318' : 'Ctrl';

/**
 * Ctrl/Cmd+Z undoes and Shift+Ctrl/Cmd+Z or Ctrl+Y redoes anywhere on the page, except while focus is in
 * a text field (there the browser undoes the typing).
 */
export function useUndoRedoKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const action = globalShortcut(e);
      if (action !== 'undo' && action !== 'redo') return;
      if (isTextEntry(e.target instanceof HTMLElement ? e.target : null)) return;
      e.preventDefault();
      const s = useLabStore.getState();
      if (action === 'undo') s.undo();
      else s.redo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** Undo and Redo buttons named after the change they undo or redo ("Undo a of driver"). */
export function UndoRedo() {
  const undoLabel = useLabStore((s) => s.past[s.past.length - 1]?.label ?? null);
  const redoLabel = useLabStore((s) => s.future[s.future.length - 1]?.label ?? null);
  const undo = useLabStore((s) => s.undo);
  const redo = useLabStore((s) => s.redo);
  useUndoRedoKeys();
  return (
    <div className="undo-redo" role="group" aria-label="History">
      <button
        type="button"
        className="btn btn-small"
        data-testid="undo"
        aria-label={undoLabel ? `Undo ${undoLabel}` : 'Undo (nothing to undo)'}
        title={undoLabel ? `Undo ${undoLabel} (${MOD}+Z)` : 'Nothing to undo'}
        disabled={undoLabel === null}
        onClick={undo}
      >
        <span aria-hidden="true" className="icon-glyph">{'\u21B6'}</span> Undo
      </button>
      <button
        type="button"
        className="btn btn-small"
        data-testid="redo"
        aria-label={redoLabel ? `Redo ${redoLabel}` : 'Redo (nothing to redo)'}
        title={redoLabel ? `Redo ${redoLabel} (Shift+${MOD}+Z)` : 'Nothing to redo'}
        disabled={redoLabel === null}
        onClick={redo}
      >
        <span aria-hidden="true" className="icon-glyph">{'\u21B7'}</span> Redo
      </button>
    </div>
  );
}

export { MAC };
