import type { BuildProgress } from './compile.ts';
import type { SynapseRows } from './network.ts';

/**
 * What a Simulation needs to know of each row (a presynaptic neuron's synapses) before it can queue
 * spikes: the type all its synapses share and the delay they share, and the longest delay of all. A scan
 * of every synapse: at 10 M synapses some 50 ms, so a build computes it in steps (rowShapeSteps) and
 * hands it to the Simulation, rather than the Simulation's constructor scanning in one go.
 */
export interface RowShapes {
  /** Per row: the type index all its synapses share; -1 when they differ, or the row is empty. */
  sharedType: Int32Array;
  /** Per row: the delay (steps) all its synapses share; 0 when they differ, or the row is empty. */
  sharedDelay: Int32Array;
  /** The longest delay of all synapses, steps (0 without synapses). */
  longestDelay: number;
}

/** Synapses scanned between two yields: about a millisecond. */
const SYNAPSES_PER_STEP = 1 << 19;

/** The rows' shapes in steps; each yield reports the fraction of rows done (the stage is `stage`). */
export function* rowShapeSteps(synapses: SynapseRows, stage = 'Setting up the simulation', synapsesPerStep = SYNAPSES_PER_STEP): Generator<BuildProgress, RowShapes, void> {
  const { rowStart, type, delaySteps } = synapses;
  const n = rowStart.length - 1;
  const sharedType = new Int32Array(n);
  const sharedDelay = new Int32Array(n);
  let longestDelay = 0;
  let scanned = 0;
  for (let i = 0; i < n; i++) {
    const start = rowStart[i];
    const end = rowStart[i + 1];
    if (start === end) {
      sharedType[i] = -1;
      continue;
    }
    const firstType = type[start];
    const firstDelay = delaySteps[start];
    let sameType = true;
    let sameDelay = true;
    let longest = firstDelay;
    for (let s = start + 1; s < end; s++) {
      const d = delaySteps[s];
      if (type[s] !== firstType) sameType = false;
      if (d !== firstDelay) sameDelay = false;
      if (d > longest) longest = d;
    }
    sharedType[i] = sameType ? firstType : -1;
    sharedDelay[i] = sameDelay ? firstDelay : 0;
    if (longest > longestDelay) longestDelay = longest;
    scanned += end - start;
    if (scanned >= synapsesPerStep && i + 1 < n) {
      scanned = 0;
      yield { fraction: (i + 1) / n, stage };
    }
  }
  return { sharedType, sharedDelay, longestDelay };
}

/** The rows' shapes at once. */
export function rowShapes(synapses: SynapseRows): RowShapes {
  const steps = rowShapeSteps(synapses);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
