import type { Experiment, NeuronRole, TraceVariable } from '../core/experiment/types.ts';
import type { LiveEdit, WatchSelection } from '../core/experiment/edits.ts';
import type { BuildProgress } from '../core/engine/compile.ts';
import type { DensityLayout } from '../core/analysis/rasterDensity.ts';
import type { CarriedWeights, LearnedWeights } from '../core/engine/learnedWeights.ts';
import type { PlasticityFrame } from './plasticityFeed.ts';

export type { BuildProgress };

/** Simulation speed relative to real time (1 = one simulated second per wall second), or as fast as possible. */
export type Speed = number | 'max';

/** Page -> Worker. */
export type Command =
  /**
   * Compile and start a new experiment (paused at t = 0). On failure the old experiment stays loaded.
   * A big network builds in slices with 'progress' events between them; commands sent meanwhile wait
   * until the build ends, except 'cancel'.
   * With continueRun, an edited version of the running experiment takes over where it is: time, the
   * state of neurons and conductances that remain (matched by id), and whether it is playing.
   */
  | { type: 'load'; experiment: Experiment; continueRun?: boolean }
  | { type: 'play' }
  | { type: 'pause' }
  /** Advance by this many ms of simulated time, then pause. */
  | { type: 'step'; ms: number }
  /** Back to t = 0 with the initial state and the same seed (so the same spikes again). */
  | { type: 'reset' }
  | { type: 'speed'; speed: Speed }
  | { type: 'edit'; edit: LiveEdit }
  | { type: 'watch'; watch: WatchSelection }
  /** Put one neuron at (v, u) now (the phase plane's click); the run goes on from there. */
  | { type: 'setState'; neuron: string; v: number; u: number }
  /**
   * Stop the build in progress and drop the loads queued behind it: the experiment loaded before stays,
   * playing or paused as it was. Ignored when nothing is being built.
   */
  | { type: 'cancel' }
  /** What the raster shows, so the Worker sends only that (it keeps the view across loads). */
  | { type: 'rasterView'; view: RasterView }
  /**
   * How many Workers may step the run. When that changes how many step the loaded run, the network is
   * built again for them (with 'progress', and a 'cancel' keeps the run where it is) and the run moves
   * over where it is, state and spikes in flight included: its spikes are those it would have had.
   */
  | { type: 'workers'; workers: WorkersChoice }
  /** Keep the changes of the plastic synapse in this cell of the weight heatmap (PlasticityFrame.grid). */
  | { type: 'watchSynapse'; cell: number }
  /** Every plastic weight back to the experiment's; the run goes on. */
  | { type: 'resetWeights' }
  /** Send the plastic weights as they are now ('learnedWeights'), to be kept in the experiment. */
  | { type: 'learnedWeights' };

/**
 * How many Workers may step the run: 'auto' (when the page is cross-origin isolated and the network big
 * enough, as many as the machine's cores allow: autoWorkers), or a whole number from 1 to MAX_WORKERS.
 */
export type WorkersChoice = 'auto' | number;

/** The most Workers a run is split across: the exchange's barrier waits for every part each block. */
export const MAX_WORKERS = 8;

/** The choice `value` names ('auto', or a whole number 1 .. MAX_WORKERS, as a number or its text), else null. */
export function parseWorkersChoice(value: unknown): WorkersChoice | null {
  if (value === 'auto') return 'auto';
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_WORKERS ? n : null;
}

/**
 * How many Workers 'auto' splits a big network across on a machine with `cores` logical cores: all but
 * one, which the page keeps for drawing, and two on two cores (measured there: two Workers beside the
 * page drew the raster at 30 a second at 100,000 neurons, one did not; docs/performance-log.md).
 */
export function autoWorkers(cores: number): number {
  return Math.max(2, Math.min(MAX_WORKERS, knownCores(cores) - 1));
}

/** The logical cores a browser reports (navigator.hardwareConcurrency), or 2 when it reports nothing usable. */
export function knownCores(cores: number): number {
  return Number.isInteger(cores) && cores > 0 ? cores : 2;
}

/**
 * All Workers of a split run together may hold this much: what two Workers with an experiment at the
 * budget (DEFAULT_BUDGET, 1 GiB) already could. Workers share the tab's process, and each Worker of a
 * part compiles the whole network before it keeps its part.
 */
export const SPLIT_MEMORY_BYTES = 2 * 1024 * 2 ** 20;

/** The most Workers an experiment estimated at `bytes` (budget.ts estimateResources) is split across: two at least. */
export function mostWorkersFor(bytes: number): number {
  return bytes > 0 ? Math.max(2, Math.min(MAX_WORKERS, Math.floor(SPLIT_MEMORY_BYTES / bytes))) : MAX_WORKERS;
}

export type RunState = 'idle' | 'running' | 'paused' | 'failed';

/** Worker -> page. */
export type WorkerEvent =
  /**
   * continued: the run went on from where it was (otherwise it starts at t = 0). learned: with plastic
   * synapses, how many kept the weights they had learned (the others start from the experiment's).
   */
  | { type: 'loaded'; network: NetworkSummary; continued: boolean; learned?: CarriedWeights | null }
  /** The plastic weights as they were when 'learnedWeights' was handled. */
  | { type: 'learnedWeights'; weights: LearnedWeights }
  | { type: 'frame'; frame: Frame }
  /** A change of state or speed between frames (each frame carries the status too). */
  | { type: 'status'; status: Status }
  /** A build that takes more than one slice reports how far it is, a few dozen times a second. */
  | { type: 'progress'; progress: BuildProgress }
  /**
   * 'cancel' stopped a build: `loads` is how many load commands it dropped (the one building and those
   * queued). `workers`: the build was a change of Workers, and the choice is back to this one.
   */
  | { type: 'cancelled'; loads: number; workers?: WorkersChoice }
  /** The Worker cannot go on (one of its part Workers failed): the page restarts it. */
  | { type: 'fault'; message: string }
  /** The loaded run is now stepped by `workers` Workers (and when one, or fewer than chosen, `reason` says why), without a new load. */
  | { type: 'workers'; workers: number; reason: string }
  /** `context` says which command or stage failed, e.g. "load" or "run". */
  | { type: 'error'; context: 'load' | 'edit' | 'watch' | 'run' | 'setState' | 'workers'; message: string };

export interface Status {
  state: RunState;
  /** Simulated time, ms. */
  time: number;
  /** Simulated ms per wall ms over the last second while running (1 = real time). */
  achievedSpeed: number;
  speed: Speed;
  /** Fraction of the Worker's wall time spent stepping over the last second (1 = it cannot go faster). */
  busy: number;
}

/** What the plots need to know about the compiled network. */
export interface NetworkSummary {
  neuronCount: number;
  /** Neuron ids by index (the raster's rows): a neuron's id, or `population[i]`. */
  ids: string[];
  /** 0 = excitatory, 1 = inhibitory, by neuron index. */
  roles: Uint8Array;
  /** Neuron and population groups in index order, for labelling raster bands. */
  groups: { id: string; label: string; start: number; size: number; role: NeuronRole }[];
  dt: number;
  /** How many Workers step the run (2: split across two), and when one, why. */
  workers: number;
  workersReason: string;
}

/**
 * New data since the previous frame. Buffers are transferred, not copied.
 * Trace layout: value of variable k of watched neuron w at sample s is
 * traces[(s * watch.length + w) * variables.length + k]; sample s is taken at traceTimes[s] (the end of a step).
 */
export interface Frame {
  /** Neuron index of each new spike. */
  spikeNeurons: Int32Array;
  /** Spike times, ms (the start of the step in which v reached the peak). */
  spikeTimes: Float64Array;
  traceTimes: Float64Array;
  traces: Float32Array;
  watch: string[];
  variables: TraceVariable[];
  /** Simulated time at the end of this frame, ms. */
  time: number;
  /** The population rate and its spectrum, in a few frames per second (and whenever a run stops); else null. */
  rhythm: RhythmFrame | null;
  /** What the raster draws, for the latest view the page sent. */
  raster: RasterFrame;
  /** The plastic weights, with the rhythm's frames (null without plastic synapses, and in the frames between). */
  plasticity: PlasticityFrame | null;
  /** The run's status as of this frame: a frame is one message, not a frame and a status. */
  status: Status;
}

/** The raster's view: a band of neurons over a span of time, drawn on a plot of so many device pixels. */
export interface RasterView {
  /** Set by the page; frames made for this view carry it back. */
  id: number;
  /** The band: neurons [first, first + count). */
  first: number;
  count: number;
  /** A fixed span of time [start, end], ms; or null: the live window of `windowMs` ending at the latest time. */
  span: [number, number] | null;
  windowMs: number;
  /** The plot area, device pixels. */
  width: number;
  height: number;
}

/**
 * The raster's part of a frame. In 'spikes' mode the frame's spike arrays hold what to draw; in
 * 'density' mode (the band's neurons outnumber the pixel rows) `density` does.
 */
export interface RasterFrame {
  /** The view it was made for (-1: none has arrived yet). */
  viewId: number;
  mode: 'spikes' | 'density';
  /**
   * The frame's spike arrays hold every new spike of the network. Big networks send only the band's
   * spikes in 'spikes' mode, and none in 'density' mode.
   */
  complete: boolean;
  /** The spike arrays start over: they hold the band's recent spikes again, for a new view (not complete networks). */
  replace: boolean;
  /** Spikes of the whole network since the run (or reset) started. */
  totalSpikes: number;
  density: DensityFrame | null;
  /** When not complete: this frame's spikes per group of NetworkSummary.groups (for population rates); else null. */
  groupSpikes: Float64Array | null;
}

/**
 * Spike counts per (neuron band row, time bin) cell of the Worker's density grid (DensityGrid): the
 * whole grid, or only the bins that changed since the previous frame (a frame at 1x changes about a
 * frame's worth of bins, a fiftieth of the grid).
 */
export interface DensityFrame {
  /** The band, the rows, the kept bins, their width and origin. */
  layout: DensityLayout;
  /** The oldest bin the grid keeps after this frame (older ones drop out). */
  firstBin: number;
  /** counts[r * columns + c]: spikes of row r's neurons in bin fromBin + c. */
  counts: Uint16Array;
  fromBin: number;
  columns: number;
  /** True: the other kept bins are as the previous frame left them; false: the whole grid is here. */
  update: boolean;
}

/** The whole network's firing rate over the last seconds and its power spectrum (Welch's method). */
export interface RhythmFrame {
  /** Bin width of the rate, ms. */
  binMs: number;
  /** Spikes per bin per neuron, in Hz, oldest bin first; the last bin ends at `end`. */
  rate: Float32Array;
  /** Simulated time at the end of the last complete bin, ms. */
  end: number;
  /** Frequency step of the spectrum, Hz; power[k] is at k * df, from 0 Hz. */
  df: number;
  /** Spectral density of the rate, (Hz per neuron)^2 per Hz; empty until the rate spans one Welch segment. */
  power: Float32Array;
  /** The strongest rhythm (4 Hz and up) and the strongest frequency in the gamma band, Hz; null without a spectrum. */
  peakHz: number | null;
  gammaHz: number | null;
}

