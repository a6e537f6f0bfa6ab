import type { ExchangeLayout } from '../core/engine/exchange.ts';
import type { ExactRunState, RunSnapshot } from '../core/engine/simulation.ts';
import type { LiveEdit } from '../core/experiment/edits.ts';
import type { Experiment, TraceVariable } from '../core/experiment/types.ts';

/**
 * The simulation Worker and the other Workers of a split run (part.worker.ts), each stepping one part
 * after part 0. Only the simulation Worker talks to them; the page never does.
 */
export type PartCommand =
  /** Compile the experiment and keep part `part` (1 or more), the one owning neurons lo .. hi - 1. */
  | { kind: 'build'; experiment: Experiment; part: number; lo: number; hi: number }
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

/**
 * Where the parts that are not part 0 hand over what part 0 cannot see: their neurons' state (each part
 * its own range of the whole network's arrays) and each its failure.
 */
export interface StateLayout {
  neuronCount: number;
  channels: number;
  /** Parts of the run, part 0 included. */
  parts: number;
}

/** Bytes of one part's failure, as JSON. */
export const FAILURE_BYTES = 4096;

/** Failure lengths (a word per part, padded to 8 bytes), v, u and the channels' states (float64, whole network), then each part's failure. */
export function stateBytes(layout: StateLayout): number {
  return lengthsBytes(layout) + 8 * layout.neuronCount * (2 + layout.channels) + layout.parts * FAILURE_BYTES;
}

function lengthsBytes(layout: StateLayout): number {
  return 8 * Math.ceil(layout.parts / 2);
}

/** Views of the state buffer; failure(p) is part p's failure's bytes, failureLength[p] their count. */
export function stateViews(buffer: SharedArrayBuffer | ArrayBuffer, layout: StateLayout) {
  const n = layout.neuronCount;
  const at = lengthsBytes(layout);
  const failures = at + 8 * n * (2 + layout.channels);
  return {
    failureLength: new Int32Array(buffer, 0, layout.parts),
    v: new Float64Array(buffer, at, n),
    u: new Float64Array(buffer, at + 8 * n, n),
    channelState: new Float64Array(buffer, at + 16 * n, n * layout.channels),
    failure: (part: number) => new Uint8Array(buffer, failures + part * FAILURE_BYTES, FAILURE_BYTES),
  };
}

/**
 * Watched samples of one part, per block parity: the sample count, the times, then the values
 * (sample s, watched w, variable k at (s * watched + w) * variables + k).
 */
export function traceWords(blockSteps: number, stride: number): number {
  return 1 + blockSteps + blockSteps * stride;
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth'];

/** How messages name the Worker that steps part `part`: "the second Worker" for part 1. */
export function workerName(part: number): string {
  return `the ${ORDINALS[part] ?? `${part + 1}th`} Worker`;
}
