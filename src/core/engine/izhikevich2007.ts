import type { Izhikevich2007Params } from '../experiment/types.ts';
import type { CellArrays } from './network.ts';

/**
 * Neuron i of `cells` as an izhikevich2007Cell in the engine's one quadratic kernel:
 *   C dv/dt = k (v - vr)(v - vt) - u + I   becomes   dv/dt = p2 v^2 + p1 v + p0 + (I - u) / C
 * with p2 = k / C, p1 = -k (vr + vt) / C, p0 = k vr vt / C, and du/dt = a (b (v - vr) - u) is the
 * kernel's u equation with vb = vr. u stays in pA and starts at 0, as in NeuroML.
 */
/** The 2007 cell's terms in the engine's kernel form (above): the same numbers setIzhikevich2007 writes. */
export function izhikevich2007Kernel(p: Pick<Izhikevich2007Params, 'C' | 'k' | 'vr' | 'vt'>): { p2: number; p1: number; p0: number; vb: number; ur: number; invC: number } {
  const kOverC = p.k / p.C;
  return { p2: kOverC, p1: -kOverC * (p.vr + p.vt), p0: kOverC * p.vr * p.vt, vb: p.vr, ur: 1, invC: 1 / p.C };
}

export function setIzhikevich2007(cells: CellArrays, i: number, p: Izhikevich2007Params): void {
  const kernel = izhikevich2007Kernel(p);
  cells.p2[i] = kernel.p2;
  cells.p1[i] = kernel.p1;
  cells.p0[i] = kernel.p0;
  cells.vb[i] = kernel.vb;
  cells.ur[i] = kernel.ur;
  cells.vpeak[i] = p.vpeak;
  cells.a[i] = p.a;
  cells.b[i] = p.b;
  cells.c[i] = p.c;
  cells.d[i] = p.d;
  cells.v0[i] = p.v0;
  cells.u0[i] = 0;
  cells.invC[i] = kernel.invC;
}
