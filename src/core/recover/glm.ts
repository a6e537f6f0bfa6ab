import type { CompiledNetwork } from '../engine/network.ts';
import { portableExp } from '../portableMath.ts';
import { choleskyInPlace, choleskySolve, inverseDiagonal } from './linalg.ts';
import type { Recording } from './recording.ts';
import { presynapticKinetics, TRAIN_FLOOR } from './voltage.ts';

/** Time constants (ms) of the kernels of a neuron's own spike history: refractoriness and adaptation. */
export const HISTORY_TAUS = [2, 10, 50] as const;
/**
 * Time constant of the coupling kernel, ms. Longer than the synapses' 5 and 10 ms: what a spike does to
 * its target's firing follows the postsynaptic potential, which the membrane and u stretch out (30 s of
 * the reference network, scored by |z|: AUC 0.79 with the synaptic decay itself, 0.86 at 10 ms, 0.90 at 20 ms).
 */
export const GLM_KERNEL_TAU = 20;
/** Zero bins kept per spike bin (at least): the rest are sampled out and the kept ones weighted up. */
const ZEROS_PER_SPIKE = 5;
const MAX_ITERATIONS = 30;

export interface GlmOptions {
  /** L2 penalty on the coupling and history coefficients (not the intercept). */
  penalty?: number;
  /** Time constant of the coupling kernel, ms (GLM_KERNEL_TAU when absent). */
  kernelTau?: number;
  /** Per presynaptic neuron, a circular shift of its spike train in steps (the shuffle control). */
  shifts?: Int32Array;
}

/** Design rows by their nonzero entries: row r is index/value[rowStart[r] .. rowStart[r + 1] - 1]. */
interface SparseRows {
  rowStart: Int32Array;
  index: Int32Array;
  value: Float64Array;
}

export interface GlmFit {
  /** Coupling coefficient of pre onto post at [post * n + pre] (log-rate per unit of kernel), 0 on the diagonal. */
  beta: Float64Array;
  /** beta over its standard error (from the penalised Hessian). */
  z: Float64Array;
  /** Newton iterations per neuron. */
  iterations: Int32Array;
}

/**
 * The spikes-only estimator: a Poisson GLM per neuron in bins of one step,
 *   log rate_i(k) = b_i + sum_h a_ih H_ih(k) + sum_{j != i} beta_ij K_j(k),
 * with K_j neuron j's spike train after its (known) delay filtered by an exponential kernel and H_ih the
 * neuron's own spike train filtered by the HISTORY_TAUS kernels. Fitted by Newton's method (penalised
 * log-likelihood, step halving when it fails to rise). All spike bins are kept and the empty ones
 * sampled at a fixed stride, each kept one counting stride times (case-control sampling): a small part of
 * the work (five empty bins per spike instead of a hundred at 10 Hz) for nearly the same fit.
 */
export function fitSpikeGlm(net: CompiledNetwork, recording: Recording, steps: number, options: GlmOptions = {}): GlmFit {
  const n = net.neuronCount;
  const penalty = options.penalty ?? 1;
  const kinetics = presynapticKinetics(net);
  const kernelDecay = new Float64Array(n).fill(portableExp(-net.dt / (options.kernelTau ?? GLM_KERNEL_TAU)));
  const kernels = filteredTrains(recording, steps, kernelDecay, kinetics.delay, options.shifts);
  const historyDecay = HISTORY_TAUS.map((tau) => portableExp(-net.dt / tau));
  const histories = HISTORY_TAUS.length;
  const p = 1 + histories + (n - 1);
  const beta = new Float64Array(n * n);
  const z = new Float64Array(n * n);
  const iterations = new Int32Array(n);
  const spiked = recording.spiked;
  for (let i = 0; i < n; i++) {
    const spikes = recording.spikeCount(i, steps);
    const stride = Math.max(1, Math.floor((steps - spikes) / (ZEROS_PER_SPIKE * Math.max(1, spikes))));
    // The rows this neuron's fit uses: features, response and weight.
    const rows: number[] = [];
    for (let k = 0; k < steps; k++) if (spiked[k * n + i] === 1 || k % stride === 0) rows.push(k);
    const m = rows.length;
    // Rows as compressed sparse rows of their nonzero features, in ascending feature order.
    const rowStart = new Int32Array(m + 1);
    const index: number[] = [];
    const value: number[] = [];
    const y = new Float64Array(m);
    const weight = new Float64Array(m);
    const history = new Float64Array(histories);
    for (let k = 0, r = 0; k < steps && r < m; k++) {
      const fired = spiked[k * n + i] === 1;
      if (rows[r] === k) {
        index.push(0);
        value.push(1);
        for (let h = 0; h < histories; h++) {
          if (history[h] === 0) continue;
          index.push(1 + h);
          value.push(history[h]);
        }
        for (let j = 0, f = 1 + histories; j < n; j++) {
          if (j === i) continue;
          const kernel = kernels[k * n + j];
          if (kernel !== 0) {
            index.push(f);
            value.push(kernel);
          }
          f++;
        }
        y[r] = fired ? 1 : 0;
        weight[r] = fired ? 1 : stride;
        r++;
        rowStart[r] = index.length;
      }
      // Its own spike of step k counts in the history from step k + 1 on.
      for (let h = 0; h < histories; h++) {
        const next = history[h] * historyDecay[h] + (fired ? 1 : 0);
        history[h] = next < TRAIN_FLOOR ? 0 : next;
      }
    }
    const x: SparseRows = { rowStart, index: Int32Array.from(index), value: Float64Array.from(value) };
    const fit = newtonPoisson(x, y, weight, m, p, penalty, spikes / Math.max(1, steps));
    iterations[i] = fit.iterations;
    for (let j = 0, f = 1 + histories; j < n; j++) {
      if (j === i) continue;
      beta[i * n + j] = fit.coefficients[f];
      z[i * n + j] = fit.standardErrors[f] > 0 ? fit.coefficients[f] / fit.standardErrors[f] : 0;
      f++;
    }
  }
  return { beta, z, iterations };
}

/** Every neuron's spike train after its delay, filtered by exp(-t/tau) per step: [k * n + j]. Float32: it is the big array. */
function filteredTrains(recording: Recording, steps: number, decay: Float64Array, delay: Int32Array, shifts?: Int32Array): Float32Array {
  const n = recording.n;
  const out = new Float32Array(steps * n);
  const state = new Float64Array(n);
  const { spiked } = recording;
  for (let k = 0; k < steps; k++) {
    for (let j = 0; j < n; j++) {
      const from = k - delay[j];
      const source = shifts ? (from + steps - shifts[j] % steps) % steps : from;
      const f = state[j] * decay[j] + (from >= 0 ? spiked[source * n + j] : 0);
      state[j] = f < TRAIN_FLOOR ? 0 : f;
      out[k * n + j] = state[j];
    }
  }
  return out;
}

/**
 * Maximises sum_r w_r (y_r eta_r - exp(eta_r)) - penalty/2 |c_1..|^2 with eta = x c, by Newton steps
 * (halved until the objective rises). Starts from the intercept log(rate).
 */
function newtonPoisson(x: SparseRows, y: Float64Array, w: Float64Array, m: number, p: number, penalty: number, rate: number): { coefficients: Float64Array; standardErrors: Float64Array; iterations: number } {
  const c = new Float64Array(p);
  c[0] = Math.log(Math.max(rate, 1e-6));
  const hessian = new Float64Array(p * p);
  const gradient = new Float64Array(p);
  const eta = new Float64Array(m);
  const trial = new Float64Array(p);
  let objective = poissonObjective(x, y, w, m, p, c, penalty, eta);
  let iterations = 0;
  while (iterations < MAX_ITERATIONS) {
    iterations++;
    curvature(x, y, w, m, p, eta, penalty, c, hessian, gradient);
    if (!choleskyInPlace(hessian, p)) break;
    choleskySolve(hessian, p, gradient);
    let scale = 1;
    let change = -1;
    for (let halving = 0; halving < 30 && change < 0; halving++, scale /= 2) {
      for (let a = 0; a < p; a++) trial[a] = c[a] + scale * gradient[a];
      const next = poissonObjective(x, y, w, m, p, trial, penalty, eta);
      if (next >= objective) {
        change = next - objective;
        objective = next;
        c.set(trial);
      }
    }
    if (change < 1e-9 * (1 + Math.abs(objective))) break;
  }
  // Standard errors from the penalised Hessian at the fit (eta is the fit's).
  poissonObjective(x, y, w, m, p, c, penalty, eta);
  curvature(x, y, w, m, p, eta, penalty, c, hessian, gradient);
  const standardErrors = new Float64Array(p);
  if (choleskyInPlace(hessian, p)) {
    const variance = inverseDiagonal(hessian, p);
    for (let a = 0; a < p; a++) standardErrors[a] = Math.sqrt(variance[a]);
  }
  return { coefficients: c, standardErrors, iterations };
}

/** The penalised log-likelihood's negative Hessian (upper triangle) and gradient at eta = x c. */
function curvature(x: SparseRows, y: Float64Array, w: Float64Array, m: number, p: number, eta: Float64Array, penalty: number, c: Float64Array, hessian: Float64Array, gradient: Float64Array): void {
  hessian.fill(0);
  gradient.fill(0);
  const { rowStart, index, value } = x;
  for (let r = 0; r < m; r++) {
    const mu = portableExp(eta[r]);
    const residual = w[r] * (y[r] - mu);
    const weight = w[r] * mu;
    const end = rowStart[r + 1];
    for (let s = rowStart[r]; s < end; s++) {
      const xa = value[s];
      gradient[index[s]] += residual * xa;
      const scaled = weight * xa;
      const row = index[s] * p;
      for (let t = s; t < end; t++) hessian[row + index[t]] += scaled * value[t];
    }
  }
  for (let a = 1; a < p; a++) {
    gradient[a] -= penalty * c[a];
    hessian[a * p + a] += penalty;
  }
  hessian[0] += 1e-9;
}

/** The penalised log-likelihood at c; fills eta = x c. */
function poissonObjective(x: SparseRows, y: Float64Array, w: Float64Array, m: number, p: number, c: Float64Array, penalty: number, eta: Float64Array): number {
  let sum = 0;
  const { rowStart, index, value } = x;
  for (let r = 0; r < m; r++) {
    let e = 0;
    for (let s = rowStart[r]; s < rowStart[r + 1]; s++) e += value[s] * c[index[s]];
    eta[r] = e;
    sum += w[r] * (y[r] * e - portableExp(e));
  }
  let norm = 0;
  for (let a = 1; a < p; a++) norm += c[a] * c[a];
  return sum - (penalty / 2) * norm;
}
