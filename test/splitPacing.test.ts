import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { izhikevich2003Network } from '../src/core/experiment/examples.ts';
import { SimulationHost } from '../src/worker/host.ts';
import type { PartCommand, PartReply } from '../src/worker/partProtocol.ts';
import type { Frame, WorkerEvent } from '../src/worker/protocol.ts';

const started: Worker[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((worker) => worker.terminate()));
});

/** Wall ms each step costs on the fake clock. */
const STEP_MS = 0.5;

/**
 * A split run on a clock that moves only when steps are run: every 'run' sent to the second Worker (a
 * Node thread) adds its steps' cost. Counts the 'run' commands, each a wake-up of that Worker.
 */
async function splitRun(stepMs: number, workers: 1 | 2 = 2) {
  let now = 0;
  let runs = 0;
  const events: WorkerEvent[] = [];
  let tasks: (() => void)[] = [];
  const host = new SimulationHost({
    post: (event) => events.push(event),
    now: () => now,
    schedule: (task) => tasks.push(task),
    parts: {
      isolated: true,
      start: () => {
        const worker = new Worker(new URL('./partThread.mjs', import.meta.url));
        started.push(worker);
        return {
          post: (command: PartCommand) => {
            if (command.kind === 'run') {
              runs++;
              now += command.steps * STEP_MS;
            }
            worker.postMessage(command);
          },
          onReply: (listener) => worker.on('message', (reply: PartReply) => listener(reply)),
          terminate: () => void worker.terminate(),
        };
      },
    },
  });
  host.handle({ type: 'workers', workers });
  let ticks = 0;
  const send = async (type: 'load' | 'step') => {
    host.handle(type === 'load' ? { type, experiment: izhikevich2003Network(2000, 100) } : { type, ms: stepMs });
    while (tasks.length > 0) {
      const due = tasks;
      tasks = [];
      ticks += due.length;
      due.forEach((task) => task());
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };
  await send('load');
  ticks = 0;
  runs = 0;
  await send('step');
  const frames = events.flatMap((e) => (e.type === 'frame' ? [e.frame] : []));
  const loaded = events.find((e) => e.type === 'loaded');
  return { runs, ticks, frames, workers: loaded?.type === 'loaded' ? loaded.network.workers : 0 };
}

const spikes = (frames: Frame[]) => frames.flatMap((f) => Array.from(f.spikeNeurons, (n, i) => `${f.spikeTimes[i]}:${n}`));

describe('a split run paced in ticks', () => {
  it('wakes the second Worker about once per tick, not once per doubling batch, with the same spikes as one Worker', async () => {
    const split = await splitRun(600);
    expect(split.workers).toBe(2);
    expect(split.frames[split.frames.length - 1].time).toBe(600);
    // 600 steps of 0.5 ms in ticks of 12 ms (24 steps): about 25 ticks. Batches doubling from one step
    // (1, 2, 4, 8, 16: 31 steps in five 'run's) woke it about 100 times here.
    expect(split.runs).toBeLessThanOrEqual(split.ticks + 2);
    expect(split.ticks).toBeGreaterThan(15);
    const one = await splitRun(600, 1);
    expect(one.workers).toBe(1);
    expect(spikes(split.frames).length).toBeGreaterThan(1000);
    expect(spikes(split.frames)).toEqual(spikes(one.frames));
  }, 60_000);
});
