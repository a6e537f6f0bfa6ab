import type { CompiledNetwork } from '../engine/network.ts';
import { portableExp } from '../portableMath.ts';
import { ridgeSolveGeneral } from './linalg.ts';
import type { Recording } from './recording.ts';
import { drain, type Slices } from './slices.ts';

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
  /**
   * Features per postsynaptic neuron: intercept, the u-error kernel, then every neuron in order (its own
   * column stays 0 and is left out of the solve: one layout for every neuron, so a step's active
   * presynaptic neurons index every neuron's sums alike).
   */
  readonly features: number;
  private readonly sums: VoltageSums;
  /** Scratch for one neuron's system without its own column. */
  private readonly system: Float64Array;
  private readonly systemRhs: Float64Array;
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
    this.features = n + 2;
    const p = this.features;
    const kinetics = presynapticKinetics(net);
    this.system = new Float64Array((p - 1) * (p - 1));
    this.systemRhs = new Float64Array(p - 1);
    this.sums = {
      n,
      p,
      cross: new Float64Array(n * p * p),
      rhs: new Float64Array(n * p),
      filtered: new Float64Array(n),
      uErrorKernel: new Float64Array(n),
      u: Float64Array.from(recording.u0),
      vBefore: Float64Array.from(recording.v0),
      decay: kinetics.decay,
      mean: kinetics.mean,
      erev: kinetics.erev,
      delay: kinetics.delay,
      shifts: shifts ?? new Int32Array(n),
      period,
      drive: new Float64Array(BLOCK_GROUPS * VOLTAGE_GROUP_STEPS * n),
      driveErev: new Float64Array(BLOCK_GROUPS * VOLTAGE_GROUP_STEPS * n),
      groupStarts: new Array<number>(BLOCK_GROUPS + 1).fill(0),
      union: new Int32Array(BLOCK_GROUPS * n),
      unionCount: new Int32Array(BLOCK_GROUPS),
      features: new Int32Array(BLOCK_GROUPS * p),
      mark: new Uint8Array(n),
      z: new Float64Array(VOLTAGE_GROUP_STEPS * p),
      x: new Float64Array(VOLTAGE_GROUP_STEPS * p),
      y: new Float64Array(VOLTAGE_GROUP_STEPS),
    };
  }

  /** Adds the recording's steps from where the last call stopped up to `steps`. */
  addSteps(steps: number): void {
    accumulate(this.sums, this.net, this.recording, this.steps, steps);
    this.steps = Math.max(this.steps, steps);
  }

  /** Recovered conductances (nS) at [post * n + pre], 0 on the diagonal. */
  solve(ridge = 1e-6): Float64Array {
    return drain(this.solveInSlices(ridge));
  }

  /** solve() as a generator that yields after each neuron's system. */
  *solveInSlices(ridge = 1e-6): Slices<Float64Array> {
    const n = this.net.neuronCount;
    const p = this.features;
    const q = p - 1;
    const { cross, rhs } = this.sums;
    const { system, systemRhs } = this;
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      // Neuron i's sums without its own (empty) column and row: feature f of the full layout is f or f - 1.
      const self = i + 2;
      for (let r = 0, rr = 0; r < p; r++) {
        if (r === self) continue;
        const from = i * p * p + r * p;
        for (let col = 0, cc = 0; col < p; col++) if (col !== self) system[rr * q + cc++] = cross[from + col];
        systemRhs[rr++] = rhs[i * p + r];
      }
      const x = ridgeSolveGeneral(system, systemRhs, q, ridge, 1);
      if (x) {
        for (let j = 0, f = 2; j < n; j++) {
          if (j === i) continue;
          out[i * n + j] = x[f++];
        }
      }
      yield;
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
  /** Per presynaptic neuron, its filtered spike train. */
  filtered: Float64Array;
  uErrorKernel: Float64Array;
  u: Float64Array;
  vBefore: Float64Array;
  decay: Float64Array;
  mean: Float64Array;
  erev: Float64Array;
  delay: Int32Array;
  shifts: Int32Array;
  period: number;
  /** Per step of a block and presynaptic neuron: the train times the step-mean factor (q), and q E. */
  drive: Float64Array;
  driveErev: Float64Array;
  /** Per group of a block: its first step (and the block's end), its presynaptic neurons with a nonzero train, their count, a row's features. */
  groupStarts: number[];
  union: Int32Array;
  unionCount: Int32Array;
  features: Int32Array;
  mark: Uint8Array;
  /** One group's instrument and regressor rows (VOLTAGE_GROUP_STEPS x p) and responses. */
  z: Float64Array;
  x: Float64Array;
  y: Float64Array;
}

/**
 * A filtered spike train below this is taken as 0: the conductance it leaves out is under 0.1% of one
 * synapse's peak (about 0.01 pA at the reference weights, against 6 pA of noise), and skipping the
 * silent presynaptic neurons of a step is what makes the sums affordable (about a fifth of the work).
 */
export const TRAIN_FLOOR = 1e-3;

/**
 * Steps summed together: a neuron's sums take VOLTAGE_GROUP_STEPS rows at once, each entry loaded and stored once
 * per group over the union of the group's active presynaptic neurons. Groups start at multiples of
 * VOLTAGE_GROUP_STEPS, so recordings fed in pieces of whole groups sum in the same order as in one piece.
 * The sum in accumulate is written out for four.
 */
export const VOLTAGE_GROUP_STEPS = 4;
/** Groups whose presynaptic drive is prepared before the neurons take them in turn. */
const BLOCK_GROUPS = 8;

/**
 * The step loop of VoltageEstimator.addSteps, with everything in locals (it is where the time goes). A
 * block of steps at a time: first every step's presynaptic drive q and q E and each group's union of
 * active presynaptic neurons, then neuron by neuron through the block (its u and v depend on its own
 * past only) adding a group's instrument and regressor rows to its sums together.
 */
function accumulate(s: VoltageSums, net: CompiledNetwork, recording: Recording, from: number, to: number): void {
  const { n, p, cross, rhs, filtered, uErrorKernel, u, vBefore, decay, mean, erev, delay, shifts, period } = s;
  const { drive, driveErev, union, unionCount, features, z, x, y, mark } = s;
  const dt = recording.dt;
  const { v, spiked } = recording;
  const { p2, p1, p0, a, b, vb, ur, c, d } = net.cells;
  const rowsPerGroup = VOLTAGE_GROUP_STEPS * p;
  let blockStart = from;
  while (blockStart < to) {
    // The block's groups: the first from `from` to the next multiple of VOLTAGE_GROUP_STEPS, then whole groups.
    const groupStarts: number[] = s.groupStarts;
    let groups = 0;
    let k0 = blockStart;
    while (k0 < to && groups < BLOCK_GROUPS) {
      groupStarts[groups++] = k0;
      k0 = Math.min(to, (Math.floor(k0 / VOLTAGE_GROUP_STEPS) + 1) * VOLTAGE_GROUP_STEPS);
    }
    groupStarts[groups] = k0;
    const blockEnd = k0;
    for (let g = 0; g < groups; g++) {
      let members = 0;
      mark.fill(0);
      for (let k = groupStarts[g]; k < groupStarts[g + 1]; k++) {
        // Presynaptic drive acting in step k: spikes of step k - delay arrive, then the step uses it.
        const t = k - blockStart;
        for (let j = 0; j < n; j++) {
          const source = k - delay[j];
          const arrived = source >= 0 ? spiked[((source + period - shifts[j]) % period) * n + j] : 0;
          let f = (k > 0 ? filtered[j] * decay[j] : 0) + arrived;
          if (f < TRAIN_FLOOR) f = 0;
          filtered[j] = f;
          drive[t * n + j] = mean[j] * f;
          driveErev[t * n + j] = mean[j] * f * erev[j];
          if (f !== 0 && mark[j] === 0) {
            mark[j] = 1;
            union[g * n + members++] = j;
          }
        }
      }
      unionCount[g] = members;
      // A row's features: intercept, the u-error kernel, the union's neurons.
      features[g * p] = 0;
      features[g * p + 1] = 1;
      for (let m = 0; m < members; m++) features[g * p + m + 2] = union[g * n + m] + 2;
    }
    for (let i = 0; i < n; i++) {
      const base = i * p * p;
      const rhsBase = i * p;
      for (let g = 0; g < groups; g++) {
        const members = unionCount[g];
        const count = members + 2;
        const steps = groupStarts[g + 1] - groupStarts[g];
        // Rows of the group's steps; a step in which the neuron fired (and the padding) stays all zero.
        z.fill(0, 0, rowsPerGroup);
        x.fill(0, 0, rowsPerGroup);
        y.fill(0);
        for (let t = 0; t < steps; t++) {
          const k = groupStarts[g] + t;
          const slot = (k - blockStart) * n;
          const vNow = vBefore[i];
          const fired = spiked[k * n + i] === 1;
          const vNext = fired ? c[i] : v[k * n + i];
          if (!fired) {
            const row = t * p;
            y[t] = (vNext - vNow) / dt - (p2[i] * (vNow * vNow) + p1[i] * vNow + p0[i]) + u[i];
            z[row] = 1;
            x[row] = 1;
            z[row + 1] = uErrorKernel[i];
            x[row + 1] = uErrorKernel[i];
            // Instrument q (E - v) and regressor q (E - v'); 0 for the neuron's own train.
            for (let m = 0; m < members; m++) {
              const j = union[g * n + m];
              if (j === i) continue;
              z[row + m + 2] = driveErev[slot + j] - drive[slot + j] * vNow;
              x[row + m + 2] = driveErev[slot + j] - drive[slot + j] * vNext;
            }
          }
          // u as the network stepped it; in a step that fired, v' past the peak is unknown (the peak stands in).
          const vStep = fired ? v[k * n + i] : vNext;
          u[i] = u[i] + dt * a[i] * (b[i] * (vStep - vb[i]) - ur[i] * u[i]) + (fired ? d[i] : 0);
          uErrorKernel[i] = uErrorKernel[i] * (1 - dt * a[i] * ur[i]) + (fired ? 1 : 0);
          vBefore[i] = vNext;
        }
        const y0 = y[0];
        const y1 = y[1];
        const y2 = y[2];
        const y3 = y[3];
        const featureBase = g * p;
        for (let r = 0; r < count; r++) {
          const z0 = z[r];
          const z1 = z[p + r];
          const z2 = z[2 * p + r];
          const z3 = z[3 * p + r];
          if (z0 === 0 && z1 === 0 && z2 === 0 && z3 === 0) continue;
          const feature = features[featureBase + r];
          const row = base + feature * p;
          for (let col = 0; col < count; col++) {
            cross[row + features[featureBase + col]] += z0 * x[col] + z1 * x[p + col] + z2 * x[2 * p + col] + z3 * x[3 * p + col];
          }
          rhs[rhsBase + feature] += z0 * y0 + z1 * y1 + z2 * y2 + z3 * y3;
        }
      }
    }
    blockStart = blockEnd;
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
