/**
 * The Iris classifier view's state (zustand) and its Worker client. Training, cross-validation,
 * classification and decision maps all run in iris.worker.ts; the page only draws. Presenting a sample
 * also drives the main lab (useLabStore): the classifier network, with the sample's input currents,
 * stepped for one window, so the lab's raster and traces show it.
 */
import { create } from 'zustand';
import { DEFAULT_DIRECT, DEFAULT_GAUSSIAN, type EncodingSpec } from '../../core/iris/encoding.ts';
import { classifierExperiment, sampleCurrents, type ClassifierModel } from '../../core/iris/network.ts';
import { DEFAULT_SETTINGS, type ClassifierSettings } from '../../core/iris/train.ts';
import type { DatasetSummary, IrisCommand, IrisEvent, JobKind } from '../../worker/irisProtocol.ts';
import { decodeTextFile, readPickedFile } from '../files.ts';
import { IRIS_FIELDS, formOf, parseIrisForm, type IrisField, type IrisForm } from './irisForm.ts';
import { useLabStore } from '../store.ts';
import { describeFault, superviseWorker, type SupervisedWorker, type WorkerFault, type WorkerLike } from '../workerSupervisor.ts';

export type View = 'lab' | 'iris' | 'recover';

export interface EpochPoint {
  epoch: number;
  trainAccuracy: number;
  testAccuracy: number;
  loss: number;
}

export type TrainedResult = Extract<IrisEvent, { type: 'trained' }>;
export type Classified = Extract<IrisEvent, { type: 'classified' }>;
export type DecisionMap = Extract<IrisEvent, { type: 'decisionMap' }>;
export type CrossValidation = Extract<IrisEvent, { type: 'crossValidated' }>;

export interface IrisSettings {
  encoding: 'gaussian' | 'direct';
  fields: number;
  epochs: number;
  learningRate: number;
  seed: number;
  testFraction: number;
  folds: number;
  /** Neurons in the optional hidden layer (0: inputs connect straight to the outputs). */
  hidden: number;
}

export const DEFAULT_IRIS_SETTINGS: IrisSettings = {
  encoding: 'gaussian',
  fields: DEFAULT_GAUSSIAN.fields,
  epochs: DEFAULT_SETTINGS.training.epochs,
  learningRate: DEFAULT_SETTINGS.training.learningRate,
  seed: 1,
  testFraction: 0.3,
  folds: 5,
  hidden: DEFAULT_SETTINGS.network.hidden,
};

export const MAP_RESOLUTION = 40;
export const CLASSIFIER_NAME = 'Iris classifier';

export interface IrisState {
  view: View;
  dataset: DatasetSummary | null;
  /** The loaded file's text, to reload it with another class column. */
  datasetText: string | null;
  loadingName: string | null;
  loadError: { message: string; errors: string[] } | null;
  settings: IrisSettings;
  /** The settings' number boxes as typed; `settings` follows them while they read as valid numbers. */
  form: IrisForm;
  job: { kind: JobKind; done: number; total: number } | null;
  /** Progress of the last training or cross-validation, 0..1 (stays at 1 when it finished). */
  progress: number;
  /** Jobs (trainings and cross-validations) started so far: tells one finished job from the next. */
  jobsStarted: number;
  curve: EpochPoint[];
  /** Epochs per fold of the running job (cross-validation: the curve restarts each fold). */
  fold: number | null;
  weights: { values: Float32Array; inputs: number; outputs: number } | null;
  inputNames: string[];
  outputNames: string[];
  split: { train: Int32Array; test: Int32Array } | null;
  result: TrainedResult | null;
  cv: CrossValidation | null;
  selected: number | null;
  classified: Classified | null;
  /** Rows picked by a confusion-matrix cell (true t, predicted p; p = classes for no answer). */
  cell: { t: number; p: number } | null;
  fx: number;
  fy: number;
  map: DecisionMap | null;
  mapProgress: number | null;
  jobError: string | null;

  setView(view: View): void;
  loadShipped(): Promise<void>;
  loadText(text: string, name: string, classColumn?: string): void;
  /** A picked CSV file; a file that cannot be read (or is empty or binary) gets a message. Never rejects. */
  loadFile(file: File): Promise<void>;
  setClassColumn(column: string): void;
  setSettings(patch: Partial<IrisSettings>): void;
  /** Text typed in a settings box; the settings take it when the whole form is valid. */
  setField(field: IrisField, text: string): void;
  /** Trains with the settings, unless a box holds a bad value (its message shows; nothing starts). */
  train(): void;
  crossValidate(): void;
  cancel(): void;
  present(index: number): void;
  openInLab(): void;
  setFeatures(fx: number, fy: number): void;
  selectCell(cell: { t: number; p: number } | null): void;
  handle(event: IrisEvent): void;
}

export function classifierSettings(s: IrisSettings): ClassifierSettings {
  const encoding: EncodingSpec = s.encoding === 'gaussian' ? { ...DEFAULT_GAUSSIAN, fields: s.fields } : DEFAULT_DIRECT;
  return {
    encoding,
    network: { ...DEFAULT_SETTINGS.network, hidden: s.hidden },
    training: { ...DEFAULT_SETTINGS.training, epochs: s.epochs, learningRate: s.learningRate, seed: s.seed },
  };
}

/** Feature vector of row r. */
export function rowOf(dataset: DatasetSummary, r: number): Float64Array {
  const f = dataset.featureNames.length;
  return dataset.X.subarray(r * f, (r + 1) * f);
}

let worker: SupervisedWorker | null = null;

const EVENT_TYPES: ReadonlySet<string> = new Set(['datasetLoaded', 'started', 'progress', 'trained', 'crossValidated', 'classified', 'decisionMapProgress', 'decisionMap', 'cancelled', 'error']);

/** A light structural check of a Worker message (the Worker is ours, so the shape is trusted beyond this). */
function isIrisEvent(data: unknown): data is IrisEvent {
  return typeof data === 'object' && data !== null && 'type' in data && typeof data.type === 'string' && EVENT_TYPES.has(data.type);
}

function post(command: IrisCommand): void {
  startIrisWorker();
  worker?.post(command);
}

function createIrisWorker(): WorkerLike {
  return new Worker(new URL('../../worker/iris.worker.ts', import.meta.url), { type: 'module' });
}

/** Makes Workers for the next start (tests pass a fake). */
let createWorker: () => WorkerLike = createIrisWorker;

export function setIrisWorkerFactory(create: () => WorkerLike): void {
  worker?.terminate();
  worker = null;
  createWorker = create;
}

export function startIrisWorker(): void {
  if (worker) return;
  worker = superviseWorker(createWorker, {
    onMessage(data) {
      if (isIrisEvent(data)) useIrisStore.getState().handle(data);
    },
    onFault: restartAfterFault,
  });
}

const JOB_NAMES: Record<JobKind, string> = { train: 'Training', crossValidate: 'Cross-validation', decisionMap: 'The decision map' };

/**
 * The Worker failed: a new one gets the last data set that loaded (its trained model went with the old
 * Worker, so the results start over), and the page says what stopped and what to do.
 */
function restartAfterFault(fault: WorkerFault): void {
  worker = null;
  const { job, loadingName, dataset, datasetText, mapProgress } = useIrisStore.getState();
  const stopped = loadingName !== null ? `Loading ${loadingName}` : job ? JOB_NAMES[job.kind] : mapProgress !== null ? JOB_NAMES.decisionMap : null;
  const what = `The classifier Worker ${describeFault(fault)}, so it was restarted`;
  const reloads = dataset !== null && datasetText !== null;
  const retry = reloads ? `${dataset.name} is loaded again; train again to continue.` : 'Try again.';
  useIrisStore.setState({
    job: null,
    mapProgress: null,
    loadingName: null,
    jobError: `${what}${stopped ? `: ${stopped} was stopped` : ''}. ${retry}`,
    ...(loadingName !== null && !reloads ? { loadError: { message: `${loadingName} was not loaded: the classifier Worker ${describeFault(fault)}.`, errors: [] } } : {}),
  });
  if (reloads) {
    pendingText = datasetText;
    post({ type: 'loadDataset', text: datasetText, name: dataset.name, classColumn: dataset.classColumn });
  }
}

/** The model whose network the lab holds (loaded from this view), so another sample is a live edit. */
let labModel: ClassifierModel | null = null;

export const useIrisStore = create<IrisState>()((set, get) => ({
  view: 'lab',
  dataset: null,
  datasetText: null,
  loadingName: null,
  loadError: null,
  settings: DEFAULT_IRIS_SETTINGS,
  form: formOf(DEFAULT_IRIS_SETTINGS),
  job: null,
  progress: 0,
  jobsStarted: 0,
  curve: [],
  fold: null,
  weights: null,
  inputNames: [],
  outputNames: [],
  split: null,
  result: null,
  cv: null,
  selected: null,
  classified: null,
  cell: null,
  fx: 2,
  fy: 3,
  map: null,
  mapProgress: null,
  jobError: null,

  setView(view) {
    set({ view });
    if (view === 'iris' && !get().dataset && !get().loadingName) void get().loadShipped();
  },

  async loadShipped() {
    set({ loadingName: 'iris.csv' });
    try {
      const response = await fetch(`${import.meta.env.BASE_URL}data/iris.csv`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      get().loadText(await response.text(), 'iris.csv');
    } catch (e) {
      set({ loadingName: null, loadError: { message: `The Iris data could not be fetched: ${e instanceof Error ? e.message : String(e)}`, errors: [] } });
    }
  },

  async loadFile(file) {
    const bytes = await readPickedFile(file);
    const text = bytes.ok ? decodeTextFile(bytes.value, file.name, 'a CSV data set') : bytes;
    if (text.ok) get().loadText(text.value, file.name);
    else set({ loadError: { message: text.message, errors: [] } });
  },

  loadText(text, name, classColumn) {
    set({ loadingName: name });
    pendingText = text;
    post({ type: 'loadDataset', text, name, ...(classColumn !== undefined ? { classColumn } : {}) });
  },

  setClassColumn(column) {
    const { datasetText, dataset } = get();
    if (datasetText && dataset) get().loadText(datasetText, dataset.name, column);
  },

  setSettings(patch) {
    const form = { ...get().form };
    for (const field of IRIS_FIELDS) {
      const value = patch[field];
      if (value !== undefined) form[field] = String(value);
    }
    set({ settings: { ...get().settings, ...patch }, form });
    settingsFromForm(get, set);
  },

  setField(field, text) {
    set({ form: { ...get().form, [field]: text } });
    settingsFromForm(get, set);
  },

  train() {
    const s = settingsFromForm(get, set);
    if (!s) return;
    set({ jobError: null, job: { kind: 'train', done: 0, total: s.epochs } });
    post({ type: 'train', settings: classifierSettings(s), testFraction: s.testFraction, splitSeed: s.seed });
  },

  crossValidate() {
    const s = settingsFromForm(get, set);
    if (!s) return;
    set({ jobError: null, job: { kind: 'crossValidate', done: 0, total: s.epochs * s.folds } });
    post({ type: 'crossValidate', settings: classifierSettings(s), k: s.folds, splitSeed: s.seed });
  },

  cancel() {
    post({ type: 'cancel' });
  },

  present(index) {
    const { result, dataset } = get();
    set({ selected: index });
    if (!result || !dataset) return;
    post({ type: 'classify', sampleIndex: index });
    const model = result.model;
    const x = rowOf(dataset, index);
    const lab = useLabStore.getState();
    const window = model.network.window;
    if (labModel === model && lab.experiment.name === CLASSIFIER_NAME && lab.pendingExperiment === null) {
      if (lab.editAll(sampleCurrents(model, x).map(({ input, amplitude }) => ({ kind: 'input', input, param: 'amplitude', value: amplitude }))) === null) {
        lab.reset();
        lab.step(window);
        return;
      }
    }
    lab.loadExperiment(classifierExperiment(model, x, CLASSIFIER_NAME), labModel === model ? undefined : 'open the Iris classifier');
    labModel = model;
    lab.step(window);
  },

  openInLab() {
    const { result, dataset, selected, split } = get();
    if (!result || !dataset) return;
    const index = selected ?? split?.test[0] ?? 0;
    const lab = useLabStore.getState();
    lab.loadExperiment(classifierExperiment(result.model, rowOf(dataset, index), CLASSIFIER_NAME), 'open the Iris classifier');
    labModel = result.model;
    lab.step(result.model.network.window);
    set({ view: 'lab' });
  },

  setFeatures(fx, fy) {
    set({ fx, fy });
    if (get().result && !get().job) {
      set({ mapProgress: 0 });
      post({ type: 'decisionMap', fx, fy, resolution: MAP_RESOLUTION });
    }
  },

  selectCell(cell) {
    const current = get().cell;
    set({ cell: current && cell && current.t === cell.t && current.p === cell.p ? null : cell });
  },

  handle(event) {
    switch (event.type) {
      case 'datasetLoaded': {
        const old = get().dataset;
        const d = event.dataset;
        const n = d.featureNames.length;
        const same = old && old.featureNames.join() === d.featureNames.join();
        set({
          dataset: d,
          datasetText: pendingText,
          loadingName: null,
          loadError: null,
          result: null,
          cv: null,
          curve: [],
          weights: null,
          split: null,
          selected: null,
          classified: null,
          cell: null,
          map: null,
          mapProgress: null,
          progress: 0,
          fx: same ? get().fx : Math.min(2, n - 1),
          fy: same ? get().fy : Math.min(3, n - 1),
        });
        if (get().fx === get().fy && n > 1) set({ fx: 0, fy: 1 });
        return;
      }
      case 'started':
        if (event.job === 'decisionMap') return;
        set({
          job: { kind: event.job, done: 0, total: event.totalEpochs },
          progress: 0,
          jobsStarted: get().jobsStarted + 1,
          curve: [],
          fold: null,
          ...(event.job === 'train'
            ? {
                split: event.train && event.test ? { train: event.train, test: event.test } : null,
                inputNames: event.inputNames ?? [],
                outputNames: event.outputNames ?? [],
                result: null,
                classified: null,
                cell: null,
                map: null,
              }
            : { cv: null }),
        });
        return;
      case 'progress': {
        const job = get().job;
        const point: EpochPoint = { epoch: event.epoch, trainAccuracy: event.trainAccuracy, testAccuracy: event.testAccuracy, loss: event.loss };
        const newFold = (event.fold ?? null) !== get().fold;
        set({
          job: job ? { ...job, done: event.done, total: event.total } : job,
          progress: event.done / event.total,
          curve: newFold ? [point] : [...get().curve, point],
          fold: event.fold ?? null,
          weights: { values: event.weights, inputs: event.inputs, outputs: event.outputs },
        });
        return;
      }
      case 'trained': {
        set({ result: event, job: null, split: { train: event.train, test: event.test } });
        if (!event.cancelled) set({ progress: 1 });
        // The flower chosen before this training: the new network answers for it.
        const selected = get().selected;
        if (selected !== null) get().present(selected);
        get().setFeatures(get().fx, get().fy);
        return;
      }
      case 'crossValidated':
        set({ cv: event, job: null, ...(event.cancelled ? {} : { progress: 1 }) });
        if (get().result && !get().map) get().setFeatures(get().fx, get().fy);
        return;
      case 'classified':
        if (event.sampleIndex === get().selected) set({ classified: event });
        return;
      case 'decisionMapProgress':
        set({ mapProgress: event.fraction });
        return;
      case 'decisionMap':
        if (event.fx === get().fx && event.fy === get().fy) set({ map: event, mapProgress: null });
        return;
      case 'cancelled':
        // A job replaced by the next one says so before the next one's 'started'.
        if (event.job === 'decisionMap') set({ mapProgress: null });
        else if (get().job?.kind === event.job) set({ job: null });
        return;
      case 'error':
        if (event.context === 'loadDataset') set({ loadingName: null, loadError: { message: event.message, errors: event.errors ?? [] } });
        else set({ jobError: event.message, job: event.context === 'classify' ? get().job : null, mapProgress: null });
        return;
    }
  },
}));

/**
 * The settings the boxes show, taken into the store, or null while one of them holds a bad value (the
 * settings keep their last valid numbers then).
 */
function settingsFromForm(get: () => IrisState, set: (patch: Partial<IrisState>) => void): IrisSettings | null {
  const { form, settings } = get();
  const parsed = parseIrisForm(form, settings.encoding);
  if (!parsed.ok) return null;
  const next = { ...settings, ...parsed.value };
  set({ settings: next });
  return next;
}

/** The text of the file being loaded (kept until the Worker accepts it). */
let pendingText: string | null = null;
