import { afterEach, describe, expect, it } from 'vitest';
import { REFERENCE_SETTINGS } from '../../core/recover/network.ts';
import type { RecoverCommand, RecoverEvent } from '../../worker/recoverProtocol.ts';
import { formOf } from './recoverForm.ts';
import { setRecoverWorkerFactory, useRecoverStore, type WorkerPort } from './recoverStore.ts';

class FakePort implements WorkerPort {
  sent: RecoverCommand[] = [];
  onmessage: ((event: MessageEvent<RecoverEvent>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  postMessage(command: RecoverCommand): void {
    this.sent.push(command);
  }
  terminate(): void {}
  reply(event: RecoverEvent): void {
    this.onmessage?.({ data: event } as MessageEvent<RecoverEvent>);
  }
}

function fresh(): FakePort {
  const port = new FakePort();
  setRecoverWorkerFactory(() => port);
  useRecoverStore.setState({ form: formOf(REFERENCE_SETTINGS), errors: [], running: false, job: 0, estimate: null, history: [] });
  return port;
}

afterEach(() => setRecoverWorkerFactory(() => new FakePort()));

describe('the Recover the wiring store', () => {
  it('sends the typed settings, checked, to the Worker', () => {
    const port = fresh();
    useRecoverStore.getState().setField('n', '12');
    useRecoverStore.getState().start();
    expect(port.sent).toHaveLength(1);
    const [command] = port.sent;
    expect(command.type === 'start' && command.settings).toEqual({ ...REFERENCE_SETTINGS, n: 12 });
    expect(useRecoverStore.getState().running).toBe(true);
  });

  it('refuses a bad field with its name, keeps the text, and sends nothing', () => {
    const port = fresh();
    useRecoverStore.getState().setField('excitatoryMax', '0.01');
    useRecoverStore.getState().start();
    expect(port.sent).toHaveLength(0);
    expect(useRecoverStore.getState().errors).toEqual(['excitatoryWeight.max: must be at least min (0.05), got 0.01']);
    expect(useRecoverStore.getState().form.excitatoryMax).toBe('0.01');
  });

  it('fills in the strongly recurrent example, and keeps each refit for the history', () => {
    const port = fresh();
    useRecoverStore.getState().fillExample('recurrent');
    expect(useRecoverStore.getState().form).toMatchObject({ excitatoryMin: '0.4', excitatoryMax: '0.8', seconds: '30' });
    useRecoverStore.getState().start();
    const job = useRecoverStore.getState().job;
    const estimate = (seconds: number, r: number) => ({
      seconds,
      meanRate: 50,
      voltage: { weights: new Float64Array(4), r, rAllPairs: r, auc: 1, fpr: new Float64Array([0, 1]), tpr: new Float64Array([0, 1]) },
      spikes: { beta: new Float64Array(4), z: new Float64Array(4), r: 0.7, auc: 0.78, fpr: new Float64Array([0, 1]), tpr: new Float64Array([0, 1]) },
    });
    port.reply({ type: 'estimate', job, estimate: estimate(10, 0.99), final: false });
    // A message of an earlier job is ignored.
    port.reply({ type: 'estimate', job: job - 1, estimate: estimate(10, 0.1), final: false });
    port.reply({ type: 'estimate', job, estimate: estimate(20, 0.998), final: true });
    port.reply({ type: 'done', job, cancelled: false });
    const state = useRecoverStore.getState();
    expect(state.history.map((h) => [h.seconds, h.voltageR])).toEqual([[10, 0.99], [20, 0.998]]);
    expect(state.stage).toBe('done');
    expect(state.running).toBe(false);
  });
});
