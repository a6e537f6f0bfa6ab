import { useState, type ReactNode } from 'react';
import { GALLERY, type GalleryEntry, type GallerySize } from '../../core/experiment/gallery.ts';
import type { Experiment } from '../../core/experiment/types.ts';
import { useLabStore } from '../store.ts';
import { Modal } from './Modal.tsx';
import { PatternGrid } from './PatternGrid.tsx';

/** Names of the experiments, made once (make() builds a whole experiment). */
let entryNames: Map<string, string> | null = null;
function nameOf(entry: { id: string; title?: string; make: () => Experiment }, key = entry.id): string {
  entryNames ??= new Map(GALLERY.map((e) => [e.id, e.make().name]));
  let name = entryNames.get(key);
  if (name === undefined) {
    name = entry.make().name;
    entryNames.set(key, name);
  }
  return name;
}

const sizeKey = (entry: GalleryEntry, size: GallerySize) => `${entry.id}@${size.id}`;
const nameOfSize = (entry: GalleryEntry, size: GallerySize) => nameOf(size, sizeKey(entry, size));
const count = (n: number) => n.toLocaleString('en-US');
/** 1,000,000 -> "1 M", 10,000,000 -> "10 M" (synapse counts, which are round). */
const millions = (n: number) => (n >= 1e6 ? `${count(Math.round(n / 1e5) / 10)} M` : count(n));

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
  onOpen: (entry: { title: string; make: () => Experiment }) => void;
}) {
  const { entries, current, loading, testPrefix, onOpen } = props;
  return (
    <ul className="gallery-cards">
      {entries.map((entry) =>
        entry.sizes ? (
          <SizedCard key={entry.id} entry={entry} sizes={entry.sizes} current={current} loading={loading} testPrefix={testPrefix} onOpen={onOpen} />
        ) : (
          <Card key={entry.id} entry={entry} isCurrent={nameOf(entry) === current} loading={loading} testPrefix={testPrefix} onOpen={() => onOpen(entry)} />
        ),
      )}
    </ul>
  );
}

function Card(props: { entry: GalleryEntry; isCurrent: boolean; loading: boolean; testPrefix: string; onOpen: () => void; children?: ReactNode }) {
  const { entry, isCurrent, loading, testPrefix, onOpen, children } = props;
  return (
    <li className={`gallery-card${isCurrent ? ' is-current' : ''}`} data-testid={`${testPrefix}-card-${entry.id}`}>
      <h3 className="gallery-title">{entry.title}</h3>
      <p className="gallery-summary">{entry.summary}</p>
      {children}
      <div className="gallery-actions">
        {isCurrent ? <span className="gallery-badge">open now</span> : null}
        <button
          type="button"
          className="btn btn-small btn-primary"
          data-testid={`${testPrefix}-open-${entry.id}`}
          aria-label={`Open example: ${entry.title}`}
          disabled={loading}
          onClick={onOpen}
        >
          Open
        </button>
      </div>
    </li>
  );
}

/** A card with a choice of sizes (the 2003 network): the open size is preselected; Open builds the chosen one. */
function SizedCard(props: {
  entry: GalleryEntry;
  sizes: readonly GallerySize[];
  current: string;
  loading: boolean;
  testPrefix: string;
  onOpen: (entry: { title: string; make: () => Experiment }) => void;
}) {
  const { entry, sizes, current, loading, testPrefix, onOpen } = props;
  const openSize = sizes.find((size) => nameOfSize(entry, size) === current);
  const [chosen, setChosen] = useState<string>(openSize?.id ?? sizes[0].id);
  const size = sizes.find((x) => x.id === chosen) ?? sizes[0];
  return (
    <Card entry={entry} isCurrent={openSize !== undefined} loading={loading} testPrefix={testPrefix} onOpen={() => onOpen({ title: `${entry.title} (${count(size.neurons)} neurons)`, make: size.make })}>
      <fieldset className="gallery-sizes">
        <legend>Size</legend>
        {sizes.map((x) => (
          <label key={x.id} className="gallery-size" title={`${count(x.neurons)} neurons, ${x.wiring}: ${count(x.synapses)} synapses`}>
            <input
              type="radio"
              name={`${testPrefix}-${entry.id}-size`}
              value={x.id}
              checked={x.id === size.id}
              data-testid={`${testPrefix}-size-${entry.id}-${x.id}`}
              onChange={() => setChosen(x.id)}
            />
            <span className="gallery-size-neurons">{count(x.neurons)}</span>
            <span className="muted">{x.wiring} {'\u00b7'} {millions(x.synapses)} synapses</span>
          </label>
        ))}
      </fieldset>
    </Card>
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
