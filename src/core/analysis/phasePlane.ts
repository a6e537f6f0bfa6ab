/**
 * The v-u phase plane of one quadratic integrate-and-fire cell in the engine's kernel form (no DOM):
 *   dv/dt = p2 v^2 + p1 v + p0 + (I - u) / C,   du/dt = a (b (v - vb) - ur u),
 * its nullclines, fixed points (classified from the Jacobian) and vector field. The 2003 cell has
 * C = 1; the 2007 cell's terms are izhikevich2007Kernel's (u and I in pA, v in mV).
 */
import { pulsePhase } from '../engine/simulation.ts';
import { sineCurrent } from '../engine/sineInput.ts';
import { izhikevich2007Kernel } from '../engine/izhikevich2007.ts';
import type { Experiment, Izhikevich2003NeuronSpec, Izhikevich2007NeuronSpec } from '../experiment/types.ts';

export interface CellParams {
  p2: number;
  p1: number;
  p0: number;
  a: number;
  b: number;
  vb: number;
  ur: number;
  /** 1 / C: 1 for the 2003 cell. */
  invC: number;
}

export type FixedPointKind = 'stable' | 'unstable' | 'saddle';

export interface FixedPoint {
  v: number;
  u: number;
  kind: FixedPointKind;
  /** Jacobian trace and determinant there. */
  trace: number;
  det: number;
  /** A double root (saddle-node: two fixed points merging); classified 'saddle'. */
  double: boolean;
}

/** The cell's kernel parameters from a neuron spec (2003 defaults for absent equation fields). */
export function cellParams(
  neuron: (Pick<Izhikevich2003NeuronSpec, 'a' | 'b' | 'equation'> & { model?: 'izhikevich2003' }) | Pick<Izhikevich2007NeuronSpec, 'model' | 'a' | 'b' | 'C' | 'k' | 'vr' | 'vt'>,
): CellParams {
  if (neuron.model === 'izhikevich2007') return { ...izhikevich2007Kernel(neuron), a: neuron.a, b: neuron.b };
  const eq = neuron.equation ?? {};
  return {
    p2: 0.04,
    p1: eq.p1 ?? 5,
    p0: eq.p0 ?? 140,
    a: neuron.a,
    b: neuron.b,
    vb: eq.vb ?? 0,
    ur: eq.uRestoring === false ? 0 : 1,
    invC: 1,
  };
}

/** u on the v-nullcline (dv/dt = 0) at v. */
export function vNullcline(p: CellParams, I: number, v: number): number {
  return (p.p2 * v * v + p.p1 * v + p.p0) / p.invC + I;
}

/** u on the u-nullcline (du/dt = 0) at v; NaN when ur = 0 (then the nullcline is the vertical line v = vb). */
export function uNullcline(p: CellParams, v: number): number {
  return p.ur === 0 ? Number.NaN : (p.b * (v - p.vb)) / p.ur;
}

/** The vector field (dv/dt, du/dt) at (v, u). */
export function derivatives(p: CellParams, I: number, v: number, u: number): [number, number] {
  return [p.p2 * v * v + p.p1 * v + p.p0 + (I - u) * p.invC, p.a * (p.b * (v - p.vb) - p.ur * u)];
}

/** Jacobian [[2 p2 v + p1, -1 / C], [a b, -a ur]]: trace and determinant at v. */
export function jacobianAt(p: CellParams, v: number): { trace: number; det: number } {
  const fv = 2 * p.p2 * v + p.p1;
  return { trace: fv - p.a * p.ur, det: -fv * p.a * p.ur + p.a * p.b * p.invC };
}

/** Saddle when det < 0; otherwise stable (node or focus) when trace < 0, else unstable. */
export function classify(trace: number, det: number): FixedPointKind {
  if (det < 0) return 'saddle';
  return trace < 0 ? 'stable' : 'unstable';
}

function fixedPointAt(p: CellParams, I: number, v: number, double: boolean): FixedPoint {
  const { trace, det } = jacobianAt(p, v);
  return { v, u: vNullcline(p, I, v), kind: double ? 'saddle' : classify(trace, det), trace, det, double };
}

/** Relative size below which the discriminant counts as zero (a double root). */
const DOUBLE_EPS = 1e-9;

/** Intersections of the nullclines, in increasing v. */
export function fixedPoints(p: CellParams, I: number): FixedPoint[] {
  if (p.ur === 0) {
    // du/dt = a b (v - vb): the u-nullcline is v = vb (or, with b = 0 too, the whole plane: no isolated points).
    if (p.b === 0 || p.a === 0) return [];
    return [fixedPointAt(p, I, p.vb, false)];
  }
  // p2 v^2 + (p1 - b/(ur C)) v + p0 + (b vb / ur + I) / C = 0
  const A = p.p2;
  const B = p.p1 - (p.b * p.invC) / p.ur;
  const C = p.p0 + ((p.b * p.vb) / p.ur + I) * p.invC;
  if (A === 0) {
    if (B === 0) return [];
    return [fixedPointAt(p, I, -C / B, false)];
  }
  const disc = B * B - 4 * A * C;
  const scale = Math.max(B * B, Math.abs(4 * A * C), 1e-300);
  if (Math.abs(disc) <= DOUBLE_EPS * scale) return [fixedPointAt(p, I, -B / (2 * A), true)];
  if (disc < 0) return [];
  const sq = Math.sqrt(disc);
  // The numerically stable pair of roots.
  const q = -0.5 * (B + Math.sign(B || 1) * sq);
  const roots = [q / A, C / q].sort((x, y) => x - y);
  return roots.map((v) => fixedPointAt(p, I, v, false));
}

export interface FieldArrow {
  v: number;
  u: number;
  dv: number;
  du: number;
}

/** The vector field on an nv x nu grid of cell centres over [v0, v1] x [u0, u1]. */
export function vectorField(p: CellParams, I: number, vRange: [number, number], uRange: [number, number], nv: number, nu: number): FieldArrow[] {
  const out: FieldArrow[] = [];
  for (let i = 0; i < nv; i++) {
    const v = vRange[0] + ((i + 0.5) / nv) * (vRange[1] - vRange[0]);
    for (let j = 0; j < nu; j++) {
      const u = uRange[0] + ((j + 0.5) / nu) * (uRange[1] - uRange[0]);
      const [dv, du] = derivatives(p, I, v, u);
      out.push({ v, u, dv, du });
    }
  }
  return out;
}

/**
 * The external input current into a single neuron at time t from the experiment's inputs that target
 * it by id: constant amplitudes, pulses (with ramps) while on, recorded currents, and the mean of noise
 * inputs (the mean, not this step's draw, so the nullcline does not jitter). Synaptic and Poisson inputs
 * depend on spikes; the phase plane adds the recorded synaptic current for them (receivesSynapticInput).
 */
export function inputCurrentAt(experiment: Experiment, neuronId: string, t: number): number {
  const dt = experiment.simulation.dt;
  let I = 0;
  for (const input of experiment.inputs) {
    if (input.target !== neuronId) continue;
    switch (input.kind) {
      case 'constant':
        I += input.amplitude;
        break;
      case 'pulse': {
        const phase = pulsePhase(input.start, input.duration, input.period, t, dt);
        if (phase >= 0) I += input.slope === undefined ? input.amplitude : input.amplitude + input.slope * phase;
        break;
      }
      case 'noise':
        I += input.mean;
        break;
      case 'recorded': {
        // values[k] acts during step k, which starts at k dt.
        const k = Math.floor(t / dt + 1e-9);
        if (k >= 0 && k < input.values.length) I += input.values[k];
        break;
      }
      case 'sine':
        I += sineCurrent(input, t, dt);
        break;
      case 'poisson':
        break;
    }
  }
  return I;
}

/** Whether spikes reach the neuron through synapses: a connection or projection onto it, or Poisson input. */
export function receivesSynapticInput(experiment: Experiment, neuronId: string): boolean {
  return (
    experiment.connections.some((c) => c.post === neuronId) ||
    experiment.projections.some((p) => p.post === neuronId) ||
    experiment.inputs.some((input) => input.kind === 'poisson' && input.target === neuronId)
  );
}
