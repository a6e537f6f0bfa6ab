import { useId, useMemo, useState } from 'react';
import { TRACE_VARIABLES } from '../../core/experiment/types.ts';
import { traceColor, VARIABLE_DESCRIPTIONS, VARIABLE_LABELS } from '../plotTheme.ts';
import { useLabStore, WINDOWS_MS } from '../store.ts';
import { RecordingNote, useLateVariable } from './RecordingNote.tsx';

/** Width of the plots' scrolling time window. */
export function TimeWindowSelect() {
  const windowMs = useLabStore((s) => s.windowMs);
  const setWindowMs = useLabStore((s) => s.setWindowMs);
  return (
    <label className="field inline">
      <span>Window</span>
      <select
        aria-label="Time window"
        data-testid="window"
        value={String(windowMs)}
        onChange={(e) => setWindowMs(Number(e.currentTarget.value))}
      >
        {WINDOWS_MS.includes(windowMs) ? null : (
          <option value={String(windowMs)}>the run ({windowMs} ms)</option>
        )}
        {WINDOWS_MS.map((ms) => (
          <option key={ms} value={String(ms)}>
            {ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Which neurons' traces are recorded and plotted, and which variables. */
export function WatchPicker() {
  const watch = useLabStore((s) => s.watch);
  const toggleVariable = useLabStore((s) => s.toggleWatchedVariable);
  const [late, noteToggle, clearLate] = useLateVariable();
  return (
    <div className="watch-picker">
      <NeuronPicker />
      <fieldset className="checks">
        <legend>Variables</legend>
        {TRACE_VARIABLES.map((v) => (
          <label key={v} className="check" title={VARIABLE_DESCRIPTIONS[v]}>
            <input
              type="checkbox"
              checked={watch.variables.includes(v)}
              data-testid={`watch-var-${v}`}
              onChange={(e) => {
                toggleVariable(v, e.currentTarget.checked);
                noteToggle(v, e.currentTarget.checked);
              }}
            />
            {VARIABLE_LABELS[v]}
          </label>
        ))}
      </fieldset>
      {late ? <RecordingNote late={late} onDone={clearLate} /> : null}
    </div>
  );
}

/** Options the list shows at once: a search narrows them, however large the network. */
const MAX_OPTIONS = 30;

/**
 * The neurons not yet traced that match `query` (in the id or the label, case-insensitive; matches
 * at the start first). With no query: the selected neuron first, then the named ones, then the rest
 * in order.
 */
export function neuronOptions(ids: readonly string[], labels: ReadonlyMap<string, string>, watched: readonly string[], selected: string | null, query: string, max = MAX_OPTIONS): string[] {
  const taken = new Set(watched);
  const q = query.trim().toLowerCase();
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (id: string): void => {
    if (out.length < max && !taken.has(id) && !seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  };
  if (q === '') {
    if (selected !== null && ids.includes(selected)) add(selected);
    for (const id of labels.keys()) add(id);
    for (const id of ids) {
      if (out.length >= max) break;
      add(id);
    }
    return out;
  }
  const later: string[] = [];
  for (const id of ids) {
    if (out.length >= max) break;
    const text = id.toLowerCase();
    const label = labels.get(id)?.toLowerCase() ?? '';
    if (text.startsWith(q) || label.startsWith(q)) add(id);
    else if (later.length < max && (text.includes(q) || label.includes(q))) later.push(id);
  }
  later.forEach(add);
  return out;
}

/**
 * "Traces of": the traced neurons as chips (each with a remove button) and a search box that lists
 * matching neurons to add (a combobox: arrow keys move, Enter adds, Escape closes). Works the same
 * for 3 neurons or a million.
 */
function NeuronPicker() {
  const watched = useLabStore((s) => s.watch.neurons);
  const neurons = useLabStore((s) => s.experiment.neurons);
  const network = useLabStore((s) => s.network);
  const selected = useLabStore((s) => s.selectedNeuronId);
  const toggleNeuron = useLabStore((s) => s.toggleWatchedNeuron);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const baseId = useId();
  const listId = `${baseId}-options`;
  const labelId = `${baseId}-label`;

  const ids = useMemo(() => network?.ids ?? neurons.map((n) => n.id), [network, neurons]);
  /** Single neurons' display names (a label when it says more than the id). */
  const labels = useMemo(() => new Map(neurons.map((n) => [n.id, n.label && n.label !== n.id ? n.label : n.id])), [neurons]);
  const labelOf = (id: string): string => labels.get(id) ?? id;
  const options = useMemo(() => (open ? neuronOptions(ids, labels, watched, selected, query) : []), [open, ids, labels, watched, selected, query]);
  const activeIndex = Math.min(active, options.length - 1);

  const add = (id: string): void => {
    toggleNeuron(id, true);
    setQuery('');
    setActive(0);
    setMessage(null);
  };
  const addTyped = (): void => {
    const typed = query.trim();
    if (activeIndex >= 0 && options[activeIndex] !== undefined) {
      add(options[activeIndex]);
    } else if (typed !== '' && ids.includes(typed)) {
      add(typed);
    } else if (typed !== '') {
      setMessage(watched.includes(typed) ? `${typed} is traced already` : `No neuron "${typed}" (try e.g. ${ids[0] ?? 'a neuron id'})`);
    }
  };

  return (
    <div className="neuron-picker" role="group" aria-labelledby={labelId}>
      <span id={labelId} className="picker-label">Traces of</span>
      <ul className="chips" aria-label="Traced neurons" data-testid="watch-chips">
        {watched.map((id, i) => (
          <li key={id} className="chip" data-testid={`watch-chip-${id}`}>
            <span className="swatch" style={{ background: traceColor(i) }} aria-hidden="true" />
            <span className="chip-label">{labelOf(id)}</span>
            <button type="button" className="chip-remove" aria-label={`Remove ${labelOf(id)} from the traces`} title="Remove from the traces" data-testid={`watch-remove-${id}`} onClick={() => toggleNeuron(id, false)}>
              {'\u00d7'}
            </button>
          </li>
        ))}
      </ul>
      <div className="combo">
        <input
          type="text"
          role="combobox"
          className="combo-input"
          value={query}
          placeholder={watched.length === 0 ? 'add a neuron\u2026' : 'add\u2026'}
          aria-label="Add a neuron to the traces (type to search)"
          aria-expanded={open && options.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && activeIndex >= 0 ? `${listId}-${activeIndex}` : undefined}
          autoComplete="off"
          spellCheck={false}
          data-testid="watch-add"
          onChange={(e) => {
            setQuery(e.currentTarget.value);
            setOpen(true);
            setActive(0);
            setMessage(null);
          }}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              if (!open) setOpen(true);
              else if (options.length > 0) setActive((activeIndex + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length);
            } else if (e.key === 'Enter') {
              e.preventDefault();
              addTyped();
            } else if (e.key === 'Escape' && (open || query !== '')) {
              // Handled here, so presentation mode and dialogs do not also act on it.
              e.preventDefault();
              e.stopPropagation();
              setOpen(false);
              setQuery('');
            }
          }}
        />
        <ul id={listId} role="listbox" aria-label="Neurons to add" className="combo-list" data-testid="watch-options" hidden={!open || options.length === 0}>
          {options.map((id, k) => (
            <li
              key={id}
              id={`${listId}-${k}`}
              role="option"
              aria-selected={k === activeIndex}
              className={`combo-option${k === activeIndex ? ' is-active' : ''}`}
              data-testid={`watch-option-${id}`}
              // Keeps the focus in the box (a blur would close the list before the click).
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(k)}
              onClick={() => add(id)}
            >
              {labelOf(id)}
              {labelOf(id) !== id ? <span className="muted"> {id}</span> : null}
              {id === selected ? <span className="muted"> (selected)</span> : null}
            </li>
          ))}
        </ul>
        {message ? <span className="param-message" role="status">{message}</span> : null}
      </div>
    </div>
  );
}
