import type { EquationVariant, Izhikevich2003Params, Izhikevich2007Params } from './types.ts';

/** The 2003 cell's quadratic coefficient, 1/(mV ms): it becomes k (nS/mV) at C = 1 pF. */
const K_2003 = 0.04;
/** The 2003 cell's defaults (types.ts). */
const VPEAK_2003 = 30;

export type CellMapping =
  | {
      ok: true;
      cell: Izhikevich2007Params;
      /**
       * The 2003 recovery variable U at which the mapped cell starts: izhikevich2007Cell always starts
       * at u = 0, which is U = b (vr - vb), not the 2003 cell's u0 (b v0 when absent). The two runs
       * agree from the start only when these are equal; otherwise the first spikes differ by a short
       * transient.
       */
      startU: number;
    }
  | { ok: false; reason: string };

/**
 * The exact izhikevich2007Cell of a 2003 cell (and of the 2004 equation variants whose u restores).
 *
 * The 2003 cell in the lab's units (mV, ms, pA with C = 1 pF) is
 *   dv/dt = 0.04 v^2 + p1 v + p0 - U + I,   dU/dt = a (b (v - vb) - U)
 * (p1 = 5, p0 = 140, vb = 0 for the 2003 paper). With C = 1 pF and k = 0.04 nS/mV the 2007 cell
 *   C dv/dt = k (v - vr)(v - vt) - u + I,   du/dt = a (b (v - vr) - u)
 * is the same system for u = U - b (vr - vb) when vr + vt = -p1 / k and
 *   0.04 vr^2 + (p1 - b) vr + p0 + b vb = 0        (for the 2003 paper: 0.04 vr^2 + (5 - b) vr + 140 = 0).
 * Resets (v <- c, u <- u + d) carry over unchanged, vpeak is the 2003 cut-off and v0 the same.
 *
 * Of the two roots the lower one is taken: for b < 0.26 (RS, IB, CH, FS, LTS, TC: every cortical
 * preset) it puts vr below vt, so vr is the resting potential and vt the threshold, as the 2007 model
 * names them (RS: vr = -70, vt = -55). The other root describes the same dynamics with u shifted by a
 * constant but gives vr above vt. From b = 0.26 (the resonator) to the end of the real roots the lower
 * root gives vt <= vr: still exact (the quadratic is symmetric in vr and vt), only the names no longer
 * fit.
 *
 * Not exact, so refused with the reason: no real root ((p1 - b)^2 < 0.16 (p0 + b vb); for the 2003
 * paper b between 0.2672 and 9.733, e.g. b = 1), and the variant without the restoring -U term
 * (uRestoring false), which the 2007 cell always has.
 */
export function izhikevich2003To2007(p: Izhikevich2003Params & { equation?: EquationVariant }): CellMapping {
  const p1 = p.equation?.p1 ?? 5;
  const p0 = p.equation?.p0 ?? 140;
  const vb = p.equation?.vb ?? 0;
  if (p.equation?.uRestoring === false) {
    return { ok: false, reason: 'du/dt = a b (v - vb) has no restoring -a u term, which the izhikevich2007Cell always has: no exact mapping' };
  }
  const linear = p1 - p.b;
  const constant = p0 + p.b * vb;
  const discriminant = linear * linear - 4 * K_2003 * constant;
  if (!(discriminant >= 0)) {
    return {
      ok: false,
      reason: `b = ${p.b} gives no real resting potential vr (0.04 vr^2 + ${formatCoefficient(linear)} vr + ${formatCoefficient(constant)} = 0 has no real root; ` +
        `for the 2003 equations b must be at most 0.2672 or at least 9.733): no exact izhikevich2007Cell`,
    };
  }
  // The lower root, computed without cancellation: q = -(linear + sign(linear) sqrt(D)) / 2 gives
  // roots q / K and constant / q.
  const sqrt = Math.sqrt(discriminant);
  const q = -0.5 * (linear + (linear >= 0 ? sqrt : -sqrt));
  const roots = q === 0 ? [0, 0] : [q / K_2003, constant / q];
  const vr = snapped(Math.min(roots[0], roots[1]));
  const vt = snapped(-p1 / K_2003 - vr);
  return {
    ok: true,
    cell: { C: 1, k: K_2003, vr, vt, vpeak: p.vpeak ?? VPEAK_2003, a: p.a, b: p.b, c: p.c, d: p.d, v0: p.v0 },
    startU: p.b * (vr - vb),
  };
}

/**
 * x, or the number of 14 significant digits within a few units in the last place of it, so that exact
 * cases read exactly (RS: -70 and -55, not -69.99999999999997) without moving others by more than
 * rounding already has.
 */
function snapped(x: number): number {
  const short = Number(x.toPrecision(14));
  return Math.abs(short - x) <= 4 * Number.EPSILON * Math.abs(x) ? short : x;
}

function formatCoefficient(x: number): string {
  return String(Number(x.toPrecision(6)));
}
