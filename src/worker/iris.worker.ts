/// <reference lib="webworker" />
import { IrisHost } from './irisHost.ts';
import { answerPing } from './heartbeat.ts';
import type { IrisCommand, IrisEvent } from './irisProtocol.ts';

declare const self: DedicatedWorkerGlobalScope;

// A MessageChannel task runs after pending commands (so a cancel is seen between epochs), without setTimeout's clamp.
const channel = new MessageChannel();
const queued: (() => void)[] = [];
channel.port1.onmessage = () => queued.shift()?.();

const host = new IrisHost({
  post: (event: IrisEvent, transfer: Transferable[] = []) => self.postMessage(event, transfer),
  now: () => performance.now(),
  schedule: (task) => {
    queued.push(task);
    channel.port2.postMessage(null);
  },
});

self.onmessage = (event: MessageEvent<IrisCommand>) => {
  if (!answerPing(event.data, (pong) => self.postMessage(pong))) host.handle(event.data);
};
