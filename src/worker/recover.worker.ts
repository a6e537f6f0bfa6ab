/// <reference lib="webworker" />
import { RecoverHost } from './recoverHost.ts';
import type { RecoverCommand, RecoverEvent } from './recoverProtocol.ts';

declare const self: DedicatedWorkerGlobalScope;

// A MessageChannel task runs after pending commands (so a cancel is seen between slices), without setTimeout's clamp.
const channel = new MessageChannel();
const queued: (() => void)[] = [];
channel.port1.onmessage = () => queued.shift()?.();

const host = new RecoverHost({
  post: (event: RecoverEvent, transfer: Transferable[] = []) => self.postMessage(event, transfer),
  schedule: (task) => {
    queued.push(task);
    channel.port2.postMessage(null);
  },
});

self.onmessage = (event: MessageEvent<RecoverCommand>) => host.handle(event.data);
