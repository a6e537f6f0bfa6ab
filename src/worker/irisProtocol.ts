/**
 * Messages between the page and the Iris classifier Worker (iris.worker.ts, irisHost.ts).
 * Typed arrays in events (weights, grids, data) are transferred, not copied.
 */
import type { EncodingSpec } from '../core/iris/encoding.ts';
import type { Decision, ClassifierModel } from '../core/iris/network.ts';
import type { ClassifierSettings } from '../core/iris/train.ts';

/** Page -> Worker. */
export type IrisCommand =
  /** Parse a CSV data set (papaparse, in the Worker). On failure the loaded data set stays as it was. */
  | { type: 'loadDataset'; text: string; name: string; classColumn?: string }
  /** Train on a stratified seeded split (testFraction of each class held out). Cancels any running job. */
  | { type: 'train'; settings: ClassifierSettings; testFraction: number; splitSeed: number }
  /** Stratified k-fold cross-validation with these settings (the trained model is kept). */
  | { type: 'crossValidate'; settings: ClassifierSettings; k: number; splitSeed: number }
  /** Stops the running job (training, cross-validation or a decision map). */
  | { type: 'cancel' }
  /** Present data set row sampleIndex to the trained network for one window (presentSample). */
  | { type: 'classify'; sampleIndex: number }
  /** The network's answer over a resolution x resolution grid of features fx, fy (others at their means). */
  | { type: 'decisionMap'; fx: number; fy: number; resolution: number };

export interface DatasetSummary {
  name: string;
  /** Every column of the file, in order (for choosing the class column). */
  columns: string[];
  featureNames: string[];
  classNames: string[];
  classColumn: string;
  rows: number;
  /** Row-major features: X[r * featureNames.length + f]. */
  X: Float64Array;
  y: Int32Array;
}

export type JobKind = 'train' | 'crossValidate' | 'decisionMap';

/** Worker -> page. */
export type IrisEvent =
  | { type: 'datasetLoaded'; dataset: DatasetSummary }
  /** A job began; for training, the split and the names of the weight matrix's rows and columns. */
  | {
      type: 'started';
      job: JobKind;
      totalEpochs: number;
      train?: Int32Array;
      test?: Int32Array;
      inputNames?: string[];
      outputNames?: string[];
    }
  | {
      type: 'progress';
      /** Epochs done over the whole job (all folds), and of how many. */
      done: number;
      total: number;
      fold?: number;
      epoch: number;
      trainAccuracy: number;
      testAccuracy: number;
      /** Mean |clipped error| per output and sample, spikes. */
      loss: number;
      /** Output weights, row-major [input * outputs + output]. */
      weights: Float32Array;
      inputs: number;
      outputs: number;
    }
  | {
      type: 'trained';
      cancelled: boolean;
      model: ClassifierModel;
      train: Int32Array;
      test: Int32Array;
      /** The network's answer for every row of the data set (-1: no answer). */
      predictions: Int32Array;
      trainAccuracy: number;
      testAccuracy: number;
      /** Test set: counts[true][predicted], last column = no answer. */
      confusion: number[][];
      seconds: number;
    }
  | { type: 'crossValidated'; cancelled: boolean; k: number; accuracies: number[]; mean: number; sd: number; seconds: number }
  | {
      type: 'classified';
      sampleIndex: number;
      counts: Int32Array;
      /** ms; Infinity when the output did not fire. */
      firstSpike: Float64Array;
      /** Class index, or -1 for no answer. */
      answer: number;
      decidedBy: Decision;
      /** Spikes of the top output minus the runner-up. */
      margin: number;
      truth: number;
      /** Every spike of the presentation, in time order: neuron (inputs, then hidden, then outputs) and time, ms. */
      spikeNeurons: Int32Array;
      spikeTimes: Float64Array;
      /** The presentation window, ms, and the size of each layer (the rows of the raster, in order). */
      window: number;
      layers: { inputs: number; hidden: number; outputs: number };
    }
  | { type: 'decisionMapProgress'; fraction: number }
  | {
      type: 'decisionMap';
      fx: number;
      fy: number;
      resolution: number;
      xDomain: [number, number];
      yDomain: [number, number];
      /** grid[j * resolution + i]: answer at x_i, y_j (-1: no answer); j = 0 is the lowest y. */
      grid: Int8Array;
    }
  | { type: 'cancelled'; job: JobKind }
  /** `errors`: every problem (e.g. each bad cell of a CSV), `message` a one-line summary. */
  | { type: 'error'; context: 'loadDataset' | JobKind | 'classify'; message: string; errors?: string[] };

export type { EncodingSpec };
