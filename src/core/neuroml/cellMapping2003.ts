import type { EquationVariant, Izhikevich2003Params } from '../experiment/types.ts';

/** NeuroML's izhikevich2007Cell parameters in the lab's units (pF, nS/mV, mV, 1/ms, nS, pA). */
export interface Cell2007 {
  C: number;
  k: number;
  vr: number;
  vt: number;
  vpeak: number;
  a: number;
  b: number;
  c: number;
  d: number;
  v0: number;
}

/**
 * The exact izhikevich2007Cell of a 2003 cell (neuroml-notes §2): C = 1 pF, k = 0.04 nS/mV, vr the lower
 * root of 0.04 vr^2 + (p1 - b) vr + p0 + b vb = 0, vt = -p1 / 0.04 - vr; u = U - b (vr - vb), so the
 * 2007 cell's u = 0 at the start is the 2003 cell's U = startU. No exact form without a real root or
 * without the restoring -a u term.
 */
export function izhikevich2003To2007(p: Izhikevich2003Params & { equation?: EquationVariant }): { ok: true; cell: Cell2007; startU: number } | { ok: false; reason: string } {
  const p1 = p.equation?.p1 ?? 5;
  const p0 = p.equation?.p0 ?? 140;
  const vb = p.equation?.vb ?? 0;
  if (p.equation?.uRestoring === false) return { ok: false, reason: 'du/dt = a b (v - vb) has no restoring -a u term, which izhikevich2007Cell always has' };
  const linear = p1 - p.b;
  const constant = p0 + p.b * vb;
  const discriminant = linear * linear - 0.16 * constant;
  if (!(discriminant >= 0)) return { ok: false, reason: `b = ${p.b} gives no real resting potential vr` };
  const sqrt = Math.sqrt(discriminant);
  const q = -0.5 * (linear + (linear >= 0 ? sqrt : -sqrt));
  const roots = q === 0 ? [0, 0] : [q / 0.04, constant / q];
  const vr = Number(Math.min(roots[0], roots[1]).toPrecision(12));
  const vt = Number((-p1 / 0.04 - vr).toPrecision(12));
  return { ok: true, cell: { C: 1, k: 0.04, vr, vt, vpeak: p.vpeak ?? 30, a: p.a, b: p.b, c: p.c, d: p.d, v0: p.v0 }, startU: p.b * (vr - vb) };
}
