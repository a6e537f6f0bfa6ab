/**
 * The page's state (zustand). UI -> store actions -> typed Commands -> Worker; Worker events come back
 * through `handleWorkerEvent`. Spikes and traces are NOT here: they live in liveData.ts, outside React.
 */
import { create } from 'zustand';
import type { Experiment, TraceVariable } from '../core/experiment/types.ts';
import { applyEdit, checkEdit, type LiveEdit, type WatchSelection } from '../core/experiment/edits.ts';
import { defaultExperiment } from '../core/experiment/examples.ts';
import type { BuildProgress, Command, NetworkSummary, Speed, Status, WorkerEvent, WorkersChoice } from '../worker/protocol.ts';
import { readWorkersChoice, writeWorkersChoice } from './workersPreference.ts';
import { formatAchievedSpeed } from './format.ts';
import { validateExperiment } from '../core/experiment/validate.ts';
import { checkBudget } from '../core/experiment/budget.ts';
import { differsOnlyInLayout } from '../core/experiment/structure.ts';
import { withLearnedWeights, type CarriedWeights } from '../core/engine/learnedWeights.ts';
import { beginReset, clearLiveData, ingestFrame, liveData, MAX_WINDOW_MS, noteStatusTime, renumberLiveData } from './liveData.ts';

/** Where Commands go; set by simulationClient.ts (tests may set their own). */
type CommandSink = (command: Command) => void;
let sink: CommandSink | null = null;
/** Commands posted before a sink was connected, sent once one is. */
const pending: Command[] = [];

/**
 * Who opens something else when the lab's first build is cancelled: by default the starter experiment
 * (openStarterInstead); an autosave on trial (autosaveTrial.ts) opens the last good autosave instead.
 */
let firstBuildCancelled: ((unbuilt: Experiment) => void) | null = null;

export function onFirstBuildCancelled(handler: ((unbuilt: Experiment) => void) | null): void {
  firstBuildCancelled = handler;
}

export function connectCommandSink(next: CommandSink | null): void {
  sink = next;
  if (sink) {
    for (const c of pending.splice(0)) sink(c);
  }
}

function send(command: Command): void {
  if (sink) sink(command);
  else pending.push(command);
}

/** Posts a command that changes nothing in the store (the raster's view). */
export const postCommand = send;

export const SPEEDS: readonly Speed[] = [0.1, 0.25, 0.5, 1, 2, 5, 10, 'max'];
export const WINDOWS_MS: readonly number[] = [500, 1000, 2000, 5000];

/**
 * The plots' window for a newly loaded experiment: a run with an end (stopAtEnd) is shown whole, from 0
 * to its duration, like a figure panel; otherwise the user's window stays, unless it was such a run's.
 */
export function windowForRun(experiment: Experiment, current: number): number {
  const { duration, stopAtEnd } = experiment.simulation;
  if (stopAtEnd === true) return Math.min(duration, MAX_WINDOW_MS);
  return WINDOWS_MS.includes(current) ? current : 1000;
}

/** One step of the undo history: the experiment before a change, and what the change was. */
export interface HistoryEntry {
  experiment: Experiment;
  label: string;
  /** Successive changes with the same key (one slider drag) merge into one undo step. */
  coalesce?: string;
  at: number;
}

/** Changes with the same coalesce key closer than this merge into one undo step, ms. */
const COALESCE_MS = 1500;
const HISTORY_LIMIT = 200;

export interface ChangeOptions {
  /** Merge with the previous change when it had the same key (e.g. one parameter being dragged). */
  coalesce?: string;
  /** Start the run again from t = 0 rather than continue it (a new file, an example). */
  restart?: boolean;
}

export interface LabState {
  /** Experiments before the current one, most recent last, and the ones undone. */
  past: HistoryEntry[];
  future: HistoryEntry[];
  /** The page's copy of the loaded experiment, kept in step with the Worker's by applying the same edits. */
  experiment: Experiment;
  /** The compiled network, once the Worker has loaded it. */
  network: NetworkSummary | null;
  /** An experiment posted with 'load' and not yet confirmed; `experiment` switches to it on 'loaded'. */
  pendingExperiment: Experiment | null;
  /** The Worker's last status, as sent; while running, only when what the page shows changes (the time is liveData.clockTime). */
  status: Status;
  /** Play or pause pressed and not yet confirmed by a status (the Play button shows it at once). */
  playIntent: 'running' | 'paused' | null;
  /** The speed the user asked for (status.speed is what the Worker reports). */
  requestedSpeed: Speed;
  /** How many Workers the user allows (a preference of this browser, not of the experiment). */
  workers: WorkersChoice;
  selectedNeuronId: string | null;
  selectedConnectionIndex: number | null;
  /** The population or projection the editor panels show (null: none). */
  selectedPopulationId: string | null;
  selectedProjectionId: string | null;
  watch: WatchSelection;
  /** Width of the plots' scrolling time window, ms. */
  windowMs: number;
  lastError: { context: string; message: string } | null;
  /** A build the Worker reports progress of (one taking more than a slice), until it ends; cancelling once Cancel is pressed. */
  build: (BuildProgress & { cancelling: boolean }) | null;
  /** What a cancelled build left: which experiment stays, and that Redo brings the other back. */
  buildNotice: string | null;
  /** The simulation Worker failed: what happened, and what the new Worker loaded (or that none was started). */
  workerFault: { what: string; outcome: string } | null;
  /**
   * Loads posted to the Worker and not yet answered (built, refused or cancelled). While there are,
   * `experiment` may not be built yet, so it is not autosaved.
   */
  loadsInFlight: number;
  /** After an edit rebuilt a network with plastic synapses: how many kept their learned weights (null: nothing to report). */
  learnedCarry: CarriedWeights | null;

  /** Replaces the experiment and restarts the run at t = 0 (recorded in the undo history). */
  loadExperiment(experiment: Experiment, label?: string): void;
  /**
   * Makes `next` the experiment: validates it (returning the first problems as a message and changing
   * nothing when it is invalid), records the change for undo, and has the Worker continue the run with
   * it (keeping time and the state of the neurons that remain) unless options.restart.
   */
  change(next: Experiment, label: string, options?: ChangeOptions): string | null;
  undo(): void;
  redo(): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  step(ms: number): void;
  reset(): void;
  setSpeed(speed: Speed): void;
  /**
   * Stores the choice and tells the Worker: when it changes how many Workers step the run, the network
   * is built again for them and the run goes on where it is, with the same spikes.
   */
  setWorkers(workers: WorkersChoice): void;
  /** Applies the edit to the page's experiment and posts it; returns why it cannot be applied, or null. */
  edit(edit: LiveEdit): string | null;
  /** Several edits as one change (e.g. a cell-class preset: a, b, c, d). */
  editAll(edits: LiveEdit[]): string | null;
  /** Records `watch` from now on; refused (returning why, shown as an error) when its traces would not fit the budget. */
  setWatch(watch: WatchSelection): string | null;
  /** Puts a neuron at (v, u) now (the phase plane's click). */
  setNeuronState(neuron: string, v: number, u: number): void;
  toggleWatchedNeuron(neuron: string, on: boolean): void;
  toggleWatchedVariable(variable: TraceVariable, on: boolean): void;
  selectNeuron(id: string | null): void;
  selectConnection(index: number | null): void;
  selectPopulation(id: string | null): void;
  selectProjection(id: string | null): void;
  setWindowMs(ms: number): void;
  showError(context: string, message: string): void;
  dismissError(): void;
  /**
   * Asks the Worker to stop the build in progress: the experiment loaded before stays; when there is
   * none yet (the lab's first load), the starter experiment opens instead. The one not built goes to Redo.
   */
  cancelBuild(): void;
  dismissBuildNotice(): void;
  /**
   * The simulation Worker failed (`what` says how) and is gone: reload the last good experiment from
   * t = 0, keeping the experiment being built, when there is one, for Redo. Returns false when the Worker should
   * not be started again (it failed on the last good experiment and on the default one too).
   */
  recoverFromWorkerFault(what: string): boolean;
  dismissWorkerFault(): void;
  /** Every plastic weight back to the experiment's; the run goes on. */
  resetWeights(): void;
  /**
   * Pauses the run and writes its plastic weights into the experiment (a change, with undo), so Save
   * and Share keep them and a rebuild or Reset starts from them.
   */
  keepLearnedWeights(): void;
  handleWorkerEvent(event: WorkerEvent): void;
}

const initialStatus: Status = { state: 'idle', time: 0, achievedSpeed: 0, speed: 1, busy: 0 };

type Selection = Pick<LabState, 'selectedNeuronId' | 'selectedConnectionIndex' | 'selectedPopulationId' | 'selectedProjectionId' | 'watch'>;

function defaultSelection(experiment: Experiment): Selection {
  return {
    selectedNeuronId: experiment.neurons[0]?.id ?? null,
    selectedConnectionIndex: experiment.connections.length > 0 ? 0 : null,
    selectedPopulationId: experiment.populations[0]?.id ?? null,
    selectedProjectionId: experiment.projections[0]?.id ?? null,
    watch: { neurons: experiment.recording.watch.slice(), variables: experiment.recording.variables.slice() },
  };
}

/** Selections made while the experiment was loading stay when they still fit the loaded one. */
function keptSelection(
  current: Pick<LabState, 'selectedNeuronId' | 'selectedConnectionIndex' | 'selectedPopulationId' | 'selectedProjectionId'>,
  experiment: Experiment,
): Selection {
  const defaults = defaultSelection(experiment);
  const neuronOk = current.selectedNeuronId !== null && experiment.neurons.some((n) => n.id === current.selectedNeuronId);
  const connectionOk = current.selectedConnectionIndex !== null && current.selectedConnectionIndex < experiment.connections.length;
  return {
    ...defaults,
    selectedNeuronId: neuronOk ? current.selectedNeuronId : defaults.selectedNeuronId,
    selectedConnectionIndex: connectionOk ? current.selectedConnectionIndex : defaults.selectedConnectionIndex,
    selectedPopulationId: experiment.populations.some((p) => p.id === current.selectedPopulationId)
      ? current.selectedPopulationId
      : defaults.selectedPopulationId,
    selectedProjectionId: experiment.projections.some((p) => p.id === current.selectedProjectionId)
      ? current.selectedProjectionId
      : defaults.selectedProjectionId,
  };
}

const TRACE_ORDER: readonly TraceVariable[] = ['v', 'u', 'g', 'isyn', 'iext'];

function editTarget(edit: LiveEdit): string {
  switch (edit.kind) {
    case 'neuron':
      return edit.neuron;
    case 'synapseType':
    case 'plasticity':
      return edit.synapse;
    case 'connection':
      return `connection ${edit.index + 1}`;
    case 'input':
      return edit.input;
  }
}

/** One slider's edits share a key, so a drag is one undo step. */
function editKey(edit: LiveEdit): string {
  return `${edit.kind}:${editTarget(edit)}:${edit.param}`;
}

function describeEdit(edit: LiveEdit, count: number): string {
  return count > 1 ? `change ${editTarget(edit)}` : `${edit.param} of ${editTarget(edit)}`;
}

function watchOf(experiment: Experiment): WatchSelection {
  return { neurons: experiment.recording.watch.slice(), variables: experiment.recording.variables.slice() };
}

export const useLabStore = create<LabState>()((set, get) => {
  const first = defaultExperiment();
  /** The pending load failed: a 'watch' error for its neurons says nothing new, so it is not shown. */
  let loadFailed = false;
  /** Network ids before a continued load, to renumber the recorded spikes when it is confirmed. */
  let idsBeforeContinue: string[] | null = null;
  /** Experiments posted with 'load' and not yet answered (loaded, refused or cancelled), oldest first. */
  const postedLoads: Experiment[] = [];
  /** The experiment the Worker runs, as far as its answers tell. */
  let workerExperiment: Experiment | null = null;
  /** The last good experiment: what the Worker runs, with the live edits made since it loaded it. */
  let running: Experiment | null = null;
  /** Worker faults since the last experiment it loaded: the restarts try something safer each time. */
  let faultsInARow = 0;
  /** "Keep learned weights" asked the Worker for the weights, and they have not come yet. */
  let keepAsked = false;

  /** The history with the current experiment recorded as the state before a change. */
  const historyBefore = (label: string, coalesce?: string): Pick<LabState, 'past' | 'future'> => {
    const { past, experiment } = get();
    const now = Date.now();
    const last = past[past.length - 1];
    if (coalesce !== undefined && last?.coalesce === coalesce && now - last.at < COALESCE_MS) {
      return { past: [...past.slice(0, -1), { ...last, at: now }], future: [] };
    }
    const entry: HistoryEntry = { experiment, label, at: now, ...(coalesce !== undefined ? { coalesce } : {}) };
    return { past: [...past, entry].slice(-HISTORY_LIMIT), future: [] };
  };
  /** Records the current experiment as the state before a change. */
  const remember = (label: string, coalesce?: string) => set(historyBefore(label, coalesce));

  /** Sends an experiment to the Worker; continueRun keeps the run going with it. */
  const postLoad = (experiment: Experiment, continueRun: boolean) => {
    loadFailed = false;
    // A new load replaces what a notice said about the last one (not the Worker's progress: the starter
    // opened after a cancelled first build may take more than one slice, and its notice must stay).
    set({ buildNotice: null });
    postedLoads.push(experiment);
    set({ loadsInFlight: postedLoads.length });
    if (continueRun) {
      idsBeforeContinue = get().network?.ids ?? null;
      send({ type: 'load', experiment, continueRun: true });
    } else {
      idsBeforeContinue = null;
      set({ pendingExperiment: experiment });
      send({ type: 'load', experiment });
    }
    send({ type: 'watch', watch: watchOf(experiment) });
    send({ type: 'speed', speed: get().requestedSpeed });
  };

  /** Undo and redo: the run continues with the earlier or later experiment. */
  const goTo = (experiment: Experiment) => {
    const layoutOnly = differsOnlyInLayout(get().experiment, experiment);
    set({ experiment, ...keptSelection(get(), experiment) });
    if (!layoutOnly) postLoad(experiment, true);
  };

  /** The Worker's status, from a frame or sent on its own (a change of state or speed between frames). */
  const takeStatus = (status: Status) => {
    noteStatusTime(status.time);
    liveData.workerBusy = status.busy;
    const intent = get().playIntent;
    const state = status.state;
    // A status sent before the Worker saw the command does not settle the intent; one that agrees does.
    const settled = intent === null || state === 'failed' || (intent === 'running') === (state === 'running');
    const playIntent = settled ? null : intent;
    // A running Worker's every frame has a status, and each store update runs every subscriber's
    // selector: only a change the page shows is stored (liveData has the time).
    if (state === 'running' && playIntent === intent && sameShownStatus(get().status, status)) return;
    set({ status, playIntent });
  };

  /**
   * The Worker dropped `loads` builds and still runs `workerExperiment`: the page goes back to it, and
   * the experiment that was being built is kept for Redo (the person's edit or opened file is not lost).
   */
  const cancelled = (loads: number, workersBefore: WorkersChoice | undefined) => {
    const dropped = postedLoads.splice(0, loads);
    set({ loadsInFlight: postedLoads.length });
    const kept = workerExperiment;
    const { pendingExperiment, experiment, past, future } = get();
    const unbuilt = pendingExperiment ?? (kept && experiment !== kept ? experiment : dropped[dropped.length - 1]);
    set({ build: null, pendingExperiment: null });
    idsBeforeContinue = null;
    if (workersBefore !== undefined) {
      // A change of Workers was cancelled: the run stays on the Workers it had, and so does the choice.
      const running = get().network?.workers ?? 1;
      writeWorkersChoice(workersBefore);
      set({
        workers: workersBefore,
        buildNotice: `Changing the Workers was cancelled; the run goes on, on ${running === 1 ? '1 Worker' : `${running} Workers`} as before.`,
      });
      // The experiment was the running one (edits made meanwhile included): nothing to go back to.
      if (loads === 0) return;
    }
    // Nothing ran yet: the person's latest version (changes made during the build included) is the one to keep.
    if (unbuilt && !kept) return firstBuildCancelled ? firstBuildCancelled(experiment) : openStarterInstead(experiment);
    if (!unbuilt || !kept) return;
    // History back to the entry of the experiment that stays (the change that was cancelled goes to Redo).
    let at = past.length - 1;
    while (at >= 0 && past[at].experiment !== kept) at--;
    const label = past[past.length - 1]?.label ?? 'the cancelled change';
    const keptPast = at >= 0 ? past.slice(0, at) : past;
    set({
      past: keptPast,
      future: [...future, { experiment: unbuilt, label, at: Date.now() }],
      experiment: kept,
      ...(experiment !== kept ? keptSelection(get(), kept) : {}),
      buildNotice: `Building \u201c${unbuilt.name}\u201d was cancelled; \u201c${kept.name}\u201d is still loaded. Redo builds it again.`,
    });
    send({ type: 'watch', watch: get().watch });
  };

  /**
   * The lab's first build was cancelled (a big network opened from a link or the autosave): nothing ran
   * before it, so the starter experiment opens, and the one not built waits in Redo.
   */
  const openStarterInstead = (unbuilt: Experiment) => {
    const starter = defaultExperiment();
    postLoad(starter, false);
    set({
      future: [...get().future, { experiment: unbuilt, label: `open \u201c${unbuilt.name}\u201d`, at: Date.now() }],
      experiment: starter,
      ...defaultSelection(starter),
      buildNotice:
        `Building \u201c${unbuilt.name}\u201d was cancelled before anything ran, so the starter experiment ` +
        `\u201c${starter.name}\u201d is open instead. Redo builds \u201c${unbuilt.name}\u201d again.`,
    });
  };

  return {
    past: [],
    future: [],
    experiment: first,
    network: null,
    pendingExperiment: null,
    status: initialStatus,
    playIntent: null,
    requestedSpeed: 1,
    workers: readWorkersChoice(),
    ...defaultSelection(first),
    windowMs: 1000,
    lastError: null,
    build: null,
    buildNotice: null,
    workerFault: null,
    loadsInFlight: 0,
    learnedCarry: null,

    loadExperiment(experiment, label) {
      if (label !== undefined) remember(label);
      postLoad(experiment, false);
    },

    change(next, label, options = {}) {
      const checked = validateExperiment(next);
      if (!checked.ok) return checked.errors.slice(0, 3).join('; ');
      remember(label, options.coalesce);
      if (!options.restart && differsOnlyInLayout(get().experiment, checked.experiment)) {
        // Moving nodes changes nothing the simulation sees: no rebuild in the Worker.
        set({ experiment: checked.experiment });
        return null;
      }
      if (options.restart) {
        postLoad(checked.experiment, false);
      } else {
        set({ experiment: checked.experiment, ...keptSelection(get(), checked.experiment) });
        postLoad(checked.experiment, true);
      }
      return null;
    },

    undo() {
      const { past, future, experiment } = get();
      const entry = past[past.length - 1];
      if (!entry) return;
      set({ past: past.slice(0, -1), future: [...future, { experiment, label: entry.label, at: Date.now() }] });
      goTo(entry.experiment);
    },

    redo() {
      const { past, future, experiment } = get();
      const entry = future[future.length - 1];
      if (!entry) return;
      set({ future: future.slice(0, -1), past: [...past, { experiment, label: entry.label, at: Date.now() }] });
      goTo(entry.experiment);
    },

    play() {
      send({ type: 'play' });
      set({ playIntent: 'running' });
    },
    pause() {
      send({ type: 'pause' });
      set({ playIntent: 'paused' });
    },
    togglePlay() {
      const s = get();
      if ((s.playIntent ?? s.status.state) === 'running') s.pause();
      else s.play();
    },
    step(ms) {
      send({ type: 'step', ms });
    },
    reset() {
      beginReset();
      send({ type: 'reset' });
    },
    setSpeed(speed) {
      set({ requestedSpeed: speed });
      send({ type: 'speed', speed });
    },
    setWorkers(workers) {
      if (workers === get().workers) return;
      set({ workers });
      writeWorkersChoice(workers);
      send({ type: 'workers', workers });
    },

    edit(e) {
      return get().editAll([e]);
    },
    editAll(edits) {
      if (get().pendingExperiment) return 'the experiment is still loading; try again in a moment';
      let next = get().experiment;
      for (const e of edits) {
        const problem = checkEdit(next, e);
        if (problem) return problem;
        next = applyEdit(next, e);
      }
      const first = edits[0];
      // One store update, not two: each runs every subscriber's selector, once per frame of a slider drag.
      set(first ? { ...historyBefore(describeEdit(first, edits.length), edits.length === 1 ? editKey(first) : undefined), experiment: next } : { experiment: next });
      if (postedLoads.length === 0) running = next;
      for (const e of edits) send({ type: 'edit', edit: e });
      return null;
    },

    setWatch(watch) {
      const variables = TRACE_ORDER.filter((v) => watch.variables.includes(v));
      const neurons = [...new Set(watch.neurons)];
      const normalised: WatchSelection = { neurons, variables };
      const next = { ...get().experiment, recording: { watch: neurons.slice(), variables: variables.slice() } };
      // The page's trace ring grows with watched neurons x variables (and finer steps): held to the budget.
      const overBudget = checkBudget(next);
      if (overBudget.length > 0) {
        const message = overBudget.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
        set({ lastError: { context: 'watch', message } });
        return message;
      }
      set({ watch: normalised, experiment: next });
      if (postedLoads.length === 0) running = get().experiment;
      send({ type: 'watch', watch: normalised });
      return null;
    },
    setNeuronState(neuron, v, u) {
      send({ type: 'setState', neuron, v, u });
    },
    toggleWatchedNeuron(neuron, on) {
      const w = get().watch;
      const has = w.neurons.includes(neuron);
      if (on === has) return;
      get().setWatch({ ...w, neurons: on ? [...w.neurons, neuron] : w.neurons.filter((n) => n !== neuron) });
    },
    toggleWatchedVariable(variable, on) {
      const w = get().watch;
      const has = w.variables.includes(variable);
      if (on === has) return;
      get().setWatch({ ...w, variables: on ? [...w.variables, variable] : w.variables.filter((v) => v !== variable) });
    },

    selectNeuron(id) {
      set({ selectedNeuronId: id });
    },
    selectConnection(index) {
      set({ selectedConnectionIndex: index });
    },
    selectPopulation(id) {
      set({ selectedPopulationId: id });
    },
    selectProjection(id) {
      set({ selectedProjectionId: id });
    },
    setWindowMs(ms) {
      set({ windowMs: ms });
    },
    showError(context, message) {
      set({ lastError: { context, message } });
    },
    dismissError() {
      set({ lastError: null });
    },
    cancelBuild() {
      const build = get().build;
      if (!build || build.cancelling) return;
      send({ type: 'cancel' });
      set({ build: { ...build, cancelling: true } });
    },
    dismissBuildNotice() {
      set({ buildNotice: null });
    },
    recoverFromWorkerFault(what) {
      faultsInARow++;
      const building = postedLoads.length > 0;
      postedLoads.length = 0;
      idsBeforeContinue = null;
      workerExperiment = null;
      const { experiment, pendingExperiment, past, future } = get();
      set({ build: null, buildNotice: null, pendingExperiment: null, network: null, playIntent: null, loadsInFlight: 0, status: { ...initialStatus, speed: get().requestedSpeed } });
      clearLiveData();
      if (faultsInARow > 2) {
        set({ workerFault: { what: `${what} again`, outcome: `It failed with the default experiment too, so it was not started again. Reload the page; \u201c${experiment.name}\u201d and its undo history stay here until then.` } });
        return false;
      }
      // A build in progress may be what broke the Worker (out of memory): it is kept for Redo, not rebuilt.
      // With nothing good to go back to, or when that failed too, the default experiment is safe.
      const backToRunning = faultsInARow === 1 && running !== null;
      const unbuilt = !backToRunning || building ? (pendingExperiment ?? experiment) : null;
      const reload = running === null || !backToRunning ? defaultExperiment() : building ? running : experiment;
      if (unbuilt && unbuilt !== reload) {
        let at = past.length - 1;
        while (at >= 0 && past[at].experiment !== reload) at--;
        const label = past[past.length - 1]?.label ?? 'the experiment being built';
        set({ past: at >= 0 ? past.slice(0, at) : past, future: [...future, { experiment: unbuilt, label, at: Date.now() }] });
      }
      const again = faultsInARow > 1 ? ' again' : '';
      const kept = unbuilt && unbuilt !== reload ? ` \u201c${unbuilt.name}\u201d is kept: Redo builds it again.` : ' Your changes and undo history are kept.';
      set({
        experiment: reload,
        ...keptSelection(get(), reload),
        workerFault: { what: `${what}${again}${building ? ' while building' : ''}`, outcome: `It was restarted with \u201c${reload.name}\u201d, from t = 0.${kept}` },
      });
      postLoad(reload, false);
      return true;
    },
    dismissWorkerFault() {
      set({ workerFault: null });
    },
    resetWeights() {
      send({ type: 'resetWeights' });
    },
    keepLearnedWeights() {
      if (get().pendingExperiment) return;
      get().pause();
      keepAsked = true;
      send({ type: 'learnedWeights' });
    },

    handleWorkerEvent(event) {
      switch (event.type) {
        case 'progress':
          set({ build: { ...event.progress, cancelling: get().build?.cancelling ?? false } });
          return;
        case 'cancelled':
          cancelled(event.loads, event.workers);
          return;
        case 'workers': {
          const network = get().network;
          if (network) set({ network: { ...network, workers: event.workers, workersReason: event.reason } });
          return;
        }
        case 'loaded': {
          workerExperiment = postedLoads.shift() ?? workerExperiment;
          set({ build: null, loadsInFlight: postedLoads.length });
          if (event.continued && idsBeforeContinue) renumberLiveData(idsBeforeContinue, event.network.ids);
          else clearLiveData(event.network.dt);
          set({ learnedCarry: event.continued ? (event.learned ?? null) : null });
          idsBeforeContinue = null;
          const loaded = get().pendingExperiment;
          if (loaded) {
            set({
              experiment: loaded,
              pendingExperiment: null,
              network: event.network,
              windowMs: windowForRun(loaded, get().windowMs),
              ...keptSelection(get(), loaded),
            });
          }
          else set({ network: event.network });
          running = postedLoads.length === 0 ? get().experiment : workerExperiment;
          faultsInARow = 0;
          return;
        }
        case 'frame':
          ingestFrame(event.frame);
          takeStatus(event.frame.status);
          return;
        case 'learnedWeights': {
          if (!keepAsked) return;
          keepAsked = false;
          const problem = get().change(withLearnedWeights(get().experiment, event.weights), 'keep learned weights');
          if (problem) set({ lastError: { context: 'edit', message: `The learned weights could not be kept: ${problem}` } });
          return;
        }
        case 'status':
          takeStatus(event.status);
          return;
        case 'error':
          if (event.context === 'load') {
            postedLoads.shift();
            set({ build: null, loadsInFlight: postedLoads.length });
          }
          if (event.context === 'load' && get().pendingExperiment) {
            loadFailed = true;
            set({ pendingExperiment: null });
          } else if (event.context === 'load') {
            // A change the Worker could not build (the page validated it, but e.g. an in-degree larger
            // than its source group): go back to the experiment the Worker still runs.
            loadFailed = true;
            const { past } = get();
            const last = past[past.length - 1];
            if (last) set({ past: past.slice(0, -1), experiment: last.experiment, ...keptSelection(get(), last.experiment) });
            idsBeforeContinue = null;
          }
          if (event.context === 'watch' && loadFailed) return;
          set({ lastError: { context: event.context, message: event.message } });
          return;
      }
    },
  };
});

/** Whether two statuses show the same: state, speed, achieved speed as written (the busy share is in liveData). */
function sameShownStatus(a: Status, b: Status): boolean {
  return a.state === b.state && a.speed === b.speed && formatAchievedSpeed(a.achievedSpeed) === formatAchievedSpeed(b.achievedSpeed);
}

/** Before the Worker starts: open with this experiment (from a link or the autosave) instead of the default. */
export function setInitialExperiment(experiment: Experiment): void {
  useLabStore.setState({ experiment, ...defaultSelection(experiment), past: [], future: [] });
}
