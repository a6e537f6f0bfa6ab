import { describe, expect, it } from 'vitest';
import { izhikevich2003To2007 } from './cellMapping.ts';
import { CELL_PRESETS } from './presets.ts';

describe('izhikevich2003To2007', () => {
  it('gives the notes\' values for b = 0.2, 0.25 and -0.1', () => {
    const at = (b: number) => izhikevich2003To2007({ a: 0.02, b, c: -65, d: 8, v0: -70 });
    const rs = at(0.2);
    expect(rs).toEqual({
      ok: true,
      cell: { C: 1, k: 0.04, vr: -70, vt: -55, vpeak: 30, a: 0.02, b: 0.2, c: -65, d: 8, v0: -70 },
      startU: -14,
    });
    const lts = at(0.25);
    if (!lts.ok) throw new Error(lts.reason);
    expect(lts.cell.vr).toBeCloseTo(-64.4139, 4);
    expect(lts.cell.vt).toBeCloseTo(-60.5861, 4);
    const negative = at(-0.1);
    if (!negative.ok) throw new Error(negative.reason);
    expect([negative.cell.vr, negative.cell.vt]).toEqual([-87.5, -37.5]);
  });

  it('makes the 2007 right-hand side equal the 2003 one for every preset it maps', () => {
    for (const preset of CELL_PRESETS) {
      const mapped = izhikevich2003To2007({ ...preset.params, v0: -65 });
      if (!mapped.ok) throw new Error(`${preset.name}: ${mapped.reason}`);
      const { k, vr, vt, b } = mapped.cell;
      for (const v of [-90, -70, -55, -20, 0, 30]) {
        for (const U of [-20, -13, 0, 5]) {
          const u = U - b * vr;
          expect(k * (v - vr) * (v - vt) - u).toBeCloseTo(0.04 * v * v + 5 * v + 140 - U, 8);
          expect(b * (v - vr) - u).toBeCloseTo(b * v - U, 10);
        }
      }
    }
  });

  it('refuses b with no real root and says why (b = 1, the 2004 accommodation b range)', () => {
    const result = izhikevich2003To2007({ a: 0.02, b: 1, c: -65, d: 8, v0: -70 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/b = 1 gives no real resting potential/);
    // Just inside and just outside the edge of the real roots, (5 - b)^2 = 22.4.
    expect(izhikevich2003To2007({ a: 0.02, b: 0.267, c: -65, d: 8, v0: -70 }).ok).toBe(true);
    expect(izhikevich2003To2007({ a: 0.02, b: 0.268, c: -65, d: 8, v0: -70 }).ok).toBe(false);
    expect(izhikevich2003To2007({ a: 0.02, b: 9.74, c: -65, d: 8, v0: -70 }).ok).toBe(true);
  });

  it('maps the 2004 variants with a restoring u and refuses the one without', () => {
    // Class 1 excitability: p1 = 4.1, p0 = 108, b = -0.1 (Izhikevich 2004, Fig. 1G).
    const class1 = izhikevich2003To2007({ a: 0.02, b: -0.1, c: -55, d: 6, v0: -60, equation: { p1: 4.1, p0: 108 } });
    if (!class1.ok) throw new Error(class1.reason);
    const { k, vr, vt, b } = class1.cell;
    expect(vr + vt).toBeCloseTo(-4.1 / 0.04, 9);
    for (const v of [-80, -60, -30]) expect(k * (v - vr) * (v - vt) + b * vr).toBeCloseTo(0.04 * v * v + 4.1 * v + 108, 8);
    const accommodation = izhikevich2003To2007({ a: 0.02, b: 1, c: -55, d: 4, v0: -65, equation: { vb: -65, uRestoring: false } });
    expect(accommodation.ok).toBe(false);
    if (!accommodation.ok) expect(accommodation.reason).toMatch(/no restoring -a u term/);
  });
});
