import { SpikeExchange, exchangeBytes, exchangeLayout } from '../core/engine/exchange.ts';
import { SpikeRecorder, TraceRecorder } from '../core/engine/recorders.ts';
import type { ExactRunState, RunSnapshot, Simulation, SimulationFailure } from '../core/engine/simulation.ts';
import type { LiveEdit } from '../core/experiment/edits.ts';
import type { TraceVariable } from '../core/experiment/types.ts';
import { stateBytes, stateViews, traceWords, type PartCommand, type PartReply } from './partProtocol.ts';

/** The simulation Worker's line to the second Worker (a nested Web Worker, or a Node thread in tests). */
/**
 * How long part 0 waits at an exchange for the second Worker before taking it for dead, ms: a block takes
 * milliseconds even at 100,000 neurons on a busy machine, so a minute of silence means it is gone.
 */
export const PART_PATIENCE_MS = 60_000;

export interface PartChannel {
  post(command: PartCommand): void;
  onReply(listener: (reply: PartReply) => void): void;
  terminate(): void;
}

/**
 * A run split across two Workers: this one steps part 0 (the first half of the neurons) and records
 * every part's spikes, in the order one Simulation records them; the second Worker (partHost.ts)
 * steps part 1 on command, in the same blocks, through a shared SpikeExchange. Offers the host what
 * a Simulation does (run, spikes, traces, edits, reset, continueFrom), so the host's tick and frames
 * do not tell them apart.
 */
export class SplitSimulation {
  readonly spikes = new SpikeRecorder();
  traces: TraceRecorder = new TraceRecorder(new Int32Array(0), ['v']);
  stepIndex = 0;
  private readonly exchange: SpikeExchange;
  private readonly state: ReturnType<typeof stateViews>;
  private block = 0;
  private remoteFailure: SimulationFailure | null = null;
  /** Where each watched neuron of part 0 and of part 1 goes in the merged samples. */
  private ownAt = new Int32Array(0);
  private remoteAt = new Int32Array(0);
  private remoteTraces: Float64Array<ArrayBufferLike> = new Float64Array(0);
  /** Part 1's whole state, once asked for (requestRunState) and sent. */
  private remoteState: ExactRunState | null = null;

  constructor(
    private readonly part: Simulation,
    private readonly channel: PartChannel,
    readonly bounds: Int32Array,
    readonly blockSteps: number,
    private readonly patienceMs = PART_PATIENCE_MS,
  ) {
    const layout = exchangeLayout(bounds, blockSteps);
    const exchange = new SharedArrayBuffer(exchangeBytes(layout));
    this.exchange = new SpikeExchange(exchange, layout);
    const stateLayout = { neuronCount: part.net.neuronCount, channels: part.channelStates.length / part.net.neuronCount };
    const state = new SharedArrayBuffer(stateBytes(stateLayout));
    this.state = stateViews(state, stateLayout);
    this.refreshRemoteState();
    channel.post({ kind: 'install', exchange, layout, state });
    channel.onReply((reply) => {
      if (reply.kind === 'state') this.remoteState = reply.state;
    });
  }

  get net() {
    return this.part.net;
  }

  get time(): number {
    return this.stepIndex * this.part.net.dt;
  }

  get failure(): SimulationFailure | null {
    return this.part.failure ?? this.remoteFailure;
  }

  /** Runs up to `steps` steps in both Workers (fewer when a state became non-finite); returns how many. */
  run(steps: number): number {
    const first = this.stepIndex;
    if (this.failure || steps <= 0) return 0;
    const part = this.part;
    this.channel.post({ kind: 'run', steps, block: this.block });
    let left = steps;
    while (left > 0) {
      const length = Math.min(this.blockSteps, left);
      const block = this.block++;
      this.exchange.stepBlock(0, part, block, length);
      part.spikes.count = 0; // every part's spikes are recorded below, merged
      if (!this.exchange.barrier(this.patienceMs)) {
        this.remoteFailure = {
          neuron: -1,
          neuronId: '',
          time: this.time,
          message:
            `Stopped at t = ${this.time.toFixed(2)} ms: the second Worker stopped answering (nothing for ` +
            `${Math.round(this.patienceMs / 1000)} s). Reload the lab or choose 1 Worker; the experiment is kept.`,
        };
        break;
      }
      const taken = this.exchange.deliverBlock(part, block, this.stepIndex, this.spikes);
      this.mergeTraces(block);
      this.stepIndex += taken;
      left -= length;
      if (taken < length) {
        if (!part.failure) this.remoteFailure = this.readRemoteFailure();
        break;
      }
    }
    return this.stepIndex - first;
  }

  reset(): void {
    this.part.reset();
    this.channel.post({ kind: 'reset' });
    this.stepIndex = 0;
    this.spikes.count = 0;
    this.traces.count = 0;
    this.remoteFailure = null;
    Atomics.store(this.state.failureLength, 0, 0);
    this.refreshRemoteState();
  }

  applyEdit(edit: LiveEdit): void {
    this.part.applyEdit(edit); // throws (and nothing is sent) when the edit cannot be applied
    this.channel.post({ kind: 'edit', edit });
  }

  /** Puts neuron `index` at (v, u), in the Worker that steps it. */
  setState(index: number, v: number, u: number): void {
    if (index < this.bounds[1]) {
      this.part.v[index] = v;
      this.part.u[index] = u;
      return;
    }
    this.state.v[index] = v;
    this.state.u[index] = u;
    this.channel.post({ kind: 'setState', index, v, u });
  }

  watch(neurons: Int32Array, variables: readonly TraceVariable[]): void {
    const own: number[] = [];
    const remote: number[] = [];
    neurons.forEach((neuron, w) => (neuron < this.bounds[1] ? own : remote).push(w));
    this.ownAt = Int32Array.from(own);
    this.remoteAt = Int32Array.from(remote);
    this.part.watch(Int32Array.from(own, (w) => neurons[w]), variables);
    const traces = new SharedArrayBuffer(8 * 2 * traceWords(this.blockSteps, remote.length * variables.length));
    this.remoteTraces = new Float64Array(traces);
    this.channel.post({ kind: 'watch', neurons: Int32Array.from(remote, (w) => neurons[w]), variables: [...variables], traces });
    this.traces = new TraceRecorder(neurons, variables);
  }

  /**
   * The whole run's state: part 1's neurons as its Worker wrote them when last asked (requestRunState;
   * so ask, and wait for runStates(), after the last run and before this).
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
    this.channel.post({ kind: 'continue', snapshot: previous });
    this.stepIndex = this.part.stepIndex;
    this.refreshRemoteState();
    return true;
  }

  /** Asks the second Worker for its part's whole state: runStates() has it, and snapshot() sees it, once the answer is in. */
  requestRunState(): void {
    this.remoteState = null;
    this.channel.post({ kind: 'sendState' });
  }

  /** Both parts' whole states (Simulation.runState), or null while part 1's is on its way. */
  runStates(): ExactRunState[] | null {
    return this.remoteState === null ? null : [this.part.runState(), this.remoteState];
  }

  /** Takes over a run exactly (Simulation.continueExactly), in both Workers. */
  continueExactly(states: ExactRunState[]): boolean {
    if (!this.part.continueExactly(states)) return false;
    this.channel.post({ kind: 'continueExactly', states });
    this.stepIndex = this.part.stepIndex;
    this.refreshRemoteState();
    return true;
  }

  /** Ends the second Worker. */
  dispose(): void {
    this.channel.terminate();
  }

  /** Part 0 sets every neuron's state on reset and continue: part 1's neurons' copy starts from it. */
  private refreshRemoteState(): void {
    const lo = this.bounds[1];
    const n = this.part.net.neuronCount;
    this.state.v.set(this.part.v.subarray(lo, n), lo);
    this.state.u.set(this.part.u.subarray(lo, n), lo);
    const channels = this.part.channelStates;
    for (let base = 0; base < channels.length; base += n) this.state.channelState.set(channels.subarray(base + lo, base + n), base + lo);
  }

  private readRemoteFailure(): SimulationFailure {
    const length = Atomics.load(this.state.failureLength, 0);
    const fallback = { neuron: -1, neuronId: '', time: this.time, message: `Stopped at t = ${this.time.toFixed(2)} ms: a neuron of the second Worker's part reached a non-finite state.` };
    if (length <= 0) return fallback;
    const parsed: unknown = JSON.parse(new TextDecoder().decode(this.state.failure.slice(0, length)));
    if (typeof parsed !== 'object' || parsed === null) return fallback;
    const { neuron, neuronId, time, message } = parsed as Record<string, unknown>;
    if (typeof neuron !== 'number' || typeof neuronId !== 'string' || typeof time !== 'number' || typeof message !== 'string') return fallback;
    return { neuron, neuronId, time, message };
  }

  /** This block's samples of both parts' watched neurons, in the watch list's order. */
  private mergeTraces(block: number): void {
    const merged = this.traces;
    if (merged.watch.length === 0) return;
    const own = this.part.traces;
    const k = merged.variables.length;
    const stride = merged.stride;
    const ownAt = this.ownAt;
    const remoteAt = this.remoteAt;
    const remote = this.remoteTraces;
    const at = (block & 1) * traceWords(this.blockSteps, remoteAt.length * k);
    const remoteCount = remoteAt.length > 0 ? remote[at] : 0;
    const count = ownAt.length === 0 ? remoteCount : remoteAt.length === 0 ? own.count : Math.min(own.count, remoteCount);
    merged.reserve(count);
    const values = merged.values;
    for (let s = 0; s < count; s++) {
      const out = (merged.count + s) * stride;
      merged.times[merged.count + s] = ownAt.length > 0 ? own.times[s] : remote[at + 1 + s];
      for (let j = 0; j < ownAt.length; j++) {
        for (let v = 0; v < k; v++) values[out + ownAt[j] * k + v] = own.values[(s * ownAt.length + j) * k + v];
      }
      const from = at + 1 + this.blockSteps + s * remoteAt.length * k;
      for (let j = 0; j < remoteAt.length; j++) {
        for (let v = 0; v < k; v++) values[out + remoteAt[j] * k + v] = remote[from + j * k + v];
      }
    }
    merged.count += count;
    own.count = 0;
  }
}
