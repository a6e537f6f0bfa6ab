import { describe, expect, it } from 'vitest';
import { defaultExperiment, izhikevich2003Network } from '../core/experiment/examples.ts';
import { SimulationHost } from '../worker/host.ts';
import type { Command, WorkerEvent } from '../worker/protocol.ts';
import { connectCommandSink, useLabStore } from './store.ts';

/**
 * The store wired to a real host, messages going both ways as tasks (as between page and Worker), on a
 * fake clock that moves 5 ms each time the host reads it, so a big build takes several slices.
 */
function lab() {
  let now = 0;
  const tasks: { at: number; task: () => void }[] = [];
  const later = (task: () => void, delayMs = 0) => tasks.push({ at: now + delayMs, task });
  const host = new SimulationHost({
    post: (event: WorkerEvent) => later(() => useLabStore.getState().handleWorkerEvent(event)),
    now: () => (now += 5),
    schedule: (task, delayMs) => later(task, Math.max(0, delayMs)),
  });
  connectCommandSink((command: Command) => later(() => host.handle(command)));
  const runUntil = (done: () => boolean) => {
    for (let k = 0; k < 100_000 && !done(); k++) {
      tasks.sort((a, b) => a.at - b.at);
      const next = tasks.shift();
      if (!next) break;
      now = Math.max(now, next.at);
      next.task();
    }
  };
  return { runUntil, store: useLabStore.getState };
}

describe('store: building with progress and Cancel', () => {
  it('shows a big build\'s progress; Cancel keeps the experiment loaded and puts the one being built in Redo', () => {
    const { runUntil, store } = lab();
    store().loadExperiment(defaultExperiment());
    runUntil(() => store().network?.neuronCount === 3);
    expect(store().build).toBeNull();

    store().loadExperiment(izhikevich2003Network(20_000, 50), 'open example Izhikevich 2003');
    expect(store().pendingExperiment?.name).toBe('Izhikevich 2003 network (20,000 neurons, 50 inputs each)');
    runUntil(() => (store().build?.fraction ?? 0) > 0.1);
    const build = store().build;
    expect(build?.stage).toMatch(/^Synapses of projection|^Neurons/);
    expect(build?.cancelling).toBe(false);
    store().cancelBuild();
    expect(store().build?.cancelling).toBe(true);
    runUntil(() => store().build === null);

    expect(store().pendingExperiment).toBeNull();
    expect(store().experiment.name).toBe('Excite one, inhibit another');
    expect(store().network?.neuronCount).toBe(3);
    expect(store().buildNotice).toBe(
      'Building \u201cIzhikevich 2003 network (20,000 neurons, 50 inputs each)\u201d was cancelled; \u201cExcite one, inhibit another\u201d is still loaded. Redo builds it again.',
    );
    expect(store().past.map((e) => e.label)).not.toContain('open example Izhikevich 2003');
    expect(store().future.map((e) => e.experiment.name)).toEqual(['Izhikevich 2003 network (20,000 neurons, 50 inputs each)']);
    // The old experiment still runs.
    store().step(100);
    runUntil(() => store().status.time === 100 && store().status.state === 'paused');
    expect(store().status.time).toBe(100);

    // Redo builds the cancelled one after all.
    store().redo();
    runUntil(() => store().network?.neuronCount === 20_000);
    expect(store().experiment.name).toBe('Izhikevich 2003 network (20,000 neurons, 50 inputs each)');
    expect(store().build).toBeNull();
    expect(store().lastError).toBeNull();
  });

  it('a cancelled edit that made the network big goes back to the experiment that runs, and Redo has the edit', () => {
    const { runUntil, store } = lab();
    store().loadExperiment(izhikevich2003Network(1000, 100));
    runUntil(() => store().network?.neuronCount === 1000);
    const before = store().experiment;
    const bigger = { ...before, populations: before.populations.map((p) => ({ ...p, size: p.size * 20 })) };
    expect(store().change(bigger, 'size of E and I')).toBeNull();
    expect(store().experiment.populations.map((p) => p.size)).toEqual([16_000, 4000]);
    runUntil(() => store().build !== null);
    store().cancelBuild();
    runUntil(() => store().build === null);
    expect(store().experiment).toBe(before);
    expect(store().network?.neuronCount).toBe(1000);
    expect(store().future.map((e) => e.experiment.populations.map((p) => p.size))).toEqual([[16_000, 4000]]);
    expect(store().buildNotice).toMatch(/was cancelled; .* is still loaded/);
    expect(store().lastError).toBeNull();
  });
});
