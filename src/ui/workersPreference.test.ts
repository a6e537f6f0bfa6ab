import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Command } from '../worker/protocol.ts';
import { connectCommandSink, useLabStore } from './store.ts';
import { readWorkersChoice } from './workersPreference.ts';

/** A Storage in memory, as the browser's localStorage. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

let sent: Command[] = [];
beforeEach(() => {
  vi.stubGlobal('localStorage', memoryStorage());
  sent = [];
  connectCommandSink((c) => sent.push(c));
});
afterEach(() => {
  vi.unstubAllGlobals();
  useLabStore.setState({ workers: 'auto' });
});

describe('the Workers choice', () => {
  it('is kept in this browser and tells the Worker, which moves the run itself (no load from t = 0)', () => {
    expect(readWorkersChoice()).toBe('auto');
    useLabStore.getState().setWorkers(2);
    expect(useLabStore.getState().workers).toBe(2);
    expect(readWorkersChoice()).toBe(2);
    expect(sent).toEqual([{ type: 'workers', workers: 2 }]);
    // Not part of the experiment file.
    expect(JSON.stringify(useLabStore.getState().experiment)).not.toContain('workers');
    useLabStore.getState().setWorkers(1);
    expect(readWorkersChoice()).toBe(1);
  });

  it('keeps any number of Workers it offers, and reads anything else stored as Auto', () => {
    useLabStore.getState().setWorkers(4);
    expect(readWorkersChoice()).toBe(4);
    for (const stored of ['three', '9', '0', '2.5']) {
      localStorage.setItem('spiking-lab/workers', stored);
      expect(readWorkersChoice()).toBe('auto');
    }
  });
});
