/**
 * How many steps fit in what is left of a tick's chunk, from the wall time steps took so far. A split
 * run posts one 'run' to the second Worker per batch and that Worker idles from the end of one batch
 * until the next one's message wakes it, so a tick runs one batch of the right size rather than
 * batches doubling from one step (five wake-ups a tick at 100,000 neurons).
 */
export const MAX_BATCH = 4096;
/** Weight of the newest batch in the running estimate (steps of the 2003 network vary with its bursts). */
const NEWEST = 0.3;

export class StepPacer {
  /** Wall ms per step, or null before the first batch. */
  private msPerStep: number | null = null;

  /** Steps for `leftMs` of wall time: one until a step has been timed (a step of a big network can take milliseconds). */
  batch(leftMs: number): number {
    const per = this.msPerStep;
    if (per === null) return 1;
    if (!(per > 0)) return MAX_BATCH;
    return Math.max(1, Math.min(MAX_BATCH, Math.floor(leftMs / per)));
  }

  /** A batch of `steps` steps took `ms` of wall time. */
  record(steps: number, ms: number): void {
    if (steps <= 0) return;
    const per = Math.max(0, ms) / steps;
    this.msPerStep = this.msPerStep === null ? per : this.msPerStep * (1 - NEWEST) + per * NEWEST;
  }

  /** Another network: its steps take another time. */
  reset(): void {
    this.msPerStep = null;
  }
}
