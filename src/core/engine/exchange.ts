import type { Simulation } from './simulation.ts';
import type { SpikeRecorder } from './recorders.ts';

/**
 * How the parts of a split network (partition.ts) exchange their spikes, in one buffer that threads can
 * share (a SharedArrayBuffer, in Node's worker_threads and in browsers' Web Workers alike) or that one
 * thread uses alone (an ArrayBuffer). Only Atomics and typed arrays: no Worker API here.
 *
 * Time goes in blocks of at most the network's shortest delay: a spike fired in a block arrives after it,
 * so each part steps a whole block alone, then all parts read every part's spikes of the block and queue
 * them, in order of steps, then of parts (which hold ascending neuron ranges): the order one undivided
 * Simulation queues them in, so every part sums its arrivals in the same order, bit for bit.
 *
 * Layout (int32): HEADER words (the barrier's count and generation), then two outboxes per part, one per
 * block parity: while the parts read the outboxes of block b, a part that is done may already write
 * block b + 1's into the other ones, so one barrier per block suffices. An outbox holds the steps the part
 * took in the block (fewer when it stopped on a non-finite state), then per step the number of spikes and
 * the neurons, in order.
 */
export const HEADER = 4;

export interface ExchangeLayout {
  parts: number;
  /** Steps per block: at most the shortest delay (net.partition.minDelay). */
  blockSteps: number;
  /** Int32 words per outbox: room for every neuron of the largest part spiking in every step of a block. */
  outboxWords: number;
}

/** The layout for parts with the given bounds (partitionBounds) and block length. */
export function exchangeLayout(bounds: ArrayLike<number>, blockSteps: number): ExchangeLayout {
  const parts = bounds.length - 1;
  let largest = 0;
  for (let p = 0; p < parts; p++) largest = Math.max(largest, bounds[p + 1] - bounds[p]);
  return { parts, blockSteps, outboxWords: 1 + blockSteps * (1 + largest) };
}

export function exchangeBytes(layout: ExchangeLayout): number {
  return 4 * (HEADER + 2 * layout.parts * layout.outboxWords);
}

export class SpikeExchange {
  readonly words: Int32Array;
  private readonly cursors: Int32Array;
  private readonly steps: Int32Array;
  /** The part this thread stepped last (stepBlock): it draws its next step's inputs in the barrier. */
  private stepped: Simulation | null = null;

  constructor(
    buffer: SharedArrayBuffer | ArrayBuffer,
    readonly layout: ExchangeLayout,
  ) {
    if (buffer.byteLength < exchangeBytes(layout)) throw new Error(`the exchange needs ${exchangeBytes(layout)} bytes, got ${buffer.byteLength}`);
    this.words = new Int32Array(buffer);
    this.cursors = new Int32Array(layout.parts);
    this.steps = new Int32Array(layout.parts);
  }

  private outboxStart(part: number, parity: number): number {
    return HEADER + (parity * this.layout.parts + part) * this.layout.outboxWords;
  }

  /**
   * Steps part `part` (its Simulation, `sim`) through block `block` (steps block * blockSteps onwards,
   * `steps` of them, at most blockSteps) and writes its spikes into its outbox.
   */
  stepBlock(part: number, sim: Simulation, block: number, steps: number): void {
    const words = this.words;
    this.stepped = sim;
    const start = this.outboxStart(part, block & 1);
    let at = start + 1;
    let taken = 0;
    for (; taken < steps && !sim.failure; taken++) {
      sim.step();
      const neurons = sim.lastSpikeNeurons;
      const count = sim.lastSpikeCount;
      words[at++] = count;
      for (let k = 0; k < count; k++) words[at++] = neurons[k];
    }
    words[start] = taken;
  }

  /**
   * Queues into `sim` the spikes of every part in block `block`, which started at step firstStep, and
   * records them (in the order one Simulation records them) into `record` when given, at times step * dt.
   * Returns the steps all parts took (fewer than the block's when one stopped on a non-finite state).
   */
  deliverBlock(sim: Simulation, block: number, firstStep: number, record?: SpikeRecorder): number {
    const words = this.words;
    const parts = this.layout.parts;
    let steps = Number.MAX_SAFE_INTEGER;
    for (let p = 0; p < parts; p++) {
      const start = this.outboxStart(p, block & 1);
      this.steps[p] = words[start];
      this.cursors[p] = start + 1;
      steps = Math.min(steps, words[start]);
    }
    const dt = sim.net.dt;
    for (let t = 0; t < steps; t++) {
      for (let p = 0; p < parts; p++) {
        const at = this.cursors[p];
        const count = words[at];
        sim.enqueueSpikes(firstStep + t, words, at + 1, at + 1 + count);
        if (record) {
          record.reserve(count);
          const time = (firstStep + t) * dt;
          for (let k = 0; k < count; k++) record.push(words[at + 1 + k], time);
        }
        this.cursors[p] = at + 1 + count;
      }
    }
    return steps;
  }

  /**
   * Waits until all `layout.parts` threads have called it (each part's thread once per block). For
   * threads sharing a SharedArrayBuffer; Atomics.wait may not block a browser's main thread, so parts
   * run in Workers there. Returns false when the others have not all come within `patienceMs` (a thread
   * that died would otherwise hold this one forever); the exchange is then out of step for good.
   *
   * Between arriving and waiting, the part this thread stepped draws its next step's inputs
   * (Simulation.prepareInputs), which need no other part's spikes: a part that is done first works
   * instead of sleeping, and often finds the others arrived when it comes to wait, so it is not put to
   * sleep and woken (tens of microseconds each step, on a machine whose cores idle between them).
   */
  barrier(patienceMs = Number.POSITIVE_INFINITY): boolean {
    const words = this.words;
    const generation = Atomics.load(words, 1);
    const last = Atomics.add(words, 0, 1) === this.layout.parts - 1;
    if (last) {
      Atomics.store(words, 0, 0);
      Atomics.add(words, 1, 1);
      Atomics.notify(words, 1);
    }
    this.stepped?.prepareInputs();
    if (last) return true;
    const deadline = performance.now() + patienceMs;
    while (Atomics.load(words, 1) === generation) {
      const left = deadline - performance.now();
      if (!(left > 0)) return false;
      Atomics.wait(words, 1, generation, Math.min(left, 1000));
    }
    return true;
  }
}
