import type { CompiledNetwork } from '../engine/network.ts';
import { portableExp } from '../portableMath.ts';
import { ridgeSolveGeneral } from './linalg.ts';
import type { Recording } from './recording.ts';

/**
 * The voltage estimator. The network steps v by one Euler step with the conductances implicit,
 *   v' (1 + dt G) = v + dt (f(v) - u + I + sum_c g_c E_c),   G = sum_c g_c,
 * so for every step in which neuron i did not fire,
 *   y = (v' - v) / dt - f(v) + u = I + sum_j w_j q_j (E_j - v'),
 * exactly, where q_j is presynaptic neuron j's spike train after the known delay, filtered by its
 * synapse's known decay (times the step-mean factor of that decay), E_j its reversal potential and I
 * the unknown drive: its mean is the intercept and its fluctuation the residual.
 * The regressors hold v', which the drive of the same step moved (by dt I / (1 + dt G): several mV), so
 * ordinary least squares would be biased towards zero (a third too small at the reference noise).
 * q_j (E_j - v), with v from before the step, is untouched by that step's drive and nearly the same
 * number: it is the instrument (instrumental-variable least squares, A w = b with A = sum z x^T, b = sum z y).
 * u is not observed: it is rebuilt from the v trace with the known a, b, c, d. Its one unknown is the
 * overshoot of v past the peak in a step that fired (the trace shows the peak), whose error then decays
 * as (1 - a dt)^k: a regressor of that shape per neuron absorbs its mean.
 * The sums are accumulated step by step, so a longer recording only adds to them.
 */
export class VoltageEstimator {
  /** Features per postsynaptic neuron: intercept, the u-error kernel, then every other neuron. */
  readonly features: number;
  private readonly sums: VoltageSums;
  /** Steps fed so far. */
  steps = 0;

  /**
   * @param shifts per presynaptic neuron, how many steps its spike train is circularly shifted against
   *   the voltages (the shuffle control; absent: none), within `period` steps
   */
  constructor(
    private readonly net: CompiledNetwork,
    private readonly recording: Recording,
    shifts?: Int32Array,
    period = recording.capacity,
  ) {
    const n = net.neuronCount;
    this.features = n + 1;
    const p = this.features;
    const kinetics = presynapticKinetics(net);
    this.sums = {
      n,
      p,
      cross: new Float64Array(n * p * p),
      rhs: new Float64Array(n * p),
      filtered: new Float64Array(n),
      drive: new Float64Array(n),
      uErrorKernel: new Float64Array(n),
      u: Float64Array.from(recording.u0),
      vBefore: Float64Array.from(recording.v0),
      z: new Float64Array(p),
      x: new Float64Array(p),
      decay: kinetics.decay,
      mean: kinetics.mean,
      erev: kinetics.erev,
      delay: kinetics.delay,
      shifts: shifts ?? new Int32Array(n),
      period,
      activePre: new Int32Array(n),
      features: new Int32Array(p),
    };
  }

  /** Adds the recording's steps from where the last call stopped up to `steps`. */
  addSteps(steps: number): void {
    accumulate(this.sums, this.net, this.recording, this.steps, steps);
    this.steps = Math.max(this.steps, steps);
  }

  /** Recovered conductances (nS) at [post * n + pre], 0 on the diagonal. */
  solve(ridge = 1e-6): Float64Array {
    const n = this.net.neuronCount;
    const p = this.features;
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const x = ridgeSolveGeneral(this.sums.cross.subarray(i * p * p, (i + 1) * p * p), this.sums.rhs.subarray(i * p, (i + 1) * p), p, ridge, 1);
      if (!x) continue;
      for (let j = 0, f = 2; j < n; j++) {
        if (j === i) continue;
        out[i * n + j] = x[f++];
      }
    }
    return out;
  }
}

interface VoltageSums {
  n: number;
  p: number;
  /** Per postsynaptic neuron, sum z x^T (p x p) and sum z y (p). */
  cross: Float64Array;
  rhs: Float64Array;
  /** Per presynaptic neuron: filtered spike train, and that times the step-mean factor (q). */
  filtered: Float64Array;
  drive: Float64Array;
  uErrorKernel: Float64Array;
  u: Float64Array;
  vBefore: Float64Array;
  z: Float64Array;
  x: Float64Array;
  decay: Float64Array;
  mean: Float64Array;
  erev: Float64Array;
  delay: Int32Array;
  shifts: Int32Array;
  period: number;
  /** Scratch: this step's presynaptic neurons with a nonzero train, and a row's nonzero feature indices. */
  activePre: Int32Array;
  features: Int32Array;
}

/**
 * A filtered spike train below this is taken as 0: the conductance it leaves out is under 0.1% of one
 * synapse's peak (about 0.01 pA at the reference weights, against 6 pA of noise), and skipping the
 * silent presynaptic neurons of a step is what makes the sums affordable (about a fifth of the work).
 */
export const TRAIN_FLOOR = 1e-3;

/** The step loop of VoltageEstimator.addSteps, with everything in locals (it is where the time goes). */
function accumulate(s: VoltageSums, net: CompiledNetwork, recording: Recording, from: number, to: number): void {
  const { n, p, cross, rhs, filtered, drive, uErrorKernel, u, vBefore, z, x, decay, mean, erev, delay, shifts, period, activePre, features } = s;
  const dt = recording.dt;
  const { v, spiked } = recording;
  const { p2, p1, p0, a, b, vb, ur, c, d } = net.cells;
  for (let k = from; k < to; k++) {
    // Presynaptic drive acting in step k: spikes of step k - delay arrive, then the step uses it.
    let active = 0;
    for (let j = 0; j < n; j++) {
      const source = k - delay[j];
      const arrived = source >= 0 ? spiked[((source + period - shifts[j]) % period) * n + j] : 0;
      let f = (k > 0 ? filtered[j] * decay[j] : 0) + arrived;
      if (f < TRAIN_FLOOR) f = 0;
      filtered[j] = f;
      drive[j] = mean[j] * f;
      if (f !== 0) activePre[active++] = j;
    }
    for (let i = 0; i < n; i++) {
      const vNow = vBefore[i];
      const fired = spiked[k * n + i] === 1;
      const vNext = fired ? c[i] : v[k * n + i];
      if (!fired) {
        const y = (vNext - vNow) / dt - (p2[i] * (vNow * vNow) + p1[i] * vNow + p0[i]) + u[i];
        // The nonzero features only: intercept, the u-error kernel, the active presynaptic neurons.
        let count = 0;
        features[count] = 0;
        z[count] = 1;
        x[count++] = 1;
        if (uErrorKernel[i] !== 0) {
          features[count] = 1;
          z[count] = uErrorKernel[i];
          x[count++] = uErrorKernel[i];
        }
        for (let m = 0; m < active; m++) {
          const j = activePre[m];
          if (j === i) continue;
          const q = drive[j];
          features[count] = j < i ? j + 2 : j + 1;
          z[count] = q * (erev[j] - vNow);
          x[count++] = q * (erev[j] - vNext);
        }
        const base = i * p * p;
        const rhsBase = i * p;
        for (let r = 0; r < count; r++) {
          const zr = z[r];
          const row = base + features[r] * p;
          for (let col = 0; col < count; col++) cross[row + features[col]] += zr * x[col];
          rhs[rhsBase + features[r]] += zr * y;
        }
      }
      // u as the network stepped it; in a step that fired, v' past the peak is unknown (the peak stands in).
      const vStep = fired ? v[k * n + i] : vNext;
      u[i] = u[i] + dt * a[i] * (b[i] * (vStep - vb[i]) - ur[i] * u[i]) + (fired ? d[i] : 0);
      uErrorKernel[i] = uErrorKernel[i] * (1 - dt * a[i] * ur[i]) + (fired ? 1 : 0);
      vBefore[i] = vNext;
    }
  }
}

/**
 * Per presynaptic neuron, the kinetics of its outgoing synapses as the network has them (every neuron's
 * synapses share one type and delay in these networks): decay per step and the step-mean factor exactly
 * as the engine computes them, reversal potential and delay in steps.
 */
export function presynapticKinetics(net: CompiledNetwork): { decay: Float64Array; mean: Float64Array; erev: Float64Array; delay: Int32Array } {
  const n = net.neuronCount;
  const decay = new Float64Array(n);
  const mean = new Float64Array(n);
  const erev = new Float64Array(n);
  const delay = new Int32Array(n).fill(1);
  const { rowStart, type, delaySteps } = net.synapses;
  // A neuron without synapses gets its role's kinetics: its type is read off a neuron of the same role.
  const typeOfRole = new Int32Array(2).fill(-1);
  const delayOfRole = new Int32Array(2).fill(1);
  for (let i = 0; i < n; i++) {
    if (rowStart[i] < rowStart[i + 1]) {
      typeOfRole[net.roles[i]] = type[rowStart[i]];
      delayOfRole[net.roles[i]] = delaySteps[rowStart[i]];
    }
  }
  for (let i = 0; i < n; i++) {
    const has = rowStart[i] < rowStart[i + 1];
    const k = has ? type[rowStart[i]] : typeOfRole[net.roles[i]];
    if (k < 0) continue;
    const synapse = net.synapseTypes[k];
    const d = portableExp(-net.dt / synapse.tau);
    decay[i] = d;
    mean[i] = (synapse.tau / net.dt) * (1 - d);
    erev[i] = synapse.erev;
    delay[i] = has ? delaySteps[rowStart[i]] : delayOfRole[net.roles[i]];
  }
  return { decay, mean, erev, delay };
}
