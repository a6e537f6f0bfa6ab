/**
 * The analysis Worker's side: runs the sweeps (f-I curves, firing maps, pattern thumbnails) in slices of
 * about SLICE_MS of wall time, posting progress after each and reading messages in between, so a cancel
 * or a newer job of the same kind takes effect at once. Jobs of different kinds run side by side. Every
 * command is outside input: it is checked here and answered with an `error` naming the field. Free of
 * Worker globals, so it runs in Node tests with a fake environment (like host.ts and irisHost.ts).
 */
import { FICurveRun, fiCurveWork } from '../core/analysis/fICurve.ts';
import { FiringMapRun } from '../core/analysis/firingMap.ts';
import type { FICurveRequest, FiringMapRequest, MapPlane, SweepCell, SweepNumerics, SweepRange } from '../core/analysis/sweeps.ts';
import { patternThumbnail } from '../core/analysis/thumbnails.ts';
import { PATTERNS, type FiringPattern } from '../core/experiment/patterns.ts';
import { INTEGRATION_SCHEMES } from '../core/experiment/types.ts';
import { isStepSize, STEP_RULE, validateCell } from '../core/experiment/validate.ts';
import type { AnalysisEvent, AnalysisJobKind } from './analysisProtocol.ts';

export interface AnalysisHostEnvironment {
  post(event: AnalysisEvent, transfer?: Transferable[]): void;
  now(): number;
  /** Calls `task` soon, after pending messages have been handled. */
  schedule(task: () => void): void;
}

/** Wall time a slice of work may take before the host yields to read messages, ms. */
export const SLICE_MS = 15;

/** What a request may ask for: enough for any plot the page draws, bounded so a job ends in seconds. */
export const LIMITS = {
  curves: 16,
  currents: 401,
  /** Points along one axis of a map. */
  axis: 200,
  duration: 20000,
  /**
   * Neuron-steps of one map (points x steps), about 20 to 40 ns each: at most half a minute or so. The
   * page's largest map (120 x 120 points, 5 s at 0.1 ms steps) is 7.2e8.
   */
  mapWork: 1e9,
  thumbnails: 100,
  buckets: 2000,
  label: 200,
} as const;

/** Spike cut-off when a cell gives none (types.ts). */
const DEFAULT_VPEAK = 30;

/** A request that fails a check; the message starts with the path of the field. */
class RequestError extends Error {}

interface Job {
  id: number;
  kind: AnalysisJobKind;
  cancelled: boolean;
}

/** Work done in chunks of steps. */
interface Chunked {
  advance(maxSteps: number): boolean;
}

export class AnalysisHost {
  private readonly running = new Map<AnalysisJobKind, Job>();

  constructor(private readonly env: AnalysisHostEnvironment) {}

  /** Handles one message from the page; never throws (problems are posted as `error` events). */
  handle(command: unknown): void {
    let job = -1;
    try {
      const o = object(command, 'command');
      job = jobNumber(o);
      const type = field(o, 'type');
      switch (type) {
        case 'cancel':
          return this.cancel(job);
        case 'fiCurves':
          return this.fiCurves(job, readCurves(field(o, 'curves')));
        case 'firingMap':
          return this.firingMap(job, readMapRequest(field(o, 'request'), 'request'));
        case 'thumbnails':
          return this.thumbnails(job, readPatterns(field(o, 'ids')), readBuckets(field(o, 'buckets')));
        default:
          throw new RequestError(`type: expected "fiCurves", "firingMap", "thumbnails" or "cancel", got ${show(type)}`);
      }
    } catch (e) {
      this.env.post({ type: 'error', job, message: messageOf(e) });
    }
  }

  private cancel(id: number): void {
    for (const job of this.running.values()) if (job.id === id) this.stop(job);
  }

  /** Ends a running job as cancelled. */
  private stop(job: Job): void {
    job.cancelled = true;
    if (this.running.get(job.kind) === job) this.running.delete(job.kind);
    this.env.post({ type: 'done', job: job.id, outcome: 'cancelled' });
  }

  private begin(id: number, kind: AnalysisJobKind): Job {
    const previous = this.running.get(kind);
    if (previous) this.stop(previous);
    const job: Job = { id, kind, cancelled: false };
    this.running.set(kind, job);
    return job;
  }

  private end(job: Job): void {
    if (this.running.get(job.kind) === job) this.running.delete(job.kind);
  }

  /**
   * Runs `slice` in scheduled tasks until it reports true (finished), the job is cancelled, or it throws
   * (an error event ends the job). `slice` gets the wall-clock deadline of its task.
   */
  private loop(job: Job, slice: (deadline: number) => boolean): void {
    const task = () => {
      if (job.cancelled) return;
      let finished: boolean;
      try {
        finished = slice(this.env.now() + SLICE_MS);
      } catch (e) {
        this.end(job);
        this.env.post({ type: 'error', job: job.id, message: messageOf(e) });
        return;
      }
      if (!finished) return this.env.schedule(task);
      this.end(job);
      this.env.post({ type: 'done', job: job.id, outcome: 'finished' });
    };
    this.env.schedule(task);
  }

  /** Advances `work` until it finishes or the deadline passes, sizing batches from the measured step time. */
  private advanceUntil(work: Chunked, deadline: number): boolean {
    let batch = 1;
    for (;;) {
      const start = this.env.now();
      if (work.advance(batch)) return true;
      const now = this.env.now();
      if (now >= deadline) return false;
      const perStep = (now - start) / batch;
      const fit = perStep > 0 ? Math.floor((deadline - now) / perStep) : Number.POSITIVE_INFINITY;
      batch = Math.max(1, Math.min(fit, batch * 4));
    }
  }

  private fiCurves(id: number, requests: FICurveRequest[]): void {
    const job = this.begin(id, 'fiCurves');
    const total = requests.reduce((sum, r) => sum + fiCurveWork(r), 0);
    let index = 0;
    let before = 0; // work of the curves already finished
    // Built when reached (compiling is part of the work, and a cancel may come first).
    let run: FICurveRun | null = null;
    this.loop(job, (deadline) => {
      while (index < requests.length) {
        run ??= new FICurveRun(requests[index]);
        if (!this.advanceUntil(run, deadline)) break;
        const curve = run.result();
        this.env.post({ type: 'fiCurve', job: id, index, curve }, [curve.currents.buffer, curve.rates.buffer, curve.onsetRates.buffer]);
        before += run.total;
        run = null;
        index++;
        if (this.env.now() >= deadline) break;
      }
      const current = run ? Math.min(run.done, run.total) : 0;
      this.env.post({ type: 'progress', job: id, done: before + current, total });
      return index >= requests.length;
    });
  }

  private firingMap(id: number, request: FiringMapRequest): void {
    const job = this.begin(id, 'firingMap');
    let run: FiringMapRun | null = null;
    this.loop(job, (deadline) => {
      run ??= new FiringMapRun(request);
      const finished = this.advanceUntil(run, deadline);
      this.env.post({ type: 'progress', job: id, done: run.done, total: run.total });
      if (finished) {
        const map = run.result();
        this.env.post({ type: 'firingMap', job: id, map }, [map.classes.buffer, map.spikeCounts.buffer]);
      }
      return finished;
    });
  }

  private thumbnails(id: number, patterns: FiringPattern[], buckets: number): void {
    const job = this.begin(id, 'thumbnails');
    let next = 0;
    this.loop(job, (deadline) => {
      while (next < patterns.length) {
        const thumbnail = patternThumbnail(patterns[next++], buckets);
        const buffers = [thumbnail.vMin.buffer, thumbnail.vMax.buffer, thumbnail.inputMin.buffer, thumbnail.inputMax.buffer];
        this.env.post({ type: 'thumbnail', job: id, thumbnail }, buffers);
        if (this.env.now() >= deadline) break;
      }
      this.env.post({ type: 'progress', job: id, done: next, total: patterns.length });
      return next >= patterns.length;
    });
  }
}

// ---- Reading the commands (outside input) ----

type Obj = Record<string, unknown>;

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function show(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}...` : x);
  if (typeof x === 'number' || typeof x === 'boolean' || x === null || x === undefined) return String(x);
  return Array.isArray(x) ? 'an array' : `a ${typeof x}`;
}

function isObject(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The array, its elements typed as the unknowns they are; null when `x` is no array. */
function listOf(x: unknown): unknown[] | null {
  return Array.isArray(x) ? Array.from<unknown>(x) : null;
}

function object(x: unknown, path: string): Obj {
  if (!isObject(x)) throw new RequestError(`${path}: expected an object, got ${show(x)}`);
  return x;
}

/** An own field (not one inherited from Object.prototype, such as "constructor"). */
function field(o: Obj, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function jobNumber(o: Obj): number {
  const job = field(o, 'job');
  if (typeof job !== 'number' || !Number.isFinite(job)) throw new RequestError(`job: expected a number, got ${show(job)}`);
  return job;
}

function finite(x: unknown, path: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new RequestError(`${path}: expected a finite number, got ${show(x)}`);
  return x;
}

function integerIn(x: unknown, path: string, min: number, max: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) {
    throw new RequestError(`${path}: expected a whole number from ${min} to ${max}, got ${show(x)}`);
  }
  return x;
}

/** The cell, by the same rules as a neuron of an experiment. */
function readCell(x: unknown, path: string): SweepCell {
  const checked = validateCell(x, path);
  if (!checked.ok) throw new RequestError(checked.errors.join('; '));
  return checked.cell;
}

function readNumerics(x: unknown, path: string): SweepNumerics {
  const o = object(x, path);
  const dt = field(o, 'dt');
  if (typeof dt !== 'number' || !isStepSize(dt)) throw new RequestError(`${path}.dt: must be ${STEP_RULE}, got ${show(dt)}`);
  const scheme = field(o, 'scheme');
  const known = INTEGRATION_SCHEMES.find((s) => s === scheme);
  if (known === undefined) throw new RequestError(`${path}.scheme: expected ${INTEGRATION_SCHEMES.map((s) => `"${s}"`).join(' or ')}, got ${show(scheme)}`);
  return { dt, scheme: known };
}

function readRange(x: unknown, path: string, maxCount: number): SweepRange {
  const o = object(x, path);
  const from = finite(field(o, 'from'), `${path}.from`);
  const to = finite(field(o, 'to'), `${path}.to`);
  const count = integerIn(field(o, 'count'), `${path}.count`, 1, maxCount);
  return { from, to, count };
}

function readDuration(o: Obj, path: string, dt: number): number {
  const duration = finite(field(o, 'duration'), `${path}.duration`);
  if (duration < dt || duration > LIMITS.duration) throw new RequestError(`${path}.duration: expected ${dt} to ${LIMITS.duration} ms, got ${duration}`);
  return duration;
}

function readCurve(x: unknown, path: string): FICurveRequest {
  const o = object(x, path);
  const label = field(o, 'label');
  if (typeof label !== 'string' || label.length > LIMITS.label) throw new RequestError(`${path}.label: expected a text of at most ${LIMITS.label} characters, got ${show(label)}`);
  const cell = readCell(field(o, 'cell'), `${path}.cell`);
  const numerics = readNumerics(field(o, 'numerics'), `${path}.numerics`);
  const currents = readRange(field(o, 'currents'), `${path}.currents`, LIMITS.currents);
  if (currents.to < currents.from) throw new RequestError(`${path}.currents.to: must not be below from (${currents.from} pA), got ${currents.to}`);
  const duration = readDuration(o, path, numerics.dt);
  const settle = finite(field(o, 'settle'), `${path}.settle`);
  if (settle < 0 || settle >= duration) throw new RequestError(`${path}.settle: expected 0 or more and less than the duration (${duration} ms), got ${settle}`);
  return { label, cell, numerics, currents, duration, settle };
}

function readCurves(x: unknown): FICurveRequest[] {
  const list = listOf(x);
  if (!list || list.length < 1 || list.length > LIMITS.curves) {
    throw new RequestError(`curves: expected a list of 1 to ${LIMITS.curves} curves, got ${list ? `${list.length}` : show(x)}`);
  }
  return list.map((c, k) => readCurve(c, `curves[${k}]`));
}

function readMapRequest(x: unknown, path: string): FiringMapRequest {
  const o = object(x, path);
  const cell = readCell(field(o, 'cell'), `${path}.cell`);
  const numerics = readNumerics(field(o, 'numerics'), `${path}.numerics`);
  const plane = field(o, 'plane');
  if (plane !== 'ab' && plane !== 'cd') throw new RequestError(`${path}.plane: expected "ab" or "cd", got ${show(plane)}`);
  const planeOf: MapPlane = plane;
  const xRange = readRange(field(o, 'x'), `${path}.x`, LIMITS.axis);
  const yRange = readRange(field(o, 'y'), `${path}.y`, LIMITS.axis);
  if (planeOf === 'cd') {
    const vpeak = cell.vpeak ?? DEFAULT_VPEAK;
    const highest = Math.max(xRange.from, xRange.to);
    if (highest >= vpeak) throw new RequestError(`${path}.x: c must stay below the spike cut-off vpeak (${vpeak} mV), got up to ${highest}`);
  }
  const amplitude = finite(field(o, 'amplitude'), `${path}.amplitude`);
  const duration = readDuration(o, path, numerics.dt);
  const onset = finite(field(o, 'onset'), `${path}.onset`);
  if (onset < 0 || onset >= duration) throw new RequestError(`${path}.onset: expected 0 or more and less than the duration (${duration} ms), got ${onset}`);
  const work = xRange.count * yRange.count * Math.round(duration / numerics.dt);
  if (work > LIMITS.mapWork) {
    throw new RequestError(
      `${path}.duration: ${xRange.count} x ${yRange.count} points for ${duration} ms at ${numerics.dt} ms steps is ` +
        `${work.toExponential(1)} neuron-steps, more than ${LIMITS.mapWork.toExponential(0)}; use fewer points, a shorter run or a larger step`,
    );
  }
  return { cell, numerics, plane: planeOf, x: xRange, y: yRange, amplitude, onset, duration };
}

function readPatterns(x: unknown): FiringPattern[] {
  const list = listOf(x);
  if (!list || list.length > LIMITS.thumbnails) {
    throw new RequestError(`ids: expected a list of at most ${LIMITS.thumbnails} pattern ids, got ${list ? `${list.length}` : show(x)}`);
  }
  return list.map((id, k) => {
    const pattern = typeof id === 'string' ? PATTERNS.find((p) => p.id === id) : undefined;
    if (!pattern) throw new RequestError(`ids[${k}]: no firing pattern ${show(id)}`);
    return pattern;
  });
}

function readBuckets(x: unknown): number {
  return integerIn(x, 'buckets', 1, LIMITS.buckets);
}
