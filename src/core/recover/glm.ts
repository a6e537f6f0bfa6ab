import type { CompiledNetwork } from '../engine/network.ts';
import { portableExp } from '../portableMath.ts';
import { choleskyInPlace, choleskySolve, inverseDiagonal } from './linalg.ts';
import type { Recording } from './recording.ts';
import { drain, type Slices } from './slices.ts';
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
/** Newton and chord steps per fit, at most. */
const MAX_ITERATIONS = 100;
/**
 * Newton stops when its decrement g^T H^-1 g (twice the log-likelihood still to gain) is below this:
 * every coefficient is then within 1e-5 standard errors of the optimum, so a fit started from the last
 * refit's coefficients and one started from scratch agree to far below the printed digits.
 */
const DECREMENT_TOLERANCE = 1e-10;
/**
 * A step with an earlier Hessian is kept while the decrement falls to at most this fraction of the last
 * one (Newton's own steps fall much faster near the optimum); slower, and a fresh Hessian is taken.
 */
const CHORD_RATE = 0.25;
/** Design rows accumulated into the Hessian between two yields (a few milliseconds of work at N = 200). */
const ROWS_PER_SLICE = 2000;

export interface GlmOptions {
  /** L2 penalty on the coupling and history coefficients (not the intercept). */
  penalty?: number;
  /** Time constant of the coupling kernel, ms (GLM_KERNEL_TAU when absent). */
  kernelTau?: number;
  /** Per presynaptic neuron, a circular shift of its spike train in steps (the shuffle control), within `period` steps. */
  shifts?: Int32Array;
  period?: number;
}

export interface GlmFit {
  /** Coupling coefficient of pre onto post at [post * n + pre] (log-rate per unit of kernel), 0 on the diagonal. */
  beta: Float64Array;
  /** beta over its standard error (from the penalised Hessian). */
  z: Float64Array;
  /** Hessians computed per neuron in this fit (the costly part of a Newton iteration). */
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
 *
 * The filtered trains K grow with the recording (addSteps), and each refit starts every neuron's Newton
 * iterations from its previous coefficients: two or three Hessians per neuron instead of seven or eight.
 */
export class SpikeGlm {
  readonly features: number;
  /** Filtered presynaptic trains K at [k * n + j], as far as addSteps has gone. Float32: it is the big array. */
  private readonly kernels: Float32Array;
  private readonly kernelState: Float64Array;
  private readonly kernelDecay: number;
  private readonly delay: Int32Array;
  private readonly shifts: Int32Array | null;
  private readonly period: number;
  private readonly historyDecay: Float64Array;
  private readonly penalty: number;
  /** Every neuron's coefficients from the last fit, the next fit's start: [i * features + f]. */
  private readonly coefficients: Float64Array;
  private readonly started: Uint8Array;
  /** Scratch: one neuron's design rows (dense, Float32 as K), response weights and the Newton work arrays. */
  private design = new Float32Array(0);
  private y = new Float64Array(0);
  private weight = new Float64Array(0);
  private eta = new Float64Array(0);
  private readonly hessian: Float64Array;
  private readonly gradient: Float64Array;
  private readonly trial: Float64Array;
  private readonly step: Float64Array;
  /** Per row of a slice, its weight times its rate: the Hessian's row weight. */
  private readonly scaled = new Float64Array(ROWS_PER_SLICE);
  private readonly history: Float64Array;
  /** Steps the filtered trains cover. */
  steps = 0;

  constructor(
    private readonly net: CompiledNetwork,
    private readonly recording: Recording,
    options: GlmOptions = {},
  ) {
    const n = net.neuronCount;
    this.features = 1 + HISTORY_TAUS.length + (n - 1);
    const p = this.features;
    this.penalty = options.penalty ?? 1;
    this.kernelDecay = portableExp(-net.dt / (options.kernelTau ?? GLM_KERNEL_TAU));
    this.delay = presynapticKinetics(net).delay;
    this.shifts = options.shifts ?? null;
    this.period = options.period ?? recording.capacity;
    this.historyDecay = Float64Array.from(HISTORY_TAUS, (tau) => portableExp(-net.dt / tau));
    this.kernels = new Float32Array((options.shifts ? this.period : recording.capacity) * n);
    this.kernelState = new Float64Array(n);
    this.coefficients = new Float64Array(n * p);
    this.started = new Uint8Array(n);
    this.hessian = new Float64Array(p * p);
    this.gradient = new Float64Array(p);
    this.trial = new Float64Array(p);
    this.step = new Float64Array(p);
    this.history = new Float64Array(HISTORY_TAUS.length);
  }

  /** Extends the filtered trains to the recording's first `steps` steps. */
  addSteps(steps: number): void {
    const n = this.net.neuronCount;
    const { spiked } = this.recording;
    const { kernels, kernelState: state, kernelDecay: decay, delay, shifts, period } = this;
    for (let k = this.steps; k < steps; k++) {
      for (let j = 0; j < n; j++) {
        const from = k - delay[j];
        const source = shifts ? (from + period - (shifts[j] % period)) % period : from;
        const f = state[j] * decay + (from >= 0 ? spiked[source * n + j] : 0);
        state[j] = f < TRAIN_FLOOR ? 0 : f;
        kernels[k * n + j] = state[j];
      }
    }
    this.steps = Math.max(this.steps, steps);
  }

  /** The fit to the first `steps` steps (addSteps must have reached them). */
  fit(steps = this.steps): GlmFit {
    return drain(this.fitInSlices(steps));
  }

  /** The fit as a generator that yields every few milliseconds of work, so a Worker can look at its messages between. */
  *fitInSlices(steps = this.steps): Slices<GlmFit> {
    if (steps > this.steps) throw new Error(`the GLM's trains cover ${this.steps} steps, not ${steps}`);
    const n = this.net.neuronCount;
    const p = this.features;
    const beta = new Float64Array(n * n);
    const z = new Float64Array(n * n);
    const iterations = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const spikes = this.recording.spikeCount(i, steps);
      const m = this.buildRows(i, steps, spikes);
      const c = this.coefficients.subarray(i * p, (i + 1) * p);
      if (!this.started[i]) {
        c[0] = Math.log(Math.max(spikes / Math.max(1, steps), 1e-6));
        this.started[i] = 1;
      }
      const fit = yield* this.newton(c, m);
      iterations[i] = fit.iterations;
      for (let j = 0, f = 1 + HISTORY_TAUS.length; j < n; j++) {
        if (j === i) continue;
        beta[i * n + j] = c[f];
        z[i * n + j] = fit.standardErrors[f] > 0 ? c[f] / fit.standardErrors[f] : 0;
        f++;
      }
      yield;
    }
    return { beta, z, iterations };
  }

  /** Fills the design with neuron i's rows (every spike bin, and the empty ones at a stride); returns their count. */
  private buildRows(i: number, steps: number, spikes: number): number {
    const n = this.net.neuronCount;
    const p = this.features;
    const histories = HISTORY_TAUS.length;
    const stride = Math.max(1, Math.floor((steps - spikes) / (ZEROS_PER_SPIKE * Math.max(1, spikes))));
    const rows = spikes + Math.ceil(steps / stride);
    if (this.y.length < rows) {
      const capacity = Math.ceil(rows * 1.25);
      this.design = new Float32Array(capacity * p);
      this.y = new Float64Array(capacity);
      this.weight = new Float64Array(capacity);
      this.eta = new Float64Array(capacity);
    }
    const { design, y, weight, history, historyDecay, kernels } = this;
    const { spiked } = this.recording;
    history.fill(0);
    let m = 0;
    for (let k = 0; k < steps; k++) {
      const fired = spiked[k * n + i] === 1;
      if (fired || k % stride === 0) {
        const row = m * p;
        design[row] = 1;
        for (let h = 0; h < histories; h++) design[row + 1 + h] = history[h];
        const base = k * n;
        let f = row + 1 + histories;
        for (let j = 0; j < n; j++) if (j !== i) design[f++] = kernels[base + j];
        y[m] = fired ? 1 : 0;
        weight[m] = fired ? 1 : stride;
        m++;
      }
      // Its own spike of step k counts in the history from step k + 1 on.
      for (let h = 0; h < histories; h++) {
        const next = history[h] * historyDecay[h] + (fired ? 1 : 0);
        history[h] = next < TRAIN_FLOOR ? 0 : next;
      }
    }
    return m;
  }

  /**
   * Maximises sum_r w_r (y_r eta_r - exp(eta_r)) - penalty/2 |c_1..|^2 with eta = x c over the m design
   * rows, from c, in place: Newton steps (halved until the objective rises) that keep the factored
   * Hessian while the decrement g^T H^-1 g keeps falling fast (a chord step costs a gradient, a fresh
   * Hessian m p^2 / 2), and take a fresh one when it does not. Stops when the decrement with the Hessian
   * at c is below tolerance: its inverse then gives the standard errors.
   */
  private *newton(c: Float64Array, m: number): Slices<{ standardErrors: Float64Array; iterations: number }> {
    const p = this.features;
    const { hessian, gradient, trial, step } = this;
    let objective = this.objective(c, m);
    let hessians = 0;
    // Whether the factored Hessian is the one at c (for the standard errors).
    let atC = false;
    let lastDecrement = Number.POSITIVE_INFINITY;
    for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      // The gradient at c, and the step with the Hessian of an earlier c.
      this.gradientAt(c, m);
      let decrement = hessians > 0 ? newtonStep(hessian, gradient, step, p) : Number.POSITIVE_INFINITY;
      if (hessians === 0 || decrement < DECREMENT_TOLERANCE || decrement > CHORD_RATE * lastDecrement) {
        yield* this.curvature(c, m);
        hessians++;
        if (!choleskyInPlace(hessian, p)) return { standardErrors: new Float64Array(p), iterations: hessians };
        atC = true;
        decrement = newtonStep(hessian, gradient, step, p);
        if (decrement < DECREMENT_TOLERANCE) break;
      }
      lastDecrement = decrement;
      let rose = false;
      for (let halving = 0, scale = 1; halving < 30 && !rose; halving++, scale /= 2) {
        for (let a = 0; a < p; a++) trial[a] = c[a] + scale * step[a];
        const next = this.objective(trial, m);
        if (next >= objective) {
          objective = next;
          c.set(trial);
          rose = true;
        }
      }
      if (rose) {
        atC = false;
        continue;
      }
      // No rise along the step: eta back at c; with the Hessian at c that is the optimum to rounding,
      // with an earlier one the next iteration takes a fresh one.
      this.objective(c, m);
      if (atC) break;
      lastDecrement = 0;
    }
    if (!atC) {
      yield* this.curvature(c, m);
      hessians++;
      if (!choleskyInPlace(hessian, p)) return { standardErrors: new Float64Array(p), iterations: hessians };
    }
    const standardErrors = new Float64Array(p);
    const variance = inverseDiagonal(hessian, p);
    for (let a = 0; a < p; a++) standardErrors[a] = Math.sqrt(variance[a]);
    return { standardErrors, iterations: hessians };
  }

  /** The penalised log-likelihood's gradient at c (eta must be x c). */
  private gradientAt(c: Float64Array, m: number): void {
    const p = this.features;
    const { design, y, weight: w, eta, gradient, penalty } = this;
    gradient.fill(0);
    for (let r = 0; r < m; r++) {
      const residual = w[r] * (y[r] - portableExp(eta[r]));
      const row = r * p;
      for (let a = 0; a < p; a++) gradient[a] += residual * design[row + a];
    }
    for (let a = 1; a < p; a++) gradient[a] -= penalty * c[a];
  }

  /** The penalised log-likelihood's negative Hessian (upper triangle) and gradient at c (eta must be x c). */
  private *curvature(c: Float64Array, m: number): Slices<void> {
    const p = this.features;
    const { design, y, weight: w, eta, hessian, gradient, penalty } = this;
    hessian.fill(0);
    gradient.fill(0);
    const scaled = this.scaled;
    for (let start = 0; start < m; start += ROWS_PER_SLICE) {
      const end = Math.min(m, start + ROWS_PER_SLICE);
      // Rows four at a time: each Hessian entry is loaded and stored once per four rows.
      let r = start;
      for (; r < end; r++) {
        const mu = portableExp(eta[r]);
        scaled[r - start] = w[r] * mu;
        const residual = w[r] * (y[r] - mu);
        const row = r * p;
        for (let a = 0; a < p; a++) gradient[a] += residual * design[row + a];
      }
      for (r = start; r + 3 < end; r += 4) {
        const r0 = r * p;
        const r1 = r0 + p;
        const r2 = r1 + p;
        const r3 = r2 + p;
        const w0 = scaled[r - start];
        const w1 = scaled[r + 1 - start];
        const w2 = scaled[r + 2 - start];
        const w3 = scaled[r + 3 - start];
        for (let a = 0; a < p; a++) {
          const s0 = w0 * design[r0 + a];
          const s1 = w1 * design[r1 + a];
          const s2 = w2 * design[r2 + a];
          const s3 = w3 * design[r3 + a];
          if (s0 === 0 && s1 === 0 && s2 === 0 && s3 === 0) continue;
          const out = a * p;
          for (let b = a; b < p; b++) hessian[out + b] += s0 * design[r0 + b] + s1 * design[r1 + b] + s2 * design[r2 + b] + s3 * design[r3 + b];
        }
      }
      for (; r < end; r++) {
        const row = r * p;
        const wr = scaled[r - start];
        for (let a = 0; a < p; a++) {
          const s0 = wr * design[row + a];
          if (s0 === 0) continue;
          const out = a * p;
          for (let b = a; b < p; b++) hessian[out + b] += s0 * design[row + b];
        }
      }
      if (end < m) yield;
    }
    for (let a = 1; a < p; a++) {
      gradient[a] -= penalty * c[a];
      hessian[a * p + a] += penalty;
    }
    hessian[0] += 1e-9;
  }

  /** The penalised log-likelihood at c; fills eta = x c. */
  private objective(c: Float64Array, m: number): number {
    const p = this.features;
    const { design, y, weight: w, eta, penalty } = this;
    let sum = 0;
    for (let r = 0; r < m; r++) {
      const row = r * p;
      let e = 0;
      for (let a = 0; a < p; a++) e += design[row + a] * c[a];
      eta[r] = e;
      sum += w[r] * (y[r] * e - portableExp(e));
    }
    let norm = 0;
    for (let a = 1; a < p; a++) norm += c[a] * c[a];
    return sum - (penalty / 2) * norm;
  }
}

/** The Newton step H^-1 g into `step`, from the Cholesky factor of H; returns the decrement g^T H^-1 g. */
function newtonStep(factor: Float64Array, gradient: Float64Array, step: Float64Array, p: number): number {
  step.set(gradient);
  choleskySolve(factor, p, step);
  let decrement = 0;
  for (let a = 0; a < p; a++) decrement += gradient[a] * step[a];
  return decrement;
}
