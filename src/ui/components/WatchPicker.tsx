import { useId, useMemo, useState } from 'react';
import { TRACE_VARIABLES } from '../../core/experiment/types.ts';
import { traceColor, VARIABLE_DESCRIPTIONS, VARIABLE_LABELS } from '../plotTheme.ts';
import { useLabStore, WINDOWS_MS } from '../store.ts';

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

/** Networks this small list every neuron as a checkbox; larger ones list named neurons plus an "add" box. */
const LIST_ALL_UP_TO = 12;

/** Which neurons' traces are recorded and plotted, which variables, and how wide the time window is. */
export function WatchPicker() {
  const watch = useLabStore((s) => s.watch);
  const neurons = useLabStore((s) => s.experiment.neurons);
  const network = useLabStore((s) => s.network);
  const toggleNeuron = useLabStore((s) => s.toggleWatchedNeuron);
  const toggleVariable = useLabStore((s) => s.toggleWatchedVariable);
  const [adding, setAdding] = useState('');
  const [addMessage, setAddMessage] = useState<string | null>(null);
  const listId = useId();

  const candidates = useMemo(() => {
    const ids: string[] = [];
    const seen = new Set<string>();
    const add = (id: string): void => {
      if (!seen.has(id)) {
        seen.add(id);
        ids.push(id);
      }
    };
    if (network && network.neuronCount <= LIST_ALL_UP_TO) network.ids.forEach(add);
    neurons.forEach((n) => add(n.id));
    watch.neurons.forEach(add);
    return ids;
  }, [network, neurons, watch.neurons]);

  const labelOf = (id: string): string => {
    const n = neurons.find((x) => x.id === id);
    return n?.label && n.label !== id ? n.label : id;
  };

  const addNeuron = (): void => {
    const id = adding.trim();
    if (id === '') return;
    if (network && !network.ids.includes(id)) {
      setAddMessage(`No neuron "${id}" (try e.g. ${network.ids[0] ?? 'a neuron id'})`);
      return;
    }
    toggleNeuron(id, true);
    setAdding('');
    setAddMessage(null);
  };

  return (
    <div className="watch-picker">
      <fieldset className="checks">
        <legend>Traces of</legend>
        {candidates.map((id) => {
          const i = watch.neurons.indexOf(id);
          return (
            <label key={id} className="check">
              <input
                type="checkbox"
                checked={i >= 0}
                data-testid={`watch-neuron-${id}`}
                onChange={(e) => toggleNeuron(id, e.currentTarget.checked)}
              />
              <span className="swatch" style={{ background: i >= 0 ? traceColor(i) : 'transparent' }} aria-hidden="true" />
              {labelOf(id)}
            </label>
          );
        })}
        {network && network.neuronCount > LIST_ALL_UP_TO ? (
          <span className="add-neuron">
            <input
              type="text"
              list={listId}
              value={adding}
              placeholder="add neuron, e.g. E[5]"
              aria-label="Add a neuron to the traces"
              data-testid="watch-add"
              onChange={(e) => {
                setAdding(e.currentTarget.value);
                setAddMessage(null);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') addNeuron();
              }}
            />
            <button type="button" className="btn btn-small" onClick={addNeuron}>
              Add
            </button>
            <datalist id={listId}>
              {network.ids.slice(0, 2000).map((id) => (
                <option key={id} value={id} />
              ))}
            </datalist>
            {addMessage ? <span className="param-message" role="status">{addMessage}</span> : null}
          </span>
        ) : null}
      </fieldset>
      <fieldset className="checks">
        <legend>Variables</legend>
        {TRACE_VARIABLES.map((v) => (
          <label key={v} className="check" title={VARIABLE_DESCRIPTIONS[v]}>
            <input
              type="checkbox"
              checked={watch.variables.includes(v)}
              data-testid={`watch-var-${v}`}
              onChange={(e) => toggleVariable(v, e.currentTarget.checked)}
            />
            {VARIABLE_LABELS[v]}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
