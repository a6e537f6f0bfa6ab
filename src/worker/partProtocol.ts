import type { ExchangeLayout } from '../core/engine/exchange.ts';
import type { ExactRunState, RunSnapshot } from '../core/engine/simulation.ts';
import type { LiveEdit } from '../core/experiment/edits.ts';
import type { Experiment, TraceVariable } from '../core/experiment/types.ts';

/**
 * The simulation Worker and the second Worker that steps part 1 of a split run (part.worker.ts). Only
 * the simulation Worker talks to it; the page never does.
 */
export type PartCommand =
  /** Compile the experiment and keep the part owning neurons lo .. hi - 1. */
  | { kind: 'build'; experiment: Experiment; lo: number; hi: number }
  /** The shared buffers: the spike exchange, and the state and failure this part writes (splitSimulation.ts). */
  | { kind: 'install'; exchange: SharedArrayBuffer; layout: ExchangeLayout; state: SharedArrayBuffer }
  /** Take over time and state from the run before (Simulation.continueFrom). */
  | { kind: 'continue'; snapshot: RunSnapshot }
  /** Take over a run exactly from these states (Simulation.continueExactly): a change of the Workers mid-run. */
  | { kind: 'continueExactly'; states: ExactRunState[] }
  /** Write this part's neurons' state into the shared state buffer and reply with its whole state (Simulation.runState), to continue the run elsewhere. */
  | { kind: 'sendState' }
  /** Step `steps` steps in blocks, the first of which is numbered `block`, exchanging spikes. */
  | { kind: 'run'; steps: number; block: number }
  | { kind: 'reset' }
  | { kind: 'edit'; edit: LiveEdit }
  /** Record these neurons (all of this part) into `traces`, one block at a time. */
  | { kind: 'watch'; neurons: Int32Array; variables: TraceVariable[]; traces: SharedArrayBuffer }
  | { kind: 'setState'; index: number; v: number; u: number };

export type PartReply = { kind: 'built' } | { kind: 'failed'; message: string } | { kind: 'state'; state: ExactRunState };

/** Where a part that is not part 0 hands over what part 0 cannot see: its state and its failure. */
export interface StateLayout {
  neuronCount: number;
  channels: number;
}

/** Bytes: a word with the failure's length, then v, u and the channels' states (float64, whole network), then the failure as JSON. */
export const FAILURE_BYTES = 4096;

export function stateBytes(layout: StateLayout): number {
  return 8 + 8 * layout.neuronCount * (2 + layout.channels) + FAILURE_BYTES;
}

/** Views of the state buffer. */
export function stateViews(buffer: SharedArrayBuffer | ArrayBuffer, layout: StateLayout) {
  const n = layout.neuronCount;
  return {
    failureLength: new Int32Array(buffer, 0, 1),
    v: new Float64Array(buffer, 8, n),
    u: new Float64Array(buffer, 8 + 8 * n, n),
    channelState: new Float64Array(buffer, 8 + 16 * n, n * layout.channels),
    failure: new Uint8Array(buffer, 8 + 8 * n * (2 + layout.channels), FAILURE_BYTES),
  };
}

/**
 * Watched samples of one part, per block parity: the sample count, the times, then the values
 * (sample s, watched w, variable k at (s * watched + w) * variables + k).
 */
export function traceWords(blockSteps: number, stride: number): number {
  return 1 + blockSteps + blockSteps * stride;
}
