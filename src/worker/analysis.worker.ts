/// <reference lib="webworker" />
import { AnalysisHost } from './analysisHost.ts';
import { answerPing } from './heartbeat.ts';
import type { AnalysisEvent } from './analysisProtocol.ts';

declare const self: DedicatedWorkerGlobalScope;

// A MessageChannel task runs after pending commands (so a cancel is seen between slices), without setTimeout's clamp.
const channel = new MessageChannel();
const queued: (() => void)[] = [];
channel.port1.onmessage = () => queued.shift()?.();

const host = new AnalysisHost({
  post: (event: AnalysisEvent, transfer: Transferable[] = []) => self.postMessage(event, transfer),
  now: () => performance.now(),
  schedule: (task) => {
    queued.push(task);
    channel.port2.postMessage(null);
  },
});

// The host checks every command itself: a message is outside input.
self.onmessage = (event: MessageEvent<unknown>) => {
  if (!answerPing(event.data, (pong) => self.postMessage(pong))) host.handle(event.data);
};
