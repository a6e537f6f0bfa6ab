/**
 * The Iris Worker's side: holds the data set and the trained model, trains (one epoch per scheduled
 * task, so a cancel message is read between epochs), cross-validates, classifies single samples
 * (presentSample: the full network, as the lab runs it) and sweeps decision maps in chunks. Free of
 * Worker globals, so it runs in Node tests with a fake environment (like host.ts).
 */
import Papa from 'papaparse';
import { parseDatasetCsv, type Dataset } from '../core/iris/dataset.ts';
import { NO_ANSWER, mean, standardDeviation } from '../core/iris/metrics.ts';
import { ReplayNetwork, presentSample, readout, simulateInputs, type ClassifierModel, type InputSpikes } from '../core/iris/network.ts';
import { stratifiedFolds, stratifiedSplit, type Split } from '../core/iris/split.ts';
import { Trainer, evaluateClassifier, type ClassifierSettings } from '../core/iris/train.ts';
import type { DatasetSummary, IrisCommand, IrisEvent, JobKind } from './irisProtocol.ts';

export interface IrisHostEnvironment {
  post(event: IrisEvent, transfer?: Transferable[]): void;
  now(): number;
  /** Calls `task` soon, after pending messages have been handled. */
  schedule(task: () => void): void;
}

/** Grid points of a decision map evaluated per scheduled task. */
const MAP_CHUNK = 200;
const MAX_RESOLUTION = 120;

interface Job {
  kind: JobKind;
  cancelled: boolean;
  /** Reports what the job reached before it was cancelled. */
  onCancel?: () => void;
}

export class IrisHost {
  private dataset: Dataset | null = null;
  private model: ClassifierModel | null = null;
  private job: Job | null = null;

  constructor(private readonly env: IrisHostEnvironment) {}

  handle(command: IrisCommand): void {
    try {
      switch (command.type) {
        case 'loadDataset':
          return this.loadDataset(command.text, command.name, command.classColumn);
        case 'train':
          return this.train(command.settings, command.testFraction, command.splitSeed);
        case 'crossValidate':
          return this.crossValidate(command.settings, command.k, command.splitSeed);
        case 'cancel':
          return this.cancel(true);
        case 'classify':
          return this.classify(command.sampleIndex);
        case 'decisionMap':
          return this.decisionMap(command.fx, command.fy, command.resolution);
      }
    } catch (e) {
      const context = command.type === 'cancel' ? 'train' : command.type;
      this.env.post({ type: 'error', context, message: e instanceof Error ? e.message : String(e) });
    }
  }

  private loadDataset(text: string, name: string, classColumn?: string): void {
    const parsed = parseDatasetCsv(text, classColumn !== undefined ? { classColumn } : {});
    if (!parsed.ok) {
      const message = `${name} was not loaded: ${parsed.errors[0]}${parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : ''}`;
      this.env.post({ type: 'error', context: 'loadDataset', message, errors: parsed.errors });
      return;
    }
    this.cancel();
    const dataset = parsed.dataset;
    this.dataset = dataset;
    this.model = null;
    const header = Papa.parse<string[]>(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, { preview: 1 }).data[0] ?? [];
    const features = dataset.featureNames.length;
    const X = new Float64Array(dataset.X.length * features);
    dataset.X.forEach((x, r) => X.set(x, r * features));
    const summary: DatasetSummary = {
      name,
      columns: header.map((c) => c.trim()),
      featureNames: dataset.featureNames,
      classNames: dataset.classNames,
      classColumn: dataset.classColumn,
      rows: dataset.X.length,
      X,
      y: dataset.y.slice(),
    };
    this.env.post({ type: 'datasetLoaded', dataset: summary }, [summary.X.buffer, summary.y.buffer]);
  }

  /** Stops the running job; `report`: also post what it reached (not when a new job replaces it). */
  private cancel(report = false): void {
    if (!this.job) return;
    const job = this.job;
    job.cancelled = true;
    this.job = null;
    this.env.post({ type: 'cancelled', job: job.kind });
    if (report) job.onCancel?.();
  }

  private begin(kind: JobKind): Job {
    this.cancel();
    const job: Job = { kind, cancelled: false };
    this.job = job;
    return job;
  }

  private end(job: Job): void {
    if (this.job === job) this.job = null;
  }

  private requireDataset(): Dataset {
    if (!this.dataset) throw new Error('no data set is loaded');
    return this.dataset;
  }

  private train(settings: ClassifierSettings, testFraction: number, splitSeed: number): void {
    const dataset = this.requireDataset();
    const split = stratifiedSplit(dataset.y, testFraction, splitSeed);
    const job = this.begin('train');
    const start = this.env.now();
    const epochs = settings.training.epochs;
    const run = new FoldRun(dataset, split, settings);
    this.env.post({
      type: 'started',
      job: 'train',
      totalEpochs: epochs,
      train: split.train.slice(),
      test: split.test.slice(),
      inputNames: run.trainer.model.encoder.inputNames,
      outputNames: dataset.classNames,
    });
    const step = () => {
      if (job.cancelled) return;
      const progress = run.epoch();
      this.postProgress(run, progress.epoch, progress.epoch, epochs, undefined);
      if (!run.trainer.done) return this.env.schedule(step);
      this.end(job);
      this.finishTraining(run, split, start, false);
    };
    this.env.schedule(step);
    // A cancel keeps the weights reached: report them as a (cancelled) result.
    job.onCancel = () => this.finishTraining(run, split, start, true);
  }

  private finishTraining(run: FoldRun, split: Split, start: number, cancelled: boolean): void {
    const dataset = this.requireDataset();
    const model = run.trainer.model;
    this.model = model;
    const all = Int32Array.from(dataset.y, (_, r) => r);
    const evaluation = evaluateClassifier(model, dataset, all);
    const predictions = evaluation.predictions;
    const testEval = evaluateClassifier(model, dataset, split.test, run.testInputs);
    const trainRight = Array.from(split.train).filter((r) => predictions[r] === dataset.y[r]).length;
    this.env.post({
      type: 'trained',
      cancelled,
      model,
      train: split.train.slice(),
      test: split.test.slice(),
      predictions,
      trainAccuracy: split.train.length ? trainRight / split.train.length : 0,
      testAccuracy: testEval.accuracy,
      confusion: testEval.confusion.counts,
      seconds: (this.env.now() - start) / 1000,
    });
  }

  private postProgress(run: FoldRun, done: number, epoch: number, total: number, fold: number | undefined): void {
    const last = run.trainer.history[run.trainer.history.length - 1];
    const model = run.trainer.model;
    const weights = Float32Array.from(model.outputWeights);
    const outputs = model.classNames.length;
    this.env.post(
      {
        type: 'progress',
        done,
        total,
        ...(fold !== undefined ? { fold } : {}),
        epoch,
        trainAccuracy: last.trainAccuracy,
        testAccuracy: run.lastTestAccuracy,
        loss: last.meanError,
        weights,
        inputs: weights.length / outputs,
        outputs,
      },
      [weights.buffer],
    );
  }

  private crossValidate(settings: ClassifierSettings, k: number, splitSeed: number): void {
    const dataset = this.requireDataset();
    const folds = stratifiedFolds(dataset.y, k, splitSeed);
    const job = this.begin('crossValidate');
    const start = this.env.now();
    const epochs = settings.training.epochs;
    const total = epochs * k;
    this.env.post({ type: 'started', job: 'crossValidate', totalEpochs: total });
    const accuracies: number[] = [];
    let fold = 0;
    let run: FoldRun | null = null;
    let done = 0;
    const finish = (cancelled: boolean) =>
      this.env.post({
        type: 'crossValidated',
        cancelled,
        k,
        accuracies: accuracies.slice(),
        mean: mean(accuracies),
        sd: standardDeviation(accuracies),
        seconds: (this.env.now() - start) / 1000,
      });
    const step = () => {
      if (job.cancelled) return;
      run ??= new FoldRun(dataset, folds[fold], settings);
      const progress = run.epoch();
      done++;
      this.postProgress(run, done, progress.epoch, total, fold + 1);
      if (run.trainer.done) {
        accuracies.push(run.lastTestAccuracy);
        run = null;
        fold++;
        if (fold >= k) {
          this.end(job);
          return finish(false);
        }
      }
      this.env.schedule(step);
    };
    job.onCancel = () => finish(true);
    this.env.schedule(step);
  }

  private classify(sampleIndex: number): void {
    const dataset = this.requireDataset();
    if (!this.model) throw new Error('train the network first');
    if (!(Number.isInteger(sampleIndex) && sampleIndex >= 0 && sampleIndex < dataset.X.length)) throw new Error(`no sample ${sampleIndex}`);
    const model = this.model;
    const { readout: r, neurons, times } = presentSample(model, dataset.X[sampleIndex]);
    const sorted = Array.from(r.counts).sort((a, b) => b - a);
    const counts = r.counts.slice();
    const firstSpike = r.firstSpike.slice();
    const spikeNeurons = neurons.slice();
    const spikeTimes = times.slice();
    this.env.post(
      {
        type: 'classified',
        sampleIndex,
        counts,
        firstSpike,
        answer: r.answer,
        decidedBy: r.decidedBy,
        margin: (sorted[0] ?? 0) - (sorted[1] ?? 0),
        truth: dataset.y[sampleIndex],
        spikeNeurons,
        spikeTimes,
        window: model.network.window,
        layers: { inputs: model.encoder.inputCount, hidden: model.network.hidden, outputs: model.classNames.length },
      },
      [counts.buffer, firstSpike.buffer, spikeNeurons.buffer, spikeTimes.buffer],
    );
  }

  private decisionMap(fx: number, fy: number, resolution: number): void {
    const dataset = this.requireDataset();
    const model = this.model;
    if (!model) throw new Error('train the network first');
    const features = dataset.featureNames.length;
    if (!(fx >= 0 && fx < features && fy >= 0 && fy < features)) throw new Error(`no feature ${fx} or ${fy}`);
    const n = Math.max(2, Math.min(MAX_RESOLUTION, Math.round(resolution)));
    const job = this.begin('decisionMap');
    const means = dataset.featureNames.map((_, f) => mean(dataset.X.map((x) => x[f])));
    const domain = (f: number): [number, number] => {
      let lo = Infinity;
      let hi = -Infinity;
      for (const x of dataset.X) {
        lo = Math.min(lo, x[f]);
        hi = Math.max(hi, x[f]);
      }
      const pad = (hi - lo || 1) * 0.05;
      return [lo - pad, hi + pad];
    };
    const xDomain = domain(fx);
    const yDomain = domain(fy);
    const grid = new Int8Array(n * n);
    const replay = new ReplayNetwork(model);
    const presentation = replay.newPresentation();
    const point = (k: number): Float64Array => {
      const i = k % n;
      const j = Math.floor(k / n);
      const x = Float64Array.from(means);
      x[fx] = xDomain[0] + ((i + 0.5) / n) * (xDomain[1] - xDomain[0]);
      x[fy] = yDomain[0] + ((j + 0.5) / n) * (yDomain[1] - yDomain[0]);
      return x;
    };
    let next = 0;
    const step = () => {
      if (job.cancelled) return;
      const end = Math.min(n * n, next + MAP_CHUNK);
      const points: Float64Array[] = [];
      for (let k = next; k < end; k++) points.push(point(k));
      const inputs: InputSpikes = simulateInputs(model.encoder, model.network, points);
      for (let k = next; k < end; k++) {
        replay.present(inputs.trains[k - next], presentation);
        grid[k] = readout(presentation.outputCounts, presentation.firstSpike).answer;
      }
      next = end;
      if (next < n * n) {
        this.env.post({ type: 'decisionMapProgress', fraction: next / (n * n) });
        return this.env.schedule(step);
      }
      this.end(job);
      this.env.post({ type: 'decisionMap', fx, fy, resolution: n, xDomain, yDomain, grid }, [grid.buffer]);
    };
    this.env.schedule(step);
  }
}

/** One training run on a split: the trainer and the test rows' cached input spike trains. */
class FoldRun {
  readonly trainer: Trainer;
  readonly testInputs: InputSpikes;
  lastTestAccuracy = 0;
  private readonly replay: ReplayNetwork;

  constructor(
    private readonly dataset: Dataset,
    private readonly split: Split,
    settings: ClassifierSettings,
  ) {
    this.trainer = new Trainer(dataset, split.train, settings);
    const model = this.trainer.model;
    this.testInputs = simulateInputs(model.encoder, model.network, Array.from(split.test, (r) => dataset.X[r]));
    this.replay = new ReplayNetwork(model);
  }

  epoch() {
    const progress = this.trainer.runEpoch();
    if (!progress) throw new Error('training stopped');
    this.replay.setWeights();
    const presentation = this.replay.newPresentation();
    let right = 0;
    this.split.test.forEach((r, k) => {
      this.replay.present(this.testInputs.trains[k], presentation);
      const answer = readout(presentation.outputCounts, presentation.firstSpike).answer;
      if (answer !== NO_ANSWER && answer === this.dataset.y[r]) right++;
    });
    this.lastTestAccuracy = this.split.test.length ? right / this.split.test.length : 0;
    return progress;
  }
}
