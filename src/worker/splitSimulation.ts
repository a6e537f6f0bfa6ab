import { SpikeExchange, exchangeBytes, exchangeLayout } from '../core/engine/exchange.ts';
import { SpikeRecorder, TraceRecorder } from '../core/engine/recorders.ts';
import type { ExactRunState, RunSnapshot, Simulation, SimulationFailure } from '../core/engine/simulation.ts';
import type { LiveEdit } from '../core/experiment/edits.ts';
import type { TraceVariable } from '../core/experiment/types.ts';
import { stateBytes, stateViews, traceWords, workerName, type PartCommand, type PartReply } from './partProtocol.ts';

/** The simulation Worker's line to one of the other Workers of a split run (a nested Web Worker, or a Node thread in tests). */
export interface PartChannel {
  post(command: PartCommand): void;
  onReply(listener: (reply: PartReply) => void): void;
  terminate(): void;
}

/**
 * How long part 0 waits at an exchange for the other Workers before taking one for dead, ms: a block takes
 * milliseconds even at 100,000 neurons on a busy machine, so a minute of silence means it is gone.
 */
export const PART_PATIENCE_MS = 60_000;

/**
 * A run split across Workers: this one steps part 0 (the first neurons) and records every part's spikes,
 * in the order one Simulation records them; each other Worker (partHost.ts) steps one of the next parts
 * on command, in the same blocks, through a shared SpikeExchange. Offers the host what a Simulation does
 * (run, spikes, traces, edits, reset, continueFrom), so the host's tick and frames do not tell them apart.
 */
export class SplitSimulation {
  readonly spikes = new SpikeRecorder();
  traces: TraceRecorder = new TraceRecorder(new Int32Array(0), ['v']);
  stepIndex = 0;
  private readonly exchange: SpikeExchange;
  private readonly state: ReturnType<typeof stateViews>;
  private block = 0;
  private remoteFailure: SimulationFailure | null = null;
  /** Where each watched neuron of part 0, and of each other part, goes in the merged samples. */
  private ownAt = new Int32Array(0);
  private remoteAt: Int32Array[];
  private remoteTraces: Float64Array<ArrayBufferLike>[];
  /** mergeTraces's table: where this block's samples start in each other part's buffer. */
  private readonly remoteStarts: Int32Array;
  /** Each other part's whole state, once asked for (requestRunState) and sent. */
  private remoteStates: (ExactRunState | null)[];

  /** `channels[k]` steps part k + 1; `bounds` has a bound per part and one more. */
  constructor(
    private readonly part: Simulation,
    private readonly channels: readonly PartChannel[],
    readonly bounds: Int32Array,
    readonly blockSteps: number,
    private readonly patienceMs = PART_PATIENCE_MS,
  ) {
    if (bounds.length !== channels.length + 2) throw new Error(`${channels.length + 1} parts need ${channels.length + 2} bounds, got ${bounds.length}`);
    const layout = exchangeLayout(bounds, blockSteps);
    const exchange = new SharedArrayBuffer(exchangeBytes(layout));
    this.exchange = new SpikeExchange(exchange, layout);
    const stateLayout = { neuronCount: part.net.neuronCount, channels: part.channelStates.length / part.net.neuronCount, parts: layout.parts };
    const state = new SharedArrayBuffer(stateBytes(stateLayout));
    this.state = stateViews(state, stateLayout);
    this.remoteAt = channels.map(() => new Int32Array(0));
    this.remoteTraces = channels.map(() => new Float64Array(0));
    this.remoteStates = channels.map(() => null);
    this.remoteStarts = new Int32Array(channels.length);
    this.refreshRemoteState();
    channels.forEach((channel, k) => {
      channel.post({ kind: 'install', exchange, layout, state });
      channel.onReply((reply) => {
        if (reply.kind === 'state') this.remoteStates[k] = reply.state;
      });
    });
  }

  /** Workers stepping the run, this one included. */
  get parts(): number {
    return this.channels.length + 1;
  }

  get net() {
    return this.part.net;
  }

  get time(): number {
    return this.stepIndex * this.part.net.dt;
  }

  /** The earliest failure of any part (part 0's on a tie: its neurons come first). */
  get failure(): SimulationFailure | null {
    const own = this.part.failure;
    const remote = this.remoteFailure;
    return own && remote ? (remote.time < own.time ? remote : own) : (own ?? remote);
  }

  /** Runs up to `steps` steps in every Worker (fewer when a state became non-finite); returns how many. */
  run(steps: number): number {
    const first = this.stepIndex;
    if (this.failure || steps <= 0) return 0;
    const part = this.part;
    for (const channel of this.channels) channel.post({ kind: 'run', steps, block: this.block });
    let left = steps;
    while (left > 0) {
      const length = Math.min(this.blockSteps, left);
      const block = this.block++;
      this.exchange.stepBlock(0, part, block, length);
      part.spikes.count = 0; // every part's spikes are recorded below, merged
      if (!this.exchange.barrier(this.patienceMs)) {
        const who = this.parts === 2 ? workerName(1) : 'one of the other Workers';
        this.remoteFailure = {
          neuron: -1,
          neuronId: '',
          time: this.time,
          message:
            `Stopped at t = ${this.time.toFixed(2)} ms: ${who} stopped answering (nothing for ` +
            `${Math.round(this.patienceMs / 1000)} s). Reload the lab or choose 1 Worker; the experiment is kept.`,
        };
        break;
      }
      const taken = this.exchange.deliverBlock(part, block, this.stepIndex, this.spikes);
      this.mergeTraces(block);
      this.stepIndex += taken;
      left -= length;
      if (taken < length) {
        this.remoteFailure = this.readRemoteFailure();
        break;
      }
    }
    return this.stepIndex - first;
  }

  reset(): void {
    this.part.reset();
    for (const channel of this.channels) channel.post({ kind: 'reset' });
    this.stepIndex = 0;
    this.spikes.count = 0;
    this.traces.count = 0;
    this.remoteFailure = null;
    this.state.failureLength.fill(0);
    this.refreshRemoteState();
  }

  applyEdit(edit: LiveEdit): void {
    this.part.applyEdit(edit); // throws (and nothing is sent) when the edit cannot be applied
    for (const channel of this.channels) channel.post({ kind: 'edit', edit });
  }

  /** Puts neuron `index` at (v, u), in the Worker that steps it. */
  setState(index: number, v: number, u: number): void {
    const owner = this.partOf(index);
    if (owner === 0) {
      this.part.v[index] = v;
      this.part.u[index] = u;
      return;
    }
    this.state.v[index] = v;
    this.state.u[index] = u;
    this.channels[owner - 1].post({ kind: 'setState', index, v, u });
  }

  watch(neurons: Int32Array, variables: readonly TraceVariable[]): void {
    const byPart: number[][] = Array.from({ length: this.parts }, () => []);
    neurons.forEach((neuron, w) => byPart[this.partOf(neuron)].push(w));
    this.ownAt = Int32Array.from(byPart[0]);
    this.part.watch(Int32Array.from(byPart[0], (w) => neurons[w]), variables);
    this.channels.forEach((channel, k) => {
      const at = byPart[k + 1];
      const traces = new SharedArrayBuffer(8 * 2 * traceWords(this.blockSteps, at.length * variables.length));
      this.remoteAt[k] = Int32Array.from(at);
      this.remoteTraces[k] = new Float64Array(traces);
      channel.post({ kind: 'watch', neurons: Int32Array.from(at, (w) => neurons[w]), variables: [...variables], traces });
    });
    this.traces = new TraceRecorder(neurons, variables);
  }

  /**
   * The whole run's state: the other parts' neurons as their Workers wrote them when last asked
   * (requestRunState; so ask, and wait for runStates(), after the last run and before this).
   */
  snapshot(): RunSnapshot {
    const snapshot = this.part.snapshot();
    const lo = this.bounds[1];
    const n = this.part.net.neuronCount;
    snapshot.v.set(this.state.v.subarray(lo, n), lo);
    snapshot.u.set(this.state.u.subarray(lo, n), lo);
    for (let base = 0; base < snapshot.channelState.length; base += n) {
      snapshot.channelState.set(this.state.channelState.subarray(base + lo, base + n), base + lo);
    }
    snapshot.stepIndex = this.stepIndex;
    return snapshot;
  }

  continueFrom(previous: RunSnapshot): boolean {
    if (!this.part.continueFrom(previous)) return false;
    for (const channel of this.channels) channel.post({ kind: 'continue', snapshot: previous });
    this.stepIndex = this.part.stepIndex;
    this.refreshRemoteState();
    return true;
  }

  /** Asks the other Workers for their parts' whole states: runStates() has them, and snapshot() sees them, once all answers are in. */
  requestRunState(): void {
    this.remoteStates.fill(null);
    for (const channel of this.channels) channel.post({ kind: 'sendState' });
  }

  /** Every part's whole state (Simulation.runState), in part order, or null while one is on its way. */
  runStates(): ExactRunState[] | null {
    const remote: ExactRunState[] = [];
    for (const state of this.remoteStates) {
      if (state === null) return null;
      remote.push(state);
    }
    return [this.part.runState(), ...remote];
  }

  /** Takes over a run exactly (Simulation.continueExactly), in every Worker. */
  continueExactly(states: ExactRunState[]): boolean {
    if (!this.part.continueExactly(states)) return false;
    for (const channel of this.channels) channel.post({ kind: 'continueExactly', states });
    this.stepIndex = this.part.stepIndex;
    this.refreshRemoteState();
    return true;
  }

  /** Ends the other Workers. */
  dispose(): void {
    for (const channel of this.channels) channel.terminate();
  }

  /** The part whose range holds neuron `index`. */
  private partOf(index: number): number {
    let p = 0;
    while (p + 1 < this.parts && index >= this.bounds[p + 1]) p++;
    return p;
  }

  /** Part 0 sets every neuron's state on reset and continue: the other parts' neurons' copy starts from it. */
  private refreshRemoteState(): void {
    const lo = this.bounds[1];
    const n = this.part.net.neuronCount;
    this.state.v.set(this.part.v.subarray(lo, n), lo);
    this.state.u.set(this.part.u.subarray(lo, n), lo);
    const channels = this.part.channelStates;
    for (let base = 0; base < channels.length; base += n) this.state.channelState.set(channels.subarray(base + lo, base + n), base + lo);
  }

  /** The earliest failure the other parts wrote (the lower part on a tie), or one naming the part that stopped. */
  private readRemoteFailure(): SimulationFailure | null {
    let earliest: SimulationFailure | null = null;
    for (let p = 1; p < this.parts; p++) {
      const length = Atomics.load(this.state.failureLength, p);
      if (length <= 0) continue;
      const failure = this.parseFailure(p, length);
      if (!earliest || failure.time < earliest.time) earliest = failure;
    }
    return earliest;
  }

  private parseFailure(part: number, length: number): SimulationFailure {
    const fallback = { neuron: -1, neuronId: '', time: this.time, message: `Stopped at t = ${this.time.toFixed(2)} ms: a neuron of ${workerName(part)}'s part reached a non-finite state.` };
    const parsed: unknown = JSON.parse(new TextDecoder().decode(this.state.failure(part).slice(0, length)));
    if (typeof parsed !== 'object' || parsed === null) return fallback;
    const { neuron, neuronId, time, message } = parsed as Record<string, unknown>;
    if (typeof neuron !== 'number' || typeof neuronId !== 'string' || typeof time !== 'number' || typeof message !== 'string') return fallback;
    return { neuron, neuronId, time, message };
  }

  /** This block's samples of every part's watched neurons, in the watch list's order. */
  private mergeTraces(block: number): void {
    const merged = this.traces;
    if (merged.watch.length === 0) return;
    const own = this.part.traces;
    const k = merged.variables.length;
    const stride = merged.stride;
    const ownAt = this.ownAt;
    // Samples every part with watched neurons has: the fewest of their counts. A block's samples are
    // at the start of each part's buffer for its parity.
    const remoteAt = this.remoteAt;
    const remoteTraces = this.remoteTraces;
    const starts = this.remoteStarts;
    let count = ownAt.length > 0 ? own.count : Number.POSITIVE_INFINITY;
    let timesFrom: Float64Array<ArrayBufferLike> | null = ownAt.length > 0 ? own.times : null;
    let timesAt = 0;
    for (let r = 0; r < remoteAt.length; r++) {
      starts[r] = (block & 1) * traceWords(this.blockSteps, remoteAt[r].length * k);
      if (remoteAt[r].length === 0) continue;
      count = Math.min(count, remoteTraces[r][starts[r]]);
      if (!timesFrom) {
        timesFrom = remoteTraces[r];
        timesAt = starts[r] + 1;
      }
    }
    if (!timesFrom || !Number.isFinite(count)) return;
    merged.reserve(count);
    const values = merged.values;
    for (let s = 0; s < count; s++) {
      const out = (merged.count + s) * stride;
      merged.times[merged.count + s] = timesFrom[timesAt + s];
      for (let j = 0; j < ownAt.length; j++) {
        for (let v = 0; v < k; v++) values[out + ownAt[j] * k + v] = own.values[(s * ownAt.length + j) * k + v];
      }
      for (let r = 0; r < remoteAt.length; r++) {
        const at = remoteAt[r];
        const remote = remoteTraces[r];
        const from = starts[r] + 1 + this.blockSteps + s * at.length * k;
        for (let j = 0; j < at.length; j++) {
          for (let v = 0; v < k; v++) values[out + at[j] * k + v] = remote[from + j * k + v];
        }
      }
    }
    merged.count += count;
    own.count = 0;
  }
}
