import { describe, expect, it } from 'vitest';
import { computeFICurve } from './fICurve.ts';
import { finerStep, rateQuantisation } from './rateQuantisation.ts';
import type { SweepCell } from './sweeps.ts';

const FS: SweepCell = { a: 0.1, b: 0.2, c: -65, d: 2, v0: -70 };
const CLASS2: SweepCell = { a: 0.2, b: 0.26, c: -65, d: 0, v0: -64 };
const RS: SweepCell = { a: 0.02, b: 0.2, c: -65, d: 8, v0: -70 };

/** The f-I panel's default curve (0-25 pA, 51 points, 1 s runs counted after 200 ms) at step `dt`. */
function curve(cell: SweepCell, dt: number) {
  return computeFICurve({ label: 'cell', cell, numerics: { dt, scheme: 'izhikevich2003' }, currents: { from: 0, to: 25, count: 51 }, duration: 1000, settle: 200 });
}

function check(cell: SweepCell, dt: number) {
  const c = curve(cell, dt);
  return rateQuantisation(c.currents, c.rates, dt, 800);
}

describe('rateQuantisation', () => {
  it('finds the FS cell locked at 250 Hz (4 steps) at dt = 1 ms and offers a step that clears it', () => {
    const q = check(FS, 1);
    expect(q).not.toBeNull();
    expect(q?.steps).toBe(4);
    expect(q?.rate).toBeCloseTo(250, 9);
    expect(q?.current).toBeGreaterThanOrEqual(24);
    expect(q?.finerDt).toBe(0.2);
    expect(check(FS, 0.2)).toBeNull();
  });

  it('finds the class 2 cell jumping to 333 Hz (3 steps) at dt = 1 ms, and not at the offered step', () => {
    const q = check(CLASS2, 1);
    expect(q?.steps).toBe(3);
    expect(q?.rate).toBeCloseTo(1000 / 3, 9);
    expect(q?.finerDt).toBe(0.1);
    expect(check(CLASS2, 0.1)).toBeNull();
  });

  it('leaves a slow cell alone at dt = 1 ms (RS under 50 Hz: intervals of 20 steps and more)', () => {
    expect(check(RS, 1)).toBeNull();
  });

  it('uses the measured numbers: rates off the locked levels by more than a spike per window pass', () => {
    // Measured FS rates at dt = 1 ms near the top of the default range, and the same shifted off the levels.
    const currents = [23.5, 24, 24.5, 25];
    expect(rateQuantisation(currents, [133.75, 132.5, 250, 241.25], 1, 800)?.rate).toBe(250);
    expect(rateQuantisation(currents, [133.75, 132.5, 246, 241.25], 1, 800)).toBeNull();
    // A 4 s window counts finer: 251 Hz is then not a 4-step lock.
    expect(rateQuantisation(currents, [133.75, 132.5, 251, 241.25], 1, 4000)).toBeNull();
  });

  it('offers the largest lab step that gives the fastest rate 20 steps, or the finest one', () => {
    expect(finerStep(1, 250)).toBe(0.2);
    expect(finerStep(1, 333.75)).toBe(0.1);
    expect(finerStep(0.5, 1000)).toBe(0.05);
    expect(finerStep(0.05, 5000)).toBe(0.01);
    expect(finerStep(0.01, 5000)).toBeNull();
  });
});
