/**
 * Presentation mode, for a projector: the plots large, large type, the transport controls and nothing
 * else. This button (or P) enters it; the same button, or Escape, leaves it.
 */
import { useEffect } from 'react';
import { usePanelLayout } from '../network/panelLayout.ts';
import { presentationKey } from './presentationKeys.ts';

function modalOpen(): boolean {
  return document.querySelector('[role="dialog"][aria-modal="true"], dialog[open]') !== null;
}

export function PresentButton() {
  const presenting = usePanelLayout((s) => s.presenting);
  const setPresenting = usePanelLayout((s) => s.setPresenting);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.repeat) return;
      const action = presentationKey(e, presenting, e.target instanceof HTMLElement ? e.target : null);
      if (action === null || modalOpen()) return;
      e.preventDefault();
      setPresenting(action === 'enter');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [presenting, setPresenting]);

  return (
    <>
      <button
        type="button"
        className={`btn present-button${presenting ? ' is-presenting' : ''}`}
        data-testid="present"
        aria-pressed={presenting}
        title={presenting ? 'Leave presentation mode (Escape)' : 'Presentation mode: big plots and the controls only, for a projector (P)'}
        onClick={() => setPresenting(!presenting)}
      >
        {presenting ? 'Exit presentation' : 'Present'}
      </button>
      <span className="visually-hidden" role="status" data-testid="present-status">
        {presenting ? 'Presentation mode: the plots and the controls only. Press Escape to leave.' : ''}
      </span>
    </>
  );
}
