import { describe, expect, it } from 'vitest';
import { defaultExperiment, izhikevich2003Network } from './examples.ts';
import {
  checkNewNodeId,
  duplicateNeurons,
  freeId,
  nodeIds,
  removeNodes,
  renameNode,
  removeSynapseType,
  updatePopulation,
} from './structure.ts';
import { validateExperiment } from './validate.ts';

const valid = (e: ReturnType<typeof defaultExperiment>) => expect(validateExperiment(e)).toEqual({ ok: true, experiment: e });

describe('structural edits', () => {
  it('removing a neuron removes its connections, inputs and traces', () => {
    const e = removeNodes(defaultExperiment(), ['driver']);
    expect(e.neurons.map((n) => n.id)).toEqual(['follower', 'pacer']);
    expect(e.connections).toEqual([]);
    expect(e.inputs.map((i) => i.id)).toEqual(['pacer-drive', 'follower-noise']);
    expect(e.recording.watch).toEqual(['follower', 'pacer']);
    valid(e);
  });

  it('renaming updates every reference, including population members', () => {
    const e = renameNode(defaultExperiment(), 'driver', 'source');
    expect(e.connections.map((c) => c.pre)).toEqual(['source', 'source']);
    expect(e.inputs[0].target).toBe('source');
    expect(e.recording.watch[0]).toBe('source');
    valid(e);
    const net = renameNode(izhikevich2003Network(), 'E', 'Exc');
    expect(net.projections.map((p) => `${p.pre}>${p.post}`)).toEqual(['Exc>Exc', 'Exc>I', 'I>Exc', 'I>I']);
    expect(net.recording.watch).toEqual(['Exc[0]', 'I[0]']);
    valid(net);
    expect(checkNewNodeId(e, 'pacer')).toBe('the id "pacer" is already taken');
    expect(checkNewNodeId(e, '9lives')).toMatch(/not a valid id/);
    expect(checkNewNodeId(e, 'n1')).toBeNull();
  });

  it('duplicating copies neurons with the connections among them and their inputs', () => {
    const { experiment: e, ids } = duplicateNeurons(defaultExperiment(), ['driver', 'follower']);
    expect(ids).toEqual(['driver_copy1', 'follower_copy1']);
    expect(e.connections.slice(2)).toEqual([{ pre: 'driver_copy1', post: 'follower_copy1', synapse: 'AMPA', weight: 1, delay: 2 }]);
    expect(e.inputs.slice(3).map((i) => `${i.id}>${i.target}`)).toEqual(['step_copy1>driver_copy1', 'follower-noise_copy1>follower_copy1']);
    expect(e.neurons[3].position).toEqual({ x: 40, y: 40 });
    valid(e);
  });

  it('shrinking a population drops references past its new end', () => {
    const e = updatePopulation(izhikevich2003Network(), 'I', { size: 0 + 100 });
    valid(e);
    const watched = { ...izhikevich2003Network(), recording: { watch: ['I[150]', 'I[3]'], variables: ['v' as const] } };
    expect(updatePopulation(watched, 'I', { size: 100 }).recording.watch).toEqual(['I[3]']);
  });

  it('removing a synapse type removes what uses it; free ids count up', () => {
    const e = removeSynapseType(defaultExperiment(), 'GABA');
    expect(e.connections.map((c) => c.synapse)).toEqual(['AMPA']);
    valid(e);
    expect(freeId(nodeIds(defaultExperiment()), 'n')).toBe('n1');
    expect(freeId(new Set(['n1', 'n2']), 'n7')).toBe('n3');
  });
});

describe('layout-only edits', () => {
  it('tells a move from a change the simulation sees', async () => {
    const { moveNodes, updateNeuron, differsOnlyInLayout } = await import('./structure.ts');
    const e = defaultExperiment();
    expect(differsOnlyInLayout(e, moveNodes(e, new Map([['driver', { x: 5, y: 6 }]])))).toBe(true);
    expect(differsOnlyInLayout(e, updateNeuron(e, 'driver', { a: 0.03 }))).toBe(false);
    expect(differsOnlyInLayout(e, { ...e, connections: [] })).toBe(false);
  });
});
