import { recordingSpikesCsv, recordingVoltagesCsv, weightsCsv } from '../core/recover/csv.ts';
import { WiringRecovery, type RecoverEstimate } from '../core/recover/recover.ts';
import { validateRecoverSettings } from '../core/recover/settings.ts';
import type { EstimateSummary, RecoverCommand, RecoverEvent } from './recoverProtocol.ts';

/** Steps between two looks at the command queue (a cancel) and two progress messages. */
const SLICE_STEPS = 1000;

export interface RecoverHostIo {
  post: (event: RecoverEvent, transfer?: Transferable[]) => void;
  /** Runs the task after the commands already queued (so a cancel is seen between slices). */
  schedule: (task: () => void) => void;
}

/**
 * The Worker side of the view: builds and runs the network a slice at a time and refits both estimators
 * every refitEverySeconds of simulated time, with the same core functions as `npm run recover`
 * (WiringRecovery), so the numbers are the command line's.
 */
export class RecoverHost {
  private recovery: WiringRecovery | null = null;
  private estimate: RecoverEstimate | null = null;
  private job = 0;
  private running = false;

  constructor(private readonly io: RecoverHostIo) {}

  handle(command: RecoverCommand): void {
    switch (command.type) {
      case 'start':
        this.start(command.job, command.settings, command.refitEverySeconds);
        break;
      case 'cancel':
        if (this.running) {
          this.running = false;
          this.io.post({ type: 'done', job: this.job, cancelled: true });
        }
        break;
      case 'control':
        if (this.recovery && this.recovery.recording.steps > 0) this.io.post({ type: 'control', job: this.job, control: this.recovery.shuffleControl() });
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
    const slice = () => {
      if (!this.running || this.job !== job) return;
      const target = Math.min(nextRefit, recovery.recording.steps + SLICE_STEPS);
      recovery.advance(target - recovery.recording.steps);
      const seconds = (recovery.recording.steps * recovery.net.dt) / 1000;
      if (recovery.failure) {
        this.running = false;
        this.io.post({ type: 'error', job, message: recovery.failure });
        return;
      }
      const refit = recovery.recording.steps >= nextRefit || recovery.done;
      this.io.post({ type: 'progress', job, seconds, totalSeconds, stage: refit ? 'fitting' : 'simulating' });
      if (!refit) {
        this.io.schedule(slice);
        return;
      }
      // The fit is its own task, so the progress message above reaches the page first.
      this.io.schedule(() => {
        if (!this.running || this.job !== job) return;
        nextRefit += refitSteps;
        const estimate = recovery.estimate();
        this.estimate = estimate;
        const summary = summarise(estimate);
        this.io.post({ type: 'estimate', job, estimate: summary, final: recovery.done });
        if (recovery.done) {
          this.running = false;
          this.io.post({ type: 'done', job, cancelled: false });
        } else this.io.schedule(slice);
      });
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
