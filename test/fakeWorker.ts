import { isPing } from '../src/worker/heartbeat.ts';
import type { WorkerLike } from '../src/ui/workerSupervisor.ts';

/** A Worker for the page's clients in tests: answers pings until `alive` is false, and records what else the page posts. */
export class FakeWorker extends EventTarget implements WorkerLike {
  posted: unknown[] = [];
  terminated = false;
  alive = true;
  postMessage(message: unknown): void {
    if (isPing(message)) {
      if (this.alive) queueMicrotask(() => this.dispatchEvent(new MessageEvent('message', { data: { type: 'pong', id: message.id } })));
      return;
    }
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  throwUncaught(message: string): void {
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  }
}
