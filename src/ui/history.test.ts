import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Command } from '../worker/protocol.ts';
import { defaultExperiment } from '../core/experiment/examples.ts';
import { addNeuron, removeNodes } from '../core/experiment/structure.ts';
import { connectCommandSink, setInitialExperiment, useLabStore } from './store.ts';
import { encodeExperiment } from '../core/io/shareLink.ts';
import { serializeExperiment } from '../core/experiment/validate.ts';
import { AUTOSAVE_KEY, restoreExperiment } from './persistence.ts';

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

class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

const at = (hash: string) => ({ hash }) as Location;

describe('restoring work', () => {
  it('opens a share link first, then the autosave, then the default', async () => {
    const storage = new MemoryStorage();
    const saved = { ...defaultExperiment(), name: 'autosaved' };
    const linked = { ...defaultExperiment(), name: 'linked' };
    expect((await restoreExperiment(at(''), storage)).source).toBe('default');
    storage.setItem(AUTOSAVE_KEY, serializeExperiment(saved));
    expect(await restoreExperiment(at(''), storage)).toEqual({ experiment: saved, source: 'autosave' });
    const code = await encodeExperiment(linked);
    expect(await restoreExperiment(at(`#experiment=${code}`), storage)).toEqual({ experiment: linked, source: 'link' });
  });

  it('says why a damaged link or autosave was not used, and falls back', async () => {
    const storage = new MemoryStorage();
    storage.setItem(AUTOSAVE_KEY, '{"format": "spiking-lab/experiment", "version": 1');
    const restored = await restoreExperiment(at('#experiment=@@'), storage);
    expect(restored.source).toBe('default');
    expect(restored.problem).toContain('The shared link could not be opened: the link is damaged');
    expect(restored.problem).toContain('The autosaved experiment could not be restored: JSON syntax error');
  });
});
