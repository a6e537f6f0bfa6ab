/// <reference lib="webworker" />
import { SimulationHost } from './host.ts';
import type { Command, WorkerEvent } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

// A MessageChannel task runs right after pending commands, without setTimeout's 4 ms clamp.
const channel = new MessageChannel();
const queued: (() => void)[] = [];
channel.port1.onmessage = () => queued.shift()?.();

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
});

self.onmessage = (event: MessageEvent<Command>) => host.handle(event.data);
