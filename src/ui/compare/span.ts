/**
 * Which span of the lab's run a comparison covers: the other file's span (its run's length, as far as
 * the file tells), cut to what the lab has run and kept.
 */

/**
 * The other run's length, ms: a file holds spikes, not its run's length, so the experiment's duration
 * stands for it (a NEURON or command-line run of this experiment lasts that long) unless the file has
 * spikes later than that.
 */
export function otherRunSpan(lastSpike: number, duration: number): number {
  return lastSpike <= duration ? duration : lastSpike;
}

export interface ComparedSpan {
  /** The compared span is [0, until], ms. */
  until: number;
  /** Why the span is shorter than the other run's: the lab has not run that long, or kept only its first spikes. */
  short: 'not-run' | 'not-kept' | null;
}

/**
 * `labTime`: how far the lab's recorded run reaches, ms; `keptUntil`: the time of the last spike the
 * page kept, when it stopped keeping them (its cap), else Infinity.
 */
export function comparedSpan(otherSpan: number, labTime: number, keptUntil: number): ComparedSpan {
  if (keptUntil < Math.min(otherSpan, labTime)) return { until: keptUntil, short: 'not-kept' };
  if (labTime < otherSpan) return { until: labTime, short: 'not-run' };
  return { until: otherSpan, short: null };
}
