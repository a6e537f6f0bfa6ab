/**
 * The page's side of the analysis Worker (sweeps: f-I curves, firing maps, pattern thumbnails). The
 * Worker starts on the first job. Each job gets its own handlers; events of jobs no longer wanted
 * (cancelled or superseded) are dropped here, so a component only hears about its current job.
 */
import type { FICurve, FiringMap, PatternThumbnail } from '../core/analysis/sweeps.ts';
import type { AnalysisCommand, AnalysisEvent } from '../worker/analysisProtocol.ts';
import { describeFault, superviseWorker, type SupervisedWorker, type WorkerLike } from './workerSupervisor.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A job as a component asks for it: a command without its job number. */
export type AnalysisJob = DistributiveOmit<Exclude<AnalysisCommand, { type: 'cancel' }>, 'job'>;

export interface AnalysisHandlers {
  onProgress?(done: number, total: number): void;
  onFiCurve?(index: number, curve: FICurve): void;
  onFiringMap?(map: FiringMap): void;
  onThumbnail?(thumbnail: PatternThumbnail): void;
  /** The job ended (after its last result). Not called after cancel() from the page. */
  onDone?(outcome: 'finished' | 'cancelled'): void;
  onError?(message: string): void;
}

export interface RunningAnalysis {
  readonly job: number;
  /** Stops the job; no handler of it is called afterwards. */
  cancel(): void;
}

const EVENT_TYPES: ReadonlySet<string> = new Set(['progress', 'fiCurve', 'firingMap', 'thumbnail', 'done', 'error']);

function isAnalysisEvent(data: unknown): data is AnalysisEvent {
  if (typeof data !== 'object' || data === null || !('type' in data) || !('job' in data)) return false;
  return typeof data.type === 'string' && EVENT_TYPES.has(data.type) && typeof data.job === 'number';
}

let worker: SupervisedWorker | null = null;
let nextJob = 1;
const handlersOf = new Map<number, AnalysisHandlers>();

function dispatch(event: AnalysisEvent): void {
  const handlers = handlersOf.get(event.job);
  if (!handlers) return;
  switch (event.type) {
    case 'progress':
      handlers.onProgress?.(event.done, event.total);
      break;
    case 'fiCurve':
      handlers.onFiCurve?.(event.index, event.curve);
      break;
    case 'firingMap':
      handlers.onFiringMap?.(event.map);
      break;
    case 'thumbnail':
      handlers.onThumbnail?.(event.thumbnail);
      break;
    case 'done':
      handlersOf.delete(event.job);
      handlers.onDone?.(event.outcome);
      break;
    case 'error':
      handlersOf.delete(event.job);
      handlers.onError?.(event.message);
      break;
  }
}

function failAll(message: string): void {
  const all = [...handlersOf.values()];
  handlersOf.clear();
  for (const handlers of all) handlers.onError?.(message);
}

function createAnalysisWorker(): WorkerLike {
  return new Worker(new URL('../worker/analysis.worker.ts', import.meta.url), { type: 'module' });
}

/** Makes Workers for the next start (tests pass a fake). */
let createWorker: () => WorkerLike = createAnalysisWorker;

export function setAnalysisWorkerFactory(create: () => WorkerLike): void {
  worker?.terminate();
  worker = null;
  createWorker = create;
}

/** The Worker, started on first use and again after one failed: its running jobs fail with a message, to be retried. */
function analysisWorker(): SupervisedWorker {
  if (worker) return worker;
  worker = superviseWorker(createWorker, {
    onMessage(data) {
      if (isAnalysisEvent(data)) dispatch(data);
    },
    onFault(fault) {
      worker = null;
      failAll(`The analysis Worker ${describeFault(fault)}; it was stopped, and Retry runs the job in a new one.`);
    },
  });
  return worker;
}

/** Starts a job in the analysis Worker. */
export function startAnalysis(job: AnalysisJob, handlers: AnalysisHandlers): RunningAnalysis {
  const id = nextJob++;
  handlersOf.set(id, handlers);
  let w: SupervisedWorker;
  try {
    w = analysisWorker();
  } catch (err) {
    handlersOf.delete(id);
    handlers.onError?.(`The analysis Worker could not start: ${err instanceof Error ? err.message : String(err)}`);
    return { job: id, cancel: () => undefined };
  }
  w.post({ ...job, job: id } satisfies AnalysisCommand);
  return {
    job: id,
    cancel() {
      if (!handlersOf.delete(id)) return;
      worker?.post({ type: 'cancel', job: id } satisfies AnalysisCommand);
    },
  };
}
