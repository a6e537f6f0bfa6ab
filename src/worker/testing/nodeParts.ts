import { Worker } from 'node:worker_threads';
import type { PartReply } from '../partProtocol.ts';
import type { PartChannel } from '../splitSimulation.ts';

/** The other Workers of split runs for a SimulationHost in Node tests: PartHost in a worker thread each, on a machine of `cores` cores. */
export function nodeParts(cores = 2): { isolated: boolean; cores: number; start: () => PartChannel; stopAll: () => Promise<void> } {
  const started: Worker[] = [];
  return {
    isolated: true,
    cores,
    start: () => {
      const worker = new Worker(new URL('./partThread.mjs', import.meta.url));
      started.push(worker);
      let listener: (reply: PartReply) => void = () => {};
      worker.on('message', (reply: PartReply) => listener(reply));
      worker.on('error', (error: Error) => listener({ kind: 'failed', message: error.message }));
      return {
        post: (command) => worker.postMessage(command),
        onReply: (next) => {
          listener = next;
        },
        terminate: () => void worker.terminate(),
      };
    },
    stopAll: async () => {
      await Promise.all(started.map((w) => w.terminate()));
    },
  };
}
