import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultExperiment } from '../core/experiment/examples.ts';
import type { Experiment } from '../core/experiment/types.ts';
import type { Command, NetworkSummary } from '../worker/protocol.ts';
import { startSimulationClient } from './simulationClient.ts';
import { connectCommandSink, useLabStore } from './store.ts';
import { ANSWER_WITHIN_MS } from './workerSupervisor.ts';
import { FakeWorker } from '../../test/fakeWorker.ts';

const network = (ids: string[]): NetworkSummary => ({ neuronCount: ids.length, ids, roles: new Uint8Array(ids.length), groups: [], dt: 1, workers: 1, workersReason: 'chosen' });

function named(name: string): Experiment {
  return { ...defaultExperiment(), name };
}

/** The store's Worker answers: the experiment loaded. */
function confirmLoad(): void {
  useLabStore.getState().handleWorkerEvent({ type: 'loaded', network: network(['driver', 'follower', 'pacer']), continued: false });
}

const loadsIn = (sent: Command[]) => sent.flatMap((c) => (c.type === 'load' ? [c] : []));

describe('the store after the simulation Worker failed', () => {
  // One module instance for these steps: the store keeps what the Worker runs between them.
  const sent: Command[] = [];
  connectCommandSink((c) => sent.push(c));

  it('reloads the running experiment with its live edits, from t = 0, keeping the undo history', () => {
    useLabStore.getState().loadExperiment(named('mine'), 'open mine');
    confirmLoad();
    expect(useLabStore.getState().edit({ kind: 'neuron', neuron: 'driver', param: 'a', value: 0.07 })).toBeNull();
    const past = useLabStore.getState().past;
    expect(past.length).toBe(2);
    useLabStore.getState().handleWorkerEvent({ type: 'status', status: { state: 'running', time: 812, achievedSpeed: 1, speed: 1, busy: 0.2 } });
    sent.length = 0;

    expect(useLabStore.getState().recoverFromWorkerFault('The simulation stopped answering (nothing for 12 s)')).toBe(true);
    const [load] = loadsIn(sent);
    expect(load.experiment.name).toBe('mine');
    expect(load.experiment.neurons[0].a).toBe(0.07);
    expect(load.continueRun).toBeUndefined();
    const s = useLabStore.getState();
    expect(s.status.time).toBe(0);
    expect(s.status.state).toBe('idle');
    expect(s.past).toBe(past);
    expect(s.workerFault?.what).toBe('The simulation stopped answering (nothing for 12 s)');
    expect(s.workerFault?.outcome).toBe('It was restarted with \u201cmine\u201d, from t = 0. Your changes and undo history are kept.');
    confirmLoad();
    expect(useLabStore.getState().experiment.neurons[0].a).toBe(0.07);
  });

  it('a fault while building: reloads the last good experiment and keeps the one being built for Redo', () => {
    const current = useLabStore.getState().experiment;
    const big: Experiment = { ...current, name: 'too big', neurons: [...current.neurons, { ...current.neurons[0], id: 'extra' }] };
    expect(useLabStore.getState().change(big, 'grow the network')).toBeNull();
    expect(useLabStore.getState().experiment.name).toBe('too big');
    sent.length = 0;

    expect(useLabStore.getState().recoverFromWorkerFault('The simulation ran out of memory')).toBe(true);
    const [load] = loadsIn(sent);
    expect(load.experiment.name).toBe('mine');
    const s = useLabStore.getState();
    expect(s.experiment.name).toBe('mine');
    expect(s.future.at(-1)?.experiment.name).toBe('too big');
    expect(s.workerFault?.what).toBe('The simulation ran out of memory while building');
    expect(s.workerFault?.outcome).toContain('\u201ctoo big\u201d is kept: Redo builds it again.');
  });

  it('a second fault before the reload answered: the default experiment, the other kept for Redo; a third: no restart', () => {
    sent.length = 0;
    expect(useLabStore.getState().recoverFromWorkerFault('The simulation stopped with an error (Error: x)')).toBe(true);
    const [load] = loadsIn(sent);
    expect(load.experiment.name).toBe(defaultExperiment().name);
    expect(useLabStore.getState().future.map((e) => e.experiment.name)).toEqual(['too big', 'mine']);
    expect(useLabStore.getState().workerFault?.what).toBe('The simulation stopped with an error (Error: x) again while building');

    sent.length = 0;
    expect(useLabStore.getState().recoverFromWorkerFault('The simulation stopped with an error (Error: x)')).toBe(false);
    expect(loadsIn(sent)).toEqual([]);
    expect(useLabStore.getState().workerFault?.outcome).toMatch(/not started again\. Reload the page/);
    // Redo still has the person's work.
    expect(useLabStore.getState().future.map((e) => e.experiment.name)).toEqual(['too big', 'mine']);
  });
});

/** The page's commands to it (the client posts Commands only). */
class FakeSimWorker extends FakeWorker {
  get commands(): Command[] {
    return this.posted as Command[];
  }
}

describe('the simulation client', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts a new Worker when the old one goes silent, with the Workers choice, the raster view and the experiment', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance', 'Date'] });
    const workers: FakeSimWorker[] = [];
    const client = startSimulationClient(() => {
      const w = new FakeSimWorker();
      workers.push(w);
      return w;
    });
    useLabStore.getState().dismissWorkerFault();
    const view: Command = { type: 'rasterView', view: { id: 7, first: 0, count: 3, span: null, windowMs: 1000, width: 600, height: 200 } };
    client.post(view);
    confirmLoad();
    const running = useLabStore.getState().experiment;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(workers).toHaveLength(1);

    workers[0].alive = false;
    for (let t = 0; t < ANSWER_WITHIN_MS + 4_000; t += 500) await vi.advanceTimersByTimeAsync(500);
    expect(workers[0].terminated).toBe(true);
    expect(workers).toHaveLength(2);
    const types = workers[1].commands.map((c) => c.type);
    expect(types.slice(0, 3)).toEqual(['workers', 'rasterView', 'load']);
    expect(workers[1].commands[1]).toEqual(view);
    const load = workers[1].commands[2];
    expect(load.type === 'load' && load.experiment).toEqual(running);
    expect(useLabStore.getState().workerFault?.what).toMatch(/^The simulation stopped answering \(nothing for 1\d s\)$/);

    // The new Worker is watched too: an uncaught throw starts a third.
    workers[1].dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message: 'Uncaught Error: boom' }));
    expect(workers).toHaveLength(3);
    expect(useLabStore.getState().workerFault?.what).toMatch(/^The simulation stopped with an error \(Error: boom\) again/);
    // The Worker reports that its second Worker failed: the same restart.
    confirmLoad();
    workers[2].dispatchEvent(new MessageEvent('message', { data: { type: 'fault', message: 'the second Worker failed: it stopped with an error' } }));
    expect(workers[2].terminated).toBe(true);
    expect(workers).toHaveLength(4);
    expect(useLabStore.getState().workerFault?.what).toBe('The simulation stopped with an error (the second Worker failed: it stopped with an error)');
    client.dispose();
    expect(workers[3].terminated).toBe(true);
  });
});

describe('a fault during the first build (nothing has run yet, e.g. a huge autosave)', () => {
  it('loads the default experiment and keeps the one being built for Redo', async () => {
    vi.resetModules();
    const fresh = await import('./store.ts');
    const sent: Command[] = [];
    fresh.connectCommandSink((c) => sent.push(c));
    fresh.useLabStore.getState().loadExperiment(named('autosaved'));
    sent.length = 0;
    expect(fresh.useLabStore.getState().recoverFromWorkerFault('The simulation ran out of memory')).toBe(true);
    expect(loadsIn(sent).map((c) => c.experiment.name)).toEqual([defaultExperiment().name]);
    expect(fresh.useLabStore.getState().future.map((e) => e.experiment.name)).toEqual(['autosaved']);
    expect(fresh.useLabStore.getState().workerFault?.outcome).toContain('\u201cautosaved\u201d is kept: Redo builds it again.');
  });
});
