import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultExperiment, izhikevich2003Network } from '../core/experiment/examples.ts';
import type { Experiment } from '../core/experiment/types.ts';
import { serializeExperiment } from '../core/experiment/validate.ts';
import type { Command, WorkerEvent } from '../worker/protocol.ts';
import { TRIAL_LIMIT_MS, type TrialEnd } from './autosaveTrial.ts';
import { AUTOSAVE_PREFIX, listAutosaves, readAutosaveIndex, type StoredAutosave } from './persistence.ts';
import { MemoryStorage } from '../../test/memoryStorage.ts';

/** The page's modules as at a fresh start (the store remembers what its Worker runs). */
async function freshPage() {
  vi.resetModules();
  const [store, persistence, trial, host] = await Promise.all([
    import('./store.ts'), import('./persistence.ts'), import('./autosaveTrial.ts'), import('../worker/host.ts'),
  ]);
  return { ...store, ...persistence, ...trial, ...host };
}
type Page = Awaited<ReturnType<typeof freshPage>>;


/**
 * The store wired to a real host, messages both ways as tasks (as between page and Worker), on a fake
 * clock that moves 5 ms each time the host reads it, so a big build takes several slices. `sent` lists
 * the commands' types.
 */
function lab(page: Page) {
  const { SimulationHost, connectCommandSink, useLabStore } = page;
  let now = 0;
  const tasks: { at: number; task: () => void }[] = [];
  const sent: string[] = [];
  const later = (task: () => void, delayMs = 0) => tasks.push({ at: now + delayMs, task });
  const host = new SimulationHost({
    post: (event: WorkerEvent) => later(() => useLabStore.getState().handleWorkerEvent(event)),
    now: () => (now += 5),
    schedule: (task, delayMs) => later(task, Math.max(0, delayMs)),
  });
  connectCommandSink((command: Command) => {
    sent.push(command.type);
    later(() => host.handle(command));
  });
  const runUntil = (done: () => boolean) => {
    for (let k = 0; k < 100_000 && !done(); k++) {
      tasks.sort((a, b) => a.at - b.at);
      const next = tasks.shift();
      if (!next) break;
      now = Math.max(now, next.at);
      next.task();
    }
  };
  return { runUntil, sent, store: useLabStore.getState };
}

const big = () => izhikevich2003Network(20_000, 50);
/** An autosave the Worker refuses: 150 inputs each from a group of 20. */
function unbuildable(): Experiment {
  const e = izhikevich2003Network(100, 10);
  return { ...e, name: 'Unbuildable', projections: e.projections.map((p) => (p.id === 'II' ? { ...p, connect: { rule: 'in-degree', k: 150 } } : p)) };
}

/** Storage as an earlier lab left it: a good autosave, then `newest` (never built), neither known to the index. */
function earlierLab(newest: Experiment) {
  const storage = new MemoryStorage();
  const good = { ...defaultExperiment(), name: 'My circuit' };
  storage.setItem(`${AUTOSAVE_PREFIX}1000`, serializeExperiment(good));
  storage.setItem(`${AUTOSAVE_PREFIX}2000`, serializeExperiment(newest));
  const trying: StoredAutosave = { key: `${AUTOSAVE_PREFIX}2000`, savedAt: 2000, text: serializeExperiment(newest) };
  return { storage, good, trying, fallback: { experiment: good, opened: { key: `${AUTOSAVE_PREFIX}1000`, savedAt: 1000, text: serializeExperiment(good) } } };
}

/** Starts the lab as main.tsx does: the autosave on trial is the first experiment the Worker loads. */
async function startOnTrial(setup: ReturnType<typeof earlierLab>, experiment: Experiment) {
  const page = await freshPage();
  const harness = lab(page);
  page.setInitialExperiment(experiment);
  const ended: TrialEnd[] = [];
  void page.startAutosaveTrial(setup.storage, setup.trying, setup.fallback).then((how) => ended.push(how));
  expect(readAutosaveIndex(setup.storage).trying).toBe(setup.trying.key);
  harness.store().loadExperiment(experiment);
  return { ...harness, ended, useAutosaveNotice: page.useAutosaveNotice, useAutosaveTrial: page.useAutosaveTrial };
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('an autosave on trial', () => {
  it('that builds is marked built, and nothing is set aside', async () => {
    const setup = earlierLab(big());
    const { runUntil, store, ended, useAutosaveNotice } = await startOnTrial(setup, big());
    runUntil(() => store().network !== null);
    await Promise.resolve();
    expect(ended).toEqual(['built']);
    expect(readAutosaveIndex(setup.storage)).toMatchObject({ trying: null, built: [setup.trying.key], unbuilt: [] });
    expect(useAutosaveNotice.getState().unopened).toEqual([]);
  });

  it('that the Worker cannot build: the last good one opens, the page says why, and the one on trial is kept', async () => {
    const setup = earlierLab(unbuildable());
    const { runUntil, store, ended, useAutosaveNotice } = await startOnTrial(setup, unbuildable());
    runUntil(() => false); // every task: the Worker refuses it
    await new Promise((resolve) => setTimeout(resolve, 0));
    runUntil(() => store().network !== null);
    await Promise.resolve();
    expect(ended).toEqual(['failed']);
    expect(store().experiment.name).toBe('My circuit');
    expect(store().network?.neuronCount).toBe(3);
    expect(store().lastError).toBeNull();
    const [listed] = useAutosaveNotice.getState().unopened;
    expect(listed.key).toBe(setup.trying.key);
    expect(listed.errors[0]).toMatch(/^it could not be built \(.*projections\[3\]\.connect\.k.*\)$/);
    expect(useAutosaveNotice.getState()).toMatchObject({ openedInstead: 'autosave', openedSavedAt: 1000 });
    expect(readAutosaveIndex(setup.storage)).toMatchObject({ trying: null, unbuilt: [setup.trying.key] });
    expect(setup.storage.getItem(setup.trying.key)).toBe(setup.trying.text);
  });

  it('that the person gives up on while it builds: the build is cancelled and the last good one opens', async () => {
    const setup = earlierLab(big());
    const { runUntil, store, sent, ended, useAutosaveTrial } = await startOnTrial(setup, big());
    runUntil(() => (store().build?.fraction ?? 0) > 0.1);
    const openFallback = useAutosaveTrial.getState().openFallback;
    expect(openFallback).not.toBeNull();
    openFallback?.();
    expect(useAutosaveTrial.getState().trying).toBeNull();
    runUntil(() => store().loadsInFlight === 0);
    await new Promise((resolve) => setTimeout(resolve, 0));
    runUntil(() => store().network !== null);
    await Promise.resolve();
    expect(ended).toEqual(['chosen']);
    expect(sent).toContain('cancel');
    expect(store().experiment.name).toBe('My circuit');
    expect(store().network?.neuronCount).toBe(3);
    expect(readAutosaveIndex(setup.storage)).toMatchObject({ trying: null, unbuilt: [setup.trying.key] });
  });

  it('whose build is cancelled (the Cancel of the progress bar): the last good one opens', async () => {
    const setup = earlierLab(big());
    const { runUntil, store, ended, useAutosaveNotice } = await startOnTrial(setup, big());
    runUntil(() => (store().build?.fraction ?? 0) > 0.1);
    store().cancelBuild();
    runUntil(() => store().loadsInFlight === 0);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => setTimeout(resolve, 0));
    runUntil(() => store().network !== null);
    await Promise.resolve();
    expect(ended).toEqual(['cancelled']);
    expect(store().experiment.name).toBe('My circuit');
    expect(useAutosaveNotice.getState().unopened[0].errors).toEqual(['its build was cancelled']);
    expect(readAutosaveIndex(setup.storage)).toMatchObject({ trying: null, unbuilt: [setup.trying.key] });
  });

  it(`that is still building after ${TRIAL_LIMIT_MS / 1000} s: the last good one opens by itself`, async () => {
    vi.useFakeTimers();
    const setup = earlierLab(big());
    const { runUntil, store, ended, useAutosaveNotice } = await startOnTrial(setup, big());
    runUntil(() => (store().build?.fraction ?? 0) > 0.05);
    vi.advanceTimersByTime(TRIAL_LIMIT_MS - 1);
    await Promise.resolve();
    expect(ended).toEqual([]);
    vi.advanceTimersByTime(1);
    runUntil(() => store().loadsInFlight === 0);
    vi.advanceTimersByTime(1);
    runUntil(() => store().network !== null);
    await Promise.resolve();
    expect(ended).toEqual(['slow']);
    expect(store().experiment.name).toBe('My circuit');
    expect(useAutosaveNotice.getState().unopened[0].errors[0]).toBe('it was still building after 30 s');
  });
});

describe('autosave waits for the build', () => {
  it('stores a changed experiment only once the Worker has built it, and a cancelled one not at all', async () => {
    const page = await freshPage();
    vi.useFakeTimers();
    vi.stubGlobal('window', new EventTarget());
    const storage = new MemoryStorage();
    const { runUntil, store } = lab(page);
    page.setInitialExperiment(defaultExperiment());
    const stop = page.startAutosave(storage);
    store().loadExperiment(defaultExperiment());
    runUntil(() => store().network !== null);
    vi.advanceTimersByTime(1000);
    const names = () => listAutosaves(storage).map((s) => (JSON.parse(s.text) as { name: string }).name);
    expect(names()).toEqual(['Excite one, inhibit another']);

    // Made big: the page shows it at once, but until the Worker has built it the autosave keeps the old one.
    expect(store().change(big(), 'open big')).toBeNull();
    expect(store().experiment.name).toBe(big().name);
    runUntil(() => (store().build?.fraction ?? 0) > 0.1);
    vi.advanceTimersByTime(5000);
    expect(names()).toEqual(['Excite one, inhibit another']);
    runUntil(() => store().network?.neuronCount === 20_000);
    vi.advanceTimersByTime(1000);
    expect(names()).toEqual([big().name, 'Excite one, inhibit another']);
    expect(readAutosaveIndex(storage).current).toBe(listAutosaves(storage)[0].key);

    // One whose build is cancelled is never stored.
    expect(store().change(izhikevich2003Network(30_000, 50), 'open bigger')).toBeNull();
    runUntil(() => (store().build?.fraction ?? 0) > 0.1);
    store().cancelBuild();
    runUntil(() => store().build === null && store().loadsInFlight === 0);
    vi.advanceTimersByTime(1000);
    expect(store().experiment.name).toBe(big().name);
    expect(names()).toEqual([big().name, 'Excite one, inhibit another']);
    stop();
  });
});
