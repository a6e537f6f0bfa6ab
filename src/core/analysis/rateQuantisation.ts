/**
 * Whether an f-I curve's rates are the integration step's rather than the cell's. A regular spike train
 * whose interspike interval is a whole number k of steps fires at exactly 1000 / (k dt) Hz; when k is
 * small these levels are far apart (500, 333, 250, 200 Hz at dt = 1 ms), so the curve climbs in stairs
 * and jumps between them (the FS and class 2 cells at dt = 1 ms).
 */
import { STEP_SIZES } from '../experiment/types.ts';

/**
 * Intervals of at most this many steps count as coarse: neighbouring locked rates then differ by at
 * least 1/COARSE_STEPS (10 %), a stair a reader sees on the plot.
 */
export const COARSE_STEPS = 10;
/** The step offered instead puts the fastest measured interval at this many steps or more. */
export const FINE_STEPS = 20;

export interface RateQuantisation {
  /** The locked rate found nearest the top of the curve, Hz (1000 / (steps dt)). */
  rate: number;
  /** Its interval in steps. */
  steps: number;
  /** The current where it was measured, pA. */
  current: number;
  /** A finer step from STEP_SIZES that resolves the curve's fastest rate, or null when dt is already the finest. */
  finerDt: number | null;
}

/**
 * The highest rate of the curve that sits on a locked level 1000 / (k dt) with k <= COARSE_STEPS,
 * or null. Rates are spike counts over a window of `windowMs`, so a locked train's rate is off by at
 * most about one spike per window: that is the tolerance.
 */
export function rateQuantisation(currents: ArrayLike<number>, rates: ArrayLike<number>, dt: number, windowMs: number): RateQuantisation | null {
  const tolerance = (1.5 * 1000) / windowMs;
  let found: RateQuantisation | null = null;
  let fastest = 0;
  for (let i = 0; i < rates.length; i++) {
    const rate = rates[i];
    if (!(rate > 0)) continue;
    fastest = Math.max(fastest, rate);
    const steps = Math.round(1000 / (rate * dt));
    if (steps < 1 || steps > COARSE_STEPS) continue;
    const locked = 1000 / (steps * dt);
    if (Math.abs(rate - locked) > tolerance) continue;
    if (found === null || locked > found.rate) found = { rate: locked, steps, current: currents[i], finerDt: null };
  }
  if (found === null) return null;
  return { ...found, finerDt: finerStep(dt, fastest) };
}

/** The largest lab step below `dt` at which `rate` spans at least FINE_STEPS steps (else the finest below `dt`). */
export function finerStep(dt: number, rate: number): number | null {
  const finer = STEP_SIZES.filter((s) => s < dt - 1e-12);
  if (finer.length === 0) return null;
  const wanted = 1000 / (rate * FINE_STEPS);
  return finer.find((s) => s <= wanted) ?? finer[finer.length - 1];
}
