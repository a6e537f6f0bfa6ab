import { describe, expect, it } from 'vitest';
import { defaultExperiment, izhikevich2003Network } from '../core/experiment/examples.ts';
import { SimulationHost } from './host.ts';
import type { BuildProgress, Status, WorkerEvent } from './protocol.ts';

/**
 * A host on a fake clock that moves `msPerRead` each time it is read: at 5 ms (about one step of a
 * build) a build of a big network takes several slices, as in a Worker, and the test can send commands
 * between them; at 0 every build takes one slice.
 */
function harness() {
  const events: WorkerEvent[] = [];
  let now = 0;
  let msPerRead = 0;
  const tasks: { at: number; task: () => void }[] = [];
  const host = new SimulationHost({
    post: (event) => events.push(event),
    now: () => (now += msPerRead),
    schedule: (task, delayMs) => tasks.push({ at: now + Math.max(0, delayMs), task }),
  });
  /** Runs the next due task (a build slice or a tick); false when there is none. */
  const runNext = (): boolean => {
    tasks.sort((a, b) => a.at - b.at);
    const next = tasks.shift();
    if (!next) return false;
    now = Math.max(now, next.at);
    next.task();
    return true;
  };
  /** Runs tasks until `done()` or until `limit` tasks have run. */
  const runUntil = (done: () => boolean, limit = 100_000) => {
    for (let k = 0; k < limit && !done(); k++) if (!runNext()) break;
  };
  const of = <T extends WorkerEvent['type']>(type: T) => events.filter((e): e is Extract<WorkerEvent, { type: T }> => e.type === type);
  const progress = (): BuildProgress[] => of('progress').map((e) => e.progress);
  const status = (): Status | undefined => events.flatMap((e) => (e.type === 'status' ? [e.status] : e.type === 'frame' ? [e.frame.status] : [])).pop();
  const pace = (ms: number) => {
    msPerRead = ms;
  };
  return { host, events, pace, runNext, runUntil, of, progress, status };
}

/** 20,000 neurons, 1 M synapses: several slices of building. */
const big = () => izhikevich2003Network(20_000, 50);

describe('SimulationHost building in slices', () => {
  it('builds a big network over several slices with progress, holding commands until it is loaded', () => {
    const h = harness();
    h.host.handle({ type: 'load', experiment: defaultExperiment() });
    expect(h.of('loaded')).toHaveLength(1); // a small network loads at once, with no progress
    expect(h.progress()).toEqual([]);
    h.pace(5);
    h.host.handle({ type: 'load', experiment: big() });
    h.host.handle({ type: 'watch', watch: { neurons: ['E[0]', 'I[0]'], variables: ['v'] } });
    expect(h.of('loaded')).toHaveLength(1);
    expect(h.progress()).toHaveLength(1);
    h.runUntil(() => h.of('loaded').length === 2);
    expect(h.of('loaded')[1].network.neuronCount).toBe(20_000);
    const fractions = h.progress().map((p) => p.fraction);
    expect(fractions.length).toBeGreaterThan(5);
    for (let k = 1; k < fractions.length; k++) expect(fractions[k]).toBeGreaterThanOrEqual(fractions[k - 1]);
    expect(fractions[fractions.length - 1]).toBeLessThan(1);
    expect(h.progress().map((p) => p.stage)).toContain('Synapses of projection EE (1 of 4)');
    // The watch sent during the build was for the new network's neurons: held, then applied to it.
    expect(h.of('error')).toEqual([]);
    h.host.handle({ type: 'step', ms: 5 });
    h.runUntil(() => h.status()?.state === 'paused' && h.status()?.time === 5);
    const frames = h.of('frame').map((e) => e.frame);
    expect(frames[frames.length - 1].watch).toEqual(['E[0]', 'I[0]']);
  });

  it('cancels a build: the running experiment stays loaded and running, and no command for the new one reaches it', () => {
    const h = harness();
    h.host.handle({ type: 'load', experiment: defaultExperiment() });
    h.host.handle({ type: 'play' });
    h.runUntil(() => (h.status()?.time ?? 0) >= 200);
    h.pace(5);
    h.host.handle({ type: 'load', experiment: big() });
    h.host.handle({ type: 'watch', watch: { neurons: ['E[0]'], variables: ['v'] } });
    h.host.handle({ type: 'speed', speed: 2 });
    h.runUntil(() => h.progress().length >= 2);
    const progressAtCancel = h.progress().length;
    expect(h.status()).toMatchObject({ state: 'running', achievedSpeed: 0 }); // held while building
    const timeAtCancel = h.status()?.time ?? 0;
    h.host.handle({ type: 'cancel' });
    expect(h.of('cancelled')).toEqual([{ type: 'cancelled', loads: 1 }]);
    // The half-built network never loads; the old one runs on, at the speed asked for during the build.
    const framesBefore = h.of('frame').length;
    h.runUntil(() => (h.status()?.time ?? 0) >= timeAtCancel + 300);
    expect(h.of('loaded')).toHaveLength(1);
    expect(h.status()).toMatchObject({ state: 'running', speed: 2 });
    expect(h.status()?.time).toBeGreaterThanOrEqual(timeAtCancel + 300);
    const later = h.of('frame').slice(framesBefore).map((e) => e.frame);
    expect(later.length).toBeGreaterThan(3);
    expect(later.every((f) => f.watch.join() === 'driver,follower,pacer')).toBe(true);
    expect(later.flatMap((f) => Array.from(f.spikeNeurons)).every((i) => i < 3)).toBe(true);
    expect(h.of('error')).toEqual([]);
    expect(h.progress()).toHaveLength(progressAtCancel);
  });

  it('keeps a paused experiment paused at its time, and cancels the loads queued behind the build too', () => {
    const h = harness();
    h.host.handle({ type: 'load', experiment: defaultExperiment() });
    h.host.handle({ type: 'step', ms: 40 });
    h.runUntil(() => h.status()?.time === 40 && h.status()?.state === 'paused');
    h.pace(5);
    h.host.handle({ type: 'load', experiment: big() });
    h.host.handle({ type: 'load', experiment: izhikevich2003Network(10_000, 100), continueRun: true });
    h.host.handle({ type: 'play' });
    h.runNext();
    h.host.handle({ type: 'cancel' });
    expect(h.of('cancelled')).toEqual([{ type: 'cancelled', loads: 2 }]);
    // 'play' was not about the new experiments: it still applies, to the one kept.
    h.runUntil(() => (h.status()?.time ?? 0) >= 100);
    expect(h.of('loaded')).toHaveLength(1);
    expect(h.status()?.state).toBe('running');
    h.host.handle({ type: 'pause' });
    h.host.handle({ type: 'cancel' }); // nothing building: no answer
    expect(h.of('cancelled')).toHaveLength(1);
    expect(h.status()?.state).toBe('paused');
  });
});
