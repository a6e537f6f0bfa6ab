// The second Worker of a split run as a Node thread, for tests of the host (test/splitHost.test.ts):
// register tsx's loader here (worker threads do not always take it from --import), then run the part.
import { register } from 'tsx/esm/api';
import { parentPort } from 'node:worker_threads';

register();
const port = parentPort;
if (!port) throw new Error('partThread.mjs runs as a worker thread');
const { PartHost } = await import('../src/worker/partHost.ts');
const host = new PartHost((reply) => port.postMessage(reply));
// Sent by the host's SplitSimulation in this repository: PartCommands.
port.on('message', (/** @type {import('../src/worker/partProtocol.ts').PartCommand} */ command) => host.handle(command));
