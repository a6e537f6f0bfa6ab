import { parentPort } from 'node:worker_threads';
import { PartHost } from '../partHost.ts';
import type { PartCommand, PartReply } from '../partProtocol.ts';

// What part.worker.ts does in a browser, over a Node thread's port.
const port = parentPort;
if (!port) throw new Error('partThread runs in a worker thread');
const host = new PartHost((reply: PartReply) => port.postMessage(reply));
port.on('message', (command: PartCommand) => host.handle(command));
