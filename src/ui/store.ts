/**
 * The page's state (zustand). UI -> store actions -> typed Commands -> Worker; Worker events come back
 * through `handleWorkerEvent`. Spikes and traces are NOT here: they live in liveData.ts, outside React.
 */
import { create } from 'zustand';
import type { Experiment, TraceVariable } from '../core/experiment/types.ts';
import { applyEdit, checkEdit, type LiveEdit, type WatchSelection } from '../core/experiment/edits.ts';
import { defaultExperiment } from '../core/experiment/examples.ts';
import type { Command, NetworkSummary, Speed, Status, WorkerEvent } from '../worker/protocol.ts';
import { beginReset, clearLiveData, ingestFrame, noteStatusTime } from './liveData.ts';

/** Where Commands go; set by simulationClient.ts (tests may set their own). */
type CommandSink = (command: Command) => void;
let sink: CommandSink | null = null;
/** Commands posted before a sink was connected, sent once one is. */
const pending: Command[] = [];

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

export const SPEEDS: readonly Speed[] = [0.1, 0.25, 0.5, 1, 2, 5, 10, 'max'];
export const WINDOWS_MS: readonly number[] = [500, 1000, 2000, 5000];

export interface LabState {
  /** The page's copy of the loaded experiment, kept in step with the Worker's by applying the same edits. */
  experiment: Experiment;
  /** The compiled network, once the Worker has loaded it. */
  network: NetworkSummary | null;
  /** An experiment posted with 'load' and not yet confirmed; `experiment` switches to it on 'loaded'. */
  pendingExperiment: Experiment | null;
  /** The Worker's last status, as sent. */
  status: Status;
  /** Play or pause pressed and not yet confirmed by a status (the Play button shows it at once). */
  playIntent: 'running' | 'paused' | null;
  /** The speed the user asked for (status.speed is what the Worker reports). */
  requestedSpeed: Speed;
  selectedNeuronId: string | null;
  selectedConnectionIndex: number | null;
  watch: WatchSelection;
  /** Width of the plots' scrolling time window, ms. */
  windowMs: number;
  lastError: { context: string; message: string } | null;

  loadExperiment(experiment: Experiment): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  step(ms: number): void;
  reset(): void;
  setSpeed(speed: Speed): void;
  /** Applies the edit to the page's experiment and posts it; returns why it cannot be applied, or null. */
  edit(edit: LiveEdit): string | null;
  /** Several edits as one change (e.g. a cell-class preset: a, b, c, d). */
  editAll(edits: LiveEdit[]): string | null;
  setWatch(watch: WatchSelection): void;
  toggleWatchedNeuron(neuron: string, on: boolean): void;
  toggleWatchedVariable(variable: TraceVariable, on: boolean): void;
  selectNeuron(id: string | null): void;
  selectConnection(index: number | null): void;
  setWindowMs(ms: number): void;
  showError(context: string, message: string): void;
  dismissError(): void;
  handleWorkerEvent(event: WorkerEvent): void;
}

const initialStatus: Status = { state: 'idle', time: 0, achievedSpeed: 0, speed: 1 };

function defaultSelection(experiment: Experiment): Pick<LabState, 'selectedNeuronId' | 'selectedConnectionIndex' | 'watch'> {
  return {
    selectedNeuronId: experiment.neurons[0]?.id ?? null,
    selectedConnectionIndex: experiment.connections.length > 0 ? 0 : null,
    watch: { neurons: experiment.recording.watch.slice(), variables: experiment.recording.variables.slice() },
  };
}

/** Selections made while the experiment was loading stay when they still fit the loaded one. */
function keptSelection(
  current: Pick<LabState, 'selectedNeuronId' | 'selectedConnectionIndex'>,
  experiment: Experiment,
): Pick<LabState, 'selectedNeuronId' | 'selectedConnectionIndex' | 'watch'> {
  const defaults = defaultSelection(experiment);
  const neuronOk = current.selectedNeuronId !== null && experiment.neurons.some((n) => n.id === current.selectedNeuronId);
  const connectionOk = current.selectedConnectionIndex !== null && current.selectedConnectionIndex < experiment.connections.length;
  return {
    ...defaults,
    selectedNeuronId: neuronOk ? current.selectedNeuronId : defaults.selectedNeuronId,
    selectedConnectionIndex: connectionOk ? current.selectedConnectionIndex : defaults.selectedConnectionIndex,
  };
}

const TRACE_ORDER: readonly TraceVariable[] = ['v', 'u', 'g', 'isyn'];

export const useLabStore = create<LabState>()((set, get) => {
  const first = defaultExperiment();
  /** The pending load failed: a 'watch' error for its neurons says nothing new, so it is not shown. */
  let loadFailed = false;
  return {
    experiment: first,
    network: null,
    pendingExperiment: null,
    status: initialStatus,
    playIntent: null,
    requestedSpeed: 1,
    ...defaultSelection(first),
    windowMs: 1000,
    lastError: null,

    loadExperiment(experiment) {
      loadFailed = false;
      set({ pendingExperiment: experiment });
      send({ type: 'load', experiment });
      send({ type: 'watch', watch: { neurons: experiment.recording.watch.slice(), variables: experiment.recording.variables.slice() } });
      send({ type: 'speed', speed: get().requestedSpeed });
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
      set({ experiment: next });
      for (const e of edits) send({ type: 'edit', edit: e });
      return null;
    },

    setWatch(watch) {
      const variables = TRACE_ORDER.filter((v) => watch.variables.includes(v));
      const neurons = [...new Set(watch.neurons)];
      const normalised: WatchSelection = { neurons, variables };
      set((s) => ({
        watch: normalised,
        experiment: { ...s.experiment, recording: { watch: neurons.slice(), variables: variables.slice() } },
      }));
      send({ type: 'watch', watch: normalised });
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
    setWindowMs(ms) {
      set({ windowMs: ms });
    },
    showError(context, message) {
      set({ lastError: { context, message } });
    },
    dismissError() {
      set({ lastError: null });
    },

    handleWorkerEvent(event) {
      switch (event.type) {
        case 'loaded': {
          clearLiveData(event.network.dt);
          const loaded = get().pendingExperiment;
          if (loaded) set({ experiment: loaded, pendingExperiment: null, network: event.network, ...keptSelection(get(), loaded) });
          else set({ network: event.network });
          return;
        }
        case 'frame':
          ingestFrame(event.frame);
          return;
        case 'status': {
          noteStatusTime(event.status.time);
          const intent = get().playIntent;
          const state = event.status.state;
          // A status sent before the Worker saw the command does not settle the intent; one that agrees does.
          const settled = intent === null || state === 'failed' || (intent === 'running') === (state === 'running');
          set({ status: event.status, playIntent: settled ? null : intent });
          return;
        }
        case 'error':
          if (event.context === 'load' && get().pendingExperiment) {
            loadFailed = true;
            set({ pendingExperiment: null });
          }
          if (event.context === 'watch' && loadFailed) return;
          set({ lastError: { context: event.context, message: event.message } });
          return;
      }
    },
  };
});
