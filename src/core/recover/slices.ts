/**
 * The estimators' long computations are generators that yield every few milliseconds of work: the
 * Worker runs them a slice at a time (so a Cancel is seen between), the command line to the end.
 */
export type Slices<T> = Generator<void, T, void>;

/** Runs a generator to its end and returns its value. */
export function drain<T>(slices: Slices<T>): T {
  for (;;) {
    const next = slices.next();
    if (next.done) return next.value;
  }
}
