/**
 * Notices when a Worker is gone: an uncaught throw in it (an 'error' event), a message the page cannot
 * read ('messageerror'), or silence (a Worker that ran out of memory or was closed sends no event at
 * all, so the page pings it and waits for the answer). The Worker is then terminated and its owner told
 * once; the owner says what happened and starts another.
 */
import { isPong, type Ping } from '../worker/heartbeat.ts';

/** How often the page pings a Worker, ms. */
export const PING_EVERY_MS = 2_000;
/**
 * How long an answer may take before the Worker counts as dead, ms. A Worker answers between slices of
 * a few tens of ms, but one slice of a big build is longer: the 2003 network at 100,000 neurons has one
 * of 2.3 s (setting up the simulation's arrays, measured in Node on the 2-core machine while busy), and
 * a machine busier still may take a few times that.
 */
export const ANSWER_WITHIN_MS = 15_000;

/** The first answer also waits for the Worker's code to load (slow on a cold start in development), ms. */
export const FIRST_ANSWER_WITHIN_MS = 60_000;

export type WorkerFault =
  /** An uncaught throw in the Worker, or its script failed to load. */
  | { kind: 'error'; message: string }
  /** A message from the Worker could not be deserialised. */
  | { kind: 'unreadable' }
  /** No answer to a ping for this long, ms. */
  | { kind: 'silent'; ms: number };

/** What a sentence "The simulation ..." goes on with: what happened, in words, with no stack trace. */
export function describeFault(fault: WorkerFault): string {
  switch (fault.kind) {
    case 'silent':
      return `stopped answering (nothing for ${Math.round(fault.ms / 1000)} s)`;
    case 'unreadable':
      return 'sent a message the page could not read';
    case 'error': {
      // "Uncaught RangeError: Array buffer allocation failed": the first line, without the prefix.
      const line = (fault.message.split('\n')[0] ?? '').replace(/^Uncaught\s+/, '').trim();
      if (/out of memory|allocation failed/i.test(line)) return 'ran out of memory';
      const short = line.length > 160 ? `${line.slice(0, 157)}\u2026` : line;
      return short ? `stopped with an error (${short})` : 'stopped with an error';
    }
  }
}

/** The part of a Worker the supervisor uses; a real Worker has it, and tests pass a fake. */
export interface WorkerLike {
  postMessage(message: unknown, transfer: Transferable[]): void;
  terminate(): void;
  addEventListener(type: 'message' | 'messageerror' | 'error', listener: (event: Event) => void): void;
}

export interface WatchdogOptions {
  ping(id: number): void;
  /** No answer for `ms`: called once, after which the watchdog has stopped. */
  onSilent(ms: number): void;
  now?: () => number;
  everyMs?: number;
  withinMs?: number;
  firstWithinMs?: number;
}

/** Pings every `everyMs` while started; one ping is outstanding at a time. */
export class Watchdog {
  private timer: ReturnType<typeof setInterval> | null = null;
  private nextId = 1;
  private outstanding: { id: number; sentAt: number } | null = null;
  private answeredOnce = false;
  private lastTick = 0;
  private readonly now: () => number;
  private readonly everyMs: number;
  private readonly withinMs: number;
  private readonly firstWithinMs: number;

  constructor(private readonly options: WatchdogOptions) {
    this.now = options.now ?? (() => performance.now());
    this.everyMs = options.everyMs ?? PING_EVERY_MS;
    this.withinMs = options.withinMs ?? ANSWER_WITHIN_MS;
    this.firstWithinMs = options.firstWithinMs ?? FIRST_ANSWER_WITHIN_MS;
  }

  start(): void {
    if (this.timer !== null) return;
    this.lastTick = this.now();
    this.timer = setInterval(() => this.tick(), this.everyMs);
    this.tick();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.outstanding = null;
  }

  /** The Worker answered ping `id` (an answer to a later ping also answers the earlier ones). */
  answered(id: number): void {
    if (this.outstanding && id >= this.outstanding.id) {
      this.outstanding = null;
      this.answeredOnce = true;
    }
  }

  private tick(): void {
    const now = this.now();
    const gap = now - this.lastTick;
    this.lastTick = now;
    const outstanding = this.outstanding;
    if (outstanding) {
      // The page itself was held (a background tab's throttled timers, a sleeping laptop, a long task
      // on the main thread): the answer may be queued behind this tick, so the wait starts again.
      if (gap > 3 * this.everyMs) outstanding.sentAt = now;
      const waited = now - outstanding.sentAt;
      if (waited >= (this.answeredOnce ? this.withinMs : this.firstWithinMs)) {
        this.stop();
        this.options.onSilent(waited);
      }
      return;
    }
    const id = this.nextId++;
    this.outstanding = { id, sentAt: now };
    this.options.ping(id);
  }
}

export interface SupervisedWorker {
  post(message: unknown, transfer?: Transferable[]): void;
  /** Ends the Worker; no fault is reported afterwards. */
  terminate(): void;
}

export interface SupervisorHandlers {
  /** A message of the Worker's own protocol (pongs are taken out). */
  onMessage(data: unknown): void;
  /** The Worker failed and has been terminated; called at most once. */
  onFault(fault: WorkerFault): void;
}

/** Starts a Worker with `create` (which may throw: the caller handles that) and watches it. */
export function superviseWorker(create: () => WorkerLike, handlers: SupervisorHandlers, timing: Omit<WatchdogOptions, 'ping' | 'onSilent'> = {}): SupervisedWorker {
  const worker = create();
  let over = false;
  const end = (): void => {
    over = true;
    watchdog.stop();
    worker.terminate();
  };
  const fail = (fault: WorkerFault): void => {
    if (over) return;
    end();
    handlers.onFault(fault);
  };
  const watchdog = new Watchdog({
    ...timing,
    ping: (id) => worker.postMessage({ type: 'ping', id } satisfies Ping, []),
    onSilent: (ms) => fail({ kind: 'silent', ms }),
  });
  worker.addEventListener('message', (event) => {
    if (over || !('data' in event)) return;
    const data: unknown = event.data;
    if (isPong(data)) watchdog.answered(data.id);
    else handlers.onMessage(data);
  });
  worker.addEventListener('messageerror', () => fail({ kind: 'unreadable' }));
  worker.addEventListener('error', (event) => {
    // Handled here: not reported again as an uncaught error of the page.
    event.preventDefault();
    const message = 'message' in event && typeof event.message === 'string' ? event.message : '';
    fail({ kind: 'error', message });
  });
  watchdog.start();
  return {
    post(message, transfer = []) {
      if (!over) worker.postMessage(message, transfer);
    },
    terminate() {
      if (!over) end();
    },
  };
}
