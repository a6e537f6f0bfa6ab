/// <reference lib="webworker" />
import { answerPing } from './heartbeat.ts';
import { SimulationHost } from './host.ts';
import { workerName, type PartReply } from './partProtocol.ts';
import type { Command, WorkerEvent } from './protocol.ts';
import type { PartChannel } from './splitSimulation.ts';

declare const self: DedicatedWorkerGlobalScope;

// A MessageChannel task runs right after pending commands, without setTimeout's 4 ms clamp.
const channel = new MessageChannel();
const queued: (() => void)[] = [];
channel.port1.onmessage = () => queued.shift()?.();

/** The Worker that steps part `part` of a split run: a Worker of this Worker, which only this one talks to. */
function startPart(part: number): PartChannel {
  const worker = new Worker(new URL('./part.worker.ts', import.meta.url), { type: 'module' });
  let listener: (reply: PartReply) => void = () => {};
  let built = false;
  const failed = (message: string): void => {
    listener({ kind: 'failed', message });
    // Once built it only steps: the run cannot go on without it, so the page restarts the Workers.
    if (built) self.postMessage({ type: 'fault', message: `${workerName(part)} failed: ${message}` } satisfies WorkerEvent);
  };
  worker.onmessage = (event: MessageEvent<PartReply>) => {
    if (event.data.kind === 'failed') return failed(event.data.message);
    built = true;
    listener(event.data);
  };
  worker.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    failed(event.message ? event.message.replace(/^Uncaught\s+/, '') : 'it stopped with an error');
  };
  return {
    post: (command) => worker.postMessage(command),
    onReply: (next) => {
      listener = next;
    },
    terminate: () => worker.terminate(),
  };
}

const host = new SimulationHost({
  post: (event: WorkerEvent, transfer: Transferable[] = []) => self.postMessage(event, transfer),
  now: () => performance.now(),
  schedule: (task, delayMs) => {
    if (delayMs <= 0) {
      queued.push(task);
      channel.port2.postMessage(null);
    } else {
      setTimeout(task, delayMs);
    }
  },
  // Nested Workers share memory only when the page is cross-origin isolated.
  parts: typeof Worker === 'function' ? { isolated: self.crossOriginIsolated, cores: self.navigator.hardwareConcurrency, start: startPart } : undefined,
});

self.onmessage = (event: MessageEvent<Command>) => {
  if (!answerPing(event.data, (pong) => self.postMessage(pong))) host.handle(event.data);
};
