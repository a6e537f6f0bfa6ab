import type { PlasticityFrame } from '../../worker/plasticityFeed.ts';

/** Points of the watched synapse's weight kept for its plot (the oldest half drops when full). */
const SERIES_CAPACITY = 20_000;
/** Changes listed beside the plot. */
export const LISTED_CHANGES = 8;

export interface WeightChangeRow {
  time: number;
  dw: number;
  weight: number;
  pairDt: number;
}

/**
 * What the Plasticity tab draws, outside React like liveData: the latest weights frame, and the watched
 * synapse's weight over time built up from the changes each frame brings.
 */
export const plasticityData = {
  latest: null as PlasticityFrame | null,
  /** The synapse the series is of, by its neurons (a rebuild may renumber it): "pre\u2192post", or '' for none yet. */
  synapse: '',
  times: [] as number[],
  weights: [] as number[],
  /** Every change kept in the series, for the dw against t_post - t_pre plot; the last LISTED_CHANGES are listed. */
  changes: [] as WeightChangeRow[],
  /** Bumped on every frame: the panel redraws when it differs from what it drew. */
  version: 0,
};

export function clearPlasticity(): void {
  plasticityData.latest = null;
  plasticityData.synapse = '';
  plasticityData.times = [];
  plasticityData.weights = [];
  plasticityData.changes = [];
  plasticityData.version++;
}

export function applyPlasticityFrame(frame: PlasticityFrame): void {
  const data = plasticityData;
  const watched = frame.watched;
  // A new synapse, or time went back (a reset): the series starts over. The same synapse after an edit
  // rebuilt the network (the Worker follows it on) goes on.
  const last = data.times[data.times.length - 1];
  const followed = watched ? `${watched.pre}\u2192${watched.post}` : '';
  if (!watched || followed !== data.synapse || (last !== undefined && frame.time < last)) {
    data.times = [];
    data.weights = [];
    data.changes = [];
    data.synapse = followed;
    if (watched) {
      // The weight before its first change here: what it is now less the changes this frame brings.
      let before = watched.weight;
      for (const dw of watched.dw) before -= dw;
      data.times.push(watched.times.length > 0 ? Math.min(frame.time, watched.times[0]) : frame.time);
      data.weights.push(watched.times.length > 0 ? before : watched.weight);
    }
  }
  if (watched) {
    for (let k = 0; k < watched.times.length; k++) {
      data.times.push(watched.times[k]);
      data.weights.push(watched.weights[k]);
      data.changes.push({ time: watched.times[k], dw: watched.dw[k], weight: watched.weights[k], pairDt: watched.pairDt[k] });
    }
    // The weight holds until now: the line runs to the frame's time.
    data.times.push(frame.time);
    data.weights.push(watched.weight);
    if (data.times.length > SERIES_CAPACITY) {
      data.times = data.times.slice(SERIES_CAPACITY / 2);
      data.weights = data.weights.slice(SERIES_CAPACITY / 2);
    }
    if (data.changes.length > SERIES_CAPACITY / 2) data.changes = data.changes.slice(SERIES_CAPACITY / 4);
  }
  data.latest = frame;
  data.version++;
}

/** Whether a Worker message's `plasticity` is a PlasticityFrame (the page checks every message it reads). */
export function isPlasticityFrame(x: unknown): x is PlasticityFrame {
  if (typeof x !== 'object' || x === null) return false;
  const watchedOk = !('watched' in x) ? false : x.watched === null || (
    typeof x.watched === 'object' && x.watched !== null &&
    'times' in x.watched && x.watched.times instanceof Float64Array &&
    'dw' in x.watched && x.watched.dw instanceof Float64Array &&
    'weights' in x.watched && x.watched.weights instanceof Float64Array &&
    'pairDt' in x.watched && x.watched.pairDt instanceof Float64Array &&
    'weight' in x.watched && typeof x.watched.weight === 'number' &&
    'synapse' in x.watched && typeof x.watched.synapse === 'number' &&
    'cell' in x.watched && typeof x.watched.cell === 'number' &&
    'pre' in x.watched && typeof x.watched.pre === 'string' &&
    'post' in x.watched && typeof x.watched.post === 'string'
  );
  return (
    watchedOk &&
    'histogram' in x && x.histogram instanceof Float32Array &&
    'grid' in x && x.grid instanceof Float32Array &&
    'rows' in x && typeof x.rows === 'number' &&
    'columns' in x && typeof x.columns === 'number' && x.grid.length === x.rows * x.columns &&
    'time' in x && typeof x.time === 'number'
  );
}
