import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answerPing, isPing } from '../worker/heartbeat.ts';
import { ANSWER_WITHIN_MS, FIRST_ANSWER_WITHIN_MS, PING_EVERY_MS, Watchdog, describeFault, superviseWorker, type WorkerFault, type WorkerLike } from './workerSupervisor.ts';

/**
 * A Worker the test drives: it records what the page posts, and answers pings only while `alive`
 * (a Worker that ran out of memory or was closed sends nothing at all).
 */
class FakeWorker extends EventTarget implements WorkerLike {
  posted: unknown[] = [];
  terminated = false;
  alive = true;

  postMessage(message: unknown): void {
    if (this.terminated) return;
    if (isPing(message)) {
      if (this.alive) answerPing(message, (pong) => queueMicrotask(() => this.emit(pong)));
      return;
    }
    this.posted.push(message);
  }

  terminate(): void {
    this.terminated = true;
  }

  emit(data: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }

  throwUncaught(message: string): void {
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  }
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** Advances fake time in ping-sized steps, letting each pong (a microtask) arrive before the next tick. */
async function advance(ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 500) await vi.advanceTimersByTimeAsync(Math.min(500, ms - t));
}

describe('Watchdog', () => {
  it('pings every couple of seconds and stays quiet for as long as the answers come', async () => {
    const pings: number[] = [];
    const silent = vi.fn();
    const dog = new Watchdog({ ping: (id) => {
      pings.push(id);
      queueMicrotask(() => dog.answered(id));
    }, onSilent: silent, now: () => Date.now() });
    dog.start();
    await advance(10 * 60_000);
    dog.stop();
    expect(silent).not.toHaveBeenCalled();
    // One ping at the start and one per interval after it.
    expect(pings.length).toBe(10 * 60_000 / PING_EVERY_MS + 1);
  });

  it('calls a Worker that stops answering silent once, after the answer limit and not before', async () => {
    let answering = true;
    const silent = vi.fn();
    const dog = new Watchdog({ ping: (id) => {
      if (answering) queueMicrotask(() => dog.answered(id));
    }, onSilent: silent, now: () => Date.now() });
    dog.start();
    await advance(6_000);
    answering = false;
    const stoppedAt = Date.now();
    // The first unanswered ping goes out at the next tick: the limit counts from it.
    await advance(ANSWER_WITHIN_MS);
    expect(silent).not.toHaveBeenCalled();
    await advance(PING_EVERY_MS + 1_000);
    expect(silent).toHaveBeenCalledTimes(1);
    const [waited] = silent.mock.calls[0] as [number];
    expect(waited).toBeGreaterThanOrEqual(ANSWER_WITHIN_MS);
    expect(waited).toBeLessThanOrEqual(ANSWER_WITHIN_MS + PING_EVERY_MS);
    expect(Date.now() - stoppedAt).toBeLessThanOrEqual(ANSWER_WITHIN_MS + 2 * PING_EVERY_MS);
    await advance(60_000);
    expect(silent).toHaveBeenCalledTimes(1);
  });

  it('gives a Worker that has not answered yet (its code still loading) a minute, not the usual limit', async () => {
    const silent = vi.fn();
    const dog = new Watchdog({ ping: () => undefined, onSilent: silent, now: () => Date.now() });
    dog.start();
    await advance(FIRST_ANSWER_WITHIN_MS - PING_EVERY_MS);
    expect(silent).not.toHaveBeenCalled();
    await advance(2 * PING_EVERY_MS);
    expect(silent).toHaveBeenCalledTimes(1);
  });

  it('starts the wait again when the page itself was held (a sleeping laptop): the answer may be queued', async () => {
    let answering = true;
    const silent = vi.fn();
    const dog = new Watchdog({ ping: (id) => {
      if (answering) queueMicrotask(() => dog.answered(id));
    }, onSilent: silent, now: () => Date.now() });
    dog.start();
    await advance(4_000);
    answering = false;
    await advance(PING_EVERY_MS); // a ping is out
    // The clock jumps by a minute with no timer run in between, as after a suspend.
    vi.setSystemTime(Date.now() + 60_000);
    await advance(PING_EVERY_MS);
    expect(silent).not.toHaveBeenCalled();
    await advance(ANSWER_WITHIN_MS - PING_EVERY_MS);
    expect(silent).not.toHaveBeenCalled();
    await advance(2 * PING_EVERY_MS);
    expect(silent).toHaveBeenCalledTimes(1);
  });
});

describe('superviseWorker', () => {
  function supervised() {
    const workers: FakeWorker[] = [];
    const messages: unknown[] = [];
    const faults: WorkerFault[] = [];
    const handle = superviseWorker(
      () => {
        const w = new FakeWorker();
        workers.push(w);
        return w;
      },
      { onMessage: (data) => messages.push(data), onFault: (fault) => faults.push(fault) },
      { now: () => Date.now() },
    );
    return { handle, worker: workers[0], messages, faults };
  }

  it('passes the Worker protocol through and keeps the pongs out of it', async () => {
    const { handle, worker, messages, faults } = supervised();
    handle.post({ type: 'play' });
    worker.emit({ type: 'status' });
    await advance(30_000);
    expect(worker.posted).toEqual([{ type: 'play' }]);
    expect(messages).toEqual([{ type: 'status' }]);
    expect(faults).toEqual([]);
    handle.terminate();
    expect(worker.terminated).toBe(true);
  });

  it('an uncaught throw: terminates the Worker and reports it once, with its message', async () => {
    const { handle, worker, messages, faults } = supervised();
    worker.throwUncaught('Uncaught Error: boom');
    worker.throwUncaught('Uncaught Error: again');
    worker.emit({ type: 'frame' });
    handle.post({ type: 'play' });
    await advance(60_000);
    expect(faults).toEqual([{ kind: 'error', message: 'Uncaught Error: boom' }]);
    expect(worker.terminated).toBe(true);
    expect(messages).toEqual([]);
    expect(worker.posted).toEqual([]);
  });

  it('a message the page cannot read: terminated and reported', () => {
    const { worker, faults } = supervised();
    worker.dispatchEvent(new Event('messageerror'));
    expect(faults).toEqual([{ kind: 'unreadable' }]);
    expect(worker.terminated).toBe(true);
  });

  it('silence (out of memory, closed): terminated and reported after the answer limit', async () => {
    const { worker, faults } = supervised();
    await advance(5_000);
    worker.alive = false;
    await advance(ANSWER_WITHIN_MS - PING_EVERY_MS);
    expect(faults).toEqual([]);
    await advance(3 * PING_EVERY_MS);
    expect(faults).toHaveLength(1);
    expect(faults[0].kind).toBe('silent');
    expect(worker.terminated).toBe(true);
  });

  it('no fault after the owner terminated it', async () => {
    const { handle, worker, faults } = supervised();
    handle.terminate();
    worker.throwUncaught('late');
    await advance(120_000);
    expect(faults).toEqual([]);
  });
});

describe('describeFault', () => {
  it('says what happened in words, without the "Uncaught" prefix or a stack', () => {
    expect(describeFault({ kind: 'silent', ms: 12_400 })).toBe('stopped answering (nothing for 12 s)');
    expect(describeFault({ kind: 'unreadable' })).toBe('sent a message the page could not read');
    expect(describeFault({ kind: 'error', message: 'Uncaught RangeError: Array buffer allocation failed' })).toBe('ran out of memory');
    expect(describeFault({ kind: 'error', message: 'Uncaught Error: boom\n    at tick (host.ts:3:1)' })).toBe('stopped with an error (Error: boom)');
    expect(describeFault({ kind: 'error', message: '' })).toBe('stopped with an error');
    expect(describeFault({ kind: 'error', message: 'x'.repeat(500) }).length).toBeLessThan(200);
  });
});
