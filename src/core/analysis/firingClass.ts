import type { FiringClass } from './sweeps.ts';

/**
 * Sorts a spike train's answer to a step input into one of the FIRING_CLASSES (sweeps.ts). The rules
 * look only at the spikes in [onset, duration) and at ratios of intervals, so they do not depend on the
 * cell's time scale. In order:
 *
 * 1. No spike: 'silent'.
 * 2. Firing stopped (phasic): the silence from the last spike to the end of the run is at least
 *    QUIET_WINDOW_FRACTION of the window (duration - onset), QUIET_ISI_FACTOR times the longest ISI, and
 *    QUIET_LATENCY_FACTOR times the latency of the first spike, i.e. well beyond any pause the train
 *    itself showed. One spike: 'phasic-spiking'; more: 'phasic-bursting'.
 * 3. Fewer than three spikes (and still firing): 'tonic-spiking' (too few to see bursts or a trend).
 * 4. Bursts: the ISIs, sorted, are split at the largest ratio between neighbours when that ratio is at
 *    least BURST_RATIO (the ISIs fall into short ones within bursts and long ones between them);
 *    without such a gap every spike stands alone. A group is a run of spikes joined by short ISIs.
 *    - 'tonic-bursting': at least half of the groups after the first have two or more spikes.
 *    - An initial group of at least MIXED_MIN_BURST spikes followed by single spikes: 'mixed-mode',
 *      unless the intervals from the end of that group on keep growing (last >= STILL_SLOWING x first):
 *      then the fast start was the beginning of adaptation, 'adapting-spiking'.
 * 5. Single spikes (an initial doublet included: a cell at rest often answers a step with one): with at
 *    least three ISIs and the last ISI at least ADAPTATION_RATIO times the second, 'adapting-spiking';
 *    else 'tonic-spiking'. The first ISI is left out of that ratio because an onset doublet is not
 *    adaptation (Izhikevich 2004, Fig. 1A: ISIs 4, 14.5, 27.75, 27.5 ms, tonic).
 *
 * The thresholds sit between the firing patterns of Izhikevich (2004), Fig. 1, as the lab runs them (see
 * firingClass.test.ts for the numbers of each).
 */
export const QUIET_WINDOW_FRACTION = 0.25;
export const QUIET_ISI_FACTOR = 3;
export const QUIET_LATENCY_FACTOR = 2;
export const BURST_RATIO = 3;
export const MIXED_MIN_BURST = 3;
export const STILL_SLOWING = 1.1;
export const ADAPTATION_RATIO = 3;

/**
 * The class of the spikes at times `spikeTimes` (ms, ascending) for a step input switched on at `onset`
 * in a run of `duration` ms. Spikes before onset or at/after duration are ignored.
 */
export function classifySpikeTrain(spikeTimes: ArrayLike<number>, onset: number, duration: number): FiringClass {
  let first = 0;
  while (first < spikeTimes.length && spikeTimes[first] < onset) first++;
  let end = spikeTimes.length;
  while (end > first && spikeTimes[end - 1] >= duration) end--;
  const n = end - first;
  if (n === 0) return 'silent';

  const isis = new Float64Array(n - 1);
  let longest = 0;
  for (let k = 0; k < n - 1; k++) {
    isis[k] = spikeTimes[first + k + 1] - spikeTimes[first + k];
    if (isis[k] > longest) longest = isis[k];
  }
  const quiet = duration - spikeTimes[end - 1];
  const latency = spikeTimes[first] - onset;
  const stopped = Math.max(QUIET_WINDOW_FRACTION * (duration - onset), QUIET_ISI_FACTOR * longest, QUIET_LATENCY_FACTOR * latency);
  if (quiet >= stopped) return n === 1 ? 'phasic-spiking' : 'phasic-bursting';
  if (n < 3) return 'tonic-spiking';

  const groups = groupSizes(isis, burstThreshold(isis));
  if (groups.length > 1) {
    let laterBursts = 0;
    for (let g = 1; g < groups.length; g++) if (groups[g] >= 2) laterBursts++;
    if (2 * laterBursts >= groups.length - 1) return 'tonic-bursting';
    if (groups[0] >= MIXED_MIN_BURST) {
      // Intervals from the last spike of the first group on: the gap after it, then the single spikes'.
      const from = groups[0] - 1;
      const growing = isis.length - from >= 2 && isis[isis.length - 1] >= STILL_SLOWING * isis[from];
      return growing ? 'adapting-spiking' : 'mixed-mode';
    }
  }
  return isis.length >= 3 && isis[isis.length - 1] >= ADAPTATION_RATIO * isis[1] ? 'adapting-spiking' : 'tonic-spiking';
}

/**
 * The ISI below which two spikes belong to one burst: the geometric mean of the two sorted ISIs with the
 * largest ratio between them, when that ratio is at least BURST_RATIO; 0 (no bursts) otherwise.
 */
export function burstThreshold(isis: ArrayLike<number>): number {
  if (isis.length < 2) return 0;
  const sorted = Float64Array.from(isis).sort();
  let best = 1;
  let at = -1;
  for (let k = 1; k < sorted.length; k++) {
    // A zero ISI cannot occur (one spike per step), but it must not turn the ratio into NaN or Infinity.
    const ratio = sorted[k - 1] > 0 ? sorted[k] / sorted[k - 1] : 1;
    if (ratio > best) {
      best = ratio;
      at = k;
    }
  }
  return best >= BURST_RATIO ? Math.sqrt(sorted[at - 1] * sorted[at]) : 0;
}

/** Sizes (spike counts) of the runs of spikes joined by ISIs below `threshold`, in time order. */
export function groupSizes(isis: ArrayLike<number>, threshold: number): number[] {
  const sizes = [1];
  for (let k = 0; k < isis.length; k++) {
    if (isis[k] < threshold) sizes[sizes.length - 1]++;
    else sizes.push(1);
  }
  return sizes;
}
