/**
 * Training the spiking classifier: a delta rule on output spike counts (and, with a hidden layer,
 * spike-count backpropagation). Pure functions over typed arrays; every random draw comes from
 * Random streams of the seed; runs in a Worker with a progress callback and a cancel flag.
 *
 * The method, per training sample (presented for one window from rest, in a seeded random order):
 *  1. replay the sample's cached input spike trains into the network (ReplayNetwork) and count the
 *     spikes n_i of each input neuron and c_j of each output neuron;
 *  2. error e_j = clip(T_j - c_j, -errorClip, errorClip), with T_j = targetCorrect for the sample's
 *     class and targetWrong for the others;
 *  3. w_ij += eta * e_j * n_i / sum_k n_k^2 (the normalised delta rule: the step moves each output's
 *     summed drive sum_i w_ij n_i by eta * e_j whatever the number of input spikes), then each weight
 *     is clamped to [-weightLimit, weightLimit];
 *  eta falls linearly from learningRate to learningRate * finalRate over the epochs.
 * With a hidden layer, the output weights learn the same way from the hidden counts h_k, and each
 * hidden neuron gets the error delta_k = sum_j w_kj e_j when it fired; a silent one gets
 * silentSlope * delta_k when that is positive (so it can wake up) and nothing otherwise; delta_k is
 * applied to its input weights by the same rule with eta * hiddenRate.
 * The weights are fixed during a presentation; the update follows it. Training is deterministic for
 * a seed: initial weights (stream 'iris:weights') and presentation order ('iris:order').
 */
import { Random } from '../random.ts';
import type { Dataset } from './dataset.ts';
import { DEFAULT_GAUSSIAN, fitEncoder, type EncodingSpec } from './encoding.ts';
import { accuracy, confusionMatrix, type ConfusionMatrix } from './metrics.ts';
import {
  DEFAULT_NETWORK,
  ReplayNetwork,
  readout,
  simulateInputs,
  type ClassifierModel,
  type InputSpikes,
  type NetworkSettings,
  type Presentation,
  type Readout,
} from './network.ts';
import { shuffleInPlace } from './split.ts';

export interface TrainSettings {
  epochs: number;
  /** eta of the first epoch. */
  learningRate: number;
  /** eta of the last epoch, as a fraction of learningRate (linear in between). */
  finalRate: number;
  /** Target spike counts of the right output and of the others. */
  targetCorrect: number;
  targetWrong: number;
  /** Largest |error| per output and sample, spikes. */
  errorClip: number;
  /** Weights are kept in [-weightLimit, weightLimit]. */
  weightLimit: number;
  /** Initial output weights are uniform in [0, initialWeight]. */
  initialWeight: number;
  /** Initial input -> hidden weights are uniform in [-hiddenInitialWeight, hiddenInitialWeight]. */
  hiddenInitialWeight: number;
  /** Hidden layer only: eta of the hidden weights relative to learningRate, and s() of silent neurons. */
  hiddenRate: number;
  silentSlope: number;
  seed: number;
}

export const DEFAULT_TRAINING: TrainSettings = {
  epochs: 8,
  learningRate: 1,
  finalRate: 0.05,
  targetCorrect: 15,
  targetWrong: 2,
  errorClip: 10,
  weightLimit: 4,
  initialWeight: 0.2,
  hiddenInitialWeight: 1,
  hiddenRate: 0.5,
  silentSlope: 0.3,
  seed: 1,
};

export interface ClassifierSettings {
  encoding: EncodingSpec;
  network: NetworkSettings;
  training: TrainSettings;
}

export const DEFAULT_SETTINGS: ClassifierSettings = {
  encoding: DEFAULT_GAUSSIAN,
  network: DEFAULT_NETWORK,
  training: DEFAULT_TRAINING,
};

/** Settings with some fields replaced (nested objects merged one level deep). */
export function withSettings(overrides: {
  encoding?: EncodingSpec;
  network?: Partial<NetworkSettings>;
  training?: Partial<TrainSettings>;
}): ClassifierSettings {
  return {
    encoding: overrides.encoding ?? DEFAULT_SETTINGS.encoding,
    network: { ...DEFAULT_SETTINGS.network, ...overrides.network },
    training: { ...DEFAULT_SETTINGS.training, ...overrides.training },
  };
}

export interface TrainProgress {
  epoch: number;
  epochs: number;
  /** Accuracy on the training rows during the epoch (weights changing as it went). */
  trainAccuracy: number;
  /** Mean |clipped error| per output and sample, spikes. */
  meanError: number;
}

/**
 * Anything with an `aborted` flag: an AbortSignal, or a getter over a SharedArrayBuffer flag that
 * another thread sets. (A synchronous loop in a Worker never sees a message that arrives while it
 * runs; use trainClassifierAsync or Trainer.runEpoch there, or a shared flag.)
 */
export interface CancelFlag {
  readonly aborted: boolean;
}

export interface TrainHooks {
  onProgress?: (progress: TrainProgress) => void;
  signal?: CancelFlag;
  /** Input spike trains of the training rows, if already simulated (for the model's encoder). */
  inputs?: InputSpikes;
}

export interface TrainResult {
  model: ClassifierModel;
  /** True when stopped by the signal; the model then holds the weights reached so far. */
  cancelled: boolean;
  history: TrainProgress[];
}

/** Fits the encoder to the training rows and an untrained model with seeded initial weights. */
export function initialModel(dataset: Dataset, trainRows: ArrayLike<number>, settings: ClassifierSettings): ClassifierModel {
  const encoder = fitEncoder(dataset.X, trainRows, dataset.featureNames, settings.encoding);
  const { network, training } = settings;
  const classes = dataset.classNames.length;
  const random = new Random(training.seed, 'iris:weights');
  const hidden = network.hidden;
  const hiddenWeights = new Float64Array(hidden > 0 ? encoder.inputCount * hidden : 0);
  for (let k = 0; k < hiddenWeights.length; k++) hiddenWeights[k] = (2 * random.uniform() - 1) * training.hiddenInitialWeight;
  const outputWeights = new Float64Array((hidden > 0 ? hidden : encoder.inputCount) * classes);
  for (let k = 0; k < outputWeights.length; k++) outputWeights[k] = random.uniform() * training.initialWeight;
  return { network, encoder, classNames: [...dataset.classNames], hiddenWeights, outputWeights };
}

/**
 * Training one epoch at a time, for callers that must yield between epochs (a Worker that listens
 * for a cancel message). trainClassifier and trainClassifierAsync drive it.
 */
export class Trainer {
  readonly model: ClassifierModel;
  readonly history: TrainProgress[] = [];
  private readonly dataset: Dataset;
  private readonly settings: TrainSettings;
  private readonly rows: number[];
  private readonly inputs: InputSpikes;
  private readonly replay: ReplayNetwork;
  private readonly presentation: Presentation;
  private readonly error: Float64Array;
  private readonly hiddenError: Float64Array;
  private readonly order: Int32Array;
  private readonly random: Random;

  /** `inputs`, when given, are the input spike trains of `trainRows` in that order, for this encoder. */
  constructor(dataset: Dataset, trainRows: ArrayLike<number>, settings: ClassifierSettings, inputs?: InputSpikes) {
    this.dataset = dataset;
    this.settings = settings.training;
    this.model = initialModel(dataset, trainRows, settings);
    this.rows = Array.from(trainRows);
    this.inputs = inputs ?? simulateInputs(this.model.encoder, this.model.network, this.rows.map((r) => dataset.X[r]));
    this.replay = new ReplayNetwork(this.model);
    this.presentation = this.replay.newPresentation();
    this.error = new Float64Array(this.model.classNames.length);
    this.hiddenError = new Float64Array(this.model.network.hidden);
    this.order = Int32Array.from(this.rows, (_, k) => k);
    this.random = new Random(this.settings.seed, 'iris:order');
  }

  /** Epochs run so far. */
  get epoch(): number {
    return this.history.length;
  }

  get done(): boolean {
    return this.history.length >= this.settings.epochs;
  }

  /**
   * Runs the next epoch over all training rows in a fresh seeded order; returns its progress, or null
   * when the signal was aborted part way (the weights then stay as they were reached).
   */
  runEpoch(signal?: CancelFlag): TrainProgress | null {
    const t = this.settings;
    const { model, dataset, rows, inputs, replay, presentation, error, hiddenError, order } = this;
    const classes = model.classNames.length;
    const hidden = model.network.hidden;
    const epoch = this.history.length;
    const eta = t.learningRate * (t.epochs > 1 ? 1 - ((1 - t.finalRate) * epoch) / (t.epochs - 1) : 1);
    const limit = t.weightLimit;
    const clampWeight = (w: number) => (w > limit ? limit : w < -limit ? -limit : w);
    shuffleInPlace(order, this.random);
    let right = 0;
    let errorSum = 0;
    for (let k = 0; k < order.length; k++) {
      if (signal?.aborted) return null;
      const s = order[k];
      const label = dataset.y[rows[s]];
      replay.present(inputs.trains[s], presentation);
      if (readout(presentation.outputCounts, presentation.firstSpike).answer === label) right++;
      for (let c = 0; c < classes; c++) {
        const target = c === label ? t.targetCorrect : t.targetWrong;
        const e = target - presentation.outputCounts[c];
        error[c] = e > t.errorClip ? t.errorClip : e < -t.errorClip ? -t.errorClip : e;
        errorSum += Math.abs(error[c]);
      }
      const x = inputs.counts[s];
      if (hidden > 0) {
        const h = presentation.hiddenCounts;
        const wOut = model.outputWeights;
        for (let j = 0; j < hidden; j++) {
          let back = 0;
          for (let c = 0; c < classes; c++) back += wOut[j * classes + c] * error[c];
          // A silent neuron is only ever pushed up: pushing it further below threshold changes nothing.
          hiddenError[j] = h[j] > 0 ? back : back > 0 ? t.silentSlope * back : 0;
        }
        deltaRule(model.outputWeights, h, error, eta, clampWeight);
        deltaRule(model.hiddenWeights, x, hiddenError, eta * t.hiddenRate, clampWeight);
      } else {
        deltaRule(model.outputWeights, x, error, eta, clampWeight);
      }
      replay.setWeights();
    }
    const progress: TrainProgress = {
      epoch: epoch + 1,
      epochs: t.epochs,
      trainAccuracy: right / order.length,
      meanError: errorSum / (order.length * classes),
    };
    this.history.push(progress);
    return progress;
  }
}

/** Trains a classifier on the rows `trainRows` of the data set (synchronously). */
export function trainClassifier(dataset: Dataset, trainRows: ArrayLike<number>, settings: ClassifierSettings, hooks: TrainHooks = {}): TrainResult {
  const trainer = new Trainer(dataset, trainRows, settings, hooks.inputs);
  while (!trainer.done) {
    if (hooks.signal?.aborted) return { model: trainer.model, cancelled: true, history: trainer.history };
    const progress = trainer.runEpoch(hooks.signal);
    if (progress === null) return { model: trainer.model, cancelled: true, history: trainer.history };
    hooks.onProgress?.(progress);
  }
  return { model: trainer.model, cancelled: false, history: trainer.history };
}

/**
 * The same training, yielding to the event loop after every epoch (about 50 ms of work), so that in a
 * Worker a cancel message can set the signal while it runs. Same seed, same result as trainClassifier.
 */
export async function trainClassifierAsync(
  dataset: Dataset,
  trainRows: ArrayLike<number>,
  settings: ClassifierSettings,
  hooks: TrainHooks = {},
): Promise<TrainResult> {
  const trainer = new Trainer(dataset, trainRows, settings, hooks.inputs);
  while (!trainer.done) {
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    if (hooks.signal?.aborted) return { model: trainer.model, cancelled: true, history: trainer.history };
    const progress = trainer.runEpoch(hooks.signal);
    if (progress === null) return { model: trainer.model, cancelled: true, history: trainer.history };
    hooks.onProgress?.(progress);
  }
  return { model: trainer.model, cancelled: false, history: trainer.history };
}

/** w[i * post + j] += eta * err[j] * pre[i] / sum pre^2, clamped. */
function deltaRule(w: Float64Array, pre: Float64Array, err: Float64Array, eta: number, clamp: (w: number) => number): void {
  let norm = 0;
  for (let i = 0; i < pre.length; i++) norm += pre[i] * pre[i];
  if (norm === 0) return;
  const post = err.length;
  const scale = eta / norm;
  for (let i = 0; i < pre.length; i++) {
    if (pre[i] === 0) continue;
    const a = scale * pre[i];
    for (let j = 0; j < post; j++) w[i * post + j] = clamp(w[i * post + j] + a * err[j]);
  }
}

export interface Evaluation {
  /** Predicted class per row (NO_ANSWER when none). */
  predictions: Int32Array;
  readouts: Readout[];
  accuracy: number;
  confusion: ConfusionMatrix;
}

/** Presents the rows `rows` to the model's network and scores the answers. */
export function evaluateClassifier(model: ClassifierModel, dataset: Dataset, rows: ArrayLike<number>, inputs?: InputSpikes): Evaluation {
  const list = Array.from(rows);
  const spikes = inputs ?? simulateInputs(model.encoder, model.network, list.map((r) => dataset.X[r]));
  const replay = new ReplayNetwork(model);
  const presentation = replay.newPresentation();
  const predictions = new Int32Array(list.length);
  const readouts: Readout[] = [];
  list.forEach((_, k) => {
    replay.present(spikes.trains[k], presentation);
    const result = readout(presentation.outputCounts.slice(), presentation.firstSpike.slice());
    readouts.push(result);
    predictions[k] = result.answer;
  });
  const truth = Int32Array.from(list, (r) => dataset.y[r]);
  return {
    predictions,
    readouts,
    accuracy: accuracy(truth, predictions),
    confusion: confusionMatrix(truth, predictions, model.classNames.length),
  };
}
