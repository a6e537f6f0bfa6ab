/**
 * The network editor's own state: which nodes and edges are selected (several at once), the pointer
 * mode, a connection being made from the keyboard or by clicks, and the synapse type new connections
 * use. The lab store keeps the one neuron / connection / population / projection the side panels show.
 */
import { create } from 'zustand';
import type { Experiment } from '../../core/experiment/types.ts';

export type PointerMode = 'edit' | 'connect' | 'select';

export interface NetworkSelectionState {
  /** Selected neuron and population ids, in the order they were selected. */
  nodes: string[];
  /** Selected connections (indices into experiment.connections). */
  connections: number[];
  /** Selected projection ids. */
  projections: string[];
  mode: PointerMode;
  /** A connection being made: its source node, waiting for a target (key C, or a click in Connect mode). */
  connectFrom: string | null;
  /** Synapse type id for new connections ('' = the first suitable type). */
  synapseType: string;

  selectOnly(item: SelectionItem): void;
  toggle(item: SelectionItem): void;
  setNodes(ids: readonly string[], add: boolean): void;
  clear(): void;
  setMode(mode: PointerMode): void;
  setConnectFrom(id: string | null): void;
  setSynapseType(id: string): void;
  /** Drops what no longer exists after the experiment changed. */
  prune(experiment: Experiment): void;
}

export type SelectionItem =
  | { kind: 'node'; id: string }
  | { kind: 'connection'; index: number }
  | { kind: 'projection'; id: string };

const empty = { nodes: [] as string[], connections: [] as number[], projections: [] as string[] };

function toggled<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export const useNetworkSelection = create<NetworkSelectionState>()((set, get) => ({
  ...empty,
  mode: 'edit',
  connectFrom: null,
  synapseType: '',

  selectOnly(item) {
    if (item.kind === 'node') set({ ...empty, nodes: [item.id] });
    else if (item.kind === 'connection') set({ ...empty, connections: [item.index] });
    else set({ ...empty, projections: [item.id] });
  },
  toggle(item) {
    const s = get();
    if (item.kind === 'node') set({ nodes: toggled(s.nodes, item.id) });
    else if (item.kind === 'connection') set({ connections: toggled(s.connections, item.index) });
    else set({ projections: toggled(s.projections, item.id) });
  },
  setNodes(ids, add) {
    const s = get();
    if (add) set({ nodes: [...s.nodes, ...ids.filter((id) => !s.nodes.includes(id))] });
    else set({ ...empty, nodes: ids.slice() });
  },
  clear() {
    set({ ...empty, connectFrom: null });
  },
  setMode(mode) {
    set({ mode, connectFrom: null });
  },
  setConnectFrom(id) {
    set({ connectFrom: id });
  },
  setSynapseType(id) {
    set({ synapseType: id });
  },
  prune(experiment) {
    const s = get();
    const ids = new Set([...experiment.neurons.map((n) => n.id), ...experiment.populations.map((p) => p.id)]);
    const projections = new Set(experiment.projections.map((p) => p.id));
    const nodes = s.nodes.filter((id) => ids.has(id));
    const connections = s.connections.filter((k) => k < experiment.connections.length);
    const kept = s.projections.filter((id) => projections.has(id));
    const connectFrom = s.connectFrom !== null && ids.has(s.connectFrom) ? s.connectFrom : null;
    if (
      nodes.length !== s.nodes.length ||
      connections.length !== s.connections.length ||
      kept.length !== s.projections.length ||
      connectFrom !== s.connectFrom
    ) {
      set({ nodes, connections, projections: kept, connectFrom });
    }
  },
}));

/** True when the item is selected. */
export function isSelected(s: Pick<NetworkSelectionState, 'nodes' | 'connections' | 'projections'>, item: SelectionItem): boolean {
  if (item.kind === 'node') return s.nodes.includes(item.id);
  if (item.kind === 'connection') return s.connections.includes(item.index);
  return s.projections.includes(item.id);
}
