import type { CompiledNetwork } from '../engine/network.ts';
import { Simulation } from '../engine/simulation.ts';
import type { Experiment } from '../experiment/types.ts';
import { Random } from '../random.ts';
import { SpikeGlm } from './glm.ts';
import { pearson, roc, type Roc } from './metrics.ts';
import { compileRecoverNetwork, trueWeights, type RecoverSettings } from './network.ts';
import { Recording } from './recording.ts';
import { drain, type Slices } from './slices.ts';
import { VoltageEstimator } from './voltage.ts';

export interface RecoverEstimate {
  /** Simulated seconds the estimate is based on. */
  seconds: number;
  /** Mean firing rate per neuron, Hz. */
  meanRate: number;
  voltage: {
    /** Recovered peak conductance (nS) at [post * n + pre]. */
    weights: Float64Array;
    /** Pearson r of true vs recovered conductance over the true connections. */
    r: number;
    /** The same over every ordered pair of distinct neurons (absent connections count as 0). */
    rAllPairs: number;
    /** "Is there a connection", scored by the recovered conductance. */
    roc: Roc;
  };
  spikes: {
    /** GLM coupling coefficients at [post * n + pre]. */
    beta: Float64Array;
    z: Float64Array;
    /** Pearson r of the signed true conductance (inhibitory negative) vs beta over the true connections. */
    r: number;
    /**
     * "Is there a connection", scored by z times the presynaptic neuron's sign (+1 excitatory, -1
     * inhibitory: the estimator knows each neuron's synapse kinetics, so its kind): a coupling of the
     * wrong sign is no evidence of a synapse.
     */
    roc: Roc;
  };
}

export interface ShuffleControl {
  /** AUCs with every presynaptic spike train circularly shifted by its own random 10-90% of the recording. */
  voltageAuc: number;
  spikesAuc: number;
}

/** A network, its run so far, and the estimates from it. */
export class WiringRecovery {
  readonly experiment: Experiment;
  readonly net: CompiledNetwork;
  readonly truth: { weights: Float64Array; sign: Int8Array };
  readonly recording: Recording;
  readonly totalSteps: number;
  private readonly sim: Simulation;
  private readonly voltage: VoltageEstimator;
  private readonly glm: SpikeGlm;

  constructor(readonly settings: RecoverSettings) {
    const { experiment, net } = compileRecoverNetwork(settings);
    this.experiment = experiment;
    this.net = net;
    this.truth = trueWeights(net);
    const n = net.neuronCount;
    this.totalSteps = Math.round(experiment.simulation.duration / net.dt);
    this.sim = new Simulation(net, Int32Array.from({ length: n }, (_, i) => i), ['v']);
    this.recording = new Recording(n, net.dt, this.totalSteps, Float64Array.from(net.cells.v0), Float64Array.from(net.cells.u0));
    this.voltage = new VoltageEstimator(net, this.recording);
    this.glm = new SpikeGlm(net, this.recording);
  }

  get done(): boolean {
    return this.recording.steps >= this.totalSteps || this.sim.failure !== null;
  }

  get failure(): string | null {
    return this.sim.failure?.message ?? null;
  }

  /** Runs up to `steps` more steps and adds them to the voltage estimator's sums and the GLM's trains. */
  advance(steps: number): void {
    this.recording.record(this.sim, steps);
    this.voltage.addSteps(this.recording.steps);
    this.glm.addSteps(this.recording.steps);
  }

  /** Both estimates from the recording so far, and how they compare with the truth. */
  estimate(): RecoverEstimate {
    return drain(this.estimateInSlices());
  }

  /**
   * estimate() a few milliseconds of work at a time. The voltage estimate solves the sums kept so far; the
   * GLM is refitted to the whole recording, each neuron from its last coefficients.
   */
  *estimateInSlices(): Slices<RecoverEstimate> {
    const n = this.net.neuronCount;
    const steps = this.recording.steps;
    const truth = this.truth;
    const offDiagonal = (k: number) => Math.floor(k / n) !== k % n;
    const connected = (k: number) => truth.weights[k] > 0;
    const voltageWeights = yield* this.voltage.solveInSlices();
    const glm = yield* this.glm.fitInSlices(steps);
    const signedTruth = truth.weights.map((w, k) => w * truth.sign[k % n]);
    let spikes = 0;
    for (let i = 0; i < n; i++) spikes += this.recording.spikeCount(i, steps);
    const seconds = (steps * this.net.dt) / 1000;
    return {
      seconds,
      meanRate: seconds > 0 ? spikes / n / seconds : 0,
      voltage: {
        weights: voltageWeights,
        r: pearson(truth.weights, voltageWeights, connected),
        rAllPairs: pearson(truth.weights, voltageWeights, offDiagonal),
        roc: roc(voltageWeights, connected, offDiagonal),
      },
      spikes: {
        beta: glm.beta,
        z: glm.z,
        r: pearson(signedTruth, glm.beta, connected),
        roc: roc(signedBy(glm.z, truth.sign), connected, offDiagonal),
      },
    };
  }

  /** Both estimators on the recording with the presynaptic spike trains shifted out of register: no structure to find. */
  shuffleControl(): ShuffleControl {
    return drain(this.shuffleControlInSlices());
  }

  *shuffleControlInSlices(): Slices<ShuffleControl> {
    const n = this.net.neuronCount;
    const steps = this.recording.steps;
    const random = new Random(this.settings.seed, 'recover:shuffle');
    const shifts = Int32Array.from({ length: n }, () => Math.floor(steps * (0.1 + 0.8 * random.uniform())));
    const offDiagonal = (k: number) => Math.floor(k / n) !== k % n;
    const connected = (k: number) => this.truth.weights[k] > 0;
    const voltage = new VoltageEstimator(this.net, this.recording, shifts, steps);
    for (let k = 0; k < steps; k += CONTROL_STEPS_PER_SLICE) {
      voltage.addSteps(Math.min(steps, k + CONTROL_STEPS_PER_SLICE));
      yield;
    }
    const voltageWeights = yield* voltage.solveInSlices();
    const spikeGlm = new SpikeGlm(this.net, this.recording, { shifts, period: steps });
    spikeGlm.addSteps(steps);
    const glm = yield* spikeGlm.fitInSlices(steps);
    return {
      voltageAuc: roc(voltageWeights, connected, offDiagonal).auc,
      spikesAuc: roc(signedBy(glm.z, this.truth.sign), connected, offDiagonal).auc,
    };
  }
}

/** Steps of the shuffled voltage sums between two yields of the control. */
const CONTROL_STEPS_PER_SLICE = 100;

/** Each entry [post * n + pre] times the presynaptic neuron's sign. */
function signedBy(values: Float64Array, sign: Int8Array): Float64Array {
  const n = sign.length;
  return values.map((x, k) => x * sign[k % n]);
}

/** The two headline numbers as `npm run recover` prints them and the view shows them. */
export function headline(voltageR: number, spikesAuc: number): { voltageR: string; spikesAuc: string } {
  return { voltageR: voltageR.toFixed(4), spikesAuc: spikesAuc.toFixed(4) };
}

/** Simulated seconds between two estimates while the recording grows. */
export const REFIT_EVERY_SECONDS = 10;

/**
 * Builds, runs and recovers: an estimate every `refitEverySeconds` of simulated time (the same final
 * numbers however often, to far below the printed digits: the voltage sums add up step by step and the
 * GLM is refitted to the whole recording, from its last coefficients to the same optimum).
 * `onEstimate` returns false to stop early.
 */
export function runRecovery(
  settings: RecoverSettings,
  onEstimate: (estimate: RecoverEstimate, recovery: WiringRecovery) => boolean | void = () => undefined,
  refitEverySeconds = REFIT_EVERY_SECONDS,
): { recovery: WiringRecovery; estimate: RecoverEstimate } {
  const recovery = new WiringRecovery(settings);
  const chunk = Math.max(1, Math.round((refitEverySeconds * 1000) / recovery.net.dt));
  let estimate: RecoverEstimate | null = null;
  while (!recovery.done) {
    recovery.advance(chunk);
    estimate = recovery.estimate();
    if (onEstimate(estimate, recovery) === false) break;
  }
  return { recovery, estimate: estimate ?? recovery.estimate() };
}
