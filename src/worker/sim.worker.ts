/// <reference lib="webworker" />
import { SimulationHost } from './host.ts';
import type { PartReply } from './partProtocol.ts';
import type { Command, WorkerEvent } from './protocol.ts';
import type { PartChannel } from './splitSimulation.ts';

declare const self: DedicatedWorkerGlobalScope;

// A MessageChannel task runs right after pending commands, without setTimeout's 4 ms clamp.
const channel = new MessageChannel();
const queued: (() => void)[] = [];
channel.port1.onmessage = () => queued.shift()?.();

/** The second Worker of a split run: a Worker of this Worker, which only this one talks to. */
function startPart(): PartChannel {
  const worker = new Worker(new URL('./part.worker.ts', import.meta.url), { type: 'module' });
  let listener: (reply: PartReply) => void = () => {};
  worker.onmessage = (event: MessageEvent<PartReply>) => listener(event.data);
  worker.onerror = (event: ErrorEvent) => listener({ kind: 'failed', message: event.message || 'the second Worker failed' });
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
  parts: typeof Worker === 'function' ? { isolated: self.crossOriginIsolated, start: startPart } : undefined,
});

self.onmessage = (event: MessageEvent<Command>) => host.handle(event.data);
