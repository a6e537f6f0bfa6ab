/**
 * What a raster of many neurons draws when they outnumber its pixel rows: spike counts per cell of a
 * grid of neuron bands (rows) by time bins (columns), and the recent spikes to build such a grid from
 * again when the view changes. Plain typed arrays; no DOM, so it runs in the Worker and in Node tests.
 */

/** The plots' time window [start, end], ms: from 0 until the run passes one window, then it scrolls. */
export function timeWindow(frameTime: number, windowMs: number): [number, number] {
  const end = Math.max(windowMs, frameTime);
  return [end - windowMs, end];
}

/** The most spikes a count cell holds (Uint16); more are counted as this many. */
export const MAX_CELL_COUNT = 65535;

/**
 * The latest spikes, oldest first, in a ring that grows by doubling up to `cap` and then overwrites
 * the oldest. Spikes arrive in time order.
 */
export class SpikeHistory {
  neurons: Int32Array;
  times: Float64Array;
  head = 0;
  length = 0;

  constructor(
    readonly cap: number,
    initial = 4096,
  ) {
    const size = Math.max(1, Math.min(initial, cap));
    this.neurons = new Int32Array(size);
    this.times = new Float64Array(size);
  }

  clear(): void {
    this.head = 0;
    this.length = 0;
  }

  push(neurons: Int32Array, times: Float64Array): void {
    const n = Math.min(neurons.length, times.length);
    if (this.length + n > this.neurons.length && this.neurons.length < this.cap) this.grow(this.length + n);
    const size = this.neurons.length;
    // Of a batch bigger than the ring, only its last `size` spikes can stay. Copied in at most two
    // runs (to the ring's end, then from its start): a frame of 100,000 neurons brings thousands.
    const skip = Math.max(0, n - size);
    let from = skip;
    while (from < n) {
      const slot = (this.head + this.length) % size;
      const run = Math.min(n - from, size - slot);
      this.neurons.set(neurons.subarray(from, from + run), slot);
      this.times.set(times.subarray(from, from + run), slot);
      from += run;
      const over = Math.max(0, this.length + run - size);
      this.length = Math.min(size, this.length + run);
      this.head = (this.head + over) % size;
    }
  }

  /** Physical slot of the k-th stored spike (0 = oldest). */
  at(k: number): number {
    return (this.head + k) % this.neurons.length;
  }

  /** Logical index of the first stored spike at or after time t. */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[this.at(mid)] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Time of the oldest stored spike, or +Infinity when empty. */
  get oldest(): number {
    return this.length > 0 ? this.times[this.head] : Number.POSITIVE_INFINITY;
  }

  /** Spikes of neurons [first, first + count) with times in [t0, t1], oldest first (new arrays). */
  select(first: number, count: number, t0: number, t1: number): { neurons: Int32Array; times: Float64Array } {
    const from = this.lowerBound(t0);
    let kept = 0;
    const neurons = new Int32Array(this.length - from);
    const times = new Float64Array(this.length - from);
    for (let k = from; k < this.length; k++) {
      const slot = this.at(k);
      const t = this.times[slot];
      if (t > t1) break;
      const n = this.neurons[slot];
      if (n < first || n >= first + count) continue;
      neurons[kept] = n;
      times[kept] = t;
      kept++;
    }
    return { neurons: neurons.slice(0, kept), times: times.slice(0, kept) };
  }

  private grow(size: number): void {
    let next = this.neurons.length;
    while (next < size) next *= 2;
    next = Math.min(this.cap, next);
    const neurons = new Int32Array(next);
    const times = new Float64Array(next);
    // The stored spikes in two block copies: from the head to the ring's end, then from its start.
    const firstRun = Math.min(this.length, this.neurons.length - this.head);
    neurons.set(this.neurons.subarray(this.head, this.head + firstRun));
    times.set(this.times.subarray(this.head, this.head + firstRun));
    neurons.set(this.neurons.subarray(0, this.length - firstRun), firstRun);
    times.set(this.times.subarray(0, this.length - firstRun), firstRun);
    this.neurons = neurons;
    this.times = times;
    this.head = 0;
  }
}

/** Which cells a density grid counts: a band of neurons by a run of time bins. */
export interface DensityLayout {
  /** The band: neurons [first, first + count). */
  first: number;
  count: number;
  /** Grid rows; row r holds neurons first + floor(r * count / rows) up to the next row's first. */
  rows: number;
  /** Time bins kept; bin b covers [origin + b * binMs, origin + (b + 1) * binMs). */
  columns: number;
  binMs: number;
  /** Time of bin 0's left edge, ms. */
  origin: number;
  /**
   * Scrolling (a live window): the grid keeps the latest `columns` bins, dropping older ones as time
   * passes. Otherwise it keeps bins 0 to columns - 1 and ignores spikes outside them.
   */
  scroll: boolean;
}

/** Whether two layouts count the same cells. */
export function sameLayout(a: DensityLayout, b: DensityLayout): boolean {
  return a.first === b.first && a.count === b.count && a.rows === b.rows && a.columns === b.columns &&
    a.binMs === b.binMs && a.origin === b.origin && a.scroll === b.scroll;
}

/**
 * Spike counts per (row, time bin), kept for the latest `columns` bins. Storage is row-major with
 * bin b of row r in slot r * columns + (b mod columns), so scrolling clears one column per new bin.
 */
export class DensityGrid {
  readonly counts: Uint16Array;
  /** Oldest bin kept; bins [firstBin, firstBin + columns) are in the grid. */
  firstBin = 0;

  constructor(readonly layout: DensityLayout) {
    if (!(layout.rows >= 1 && layout.columns >= 1 && layout.count >= 1 && layout.binMs > 0)) {
      throw new Error(`DensityGrid: bad layout ${JSON.stringify(layout)}`);
    }
    this.counts = new Uint16Array(layout.rows * layout.columns);
  }

  clear(): void {
    this.counts.fill(0);
  }

  /** Bin index of time t. */
  binOf(t: number): number {
    return Math.floor((t - this.layout.origin) / this.layout.binMs);
  }

  /** Scrolls (when scrolling) so that the bin holding time t is the newest kept; older bins drop out. */
  advanceTo(t: number): void {
    if (this.layout.scroll) this.scrollTo(this.binOf(t) - this.layout.columns + 1);
  }

  /** Makes `firstBin` the oldest kept bin, when it is newer than the oldest now: the bins before it drop out. */
  scrollTo(firstBin: number): void {
    const { columns, rows } = this.layout;
    if (firstBin <= this.firstBin) return;
    const dropped = Math.min(columns, firstBin - this.firstBin);
    // The bins leaving are reused by the bins coming in: clear their slots, row by row in one run of
    // slots or two where they wrap (a fast run drops hundreds of bins a frame).
    const start = this.slotOf(this.firstBin);
    const firstRun = Math.min(dropped, columns - start);
    for (let r = 0; r < rows; r++) {
      const row = r * columns;
      this.counts.fill(0, row + start, row + start + firstRun);
      if (firstRun < dropped) this.counts.fill(0, row, row + dropped - firstRun);
    }
    this.firstBin = firstBin;
  }

  /** Where bin b is stored in each row (whether or not it is kept). */
  slotOf(b: number): number {
    const columns = this.layout.columns;
    return ((b % columns) + columns) % columns;
  }

  /** Counts spikes into their cells; spikes outside the band or the kept bins are skipped. */
  add(neurons: ArrayLike<number>, times: ArrayLike<number>, length = Math.min(neurons.length, times.length)): void {
    const { first, count, rows, columns } = this.layout;
    const counts = this.counts;
    const firstBin = this.firstBin;
    const firstSlot = ((firstBin % columns) + columns) % columns;
    // A step's spikes share its time (thousands of them at 100,000 neurons): the bin and its slot
    // are worked out once per time, not per spike.
    let lastTime = Number.NaN;
    let b = -1;
    let slot = 0;
    for (let i = 0; i < length; i++) {
      const n = neurons[i] - first;
      if (n < 0 || n >= count) continue;
      const t = times[i];
      if (t !== lastTime) {
        lastTime = t;
        b = this.binOf(t) - firstBin;
        slot = firstSlot + b >= columns ? firstSlot + b - columns : firstSlot + b;
      }
      if (b < 0 || b >= columns) continue;
      const cell = Math.floor((n * rows) / count) * columns + slot;
      if (counts[cell] < MAX_CELL_COUNT) counts[cell]++;
    }
  }

  /** Counts the spikes of a history (all of them, older than the kept bins or not). */
  addHistory(history: SpikeHistory): void {
    const start = this.layout.origin + this.firstBin * this.layout.binMs;
    const from = history.lowerBound(start);
    const n = history.length - from;
    if (n <= 0) return;
    // The spikes from `from` on lie in one run of the ring or two: counted in place, without copying.
    const slot = history.at(from);
    const firstRun = Math.min(n, history.neurons.length - slot);
    this.add(history.neurons.subarray(slot, slot + firstRun), history.times.subarray(slot, slot + firstRun), firstRun);
    if (firstRun < n) this.add(history.neurons.subarray(0, n - firstRun), history.times.subarray(0, n - firstRun), n - firstRun);
  }

  /** The kept bins in time order, row-major: counts[r * columns + c] is bin firstBin + c of row r (a new array). */
  snapshot(): Uint16Array {
    return this.bins(this.firstBin, this.firstBin + this.layout.columns);
  }

  /**
   * Bins [from, to) in time order, row-major: out[r * (to - from) + c] is bin from + c of row r (a new
   * array). The range must lie within the kept bins.
   */
  bins(from: number, to: number): Uint16Array {
    const { rows, columns } = this.layout;
    if (!(from >= this.firstBin && to <= this.firstBin + columns && from <= to)) {
      throw new Error(`DensityGrid.bins: [${from}, ${to}) is not within the kept bins [${this.firstBin}, ${this.firstBin + columns})`);
    }
    const n = to - from;
    const out = new Uint16Array(rows * n);
    if (n === 0) return out;
    const start = this.slotOf(from);
    // In the ring the range is one run of slots, or two when it wraps past the last slot.
    const firstRun = Math.min(n, columns - start);
    for (let r = 0; r < rows; r++) {
      const row = r * columns;
      out.set(this.counts.subarray(row + start, row + start + firstRun), r * n);
      if (firstRun < n) out.set(this.counts.subarray(row, row + n - firstRun), r * n + firstRun);
    }
    return out;
  }

  /** Writes bins [from, from + n) from `counts` laid out as bins() returns them; bins not kept are skipped. */
  setBins(from: number, n: number, counts: Uint16Array): void {
    const { rows, columns } = this.layout;
    const lo = Math.max(from, this.firstBin);
    const hi = Math.min(from + n, this.firstBin + columns);
    if (hi <= lo) return;
    const start = this.slotOf(lo);
    const firstRun = Math.min(hi - lo, columns - start);
    for (let r = 0; r < rows; r++) {
      const src = r * n + (lo - from);
      const row = r * columns;
      this.counts.set(counts.subarray(src, src + firstRun), row + start);
      if (firstRun < hi - lo) this.counts.set(counts.subarray(src + firstRun, src + hi - lo), row);
    }
  }

  /** Time of the left edge of the oldest kept bin, ms. */
  get start(): number {
    return this.layout.origin + this.firstBin * this.layout.binMs;
  }
}
