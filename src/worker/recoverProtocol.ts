import type { ShuffleControl } from '../core/recover/recover.ts';

/** Messages between the "Recover the wiring" view and recover.worker.ts. */

export type RecoverCsv = 'spikes' | 'voltages' | 'weights';

export type RecoverCommand =
  /** Build the network from settings (checked by validateRecoverSettings in the Worker), run it, estimate every refit seconds. */
  | { type: 'start'; job: number; settings: unknown; refitEverySeconds: number }
  | { type: 'cancel' }
  /** The shuffle control on the recording so far. */
  | { type: 'control' }
  | { type: 'export'; what: RecoverCsv };

export interface EstimateSummary {
  seconds: number;
  meanRate: number;
  voltage: { weights: Float64Array; r: number; rAllPairs: number; auc: number; fpr: Float64Array; tpr: Float64Array };
  spikes: { beta: Float64Array; z: Float64Array; r: number; auc: number; fpr: Float64Array; tpr: Float64Array };
}

export type RecoverEvent =
  | { type: 'started'; job: number; ids: string[]; truth: Float64Array; sign: Int8Array; totalSeconds: number }
  | { type: 'progress'; job: number; seconds: number; totalSeconds: number; stage: 'simulating' | 'fitting' }
  | { type: 'estimate'; job: number; estimate: EstimateSummary; final: boolean }
  | { type: 'done'; job: number; cancelled: boolean }
  | { type: 'control'; job: number; control: ShuffleControl }
  | { type: 'csv'; what: RecoverCsv; text: string }
  | { type: 'error'; job: number; message: string };
