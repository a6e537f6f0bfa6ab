/**
 * Recorded spikes and traces, kept OUTSIDE React state: mutable ring buffers of typed arrays that the
 * simulation client fills from Worker frames and the plots read on requestAnimationFrame. Nothing here
 * triggers a React render; plots compare `version` with the version they last drew.
 */
import { DensityGrid, sameLayout } from '../core/analysis/rasterDensity.ts';
import { indexRenumbering } from '../core/engine/network.ts';
import type { TraceVariable } from '../core/experiment/types.ts';
import type { DensityFrame, Frame, RasterFrame, RhythmFrame } from '../worker/protocol.ts';
import { applyPlasticityFrame, clearPlasticity } from './plasticity/plasticityData.ts';

/** Binary search over `length` times in increasing order: the first index whose time is >= t. */
function firstAtOrAfter(t: number, length: number, timeAt: (k: number) => number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timeAt(mid) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Spikes, oldest first, in a ring of parallel typed arrays (no per-spike objects). */
export class SpikeRing {
  times: Float64Array;
  neurons: Int32Array;
  /** Index of the oldest stored spike. */
  head = 0;
  /** Number of stored spikes (<= capacity). */
  length = 0;
  /** Spikes received since the last clear (including ones the ring has already overwritten). */
  total = 0;

  constructor(capacity: number) {
    this.times = new Float64Array(capacity);
    this.neurons = new Int32Array(capacity);
  }

  get capacity(): number {
    return this.times.length;
  }

  clear(): void {
    this.head = 0;
    this.length = 0;
    this.total = 0;
  }

  push(neurons: Int32Array, times: Float64Array): void {
    const n = Math.min(neurons.length, times.length);
    const cap = this.capacity;
    for (let i = 0; i < n; i++) {
      const slot = (this.head + this.length) % cap;
      this.times[slot] = times[i];
      this.neurons[slot] = neurons[i];
      if (this.length < cap) this.length++;
      else this.head = (this.head + 1) % cap;
    }
    this.total += n;
  }

  /** Physical index of the k-th stored spike (0 = oldest). */
  at(k: number): number {
    return (this.head + k) % this.capacity;
  }

  /** Logical index of the first stored spike at or after time t (spikes arrive in time order). */
  lowerBound(t: number): number {
    return firstAtOrAfter(t, this.length, (k) => this.times[this.at(k)]);
  }

  /** Renumbers neurons after an edit: map[old] is the new index, or -1 for a removed neuron (not drawn). */
  renumber(map: Int32Array): void {
    for (let k = 0; k < this.length; k++) {
      const slot = this.at(k);
      const old = this.neurons[slot];
      this.neurons[slot] = old >= 0 && old < map.length ? map[old] : -1;
    }
  }
}

/**
 * Every spike since the last clear, for export: two growable typed arrays (no per-spike objects) that
 * double up to `cap` spikes. Once full it keeps the first `cap` spikes and counts the rest in `dropped`,
 * so an export can say it is incomplete instead of silently truncating.
 */
export class SpikeLog {
  times: Float64Array;
  neurons: Int32Array;
  length = 0;
  /** Spikes that arrived after the log was full (not kept). */
  dropped = 0;
  readonly cap: number;
  private readonly initial: number;

  constructor(cap: number, initial = 4096) {
    this.cap = Math.max(1, cap);
    this.initial = Math.max(1, Math.min(initial, this.cap));
    this.times = new Float64Array(this.initial);
    this.neurons = new Int32Array(this.initial);
  }

  get capacity(): number {
    return this.times.length;
  }

  get full(): boolean {
    return this.dropped > 0 || this.length >= this.cap;
  }

  /** Empties the log and gives back memory a long run took. */
  clear(): void {
    this.length = 0;
    this.dropped = 0;
    if (this.times.length > this.initial) {
      this.times = new Float64Array(this.initial);
      this.neurons = new Int32Array(this.initial);
    }
  }

  push(neurons: Int32Array, times: Float64Array): void {
    const n = Math.min(neurons.length, times.length);
    const room = this.cap - this.length;
    const keep = Math.min(n, room);
    this.dropped += n - keep;
    if (keep <= 0) return;
    this.reserve(this.length + keep);
    this.times.set(times.subarray(0, keep), this.length);
    this.neurons.set(neurons.subarray(0, keep), this.length);
    this.length += keep;
  }

  private reserve(size: number): void {
    if (size <= this.times.length) return;
    const next = Math.min(this.cap, Math.max(size, this.times.length * 2));
    const times = new Float64Array(next);
    times.set(this.times.subarray(0, this.length));
    const neurons = new Int32Array(next);
    neurons.set(this.neurons.subarray(0, this.length));
    this.times = times;
    this.neurons = neurons;
  }

  /** Index of the first spike at or after time t (spikes arrive in time order). */
  lowerBound(t: number): number {
    return firstAtOrAfter(t, this.length, (k) => this.times[k]);
  }

  /** Renumbers neurons after an edit (map[old] = new index or -1); spikes of removed neurons are dropped. */
  renumber(map: Int32Array): void {
    let kept = 0;
    for (let k = 0; k < this.length; k++) {
      const old = this.neurons[k];
      const next = old >= 0 && old < map.length ? map[old] : -1;
      if (next < 0) continue;
      this.neurons[kept] = next;
      this.times[kept] = this.times[k];
      kept++;
    }
    this.length = kept;
  }
}

/** Spikes per neuron index since the last clear; grows to the largest index seen. */
export class SpikeCounts {
  counts = new Float64Array(0);

  clear(): void {
    this.counts.fill(0);
  }

  add(neurons: Int32Array): void {
    let max = -1;
    for (let i = 0; i < neurons.length; i++) if (neurons[i] > max) max = neurons[i];
    if (max >= this.counts.length) {
      const next = new Float64Array(Math.max(max + 1, this.counts.length * 2, 16));
      next.set(this.counts);
      this.counts = next;
    }
    for (let i = 0; i < neurons.length; i++) {
      const idx = neurons[i];
      if (idx >= 0) this.counts[idx]++;
    }
  }

  of(index: number): number {
    return index >= 0 && index < this.counts.length ? this.counts[index] : 0;
  }

  /** Renumbers neurons after an edit (map[old] = new index or -1). */
  renumber(map: Int32Array): void {
    const next = new Float64Array(Math.max(16, map.length));
    for (let old = 0; old < Math.min(map.length, this.counts.length); old++) {
      if (map[old] >= 0) {
        if (map[old] >= next.length) continue;
        next[map[old]] = this.counts[old];
      }
    }
    this.counts = next;
  }
}

/** One recorded variable of one watched neuron; its values share the TraceRing's sample times. */
export interface TraceSeries {
  neuron: string;
  variable: TraceVariable;
  values: Float32Array;
}

export function seriesKey(neuron: string, variable: TraceVariable): string {
  return `${neuron}|${variable}`;
}

/**
 * Trace samples in a ring: one shared time axis and one value ring per (neuron, variable). A series
 * that starts being watched mid-run has NaN (a gap) before its first sample.
 */
export class TraceRing {
  times: Float64Array;
  head = 0;
  length = 0;
  /** Samples received since the last clear. */
  total = 0;
  readonly series = new Map<string, TraceSeries>();
  private layoutWatch: string[] = [];
  private layoutVariables: TraceVariable[] = [];
  /** Series of the current frame layout, in frame order (index w * variables.length + k). */
  private layoutSeries: TraceSeries[] = [];

  constructor(capacity: number) {
    this.times = new Float64Array(capacity);
  }

  get capacity(): number {
    return this.times.length;
  }

  clear(): void {
    this.head = 0;
    this.length = 0;
    this.total = 0;
    this.series.clear();
    this.layoutWatch = [];
    this.layoutVariables = [];
    this.layoutSeries = [];
  }

  /** Reallocate for a new capacity (drops all data). */
  resize(capacity: number): void {
    if (capacity !== this.capacity) this.times = new Float64Array(capacity);
    this.clear();
  }

  at(k: number): number {
    return (this.head + k) % this.capacity;
  }

  lowerBound(t: number): number {
    return firstAtOrAfter(t, this.length, (k) => this.times[this.at(k)]);
  }

  private setLayout(watch: string[], variables: TraceVariable[]): void {
    if (sameList(watch, this.layoutWatch) && sameList(variables, this.layoutVariables)) return;
    const next = new Map<string, TraceSeries>();
    const ordered: TraceSeries[] = [];
    for (const neuron of watch) {
      for (const variable of variables) {
        const key = seriesKey(neuron, variable);
        let s = this.series.get(key) ?? next.get(key);
        if (!s) {
          s = { neuron, variable, values: new Float32Array(this.capacity).fill(Number.NaN) };
        }
        next.set(key, s);
        ordered.push(s);
      }
    }
    this.series.clear();
    for (const [k, s] of next) this.series.set(k, s);
    this.layoutWatch = watch.slice();
    this.layoutVariables = variables.slice();
    this.layoutSeries = ordered;
  }

  push(frame: Frame): void {
    const samples = frame.traceTimes.length;
    if (samples === 0) return;
    this.setLayout(frame.watch, frame.variables);
    const stride = frame.watch.length * frame.variables.length;
    const cap = this.capacity;
    const all = this.layoutSeries;
    for (let s = 0; s < samples; s++) {
      let slot: number;
      if (this.length < cap) {
        slot = (this.head + this.length) % cap;
        this.length++;
      } else {
        slot = this.head;
        this.head = (this.head + 1) % cap;
        // A series added later may still hold an old value here; it is overwritten just below.
      }
      this.times[slot] = frame.traceTimes[s];
      const base = s * stride;
      for (let j = 0; j < stride; j++) {
        const v = frame.traces[base + j];
        all[j].values[slot] = v === undefined ? Number.NaN : v;
      }
    }
    this.total += samples;
  }
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The longest time window the plots offer, ms; the trace ring holds at least this much. */
export const MAX_WINDOW_MS = 5000;
const SPIKE_CAPACITY = 1 << 19;
/** Most spikes kept for export since a reset (12 bytes each: 240 MB at the cap). */
export const SPIKE_LOG_CAP = 20_000_000;

/** Samples the trace ring must hold to cover MAX_WINDOW_MS at step dt (with some headroom). */
export function traceCapacityFor(dt: number): number {
  const step = dt > 0 ? dt : 1;
  return Math.ceil(MAX_WINDOW_MS / step) + 2048;
}

/** What the Worker said about the raster in its latest frame. */
export interface RasterState {
  mode: RasterFrame['mode'];
  /** The spike stores hold every spike of the network (false: only the raster band's, for big networks). */
  complete: boolean;
  /** Spikes of the whole network since the run (or reset) started. */
  totalSpikes: number;
  /** The density grid as the Worker's frames built it up, in 'density' mode. */
  density: DensityGrid | null;
  /** When not complete: spikes per network group since the run (or reset) started, for population rates. */
  groupSpikes: Float64Array;
}

const initialRaster = (): RasterState => ({ mode: 'spikes', complete: true, totalSpikes: 0, density: null, groupSpikes: new Float64Array(0) });

/** Everything the plots draw, plus the simulated time of the latest Worker message. */
export const liveData = {
  spikes: new SpikeRing(SPIKE_CAPACITY),
  /** Every spike since the last reset or load (up to SPIKE_LOG_CAP), for the spikes CSV. */
  spikeLog: new SpikeLog(SPIKE_LOG_CAP),
  /** Spikes per neuron index since the last reset or load (all of them, past the log's cap too). */
  spikeCounts: new SpikeCounts(),
  traces: new TraceRing(traceCapacityFor(1)),
  /** The latest population rate and spectrum the Worker sent (a few times per second), or null. */
  rhythm: null as RhythmFrame | null,
  raster: initialRaster(),
  /** Simulated time at the end of the latest frame, ms (the plots' right edge). */
  frameTime: 0,
  /** Simulated time from the latest frame or status event, whichever came last, ms. */
  clockTime: 0,
  /**
   * The Worker's busy share from its latest status (the performance meter reads it twice a second):
   * kept here, not in the store, whose every update runs every subscriber's selector.
   */
  workerBusy: 0,
  /** Bumped on every change; plots redraw when it differs from what they drew. */
  version: 0,
  /** Bumped by frames only, not status times: the raster and the traces draw what frames bring, so they redraw only then. */
  frameVersion: 0,
};

/** Drop everything recorded (after load or reset); `dt` sizes the trace ring. */
export function clearLiveData(dt?: number): void {
  liveData.spikes.clear();
  liveData.spikeLog.clear();
  liveData.spikeCounts.clear();
  if (dt !== undefined) liveData.traces.resize(traceCapacityFor(dt));
  else liveData.traces.clear();
  liveData.rhythm = null;
  clearPlasticity();
  liveData.raster = initialRaster();
  liveData.frameTime = 0;
  liveData.clockTime = 0;
  liveData.version++;
  liveData.frameVersion++;
}

/**
 * An edited network took over the run (a 'loaded' event with continued): keep what was recorded,
 * renumbering the spikes' neuron indices by id; spikes of removed neurons are dropped.
 */
export function renumberLiveData(oldIds: readonly string[], newIds: readonly string[]): void {
  const map = indexRenumbering(oldIds, newIds);
  liveData.spikes.renumber(map);
  liveData.spikeLog.renumber(map);
  liveData.spikeCounts.renumber(map);
  liveData.version++;
  liveData.frameVersion++;
}

/**
 * While set, frames and status times at or after this time were sent before the Worker handled a
 * 'reset' the page posted, so they belong to the old run and are dropped.
 */
let staleFrom: number | null = null;

/** The page posted 'reset': drop what is drawn and ignore the old run's frames still in flight. */
export function beginReset(): void {
  const from = liveData.frameTime;
  clearLiveData();
  staleFrom = from > 0 ? from : null;
}

/** Add one Worker frame. A frame earlier than what is stored means the run restarted: start over. */
export function ingestFrame(frame: Frame): void {
  if (staleFrom !== null) {
    if (frame.time >= staleFrom) return;
    staleFrom = null;
  }
  if (frame.time < liveData.frameTime) clearLiveData();
  const raster = frame.raster;
  // A big network's band spikes for a new view start over; its log and counts would be partial, so they stay empty.
  if (raster.replace) liveData.spikes.clear();
  liveData.spikes.push(frame.spikeNeurons, frame.spikeTimes);
  if (raster.complete) {
    liveData.spikeLog.push(frame.spikeNeurons, frame.spikeTimes);
    liveData.spikeCounts.add(frame.spikeNeurons);
  }
  let groupSpikes = liveData.raster.groupSpikes;
  if (raster.groupSpikes) {
    if (groupSpikes.length !== raster.groupSpikes.length) groupSpikes = new Float64Array(raster.groupSpikes.length);
    for (let g = 0; g < groupSpikes.length; g++) groupSpikes[g] += raster.groupSpikes[g];
  }
  liveData.raster = {
    mode: raster.mode,
    complete: raster.complete,
    totalSpikes: raster.totalSpikes,
    density: raster.mode === 'density' ? withDensity(liveData.raster.density, raster.density) : null,
    groupSpikes,
  };
  liveData.traces.push(frame);
  if (frame.rhythm) liveData.rhythm = frame.rhythm;
  if (frame.plasticity) applyPlasticityFrame(frame.plasticity);
  liveData.frameTime = frame.time;
  liveData.clockTime = frame.time;
  liveData.version++;
  liveData.frameVersion++;
}

/**
 * The page's density grid after a frame: a whole grid starts it again (reusing its memory when the
 * layout is the same); an update scrolls it and writes the bins it brings. An update for another
 * layout cannot be applied: the grid stays as it was until the next whole one (the Worker sends one
 * a few times a second).
 */
export function withDensity(grid: DensityGrid | null, frame: DensityFrame | null): DensityGrid | null {
  if (!frame) return grid;
  const fits = grid !== null && sameLayout(grid.layout, frame.layout);
  if (frame.update && !fits) return grid;
  let next = grid;
  if (!fits || next === null) next = new DensityGrid(frame.layout);
  else if (!frame.update) next.clear();
  if (frame.update) next.scrollTo(frame.firstBin);
  else next.firstBin = frame.firstBin;
  next.setBins(frame.fromBin, frame.columns, frame.counts);
  return next;
}

/** Note the simulated time of a status event (the transport bar shows the latest). */
export function noteStatusTime(time: number): void {
  if (staleFrom !== null) {
    if (time >= staleFrom) return;
    staleFrom = null;
  }
  // A running Worker follows each frame with a status at the same time: nothing the page shows changed.
  if (time === liveData.clockTime) return;
  liveData.clockTime = time;
  liveData.version++;
}

/**
 * Spikes of neuron `index` with times in [t0, t1), from the export log when it holds that span, else
 * from the ring. `complete` is false when neither reaches back to t0 (very long or very busy runs).
 */
export function countSpikesIn(index: number, t0: number, t1: number): { count: number; complete: boolean } {
  const log = liveData.spikeLog;
  const lastLogged = log.length > 0 ? log.times[log.length - 1] : -Infinity;
  if (!log.full || lastLogged >= t1) {
    let count = 0;
    for (let k = log.lowerBound(t0); k < log.length; k++) {
      if (log.times[k] >= t1) break;
      if (log.neurons[k] === index) count++;
    }
    return { count, complete: true };
  }
  const ring = liveData.spikes;
  const complete = ring.length === ring.total || (ring.length > 0 && ring.times[ring.at(0)] < t0);
  let count = 0;
  for (let k = ring.lowerBound(t0); k < ring.length; k++) {
    const slot = ring.at(k);
    if (ring.times[slot] >= t1) break;
    if (ring.neurons[slot] === index) count++;
  }
  return { count, complete };
}
