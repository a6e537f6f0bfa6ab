import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Command } from '../worker/protocol.ts';
import { defaultExperiment } from '../core/experiment/examples.ts';
import { addNeuron, removeNodes } from '../core/experiment/structure.ts';
import { connectCommandSink, setInitialExperiment, useLabStore } from './store.ts';

let sent: Command[] = [];
beforeEach(() => {
  sent = [];
  setInitialExperiment(defaultExperiment());
  connectCommandSink((c) => sent.push(c));
});
afterEach(() => connectCommandSink(null));

const store = () => useLabStore.getState();

describe('undo and redo', () => {
  it('undoes and redoes a structural change, continuing the run each time', () => {
    const before = store().experiment;
    const added = addNeuron(before, { id: 'extra', model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -70 });
    expect(store().change(added, 'add neuron extra')).toBeNull();
    expect(store().experiment.neurons.map((n) => n.id)).toContain('extra');
    expect(sent[0]).toEqual({ type: 'load', experiment: store().experiment, continueRun: true });
    expect(store().past.map((p) => p.label)).toEqual(['add neuron extra']);
    store().undo();
    expect(store().experiment).toBe(before);
    expect(store().future.map((p) => p.label)).toEqual(['add neuron extra']);
    store().redo();
    expect(store().experiment.neurons.map((n) => n.id)).toContain('extra');
    expect(sent.filter((c) => c.type === 'load').every((c) => c.type === 'load' && c.continueRun === true)).toBe(true);
  });

  it('refuses an invalid change with the validator message and records nothing', () => {
    const broken = { ...store().experiment, connections: [{ pre: 'driver', post: 'ghost', synapse: 'AMPA', weight: 1, delay: 1 }] };
    expect(store().change(broken, 'connect')).toBe('connections[0].post: unknown neuron "ghost"');
    expect(store().past).toEqual([]);
    expect(sent).toEqual([]);
  });

  it('merges one slider drag into one undo step, and a new change clears the redo list', () => {
    const original = store().experiment;
    for (const value of [0.03, 0.04, 0.05]) store().edit({ kind: 'neuron', neuron: 'driver', param: 'a', value });
    expect(store().past).toHaveLength(1);
    expect(store().experiment.neurons[0].a).toBe(0.05);
    store().edit({ kind: 'neuron', neuron: 'driver', param: 'b', value: 0.25 });
    expect(store().past).toHaveLength(2);
    store().undo();
    store().undo();
    expect(store().experiment).toBe(original);
    expect(store().future).toHaveLength(2);
    store().change(removeNodes(store().experiment, ['pacer']), 'delete pacer');
    expect(store().future).toEqual([]);
  });
});
