import { afterAll, describe, expect, it } from 'vitest';
import { izhikevich2003Network } from '../core/experiment/examples.ts';
import { SimulationHost } from './host.ts';
import type { Status, WorkerEvent, WorkersChoice } from './protocol.ts';
import { nodeParts } from './testing/nodeParts.ts';

const parts = nodeParts();
afterAll(() => parts.stopAll());

/**
 * A host, its second Worker a Node thread; `until` waits for what its events say. On the real clock, or
 * with `stepMs`, on a clock that moves stepMs for every step handed to the second Worker (and a little on
 * every reading), so that what the host decides from the time per step does not depend on the machine.
 */
function harness(workers: WorkersChoice, stepMs?: number) {
  const events: WorkerEvent[] = [];
  /** The 'run' commands the second Worker got: one per batch, and the steps they asked for. */
  const runs = { count: 0, steps: 0 };
  let readings = 0;
  const host = new SimulationHost({
    post: (event) => events.push(event),
    now: () => (stepMs === undefined ? performance.now() : runs.steps * stepMs + (readings += 1e-3)),
    schedule: (task, delayMs) => (delayMs > 0 ? setTimeout(task, delayMs) : setImmediate(task)),
    parts: {
      isolated: true,
      cores: 2,
      start: () => {
        const channel = parts.start();
        return {
          ...channel,
          post: (command) => {
            if (command.kind === 'run') {
              runs.count++;
              runs.steps += command.steps;
            }
            channel.post(command);
          },
        };
      },
    },
  });
  host.handle({ type: 'workers', workers });
  const status = (): Status | undefined => events.flatMap((e) => (e.type === 'status' ? [e.status] : e.type === 'frame' ? [e.frame.status] : [])).pop();
  const until = async (done: () => boolean): Promise<void> => {
    while (!done()) {
      const failed = events.find((e) => e.type === 'error');
      if (failed) throw new Error(JSON.stringify(failed));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const loads = () => events.flatMap((e) => (e.type === 'loaded' ? [e] : []));
  const stepTo = async (ms: number) => {
    host.handle({ type: 'step', ms: 100 });
    await until(() => status()?.state === 'paused' && status()?.time === ms);
  };
  const spikes = () => {
    const frames = events.flatMap((e) => (e.type === 'frame' ? [e.frame] : []));
    return { neurons: frames.flatMap((f) => [...f.spikeNeurons]), times: frames.flatMap((f) => [...f.spikeTimes]) };
  };
  const frames = () => events.filter((e) => e.type === 'frame').length;
  return { host, events, loads, until, stepTo, spikes, runs, frames };
}

describe('a split run (two Workers)', () => {
  it('goes on with a rebuilt network from both parts\' states, with the spikes one Worker gives', async () => {
    const experiment = izhikevich2003Network(1000, 100);
    const runs = [];
    for (const workers of [1, 2] as const) {
      const h = harness(workers);
      h.host.handle({ type: 'load', experiment });
      await h.until(() => h.loads().length === 1);
      expect(h.loads()[0].network.workers).toBe(workers);
      await h.stepTo(100);
      // An edit that rebuilds the network continues the run from every neuron's state, part 1's too.
      h.host.handle({ type: 'load', experiment, continueRun: true });
      await h.until(() => h.loads().length === 2);
      expect(h.loads()[1].continued).toBe(true);
      await h.stepTo(200);
      runs.push(h.spikes());
    }
    const [one, two] = runs;
    const after = one.times.filter((t) => t >= 100).length;
    expect(after).toBeGreaterThan(100);
    expect(two.times).toEqual(one.times);
    expect(two.neurons).toEqual(one.neurons);
  }, 180_000);

  it('hands the second Worker a few batches a tick, sized to fill it, not batches doubling from one step', async () => {
    // Each step takes 0.1 ms on the host's clock, whatever this machine's speed.
    const h = harness(2, 0.1);
    h.host.handle({ type: 'load', experiment: izhikevich2003Network(1000, 100) });
    await h.until(() => h.loads().length === 1);
    h.host.handle({ type: 'speed', speed: 'max' });
    h.host.handle({ type: 'play' });
    await h.until(() => h.frames() >= 40);
    h.host.handle({ type: 'pause' });
    // A 28 ms frame's ticks step about 280 steps: doubling from one step took about 19 batches for that
    // (measured on this clock), each a message to the second Worker and a wake-up; sized to fill each
    // tick, about 11.
    expect(h.runs.count / h.frames()).toBeLessThan(14);
    expect(h.frames()).toBeGreaterThanOrEqual(40);
  }, 180_000);
});
