/**
 * The network editor's toolbar: add, connect and box-select modes, the synapse type for new
 * connections, rename (an inline field), duplicate, delete and fit.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { SynapseTypeSpec } from '../../core/experiment/types.ts';
import { useLabStore } from '../store.ts';
import { DEFAULT_SYNAPSE_TYPE, checkRename, connectionSynapseType, renameSelectedNode } from './commands.ts';
import { synapseEffect } from './geometry.ts';
import { useNetworkSelection } from './selection.ts';

export interface RenameRequest {
  id: string;
  /** Bumped to reopen the field for the same id. */
  seq: number;
}

export interface NetworkToolbarProps {
  onAdd(): void;
  onDelete(): void;
  onDuplicate(): void;
  onFit(): void;
  /** Ask the toolbar to open the rename field (F2, or the button). */
  rename: RenameRequest | null;
  onRenameStart(): void;
  /** The rename field closed: renamed to `newId` (or null when cancelled). */
  onRenameDone(oldId: string, newId: string | null): void;
}

function RenameField({ id, onDone }: { id: string; onDone(newId: string | null): void }) {
  const experiment = useLabStore((s) => s.experiment);
  const [draft, setDraft] = useState(id);
  const [problem, setProblem] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const messageId = useId();
  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);
  const apply = (): void => {
    const next = draft.trim();
    const why = checkRename(experiment, id, next) ?? renameSelectedNode(id, next);
    if (why) {
      setProblem(why);
      inputRef.current?.focus();
      return;
    }
    onDone(next === id ? null : next);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') {
      e.preventDefault();
      apply();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onDone(null);
    }
  };
  return (
    <span className="net-rename" role="group" aria-label={`Rename ${id}`}>
      <label className="field inline">
        <span>Rename {id} to</span>
        <input
          ref={inputRef}
          type="text"
          data-testid="rename-input"
          value={draft}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? messageId : undefined}
          onChange={(e) => {
            setDraft(e.currentTarget.value);
            const next = e.currentTarget.value.trim();
            setProblem(next === '' ? null : checkRename(experiment, id, next));
          }}
          onKeyDown={onKeyDown}
        />
      </label>
      <button type="button" className="btn btn-small" data-testid="rename-apply" onClick={apply}>
        Apply
      </button>
      <button type="button" className="btn btn-small" data-testid="rename-cancel" onClick={() => onDone(null)}>
        Cancel
      </button>
      {problem ? (
        <span id={messageId} className="net-rename-problem" role="alert" data-testid="rename-message">
          {problem}
        </span>
      ) : null}
    </span>
  );
}

/** What a synapse type does, for the select: "excitatory", "inhibitory", or "current" (sign of the weight). */
function typeNote(t: SynapseTypeSpec): string {
  return t.kind === 'current' ? 'current' : synapseEffect(t, 1);
}

export function NetworkToolbar(props: NetworkToolbarProps) {
  const { onAdd, onDelete, onDuplicate, onFit, rename, onRenameStart, onRenameDone } = props;
  const experiment = useLabStore((s) => s.experiment);
  const loading = useLabStore((s) => s.pendingExperiment !== null);
  const mode = useNetworkSelection((s) => s.mode);
  const setMode = useNetworkSelection((s) => s.setMode);
  const nodes = useNetworkSelection((s) => s.nodes);
  const edgeCount = useNetworkSelection((s) => s.connections.length + s.projections.length);
  const chosenType = useNetworkSelection((s) => s.synapseType);
  const setSynapseType = useNetworkSelection((s) => s.setSynapseType);
  const types = experiment.synapseTypes;
  const current = connectionSynapseType(experiment, chosenType);
  const neuronsSelected = nodes.filter((id) => experiment.neurons.some((n) => n.id === id)).length;

  return (
    <div className="net-toolbar" role="toolbar" aria-label="Network editing">
      <button type="button" className="btn btn-small" data-testid="add-neuron" disabled={loading} onClick={onAdd} title="Add a regular-spiking neuron (N, or double-click the diagram)">
        Add neuron
      </button>
      <button
        type="button"
        className={`btn btn-small net-toggle${mode === 'connect' ? ' is-on' : ''}`}
        data-testid="connect-mode"
        aria-pressed={mode === 'connect'}
        title="Connect mode: drag from one neuron to another, or click the source and then the target (C, then Enter, from the keyboard)"
        onClick={() => setMode(mode === 'connect' ? 'edit' : 'connect')}
      >
        Connect
      </button>
      <button
        type="button"
        className={`btn btn-small net-toggle${mode === 'select' ? ' is-on' : ''}`}
        data-testid="select-mode"
        aria-pressed={mode === 'select'}
        title="Box select: drag on empty space to select several nodes (or hold Shift while dragging)"
        onClick={() => setMode(mode === 'select' ? 'edit' : 'select')}
      >
        Box select
      </button>
      <label className="field inline net-synapse-type">
        <span>Synapse</span>
        <select
          data-testid="synapse-type-select"
          aria-label="Synapse type for new connections"
          value={current?.id ?? ''}
          onChange={(e) => setSynapseType(e.currentTarget.value)}
        >
          {types.length === 0 ? (
            <option value="">{DEFAULT_SYNAPSE_TYPE.id} (new, excitatory)</option>
          ) : (
            types.map((t) => (
              <option key={t.id} value={t.id}>
                {t.id} ({typeNote(t)})
              </option>
            ))
          )}
        </select>
      </label>
      <span className="net-toolbar-sep" aria-hidden="true" />
      <span className="net-rename-anchor">
        <button
          type="button"
          className="btn btn-small"
          data-testid="rename-selected"
          disabled={(nodes.length !== 1 && !rename) || loading}
          aria-expanded={rename !== null}
          title="Rename the selected neuron or population (F2)"
          onClick={() => (rename ? onRenameDone(rename.id, null) : onRenameStart())}
        >
          Rename
        </button>
        {rename ? <RenameField key={`${rename.id}:${rename.seq}`} id={rename.id} onDone={(newId) => onRenameDone(rename.id, newId)} /> : null}
      </span>
      <button
        type="button"
        className="btn btn-small"
        data-testid="duplicate-selected"
        disabled={neuronsSelected === 0 || loading}
        title="Duplicate the selected neurons with the synapses among them (Ctrl+D)"
        onClick={onDuplicate}
      >
        Duplicate
      </button>
      <button
        type="button"
        className="btn btn-small"
        data-testid="delete-selected"
        disabled={nodes.length + edgeCount === 0 || loading}
        title="Delete the selected nodes and synapses (Delete)"
        onClick={onDelete}
      >
        Delete
      </button>
      <button type="button" className="btn btn-small net-fit" data-testid="fit-view" aria-label="Fit the diagram to the view" title="Fit the diagram to the view (F)" onClick={onFit}>
        Fit
      </button>
    </div>
  );
}
