import { describe, expect, it } from 'vitest';
import { main } from '../cli/recover.ts';
import { headline } from '../core/recover/recover.ts';
import { REFERENCE_SETTINGS, type RecoverSettings } from '../core/recover/network.ts';
import { RecoverHost } from './recoverHost.ts';
import type { RecoverEvent } from './recoverProtocol.ts';

/**
 * A host driven by hand: scheduled tasks wait in `queue`; its clock moves 1 ms each time it is read, so a
 * task's slice is a fixed number of pieces of work whatever the machine's speed.
 */
function makeHost(): { host: RecoverHost; events: RecoverEvent[]; queue: (() => void)[] } {
  const events: RecoverEvent[] = [];
  const queue: (() => void)[] = [];
  let clock = 0;
  const host = new RecoverHost({ post: (event) => events.push(event), schedule: (task) => queue.push(task), now: () => clock++ });
  return { host, events, queue };
}

/** Runs the commands, then every task until none is left. */
function runHost(commands: Parameters<RecoverHost['handle']>[0][]): RecoverEvent[] {
  const { host, events, queue } = makeHost();
  for (const command of commands) host.handle(command);
  while (queue.length > 0) queue.shift()?.();
  return events;
}

const SETTINGS: RecoverSettings = { ...REFERENCE_SETTINGS, n: 10, p: 0.3, seconds: 6, seed: 5 };

describe('the "Recover the wiring" Worker', () => {
  it('shows the numbers `npm run recover` prints for the same settings and seed', () => {
    const events = runHost([{ type: 'start', job: 1, settings: SETTINGS, refitEverySeconds: 3 }]);
    const estimates = events.flatMap((e) => (e.type === 'estimate' ? [e] : []));
    // A refit at 3 s and the final one at 6 s: the estimate improves as the recording grows.
    expect(estimates.map((e) => e.estimate.seconds)).toEqual([3, 6]);
    expect(estimates.map((e) => e.final)).toEqual([false, true]);
    expect(events[events.length - 1]).toEqual({ type: 'done', job: 1, cancelled: false });
    const last = estimates[estimates.length - 1].estimate;
    const shown = headline(last.voltage.r, last.spikes.auc);

    let printed = '';
    const code = main(['--n', '10', '--p', '0.3', '--seconds', '6', '--seed', '5', '--refit', '3'], { stdout: (text) => (printed += text), stderr: () => undefined });
    expect(code).toBe(0);
    const match = /^recover: voltage r (\S+) spikes auc (\S+) time \S+ s\n$/.exec(printed);
    expect(match).not.toBeNull();
    expect({ voltageR: match?.[1], spikesAuc: match?.[2] }).toEqual(shown);
  }, 600_000);

  it('refuses bad settings with the field named, and starts nothing', () => {
    const events = runHost([{ type: 'start', job: 2, settings: { ...SETTINGS, p: 1.5, seconds: 0 }, refitEverySeconds: 3 }]);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event.type).toBe('error');
    if (event.type === 'error') {
      expect(event.message).toContain('p: expected a connection probability');
      expect(event.message).toContain('seconds: expected a recording length');
    }
  });

  it('stops at a cancel between slices', () => {
    const { host, events, queue } = makeHost();
    host.handle({ type: 'start', job: 3, settings: { ...SETTINGS, seconds: 60 }, refitEverySeconds: 10 });
    queue.shift()?.();
    host.handle({ type: 'cancel' });
    while (queue.length > 0) queue.shift()?.();
    expect(events.filter((e) => e.type === 'estimate')).toHaveLength(0);
    expect(events[events.length - 1]).toEqual({ type: 'done', job: 3, cancelled: true });
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress).toHaveLength(1);
  });

  it('exports the recording and the recovered weights as CSV', () => {
    const small = { ...SETTINGS, n: 4, seconds: 1 };
    const events = runHost([
      { type: 'start', job: 4, settings: small, refitEverySeconds: 1 },
      // Handled before the run's first slice: nothing recorded yet, so a header alone.
      { type: 'export', what: 'voltages' },
    ]);
    const csv = (what: string) => events.flatMap((e) => (e.type === 'csv' && e.what === what ? [e.text] : []));
    expect(csv('voltages')).toEqual(['time_ms,E[0] v (mV),E[1] v (mV),E[2] v (mV),I[0] v (mV)\n']);
    expect(events.some((e) => e.type === 'done')).toBe(true);
  });

  it('cuts a fit into slices, so a Cancel sent while it runs stops it before its estimate', () => {
    const { host, events, queue } = makeHost();
    host.handle({ type: 'start', job: 6, settings: { ...SETTINGS, n: 20, seconds: 2 }, refitEverySeconds: 1 });
    // Tasks until one ends with the first fit under way, then one task more: the fit is not done yet.
    while (!events.some((e) => e.type === 'progress' && e.stage === 'fitting')) queue.shift()?.();
    queue.shift()?.();
    expect(events.filter((e) => e.type === 'estimate')).toHaveLength(0);
    host.handle({ type: 'cancel' });
    while (queue.length > 0) queue.shift()?.();
    expect(events.filter((e) => e.type === 'estimate')).toHaveLength(0);
    expect(events[events.length - 1]).toEqual({ type: 'done', job: 6, cancelled: true });
  });

  it('runs the shuffle control in slices, and a new Start ends it', () => {
    const { host, events, queue } = makeHost();
    host.handle({ type: 'start', job: 7, settings: { ...SETTINGS, n: 20, seconds: 2 }, refitEverySeconds: 2 });
    while (queue.length > 0) queue.shift()?.();
    host.handle({ type: 'control' });
    queue.shift()?.();
    expect(events.filter((e) => e.type === 'control')).toHaveLength(0);
    host.handle({ type: 'start', job: 8, settings: { ...SETTINGS, n: 4, seconds: 1 }, refitEverySeconds: 1 });
    while (queue.length > 0) queue.shift()?.();
    expect(events.filter((e) => e.type === 'control')).toHaveLength(0);
    expect(events[events.length - 1]).toEqual({ type: 'done', job: 8, cancelled: false });
    host.handle({ type: 'control' });
    while (queue.length > 0) queue.shift()?.();
    const control = events.flatMap((e) => (e.type === 'control' ? [e.control] : []));
    expect(control).toHaveLength(1);
    expect(control[0].voltageAuc).toBeGreaterThanOrEqual(0);
  });

  it('after a run, the voltages CSV has a row per step and the weights CSV a row per ordered pair', () => {
    const { host, events, queue } = makeHost();
    host.handle({ type: 'start', job: 5, settings: { ...SETTINGS, n: 4, seconds: 1 }, refitEverySeconds: 1 });
    while (queue.length > 0) queue.shift()?.();
    for (const what of ['voltages', 'spikes', 'weights'] as const) host.handle({ type: 'export', what });
    const texts = events.flatMap((e) => (e.type === 'csv' ? [e.text.trimEnd().split('\n')] : []));
    const [voltages, spikes, weights] = texts;
    expect(voltages).toHaveLength(1 + 1000);
    expect(voltages[1].split(',')[0]).toBe('1');
    expect(spikes[0]).toBe('time_ms,neuron');
    expect(weights[0]).toBe('post,pre,true_nS,voltage_nS,spikes_beta,spikes_z');
    expect(weights).toHaveLength(1 + 4 * 3);
  });
});
