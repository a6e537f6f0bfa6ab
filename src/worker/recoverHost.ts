import { recordingSpikesCsv, recordingVoltagesCsv, weightsCsv } from '../core/recover/csv.ts';
import { WiringRecovery, type RecoverEstimate } from '../core/recover/recover.ts';
import type { Slices } from '../core/recover/slices.ts';
import { VOLTAGE_GROUP_STEPS } from '../core/recover/voltage.ts';
import { validateRecoverSettings } from '../core/recover/settings.ts';
import type { EstimateSummary, RecoverCommand, RecoverEvent } from './recoverProtocol.ts';

/** Work per task before the Worker looks at its messages again (a Cancel) and reports progress, ms. */
const SLICE_MS = 25;
/**
 * Steps recorded at a time within a task: a multiple of the voltage sums' group (VOLTAGE_GROUP_STEPS),
 * so the sums come out bit for bit as the command line's, which records 10 s at a time.
 */
const ADVANCE_STEPS = 16 * VOLTAGE_GROUP_STEPS;

export interface RecoverHostIo {
  post: (event: RecoverEvent, transfer?: Transferable[]) => void;
  /** Runs the task after the commands already queued (so a cancel is seen between slices). */
  schedule: (task: () => void) => void;
  /** A clock in ms (performance.now), to cut the work into slices. */
  now?: () => number;
}

/**
 * The Worker side of the view: builds and runs the network and refits both estimators every
 * refitEverySeconds of simulated time, with the same core functions as `npm run recover`
 * (WiringRecovery), so the numbers are the command line's. Recording and fitting alike run as tasks of
 * about SLICE_MS: a Cancel or a new Start waits for one slice, not for a fit.
 */
export class RecoverHost {
  private recovery: WiringRecovery | null = null;
  private estimate: RecoverEstimate | null = null;
  private job = 0;
  private running = false;
  /** Bumped by every command that ends the work in hand (start, cancel), so its next task stops. */
  private generation = 0;
  private readonly now: () => number;

  constructor(private readonly io: RecoverHostIo) {
    this.now = io.now ?? (() => performance.now());
  }

  handle(command: RecoverCommand): void {
    switch (command.type) {
      case 'start':
        this.start(command.job, command.settings, command.refitEverySeconds);
        break;
      case 'cancel':
        if (this.running) {
          this.running = false;
          this.generation++;
          this.io.post({ type: 'done', job: this.job, cancelled: true });
        }
        break;
      case 'control':
        this.control();
        break;
      case 'export':
        this.export(command.what);
        break;
    }
  }

  private start(job: number, input: unknown, refitEverySeconds: number): void {
    this.job = job;
    this.running = false;
    this.estimate = null;
    const generation = ++this.generation;
    const checked = validateRecoverSettings(input);
    if (!checked.ok) {
      this.io.post({ type: 'error', job, message: checked.errors.join('\n') });
      return;
    }
    let recovery: WiringRecovery;
    try {
      recovery = new WiringRecovery(checked.settings);
    } catch (e) {
      this.io.post({ type: 'error', job, message: e instanceof Error ? e.message : String(e) });
      return;
    }
    this.recovery = recovery;
    this.running = true;
    const totalSeconds = checked.settings.seconds;
    this.io.post({ type: 'started', job, ids: recovery.net.ids, truth: recovery.truth.weights.slice(), sign: recovery.truth.sign.slice(), totalSeconds });
    const refitSteps = Math.max(1, Math.round((refitEverySeconds * 1000) / recovery.net.dt));
    let nextRefit = refitSteps;
    let fitting: Slices<RecoverEstimate> | null = null;
    const seconds = () => (recovery.recording.steps * recovery.net.dt) / 1000;
    const slice = () => {
      if (this.generation !== generation) return;
      const started = this.now();
      do {
        if (!fitting) {
          recovery.advance(Math.min(ADVANCE_STEPS, nextRefit - recovery.recording.steps));
          if (recovery.failure) {
            this.running = false;
            this.io.post({ type: 'error', job, message: recovery.failure });
            return;
          }
          if (recovery.recording.steps >= nextRefit || recovery.done) fitting = recovery.estimateInSlices();
          continue;
        }
        const next = fitting.next();
        if (!next.done) continue;
        fitting = null;
        nextRefit += refitSteps;
        this.estimate = next.value;
        this.io.post({ type: 'estimate', job, estimate: summarise(next.value), final: recovery.done });
        if (recovery.done) {
          this.running = false;
          this.io.post({ type: 'done', job, cancelled: false });
          return;
        }
      } while (this.now() - started < SLICE_MS);
      this.io.post({ type: 'progress', job, seconds: seconds(), totalSeconds, stage: fitting ? 'fitting' : 'simulating' });
      this.io.schedule(slice);
    };
    this.io.schedule(slice);
  }

  /** The shuffle control on the recording so far, in slices; a Start ends it. */
  private control(): void {
    const recovery = this.recovery;
    if (!recovery || recovery.recording.steps === 0 || this.running) return;
    const generation = ++this.generation;
    const job = this.job;
    const control = recovery.shuffleControlInSlices();
    const slice = () => {
      if (this.generation !== generation) return;
      const started = this.now();
      do {
        const next = control.next();
        if (next.done) {
          this.io.post({ type: 'control', job, control: next.value });
          return;
        }
      } while (this.now() - started < SLICE_MS);
      this.io.schedule(slice);
    };
    this.io.schedule(slice);
  }

  private export(what: 'spikes' | 'voltages' | 'weights'): void {
    const recovery = this.recovery;
    if (!recovery) return;
    const ids = recovery.net.ids;
    let text: string;
    if (what === 'spikes') text = recordingSpikesCsv(recovery.recording, ids);
    else if (what === 'voltages') text = [...recordingVoltagesCsv(recovery.recording, ids)].join('');
    else {
      const e = this.estimate ?? recovery.estimate();
      text = weightsCsv(ids, recovery.truth.weights, e.voltage.weights, e.spikes.beta, e.spikes.z);
    }
    this.io.post({ type: 'csv', what, text });
  }
}

export function summarise(e: RecoverEstimate): EstimateSummary {
  return {
    seconds: e.seconds,
    meanRate: e.meanRate,
    voltage: { weights: e.voltage.weights, r: e.voltage.r, rAllPairs: e.voltage.rAllPairs, auc: e.voltage.roc.auc, fpr: e.voltage.roc.fpr, tpr: e.voltage.roc.tpr },
    spikes: { beta: e.spikes.beta, z: e.spikes.z, r: e.spikes.r, auc: e.spikes.roc.auc, fpr: e.spikes.roc.fpr, tpr: e.spikes.roc.tpr },
  };
}
