import { useState } from 'react';
import { GALLERY, type GalleryEntry } from '../../core/experiment/gallery.ts';
import { useLabStore } from '../store.ts';
import { Modal } from './Modal.tsx';

/** Names of the gallery's experiments, made once (make() builds a whole experiment). */
let galleryNames: Map<string, string> | null = null;
function nameOf(entry: GalleryEntry): string {
  galleryNames ??= new Map(GALLERY.map((e) => [e.id, e.make().name]));
  return galleryNames.get(entry.id) ?? entry.title;
}

function GalleryDialog({ onClose }: { onClose: () => void }) {
  const current = useLabStore((s) => (s.pendingExperiment ?? s.experiment).name);
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const open = (entry: GalleryEntry): void => {
    const s = useLabStore.getState();
    if (s.pendingExperiment) return;
    if (s.lastError && (s.lastError.context === 'open' || s.lastError.context === 'load')) s.dismissError();
    s.loadExperiment(entry.make(), `open example ${entry.title}`);
    onClose();
  };
  return (
    <Modal title="Examples" onClose={onClose} testId="gallery-dialog" className="gallery-dialog">
      <p className="muted note">
        Each example shows one behaviour. Opening one replaces the current experiment and starts its run from t = 0; Undo brings
        your experiment back.
      </p>
      <ul className="gallery-cards">
        {GALLERY.map((entry) => {
          const isCurrent = nameOf(entry) === current;
          return (
            <li key={entry.id} className={`gallery-card${isCurrent ? ' is-current' : ''}`} data-testid={`gallery-card-${entry.id}`}>
              <h3 className="gallery-title">{entry.title}</h3>
              <p className="gallery-summary">{entry.summary}</p>
              <div className="gallery-actions">
                {isCurrent ? <span className="gallery-badge">open now</span> : null}
                <button
                  type="button"
                  className="btn btn-small btn-primary"
                  data-testid={`gallery-open-${entry.id}`}
                  aria-label={`Open example: ${entry.title}`}
                  disabled={loading}
                  onClick={() => open(entry)}
                >
                  Open
                </button>
              </div>
            </li>
          );
        })}
      </ul>
    </Modal>
  );
}

/** The "Examples" button and the gallery it opens. */
export function ExamplesButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn btn-small" data-testid="examples" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Examples
      </button>
      {open ? <GalleryDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}
