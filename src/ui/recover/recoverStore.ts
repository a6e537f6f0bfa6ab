/**
 * The "Recover the wiring" view's state (zustand) and its Worker client: the network is built, run and
 * its weights estimated in recover.worker.ts (a module Worker of its own); the page only draws.
 */
import { create } from 'zustand';
import { REFERENCE_SETTINGS, STRONGLY_RECURRENT_SETTINGS } from '../../core/recover/network.ts';
import { REFIT_EVERY_SECONDS, type ShuffleControl } from '../../core/recover/recover.ts';
import type { EstimateSummary, RecoverCommand, RecoverCsv, RecoverEvent } from '../../worker/recoverProtocol.ts';
import { downloadFile } from '../files.ts';
import { formOf, parseRecoverForm, type RecoverForm } from './recoverForm.ts';

export interface RecoverTruth {
  ids: string[];
  weights: Float64Array;
  sign: Int8Array;
}

export interface RecoverState {
  form: RecoverForm;
  /** Field messages from the validator, for the last Start. */
  errors: string[];
  job: number;
  running: boolean;
  stage: 'idle' | 'simulating' | 'fitting' | 'done' | 'cancelled';
  seconds: number;
  totalSeconds: number;
  truth: RecoverTruth | null;
  estimate: EstimateSummary | null;
  /** r and AUC of each refit so far, to show the estimate improving. */
  history: { seconds: number; voltageR: number; spikesAuc: number }[];
  control: ShuffleControl | null;
  controlRunning: boolean;
  failure: string | null;
  setField<K extends keyof RecoverForm>(field: K, value: RecoverForm[K]): void;
  /** Fills the form with the reference case or the example where the spikes-only estimator fails. */
  fillExample(example: 'reference' | 'recurrent'): void;
  start(): void;
  cancel(): void;
  runControl(): void;
  exportCsv(what: RecoverCsv): void;
}

export interface WorkerPort {
  postMessage(command: RecoverCommand): void;
  onmessage: ((event: MessageEvent<RecoverEvent>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

function createRecoverWorker(): WorkerPort {
  return new Worker(new URL('../../worker/recover.worker.ts', import.meta.url), { type: 'module' });
}

let createWorker: () => WorkerPort = createRecoverWorker;
let worker: WorkerPort | null = null;

/** Makes the Worker (tests pass a fake). */
export function setRecoverWorkerFactory(create: () => WorkerPort): void {
  worker?.terminate();
  worker = null;
  createWorker = create;
}

function port(): WorkerPort {
  if (worker) return worker;
  const w = createWorker();
  w.onmessage = (event) => receive(event.data);
  w.onerror = (event) => {
    worker?.terminate();
    worker = null;
    useRecoverStore.setState({ running: false, stage: 'idle', failure: `The Worker stopped: ${event.message || 'unknown error'}. Start again to retry.` });
  };
  worker = w;
  return w;
}

function receive(event: RecoverEvent): void {
  const state = useRecoverStore.getState();
  if (event.type === 'csv') {
    const base = `recover-n${state.form.n}-seed${state.form.seed}`;
    downloadFile([event.text], `${base}-${event.what}.csv`, 'text/csv');
    return;
  }
  if (event.job !== state.job) return;
  switch (event.type) {
    case 'started':
      useRecoverStore.setState({ truth: { ids: event.ids, weights: event.truth, sign: event.sign }, totalSeconds: event.totalSeconds });
      break;
    case 'progress':
      useRecoverStore.setState({ seconds: event.seconds, totalSeconds: event.totalSeconds, stage: event.stage });
      break;
    case 'estimate':
      useRecoverStore.setState({
        estimate: event.estimate,
        history: [...state.history, { seconds: event.estimate.seconds, voltageR: event.estimate.voltage.r, spikesAuc: event.estimate.spikes.auc }],
      });
      break;
    case 'done':
      useRecoverStore.setState({ running: false, stage: event.cancelled ? 'cancelled' : 'done' });
      break;
    case 'control':
      useRecoverStore.setState({ control: event.control, controlRunning: false });
      break;
    case 'error':
      useRecoverStore.setState({ running: false, stage: 'idle', failure: event.message });
      break;
  }
}

export const useRecoverStore = create<RecoverState>((set, get) => ({
  form: formOf(REFERENCE_SETTINGS),
  errors: [],
  job: 0,
  running: false,
  stage: 'idle',
  seconds: 0,
  totalSeconds: REFERENCE_SETTINGS.seconds,
  truth: null,
  estimate: null,
  history: [],
  control: null,
  controlRunning: false,
  failure: null,
  setField(field, value) {
    set({ form: { ...get().form, [field]: value } });
  },
  fillExample(example) {
    if (!get().running) set({ form: formOf(example === 'reference' ? REFERENCE_SETTINGS : STRONGLY_RECURRENT_SETTINGS), errors: [] });
  },
  start() {
    const parsed = parseRecoverForm(get().form);
    if (!parsed.ok) {
      set({ errors: parsed.errors });
      return;
    }
    const job = get().job + 1;
    set({ errors: [], job, running: true, stage: 'simulating', seconds: 0, totalSeconds: parsed.settings.seconds, truth: null, estimate: null, history: [], control: null, controlRunning: false, failure: null });
    port().postMessage({ type: 'start', job, settings: parsed.settings, refitEverySeconds: REFIT_EVERY_SECONDS });
  },
  cancel() {
    if (get().running) port().postMessage({ type: 'cancel' });
  },
  runControl() {
    if (get().running || !get().estimate) return;
    set({ controlRunning: true });
    port().postMessage({ type: 'control' });
  },
  exportCsv(what) {
    if (get().truth) port().postMessage({ type: 'export', what });
  },
}));
