import { useState } from 'react';
import { GALLERY, type GalleryEntry } from '../../core/experiment/gallery.ts';
import type { Experiment } from '../../core/experiment/types.ts';
import { useLabStore } from '../store.ts';
import { Modal } from './Modal.tsx';
import { PatternGrid } from './PatternGrid.tsx';

/** Names of the experiments, made once (make() builds a whole experiment). */
let entryNames: Map<string, string> | null = null;
function nameOf(entry: GalleryEntry): string {
  entryNames ??= new Map(GALLERY.map((e) => [e.id, e.make().name]));
  return entryNames.get(entry.id) ?? entry.title;
}

function GalleryDialog({ onClose }: { onClose: () => void }) {
  const current = useLabStore((s) => (s.pendingExperiment ?? s.experiment).name);
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const open = (entry: { title: string; make: () => Experiment }): void => {
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
      <GalleryCards entries={GALLERY} current={current} loading={loading} testPrefix="gallery" onOpen={open} />
      <h3 className="gallery-section">Firing patterns (Izhikevich 2004, Fig. 1)</h3>
      <p className="muted note">
        One neuron each, with the paper's a, b, c, d, step and input; each thumbnail is its run, computed here: v above, the
        input below. Open one, then move a slider and watch the behaviour turn into another.
      </p>
      <PatternGrid current={current} loading={loading} onOpen={open} />
    </Modal>
  );
}

function GalleryCards(props: {
  entries: readonly GalleryEntry[];
  current: string;
  loading: boolean;
  testPrefix: string;
  onOpen: (entry: GalleryEntry) => void;
}) {
  const { entries, current, loading, testPrefix, onOpen } = props;
  return (
    <ul className="gallery-cards">
      {entries.map((entry) => {
          const isCurrent = nameOf(entry) === current;
          return (
            <li key={entry.id} className={`gallery-card${isCurrent ? ' is-current' : ''}`} data-testid={`${testPrefix}-card-${entry.id}`}>
              <h3 className="gallery-title">{entry.title}</h3>
              <p className="gallery-summary">{entry.summary}</p>
              <div className="gallery-actions">
                {isCurrent ? <span className="gallery-badge">open now</span> : null}
                <button
                  type="button"
                  className="btn btn-small btn-primary"
                  data-testid={`${testPrefix}-open-${entry.id}`}
                  aria-label={`Open example: ${entry.title}`}
                  disabled={loading}
                  onClick={() => onOpen(entry)}
                >
                  Open
                </button>
              </div>
            </li>
          );
        })}
      </ul>
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
