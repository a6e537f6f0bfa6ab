import { Fragment, useEffect, useState } from 'react';
import { Modal } from './Modal.tsx';
import { globalShortcut, isTextEntry, shortcutList } from './shortcutKeys.ts';
import { MAC } from './UndoRedo.tsx';

/** The list of keyboard shortcuts, in a modal dialog. */
function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const list = shortcutList(MAC);
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} testId="shortcuts-dialog" className="shortcuts-dialog">
      <table className="shortcuts-table">
        <caption className="visually-hidden">Keys and what they do</caption>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {list.map((s) => (
            <tr key={s.action}>
              <td className="shortcut-keys">
                {s.keys.map((combo, i) => (
                  <Fragment key={i}>
                    {i > 0 ? <span className="muted"> or </span> : null}
                    <kbd>
                      {combo.map((k, j) => (
                        <Fragment key={j}>
                          {j > 0 ? '+' : null}
                          <kbd>{k}</kbd>
                        </Fragment>
                      ))}
                    </kbd>
                  </Fragment>
                ))}
              </td>
              <td>
                {s.action}
                {s.where ? <span className="muted"> ({s.where})</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted note">Shortcuts do not apply while you type in a text field; there Ctrl+Z undoes the typing.</p>
    </Modal>
  );
}

/** "?" button in the header; the "?" key opens the same dialog (outside text fields). */
export function ShortcutsButton() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (globalShortcut(e) !== 'help') return;
      if (isTextEntry(e.target instanceof HTMLElement ? e.target : null)) return;
      if (document.querySelector('dialog[open]')) return;
      e.preventDefault();
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        data-testid="shortcuts"
        aria-haspopup="dialog"
        aria-keyshortcuts="?"
        title="Keyboard shortcuts (?)"
        onClick={() => setOpen(true)}
      >
        Shortcuts
      </button>
      {open ? <ShortcutsDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}
