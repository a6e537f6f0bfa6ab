import { beforeEach, describe, expect, it } from 'vitest';
import { defaultExperiment, izhikevich2003Network } from '../../core/experiment/examples.ts';
import { connectCommandSink, useLabStore } from '../store.ts';
import {
  addNeuronNear,
  commitMove,
  connectNodes,
  deleteSelected,
  duplicateSelected,
  renameSelectedNode,
} from './commands.ts';
import { layoutNodes } from './placement.ts';
import { useNetworkSelection } from './selection.ts';
import { useNetworkStatus } from './status.ts';

beforeEach(() => {
  connectCommandSink(() => undefined);
  useLabStore.setState({ experiment: defaultExperiment(), pendingExperiment: null, lastError: null, past: [], future: [] });
  useNetworkSelection.setState({ nodes: [], connections: [], projections: [], mode: 'edit', connectFrom: null, synapseType: '' });
});

const lab = () => useLabStore.getState();
const status = () => useNetworkStatus.getState().message;

describe('network editor commands', () => {
  it('adds an RS neuron at rest where asked when the spot is free, selects it and announces it', () => {
    expect(addNeuronNear({ x: 500.4, y: -20.6 })).toEqual({ id: 'n1', at: { x: 500, y: -21 } });
    const neuron = lab().experiment.neurons.find((n) => n.id === 'n1');
    expect(neuron).toMatchObject({ a: 0.02, b: 0.2, c: -65, d: 8, v0: -70, position: { x: 500, y: -21 } });
    expect(lab().selectedNeuronId).toBe('n1');
    expect(useNetworkSelection.getState().nodes).toEqual(['n1']);
    expect(status()).toBe('Added neuron n1');
    expect(lab().past.at(-1)?.label).toBe('add neuron n1');
  });

  it('connects two neurons with weight 1 and a 1 ms delay through the chosen synapse type', () => {
    useNetworkSelection.getState().setSynapseType('GABA');
    expect(connectNodes('follower', 'pacer')).toBe(true);
    expect(lab().experiment.connections.at(-1)).toEqual({ pre: 'follower', post: 'pacer', synapse: 'GABA', weight: 1, delay: 1 });
    expect(lab().selectedConnectionIndex).toBe(2);
    expect(status()).toContain('Connected follower \u2192 pacer');
  });

  it('creates a default excitatory synapse type when there is none, in the same undo step', () => {
    const exp = defaultExperiment();
    exp.synapseTypes = [];
    exp.connections = [];
    useLabStore.setState({ experiment: exp });
    expect(connectNodes('driver', 'driver')).toBe(true);
    expect(lab().experiment.synapseTypes).toEqual([{ id: 'AMPA', kind: 'expConductance', gbase: 0.5, tau: 5, erev: 0 }]);
    expect(lab().experiment.connections).toEqual([{ pre: 'driver', post: 'driver', synapse: 'AMPA', weight: 1, delay: 1 }]);
    lab().undo();
    expect(lab().experiment.synapseTypes).toEqual([]);
  });

  it('leaves connections to populations to the projection editor', () => {
    const exp = izhikevich2003Network();
    useLabStore.setState({ experiment: exp });
    expect(connectNodes('E', 'I')).toBe(false);
    expect(lab().experiment).toBe(exp);
    expect(status()).toMatch(/projection/i);
  });

  it('deletes selected nodes, connections and what refers to them', () => {
    useNetworkSelection.setState({ nodes: ['pacer'], connections: [0] });
    expect(deleteSelected()).toBe(true);
    const exp = lab().experiment;
    expect(exp.neurons.map((n) => n.id)).toEqual(['driver', 'follower']);
    expect(exp.connections).toEqual([]);
    expect(exp.inputs.map((i) => i.id)).toEqual(['step', 'follower-noise']);
    expect(status()).toBe('Deleted pacer and 2 synapses');
    expect(useNetworkSelection.getState().nodes).toEqual([]);
  });

  it('renames with validation', () => {
    expect(renameSelectedNode('driver', 'pacer')).toMatch(/already taken/);
    expect(renameSelectedNode('driver', '9x')).toMatch(/not a valid id/);
    expect(renameSelectedNode('driver', 'src')).toBeNull();
    expect(lab().experiment.connections.map((c) => c.pre)).toEqual(['src', 'src']);
    expect(lab().selectedNeuronId).toBe('src');
  });

  it('duplicates the selected neurons and selects the copies', () => {
    useNetworkSelection.setState({ nodes: ['driver', 'follower'] });
    expect(duplicateSelected()).toEqual(['driver_copy1', 'follower_copy1']);
    expect(lab().experiment.connections.at(-1)).toMatchObject({ pre: 'driver_copy1', post: 'follower_copy1' });
    expect(useNetworkSelection.getState().nodes).toEqual(['driver_copy1', 'follower_copy1']);
  });

  it('a drag and the nudges after it are one undo step', () => {
    commitMove(new Map([['driver', { x: 5, y: 5 }]]));
    commitMove(new Map([['driver', { x: 15, y: 5 }]]));
    expect(lab().experiment.neurons[0].position).toEqual({ x: 15, y: 5 });
    expect(lab().past).toHaveLength(1);
    lab().undo();
    expect(lab().experiment.neurons[0].position).toEqual({ x: 0, y: 0 });
  });

  it('adding to a network laid out by the diagram keeps its nodes where they were drawn, and keeps off them', () => {
    const exp = defaultExperiment();
    exp.neurons = exp.neurons.map(({ position: _p, ...n }) => n);
    useLabStore.setState({ experiment: exp });
    const drawn = layoutNodes(exp).map((n) => [n.id, n.x, n.y]);
    const added = addNeuronNear({ x: drawn[0][1] as number, y: drawn[0][2] as number });
    expect(added?.id).toBe('n1');
    const after = lab().experiment;
    expect(after.neurons.slice(0, 3).map((n) => [n.id, n.position?.x, n.position?.y])).toEqual(drawn);
    expect(added && Math.hypot(added.at.x - (drawn[0][1] as number), added.at.y - (drawn[0][2] as number))).toBeGreaterThan(60);
    // Undo goes back to the file as it was, without positions.
    lab().undo();
    expect(lab().experiment.neurons.every((n) => n.position === undefined)).toBe(true);
  });

  it('duplicates beside the originals, not on them', () => {
    useNetworkSelection.setState({ nodes: ['driver'] });
    expect(duplicateSelected()).toEqual(['driver_copy1']);
    const copy = lab().experiment.neurons.find((n) => n.id === 'driver_copy1');
    expect(copy?.position && Math.hypot(copy.position.x, copy.position.y)).toBeGreaterThan(80);
  });
});
