/// <reference lib="webworker" />
import { PartHost } from './partHost.ts';
import type { PartCommand, PartReply } from './partProtocol.ts';

declare const self: DedicatedWorkerGlobalScope;

// Started by the simulation Worker (never by the page) to step part 1 of a split run.
const host = new PartHost((reply: PartReply) => self.postMessage(reply));
self.onmessage = (event: MessageEvent<PartCommand>) => host.handle(event.data);
