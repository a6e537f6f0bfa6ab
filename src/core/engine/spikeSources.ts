/**
 * The random spike trains of spikeSource inputs (NeuroML's spikeGeneratorPoisson, spikeGeneratorRefPoisson
 * and spikeGeneratorRandom), as their LEMS definitions (NeuroML2CoreTypes/Inputs.xml) run them: each
 * target's k-th spike is ideally at T_k = T_(k-1) + isi_k, and fires in the first step that starts at or
 * after T_k, at most one per step (tnextUsed: a spike that finds its step taken waits for the next, and the
 * ideal times run on, so the rate stays exact).
 *
 * isi_k of the target at place j is a pure function of (seed, input id, k, j) through counterRandom's
 * hash, and log is portableLog: the same spikes in Node and the browser, however the neurons are split
 * across Workers, and after a continued run (seek replays a train up to the step).
 */
import { CounterStream } from '../counterRandom.ts';
import type { SpikeSourceSpec } from '../experiment/types.ts';
import { portableLog } from '../portableMath.ts';

/** One step of this current (pA) fires the relay cell the importer makes (a resting 2003 cell) in that very step. */
export const SPIKE_SOURCE_CURRENT = 1e6;

const TWO_POW_MINUS_32 = 2 ** -32;

/** Interval k (k = 1, 2, ...) of the train at place j, ms, from uniform draw u in (0, 1). */
export function spikeInterval(spec: SpikeSourceSpec, u: number): number {
  switch (spec.process) {
    case 'poisson':
      return (-1000 / spec.rate) * portableLog(u);
    case 'refPoisson':
      // LEMS: minimumISI - (averageIsi - minimumISI) * log(random(1)); the mean stays averageIsi.
      return spec.minISI - (1000 / spec.rate - spec.minISI) * portableLog(u);
    case 'uniform':
      return spec.minISI + (spec.maxISI - spec.minISI) * u;
  }
}

export class SpikeTrains {
  private readonly draws: CounterStream;
  /** Per place: the ideal time of its next spike (ms), how many intervals it has drawn, the step that spike fires in. */
  private readonly ideal: Float64Array;
  private readonly drawn: Float64Array;
  private readonly nextStep: Float64Array;

  constructor(
    seed: number,
    private readonly spec: SpikeSourceSpec,
    size: number,
    private readonly dt: number,
  ) {
    this.draws = new CounterStream(seed, `spikes:${spec.id}`);
    this.ideal = new Float64Array(size);
    this.drawn = new Float64Array(size);
    this.nextStep = new Float64Array(size);
  }

  /** The trains of places first .. end - 1 as they stand when step `stepIndex` begins (replayed from t = 0). */
  seek(stepIndex: number, first: number, end: number): void {
    for (let j = first; j < end; j++) {
      this.ideal[j] = 0;
      this.drawn[j] = 0;
      this.advance(j, -1);
      while (this.nextStep[j] < stepIndex) this.advance(j, this.nextStep[j]);
    }
  }

  /** Whether place j fires in step s (then its next spike is drawn). Steps must come in order. */
  fires(j: number, s: number): boolean {
    if (this.nextStep[j] !== s) return false;
    this.advance(j, s);
    return true;
  }

  private advance(j: number, firedStep: number): void {
    const k = ++this.drawn[j];
    this.draws.setInterval(k);
    const u = (this.draws.word(j, 0) + 0.5) * TWO_POW_MINUS_32;
    this.ideal[j] += spikeInterval(this.spec, u);
    // The tolerance keeps a time that is a whole number of steps (up to rounding) in its own step.
    this.nextStep[j] = Math.max(Math.ceil(this.ideal[j] / this.dt - 1e-9), firedStep + 1);
  }
}

/** In words, for the page and messages: "Poisson spikes at 20 Hz" and the like. */
export function describeSpikeSource(spec: SpikeSourceSpec): string {
  switch (spec.process) {
    case 'poisson':
      return `Poisson spikes at ${spec.rate} Hz`;
    case 'refPoisson':
      return `Poisson spikes at ${spec.rate} Hz, intervals at least ${spec.minISI} ms`;
    case 'uniform':
      return `random spikes, intervals uniform in ${spec.minISI}–${spec.maxISI} ms`;
  }
}
