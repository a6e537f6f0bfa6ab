/**
 * The network editor's edits: each builds the next experiment with the pure structural edits of
 * core/experiment/structure.ts and hands it to the lab store's `change` (which validates it, records
 * one undo step and lets the running simulation continue with it), then updates the selection and
 * announces what happened.
 */
import { CELL_PRESETS } from '../../core/experiment/presets.ts';
import {
  addConnection,
  addSynapseType,
  checkNewNodeId,
  duplicateNeurons,
  freeId,
  moveNodes,
  nodeIds,
  removeConnections,
  removeNodes,
  removeProjections,
  renameNode,
} from '../../core/experiment/structure.ts';
import type { Experiment, NeuronSpec, SynapseTypeSpec } from '../../core/experiment/types.ts';
import { useLabStore } from '../store.ts';
import { synapseEffect, type NodeDecor, type Point } from './geometry.ts';
import { freeOffset, freeSpot, layoutNodes, pinLayout, type EdgeObstacle } from './placement.ts';
import { useNetworkSelection } from './selection.ts';
import { announce } from './status.ts';

/** The synapse type the editor creates when the experiment has none. */
export const DEFAULT_SYNAPSE_TYPE: SynapseTypeSpec = { id: 'AMPA', kind: 'expConductance', gbase: 0.5, tau: 5, erev: 0 };
/** New neurons' traces are shown while fewer than this many neurons are watched. */
const AUTO_WATCH_LIMIT = 4;

const RS = CELL_PRESETS.find((p) => p.name === 'RS')?.params ?? { a: 0.02, b: 0.2, c: -65, d: 8 };

/** A regular-spiking neuron at rest. */
export function newNeuron(id: string, position: Point): NeuronSpec {
  return { id, model: 'izhikevich2003', ...RS, v0: -70, role: 'excitatory', position: { x: Math.round(position.x), y: Math.round(position.y) } };
}

/** Applies a change through the lab store; announces and returns false when it was refused. */
function commit(next: Experiment, label: string, coalesce?: string): boolean {
  const store = useLabStore.getState();
  if (store.pendingExperiment) {
    announce('The experiment is still loading; try again in a moment.', 'warning');
    return false;
  }
  const problem = store.change(next, label, coalesce !== undefined ? { coalesce } : undefined);
  if (problem) {
    announce(`Could not ${label}: ${problem}`, 'warning');
    return false;
  }
  return true;
}

function list(ids: readonly string[]): string {
  if (ids.length <= 1) return ids.join('');
  return `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1]}`;
}

/**
 * Adds an RS neuron in the free space nearest `near`, clear of the other nodes and their labels (as
 * `decor` draws them) and the edges; returns its id and where it went (null when it could not be added).
 */
export function addNeuronNear(near: Point, decor?: ReadonlyMap<string, NodeDecor>, edges?: readonly EdgeObstacle[]): { id: string; at: Point } | null {
  // Nodes the diagram laid out keep their places once another node has one.
  const experiment = pinLayout(useLabStore.getState().experiment);
  const id = freeId(nodeIds(experiment), 'n');
  const at = freeSpot(layoutNodes(experiment), near, { id, kind: 'neuron' }, decor, edges);
  const neuron = newNeuron(id, at);
  let next: Experiment = { ...experiment, neurons: [...experiment.neurons, neuron] };
  const watch = experiment.recording.watch;
  if (watch.length < AUTO_WATCH_LIMIT) next = { ...next, recording: { ...next.recording, watch: [...watch, id] } };
  if (!commit(next, `add neuron ${id}`)) return null;
  useLabStore.getState().selectNeuron(id);
  useNetworkSelection.getState().selectOnly({ kind: 'node', id });
  announce(`Added neuron ${id}`);
  return { id, at };
}

/** Removes the selected nodes, connections and projections (and whatever refers to removed nodes). */
export function deleteSelected(): boolean {
  const selection = useNetworkSelection.getState();
  const { nodes, connections, projections } = selection;
  if (nodes.length + connections.length + projections.length === 0) {
    announce('Nothing is selected to delete.', 'warning');
    return false;
  }
  const experiment = useLabStore.getState().experiment;
  // Connections first: their indices refer to the experiment before anything else is removed.
  let next = removeConnections(experiment, connections);
  next = removeProjections(next, projections);
  next = removeNodes(next, nodes);
  const droppedConnections = experiment.connections.length - next.connections.length;
  const parts: string[] = [];
  if (nodes.length > 0) parts.push(list(nodes));
  if (droppedConnections > 0) parts.push(`${droppedConnections} synapse${droppedConnections === 1 ? '' : 's'}`);
  const droppedProjections = experiment.projections.length - next.projections.length;
  if (droppedProjections > 0) parts.push(`${droppedProjections} projection${droppedProjections === 1 ? '' : 's'}`);
  const what = parts.join(' and ');
  if (!commit(next, `delete ${what}`)) return false;
  selection.clear();
  announce(`Deleted ${what}`);
  return true;
}

/** Why `newId` cannot replace `oldId`, or null when it can (the same id is allowed: nothing changes). */
export function checkRename(experiment: Experiment, oldId: string, newId: string): string | null {
  if (newId === oldId) return null;
  return checkNewNodeId(experiment, newId);
}

/** Renames a neuron or population (and every reference to it); returns the problem, or null. */
export function renameSelectedNode(oldId: string, newId: string): string | null {
  const trimmed = newId.trim();
  const experiment = useLabStore.getState().experiment;
  const problem = checkRename(experiment, oldId, trimmed);
  if (problem) return problem;
  if (trimmed === oldId) return null;
  if (!commit(renameNode(experiment, oldId, trimmed), `rename ${oldId} to ${trimmed}`)) return 'the change was refused';
  const store = useLabStore.getState();
  if (experiment.neurons.some((n) => n.id === oldId)) store.selectNeuron(trimmed);
  else store.selectPopulation(trimmed);
  const selection = useNetworkSelection.getState();
  selection.setNodes(selection.nodes.map((id) => (id === oldId ? trimmed : id)), false);
  announce(`Renamed ${oldId} to ${trimmed}`);
  return null;
}

/**
 * Copies the selected single neurons with the synapses among them and their inputs, shifted as a
 * group to the nearest place clear of every node, edge and label; selects the copies.
 */
export function duplicateSelected(decor?: ReadonlyMap<string, NodeDecor>, edges?: readonly EdgeObstacle[]): string[] {
  const experiment = pinLayout(useLabStore.getState().experiment);
  const selected = useNetworkSelection.getState().nodes;
  const neurons = selected.filter((id) => experiment.neurons.some((n) => n.id === id));
  if (neurons.length === 0) {
    announce(
      selected.length > 0 ? 'Only single neurons can be duplicated (not populations).' : 'Select the neurons to duplicate first.',
      'warning',
    );
    return [];
  }
  const result = duplicateNeurons(experiment, neurons, freeOffset(layoutNodes(experiment), neurons, decor, edges));
  if (!commit(result.experiment, `duplicate ${list(neurons)}`)) return [];
  useNetworkSelection.getState().setNodes(result.ids, false);
  const last = result.ids[result.ids.length - 1];
  if (last) useLabStore.getState().selectNeuron(last);
  announce(`Duplicated ${list(neurons)} as ${list(result.ids)}`);
  return result.ids;
}

/** The synapse type new connections use: the chosen one if it exists, else the first excitatory one. */
export function connectionSynapseType(experiment: Experiment, chosen: string): SynapseTypeSpec | null {
  const types = experiment.synapseTypes;
  return (
    types.find((t) => t.id === chosen) ??
    types.find((t) => synapseEffect(t, 1) === 'excitatory') ??
    types[0] ??
    null
  );
}

/**
 * Connects two single neurons (or one to itself) with weight 1 and a 1 ms delay, through the synapse
 * type chosen in the toolbar (creating a default excitatory type when there is none). A population at
 * either end needs a projection, which this editor does not make.
 */
export function connectNodes(pre: string, post: string): boolean {
  const experiment = useLabStore.getState().experiment;
  const populations = new Set(experiment.populations.map((p) => p.id));
  useNetworkSelection.getState().setConnectFrom(null);
  if (populations.has(pre) || populations.has(post)) {
    announce(
      `${populations.has(post) ? post : pre} is a population: connections to or from a population are projections. ` +
        'Add them in the Projections panel.',
      'warning',
    );
    return false;
  }
  const chosen = useNetworkSelection.getState().synapseType;
  let next = experiment;
  let type = connectionSynapseType(experiment, chosen);
  if (!type) {
    type = DEFAULT_SYNAPSE_TYPE;
    next = addSynapseType(next, type);
  }
  const delay = Math.max(1, experiment.simulation.dt);
  next = addConnection(next, { pre, post, synapse: type.id, weight: 1, delay });
  const arrow = `${pre} \u2192 ${post}`;
  if (!commit(next, `connect ${arrow}`)) return false;
  const index = next.connections.length - 1;
  useLabStore.getState().selectConnection(index);
  useNetworkSelection.getState().selectOnly({ kind: 'connection', index });
  announce(`Connected ${arrow} (${type.id}${next.synapseTypes.length > experiment.synapseTypes.length ? ', a new excitatory synapse type' : ''})`);
  return true;
}

/** Where nodes now are; one drag (or a run of nudges) of the same nodes is one undo step. */
export function commitMove(positions: ReadonlyMap<string, Point>): boolean {
  if (positions.size === 0) return false;
  const ids = [...positions.keys()];
  const rounded = new Map([...positions].map(([id, p]) => [id, { x: Math.round(p.x), y: Math.round(p.y) }]));
  const experiment = pinLayout(useLabStore.getState().experiment);
  return commit(moveNodes(experiment, rounded), `move ${list(ids)}`, `move:${ids.join(',')}`);
}
