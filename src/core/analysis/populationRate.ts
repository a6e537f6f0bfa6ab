/**
 * The population rate: spikes of a whole network counted in fixed bins of simulated time and
 * divided by the neuron count and the bin width, so the unit is Hz per neuron. A ring keeps the last
 * `windowBins` bins; memory and work do not grow with the run.
 */
export class PopulationRate {
  /** Spike counts, bin b in slot b % slots: the window plus the bin in progress. */
  private readonly counts: Float64Array;
  private readonly slots: number;
  /** First bin counted since the last clear (earlier bins are not known). */
  private firstBin: number;
  /** Every bin below this one is complete. */
  private endBin: number;
  /** Bins below this one have been zeroed for counting (the bin in progress included). */
  private openedTo: number;

  constructor(
    private readonly neuronCount: number,
    readonly binMs: number,
    readonly windowBins: number,
    startMs = 0,
  ) {
    if (!(binMs > 0) || !Number.isInteger(windowBins) || windowBins < 1) throw new Error(`PopulationRate: bad bin (${binMs} ms) or window (${windowBins} bins)`);
    this.slots = windowBins + 1;
    this.counts = new Float64Array(this.slots);
    this.firstBin = this.endBin = this.openedTo = this.binOf(startMs);
  }

  /** Forget everything and start counting at `startMs`. */
  clear(startMs = 0): void {
    this.counts.fill(0);
    this.firstBin = this.endBin = this.openedTo = this.binOf(startMs);
  }

  /**
   * Counts spikes (times in ms, in increasing order, all before `untilMs`) and marks the bins before
   * `untilMs` complete: the simulation has run up to there.
   */
  add(times: ArrayLike<number>, untilMs: number): void {
    const until = this.binOf(untilMs);
    // The bin in progress (when untilMs is not on a bin boundary) keeps its count for the next call.
    this.open(until + 1);
    // A step's spikes share its time: the bin is worked out once per time, not per spike.
    let lastTime = Number.NaN;
    let slot = -1;
    for (let i = 0; i < times.length; i++) {
      if (times[i] !== lastTime) {
        lastTime = times[i];
        const bin = this.binOf(lastTime);
        slot = bin >= this.firstBin && bin <= until && bin >= until - this.windowBins ? bin % this.slots : -1;
      }
      if (slot >= 0) this.counts[slot]++;
    }
    this.endBin = Math.max(this.endBin, until);
  }

  /** Number of complete bins held (at most the window). */
  get length(): number {
    return Math.min(this.endBin - this.firstBin, this.windowBins);
  }

  /** Time at the end of the latest complete bin, ms. */
  get endMs(): number {
    return this.endBin * this.binMs;
  }

  /** The complete bins held, oldest first, in Hz per neuron. */
  rates(): Float64Array {
    const out = new Float64Array(this.length);
    const scale = this.neuronCount > 0 ? 1000 / (this.binMs * this.neuronCount) : 0;
    const from = this.endBin - out.length;
    for (let k = 0; k < out.length; k++) out[k] = this.counts[(from + k) % this.slots] * scale;
    return out;
  }

  /** The bin holding time t; the small slack keeps t = n * binMs in bin n despite rounding of n * dt. */
  private binOf(t: number): number {
    return Math.floor(t / this.binMs + 1e-9);
  }

  private open(bin: number): void {
    if (bin <= this.openedTo) return;
    const from = Math.max(this.openedTo, bin - this.slots);
    for (let b = from; b < bin; b++) this.counts[b % this.slots] = 0;
    this.openedTo = bin;
  }
}
