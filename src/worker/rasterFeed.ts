/**
 * The Worker's side of the raster: from each frame's new spikes and the page's view, what to send.
 * Networks up to COMPLETE_MAX_NEURONS send every spike (the page keeps them for export and counts);
 * bigger ones send only what the raster draws. When the band's neurons outnumber the plot's pixel
 * rows, the raster gets a density grid instead of spikes. Free of Worker globals (tested in Node).
 */
import { DensityGrid, sameLayout, SpikeHistory, timeWindow, type DensityLayout } from '../core/analysis/rasterDensity.ts';
import type { DensityFrame, RasterFrame, RasterView } from './protocol.ts';

/** Largest network whose every spike goes to the page (10,000 neurons at 7 Hz: 70,000 spikes a second). */
export const COMPLETE_MAX_NEURONS = 20_000;
/**
 * Spikes the Worker keeps to draw a new view from: about 1.1 s of the 100,000-neuron network at 18 Hz
 * (24 MB); a longer window fills in as the run goes on.
 */
export const HISTORY_CAP = 1 << 21;
/** Largest grid side, cells (a plot wider or taller than this is drawn scaled). */
const MAX_GRID_SIDE = 4096;
/** The view before the page has sent one: the whole network over the default window, size unknown. */
const DEFAULT_WINDOW_MS = 1000;

export interface FeedOutput {
  neurons: Int32Array;
  times: Float64Array;
  raster: RasterFrame;
}

export class RasterFeed {
  private view: RasterView | null = null;
  private grid: DensityGrid | null = null;
  private viewChanged = true;
  private total = 0;
  private readonly history = new SpikeHistory(HISTORY_CAP);
  private neuronCount: number;
  readonly complete: boolean;

  /** Group index of each neuron, to count a big network's spikes per group (its page gets no spike list), when its groups do not tile it. */
  private readonly groupOf: Int32Array | null = null;
  private readonly groupCount: number = 0;
  /** When the groups tile neurons [0, n) in index order: where each ends (exclusive); else null. */
  private readonly groupEnds: Int32Array | null = null;

  /**
   * `dt`, the step, ms: time bins are never narrower (spikes fall on steps; narrower bins would stripe).
   * `groups`: the network's groups in index order (NetworkSummary.groups).
   */
  constructor(neuronCount: number, view: RasterView | null = null, private readonly dt = 1, groups: readonly { start: number; size: number }[] = []) {
    this.neuronCount = neuronCount;
    this.complete = neuronCount <= COMPLETE_MAX_NEURONS;
    this.view = view;
    if (!this.complete) {
      this.groupCount = groups.length;
      const tiles = groups.length > 0 && groups.every((g, k) => g.size > 0 && g.start === (k === 0 ? 0 : groups[k - 1].start + groups[k - 1].size));
      if (tiles) this.groupEnds = Int32Array.from(groups, (g) => Math.min(neuronCount, g.start + g.size));
      else {
        const groupOf = new Int32Array(neuronCount).fill(-1);
        groups.forEach((g, k) => groupOf.fill(k, g.start, Math.min(neuronCount, g.start + g.size)));
        this.groupOf = groupOf;
      }
    }
  }

  private countGroups(neurons: Int32Array): Float64Array | null {
    if (this.complete) return null;
    const counts = new Float64Array(this.groupCount);
    // Groups that tile the network in index order (populations do) are found by their bounds: a frame
    // of 100,000 neurons brings tens of thousands of spikes at random indices, each a cache miss in a
    // per-neuron table.
    const ends = this.groupEnds;
    if (ends) {
      const last = ends.length - 1;
      for (let i = 0; i < neurons.length; i++) {
        const neuron = neurons[i];
        if (neuron < 0 || neuron >= ends[last]) continue;
        let lo = 0;
        let hi = last;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (neuron < ends[mid]) hi = mid;
          else lo = mid + 1;
        }
        counts[lo]++;
      }
      return counts;
    }
    const groupOf = this.groupOf;
    if (!groupOf) return counts;
    for (let i = 0; i < neurons.length; i++) {
      const g = neurons[i] >= 0 && neurons[i] < groupOf.length ? groupOf[neurons[i]] : -1;
      if (g >= 0) counts[g]++;
    }
    return counts;
  }

  /** The view the page sent last (kept when a new network is loaded). */
  get currentView(): RasterView | null {
    return this.view;
  }

  setView(view: RasterView): void {
    this.view = view;
    this.viewChanged = true;
  }

  /**
   * An edited network took over the run: keep the old network's spikes, renumbered by `map` (old neuron
   * index -> new, -1 for a removed neuron), so a density raster does not go blank until new spikes come.
   */
  carryFrom(old: RasterFeed, map: Int32Array): void {
    const h = old.history;
    const neurons = new Int32Array(h.length);
    const times = new Float64Array(h.length);
    let kept = 0;
    for (let k = 0; k < h.length; k++) {
      const slot = h.at(k);
      const to = map[h.neurons[slot]] ?? -1;
      if (to < 0 || to >= this.neuronCount) continue;
      neurons[kept] = to;
      times[kept] = h.times[slot];
      kept++;
    }
    this.history.clear();
    this.history.push(neurons.subarray(0, kept), times.subarray(0, kept));
    this.total = old.total;
    this.viewChanged = true;
  }

  /** The run went back to t = 0. */
  reset(): void {
    this.history.clear();
    this.total = 0;
    this.viewChanged = true;
  }

  /** The view clamped to the network: a band inside it, at least one neuron. */
  private band(): { first: number; count: number } {
    const n = Math.max(1, this.neuronCount);
    const view = this.view;
    if (!view) return { first: 0, count: n };
    const first = Math.max(0, Math.min(n - 1, Math.floor(view.first)));
    const count = Math.max(1, Math.min(n - first, Math.floor(view.count)));
    return { first, count };
  }

  /** Draw a density grid: the band's neurons outnumber the plot's pixel rows. */
  private densityMode(count: number): boolean {
    const view = this.view;
    return view !== null && view.height >= 1 && view.width >= 1 && count > view.height;
  }

  /**
   * The frame for spikes that ran up to `now` (ms), arrays in time order. A density grid goes whole for
   * a new view, and when `whole` asks (a page that missed an update draws right again from it); else
   * only the bins this frame changed.
   */
  frame(neurons: Int32Array, times: Float64Array, now: number, whole = false): FeedOutput {
    this.history.push(neurons, times);
    this.total += neurons.length;
    const { first, count } = this.band();
    const view = this.view;
    const windowMs = view?.windowMs ?? DEFAULT_WINDOW_MS;
    const span = view?.span ?? null;
    const replace = this.viewChanged;
    this.viewChanged = false;

    let density: DensityFrame | null = null;
    const dense = this.densityMode(count);
    if (dense && view) {
      const layout = layoutFor(first, count, view, windowMs, this.dt);
      let g = this.grid;
      let from: number;
      let to: number;
      if (replace || !g || !sameLayout(g.layout, layout)) {
        // A new view: count again what the history still holds (it already has this frame's spikes).
        g = this.grid = new DensityGrid(layout);
        g.advanceTo(span ? span[1] : timeWindow(now, windowMs)[1]);
        g.addHistory(this.history);
        whole = true;
        from = to = g.firstBin;
      } else {
        const keptEnd = g.firstBin + layout.columns;
        g.advanceTo(timeWindow(now, windowMs)[1]);
        g.add(neurons, times);
        // Changed: the bins scrolled in (emptied for new time) and the bins of this frame's spikes.
        from = Number.POSITIVE_INFINITY;
        to = Number.NEGATIVE_INFINITY;
        const newEnd = g.firstBin + layout.columns;
        if (newEnd > keptEnd) {
          from = Math.max(keptEnd, g.firstBin);
          to = newEnd;
        }
        if (times.length > 0) {
          from = Math.min(from, g.binOf(times[0]));
          to = Math.max(to, g.binOf(times[times.length - 1]) + 1);
        }
        if (!(from < to)) from = to = newEnd;
      }
      const keptFrom = g.firstBin;
      const keptTo = g.firstBin + layout.columns;
      if (whole) {
        from = keptFrom;
        to = keptTo;
      } else {
        from = Math.max(keptFrom, Math.min(keptTo, from));
        to = Math.max(from, Math.min(keptTo, to));
      }
      density = { layout, firstBin: g.firstBin, counts: g.bins(from, to), fromBin: from, columns: to - from, update: !whole };
    } else {
      this.grid = null;
    }

    const raster: RasterFrame = {
      viewId: view?.id ?? -1,
      mode: dense ? 'density' : 'spikes',
      complete: this.complete,
      replace: replace && !this.complete,
      totalSpikes: this.total,
      density,
      groupSpikes: this.countGroups(neurons),
    };
    if (this.complete) return { neurons, times, raster };
    if (dense || !view) return { neurons: new Int32Array(0), times: new Float64Array(0), raster };
    if (replace) {
      const [t0, t1] = span ?? [timeWindow(now, windowMs)[0], Number.POSITIVE_INFINITY];
      const picked = this.history.select(first, count, t0, t1);
      return { ...picked, raster };
    }
    return { ...inBand(neurons, times, first, count), raster };
  }
}

/**
 * The grid for a view: a column per device pixel, or per step when steps are wider than pixels; a live
 * window keeps one more, for the bin its left edge cuts. Bins are centred on steps (spikes fall on
 * multiples of dt), so rounding never moves a spike to the next bin.
 */
function layoutFor(first: number, count: number, view: RasterView, windowMs: number, dt: number): DensityLayout {
  const rows = Math.max(1, Math.min(MAX_GRID_SIDE, Math.round(view.height), count));
  const [t0, t1] = view.span ?? [0, windowMs];
  const length = Math.max(dt, t1 - t0);
  const columns = Math.max(1, Math.min(MAX_GRID_SIDE, Math.round(view.width), Math.floor(length / dt + 1e-9)));
  const binMs = length / columns;
  if (view.span) return { first, count, rows, columns, binMs, origin: t0 - dt / 2, scroll: false };
  return { first, count, rows, columns: columns + 1, binMs, origin: -dt / 2, scroll: true };
}

/** The spikes of neurons [first, first + count) (new arrays). */
function inBand(neurons: Int32Array, times: Float64Array, first: number, count: number): { neurons: Int32Array; times: Float64Array } {
  let kept = 0;
  for (let i = 0; i < neurons.length; i++) if (neurons[i] >= first && neurons[i] < first + count) kept++;
  const outNeurons = new Int32Array(kept);
  const outTimes = new Float64Array(kept);
  let k = 0;
  for (let i = 0; i < neurons.length; i++) {
    if (neurons[i] < first || neurons[i] >= first + count) continue;
    outNeurons[k] = neurons[i];
    outTimes[k] = times[i];
    k++;
  }
  return { neurons: outNeurons, times: outTimes };
}
