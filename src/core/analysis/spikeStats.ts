/**
 * Spike-train measurements a student asks for: the firing rate over time (PSTH), the interspike
 * interval (ISI) histogram, the coefficient of variation of the ISIs and the mean rate, for one neuron
 * or a population (neurons [first, first + count) of the network's index order).
 *
 * Conventions:
 * - ISIs are taken within each neuron's own train (a population pools its neurons' ISIs); the first
 *   spike of each neuron starts its train and gives no interval.
 * - CV = standard deviation / mean of the ISIs, the standard deviation over all intervals (divided by
 *   n, not n - 1): a perfectly regular train has CV 0, a Poisson train CV 1.
 * - Rates are in Hz per neuron: spikes / (neurons * seconds). A PSTH bin holds the spikes with times
 *   in [start + k * bin, start + (k + 1) * bin).
 *
 * SpikeTrainStats takes spikes as they come (in time order), a few typed arrays and no per-spike
 * objects, so the page can feed it a long run's log a piece at a time.
 */

/** Growable counts: index k counts values in bin k. */
class BinCounts {
  counts = new Float64Array(64);
  /** One past the last bin with a count. */
  length = 0;

  add(bin: number): void {
    if (bin >= this.counts.length) {
      let size = this.counts.length;
      while (size <= bin) size *= 2;
      const grown = new Float64Array(size);
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[bin]++;
    if (bin + 1 > this.length) this.length = bin + 1;
  }
}

export interface IsiSummary {
  /** Intervals counted. */
  intervals: number;
  /** Mean ISI, ms (NaN without intervals). */
  meanMs: number;
  /** Standard deviation of the ISIs, ms (NaN without intervals). */
  sdMs: number;
  /** sdMs / meanMs (NaN without intervals). */
  cv: number;
}

export interface Histogram {
  /** Left edge of bin 0 and the bin width, ms. */
  start: number;
  binMs: number;
  counts: Float64Array;
}

/** Running statistics of one neuron's or one population's spikes. */
export class SpikeTrainStats {
  /** Spikes of the neurons in range seen so far. */
  spikes = 0;
  private readonly last: Float64Array;
  private isiCount = 0;
  private isiSum = 0;
  private isiSumSq = 0;
  private readonly psthBins = new BinCounts();
  private readonly isiBins = new BinCounts();

  /**
   * @param first, count: the neurons measured, [first, first + count)
   * @param psthBinMs: PSTH bin width, ms
   * @param isiBinMs: ISI histogram bin width, ms
   * @param start: time of the PSTH's first bin edge, ms (the start of the record)
   */
  constructor(
    readonly first: number,
    readonly count: number,
    readonly psthBinMs: number,
    readonly isiBinMs: number,
    readonly start = 0,
  ) {
    if (!(psthBinMs > 0) || !(isiBinMs > 0)) throw new RangeError('bin widths must be positive');
    this.last = new Float64Array(Math.max(0, count)).fill(Number.NaN);
  }

  /** Adds spikes [from, to) of parallel arrays (time order); neurons outside the range are skipped. */
  add(neurons: ArrayLike<number>, times: ArrayLike<number>, from = 0, to = Math.min(neurons.length, times.length)): void {
    const { first, count } = this;
    for (let k = from; k < to; k++) {
      const row = neurons[k] - first;
      if (row < 0 || row >= count) continue;
      const t = times[k];
      this.spikes++;
      if (t >= this.start) this.psthBins.add(Math.floor((t - this.start) / this.psthBinMs));
      const previous = this.last[row];
      this.last[row] = t;
      if (Number.isNaN(previous)) continue;
      const isi = t - previous;
      this.isiCount++;
      this.isiSum += isi;
      this.isiSumSq += isi * isi;
      this.isiBins.add(Math.floor(isi / this.isiBinMs));
    }
  }

  isi(): IsiSummary {
    const n = this.isiCount;
    if (n === 0) return { intervals: 0, meanMs: Number.NaN, sdMs: Number.NaN, cv: Number.NaN };
    const mean = this.isiSum / n;
    // Clamped: rounding can leave a tiny negative variance for identical intervals.
    const sd = Math.sqrt(Math.max(0, this.isiSumSq / n - mean * mean));
    // Relative to the mean's size, differences below float precision are no spread at all.
    const cv = sd / mean < 1e-7 ? 0 : sd / mean;
    return { intervals: n, meanMs: mean, sdMs: cv === 0 ? 0 : sd, cv };
  }

  /** Mean rate over [start, end), Hz per neuron. */
  meanRate(end: number): number {
    const seconds = (end - this.start) / 1000;
    return seconds > 0 && this.count > 0 ? this.spikes / (this.count * seconds) : 0;
  }

  /**
   * Spike counts per PSTH bin from `start` up to the bin holding `end` (a bin still running at `end`
   * is included and counts what has come so far).
   */
  psth(end: number): Histogram {
    const bins = Math.max(this.psthBins.length, end > this.start ? Math.ceil((end - this.start) / this.psthBinMs) : 0);
    const counts = new Float64Array(bins);
    counts.set(this.psthBins.counts.subarray(0, this.psthBins.length));
    return { start: this.start, binMs: this.psthBinMs, counts };
  }

  /** The PSTH as a rate, Hz per neuron (counts / (neurons * bin seconds)). */
  psthRate(end: number): Histogram {
    const h = this.psth(end);
    const scale = this.count > 0 ? 1000 / (this.count * this.psthBinMs) : 0;
    for (let k = 0; k < h.counts.length; k++) h.counts[k] *= scale;
    return h;
  }

  /** ISI counts from 0 ms, bin k holding intervals in [k * bin, (k + 1) * bin). */
  isiHistogram(): Histogram {
    return { start: 0, binMs: this.isiBinMs, counts: this.isiBins.counts.slice(0, this.isiBins.length) };
  }
}

/** The measurements of one spike train given as its times (ms, increasing). */
export function trainStats(times: readonly number[], psthBinMs: number, isiBinMs: number, start = 0): SpikeTrainStats {
  const stats = new SpikeTrainStats(0, 1, psthBinMs, isiBinMs, start);
  stats.add(new Int32Array(times.length), times);
  return stats;
}
