/**
 * Messages between the page and the analysis Worker (analysis.worker.ts, analysisHost.ts), which runs
 * the sweeps: f-I curves, firing-class maps and the pattern thumbnails. Every job carries a number the
 * page chooses; events name it, so the page can drop answers to jobs it no longer wants. A new job does
 * not cancel a running one of another kind; a new job of the same kind does.
 * Typed arrays in events are transferred, not copied.
 */
import type { FICurve, FICurveRequest, FiringMap, FiringMapRequest, PatternThumbnail } from '../core/analysis/sweeps.ts';

export type AnalysisJobKind = 'fiCurves' | 'firingMap' | 'thumbnails';

/** Page -> Worker. */
export type AnalysisCommand =
  /** Several f-I curves (this cell and overlays), one after another. */
  | { type: 'fiCurves'; job: number; curves: FICurveRequest[] }
  | { type: 'firingMap'; job: number; request: FiringMapRequest }
  /** Thumbnails of the firing patterns with these ids (patterns.ts), `buckets` bins each. */
  | { type: 'thumbnails'; job: number; ids: string[]; buckets: number }
  | { type: 'cancel'; job: number };

/** Worker -> page. */
export type AnalysisEvent =
  /** Work done so far of the job, in any unit, out of total (for a progress bar). */
  | { type: 'progress'; job: number; done: number; total: number }
  /** One finished curve, in the order requested. */
  | { type: 'fiCurve'; job: number; index: number; curve: FICurve }
  | { type: 'firingMap'; job: number; map: FiringMap }
  | { type: 'thumbnail'; job: number; thumbnail: PatternThumbnail }
  /** The job ended: finished, cancelled, or failed (with a message naming the field or what went wrong). */
  | { type: 'done'; job: number; outcome: 'finished' | 'cancelled' }
  | { type: 'error'; job: number; message: string };
