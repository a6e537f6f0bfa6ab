import type { Izhikevich2007Params } from '../experiment/types.ts';
import type { CellArrays } from './network.ts';

/**
 * Neuron i of `cells` as an izhikevich2007Cell in the engine's one quadratic kernel:
 *   C dv/dt = k (v - vr)(v - vt) - u + I   becomes   dv/dt = p2 v^2 + p1 v + p0 + (I - u) / C
 * with p2 = k / C, p1 = -k (vr + vt) / C, p0 = k vr vt / C, and du/dt = a (b (v - vr) - u) is the
 * kernel's u equation with vb = vr. u stays in pA and starts at 0, as in NeuroML.
 */
export function setIzhikevich2007(cells: CellArrays, i: number, p: Izhikevich2007Params): void {
  const kOverC = p.k / p.C;
  cells.p2[i] = kOverC;
  cells.p1[i] = -kOverC * (p.vr + p.vt);
  cells.p0[i] = kOverC * p.vr * p.vt;
  cells.vb[i] = p.vr;
  cells.ur[i] = 1;
  cells.vpeak[i] = p.vpeak;
  cells.a[i] = p.a;
  cells.b[i] = p.b;
  cells.c[i] = p.c;
  cells.d[i] = p.d;
  cells.v0[i] = p.v0;
  cells.u0[i] = 0;
  cells.invC[i] = 1 / p.C;
}
