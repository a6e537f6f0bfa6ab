import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { AnalysisHandlers, RunningAnalysis } from '../analysisClient.ts';

/** Settings typed or dragged in quick succession start one job, this long after the last change, ms. */
export const SWEEP_DEBOUNCE_MS = 300;

export type JobStatus =
  | { phase: 'idle' }
  /** A change is waiting out the debounce. */
  | { phase: 'waiting' }
  | { phase: 'running'; done: number; total: number }
  | { phase: 'cancelled' }
  | { phase: 'failed'; message: string };

export interface SweepJob {
  status: JobStatus;
  /** Stops the running (or waiting) job; the panel keeps what it has. */
  cancel(): void;
  /** Runs the job for the current settings again (after a cancel or a failure). */
  retry(): void;
}

/**
 * Runs `start` whenever `key` changes (null: nothing to compute), SWEEP_DEBOUNCE_MS after the last
 * change, cancelling the job of the previous key. `start` gets the progress and ending handlers and adds
 * its own for the results.
 */
export function useSweepJob(key: string | null, start: (handlers: Pick<AnalysisHandlers, 'onProgress' | 'onDone' | 'onError'>) => RunningAnalysis): SweepJob {
  const [status, setStatus] = useState<JobStatus>({ phase: 'idle' });
  const [attempt, setAttempt] = useState(0);
  const startRef = useRef(start);
  useLayoutEffect(() => {
    startRef.current = start;
  });
  const stopRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    if (key === null) {
      setStatus({ phase: 'idle' });
      return;
    }
    setStatus({ phase: 'waiting' });
    let running: RunningAnalysis | null = null;
    let over = false;
    const timer = setTimeout(() => {
      setStatus({ phase: 'running', done: 0, total: 0 });
      running = startRef.current({
        onProgress: (done, total) => {
          if (!over) setStatus({ phase: 'running', done, total });
        },
        onDone: (outcome) => {
          over = true;
          setStatus(outcome === 'finished' ? { phase: 'idle' } : { phase: 'cancelled' });
        },
        onError: (message) => {
          over = true;
          setStatus({ phase: 'failed', message });
        },
      });
    }, SWEEP_DEBOUNCE_MS);
    const stop = (): void => {
      clearTimeout(timer);
      running?.cancel();
      running = null;
    };
    stopRef.current = () => {
      if (over) return;
      over = true;
      stop();
      setStatus({ phase: 'cancelled' });
    };
    return stop;
  }, [key, attempt]);

  const cancel = useCallback(() => stopRef.current(), []);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { status, cancel, retry };
}
