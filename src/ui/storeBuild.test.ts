import { describe, expect, it, vi } from 'vitest';
import { defaultExperiment, izhikevich2003Network } from '../core/experiment/examples.ts';
import { SimulationHost } from '../worker/host.ts';
import type { Command, WorkerEvent } from '../worker/protocol.ts';
import * as labStore from './store.ts';

/**
 * The store wired to a real host, messages going both ways as tasks (as between page and Worker), on a
 * fake clock that moves 5 ms each time the host reads it, so a big build takes several slices.
 */
function lab({ connectCommandSink, useLabStore }: typeof labStore = labStore) {
  let now = 0;
  let msPerRead = 5;
  const tasks: { at: number; task: () => void }[] = [];
  const later = (task: () => void, delayMs = 0) => tasks.push({ at: now + delayMs, task });
  const host = new SimulationHost({
    post: (event: WorkerEvent) => later(() => useLabStore.getState().handleWorkerEvent(event)),
    now: () => (now += msPerRead),
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
  /** Sets how far the clock moves at each reading (0: every build takes one slice, as a tiny one does). */
  const pace = (ms: number) => {
    msPerRead = ms;
  };
  return { runUntil, pace, store: useLabStore.getState };
}

/** A store as the page has it before its first load (the module afresh). */
async function freshStore(): Promise<typeof labStore> {
  vi.resetModules();
  return import('./store.ts');
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

  it('Cancel on the lab\'s first build (a big network from a link or the autosave) opens the starter experiment; Redo builds the other', async () => {
    const fresh = await freshStore();
    const { runUntil, pace, store } = lab(fresh);
    const big = izhikevich2003Network(20_000, 50);
    // As main.tsx and the simulation client start the lab with a restored experiment.
    fresh.setInitialExperiment(big);
    store().loadExperiment(store().experiment);
    runUntil(() => (store().build?.fraction ?? 0) > 0.1);
    expect(store().network).toBeNull();
    store().cancelBuild();
    runUntil(() => store().build === null);
    // A slice running long (a collection after the big build's arrays are let go) has the starter's three
    // neurons build in more than one slice, sending progress: the notice stays.
    pace(10);
    runUntil(() => store().network !== null);

    expect(store().network?.neuronCount).toBe(3);
    expect(store().experiment.name).toBe('Excite one, inhibit another');
    expect(store().pendingExperiment).toBeNull();
    expect(store().build).toBeNull();
    expect(store().buildNotice).toBe(
      'Building \u201cIzhikevich 2003 network (20,000 neurons, 50 inputs each)\u201d was cancelled before anything ran, so the starter ' +
        'experiment \u201cExcite one, inhibit another\u201d is open instead. Redo builds \u201cIzhikevich 2003 network (20,000 neurons, 50 inputs each)\u201d again.',
    );
    expect(store().past).toEqual([]);
    expect(store().future.map((e) => e.experiment)).toEqual([big]);
    expect(store().lastError).toBeNull();
    // The starter runs.
    store().step(50);
    runUntil(() => store().status.time === 50 && store().status.state === 'paused');
    expect(store().status.time).toBe(50);

    // Redo builds the cancelled one; cancelled again, the starter is what stays.
    pace(5);
    store().redo();
    runUntil(() => store().build !== null);
    store().cancelBuild();
    runUntil(() => store().build === null);
    expect(store().experiment.name).toBe('Excite one, inhibit another');
    expect(store().future.map((e) => e.experiment)).toEqual([big]);
    store().redo();
    runUntil(() => store().network?.neuronCount === 20_000);
    expect(store().experiment).toBe(big);
    expect(store().lastError).toBeNull();
  });

  it('a new Workers choice goes on with the run (no load from t = 0); a cancelled move goes back to the choice before and keeps the edits', async () => {
    const fresh = await freshStore();
    const { runUntil, store } = lab(fresh);
    store().loadExperiment(defaultExperiment());
    runUntil(() => store().network !== null);
    store().step(50);
    runUntil(() => store().status.time === 50 && store().status.state === 'paused');
    const network = store().network;
    store().setWorkers(2);
    runUntil(() => false);
    expect(store().workers).toBe(2);
    expect(store().status.time).toBe(50);
    expect(store().network).toBe(network);
    expect(store().pendingExperiment).toBeNull();

    // What the Worker says when it moved the run, and when a move was cancelled.
    store().handleWorkerEvent({ type: 'workers', workers: 2, reason: '' });
    expect(store().network).toMatchObject({ neuronCount: 3, workers: 2, workersReason: '' });
    expect(store().edit({ kind: 'neuron', neuron: 'driver', param: 'a', value: 0.03 })).toBeNull();
    const edited = store().experiment;
    store().handleWorkerEvent({ type: 'cancelled', loads: 0, workers: 'auto' });
    expect(store().workers).toBe('auto');
    expect(store().experiment).toBe(edited);
    expect(store().buildNotice).toBe('Changing the Workers was cancelled; the run goes on, on 2 Workers as before.');
  });
});
