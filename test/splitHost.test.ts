import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { izhikevich2003Network } from '../src/core/experiment/examples.ts';
import type { Experiment } from '../src/core/experiment/types.ts';
import { SimulationHost } from '../src/worker/host.ts';
import type { PartReply } from '../src/worker/partProtocol.ts';
import type { Command, Frame, WorkerEvent, WorkersChoice } from '../src/worker/protocol.ts';
import type { PartChannel } from '../src/worker/splitSimulation.ts';

const started: Worker[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((worker) => worker.terminate()));
});

/** The part of a split run in a Node thread, as the browser's nested Worker runs it. */
function startPart(): PartChannel {
  const worker = new Worker(new URL('./partThread.mjs', import.meta.url));
  started.push(worker);
  return {
    post: (command) => worker.postMessage(command),
    onReply: (listener) => worker.on('message', (reply: PartReply) => listener(reply)),
    terminate: () => void worker.terminate(),
  };
}

/** A host whose scheduled tasks run at once on a still clock (so every step command runs to its end in one tick). */
function host(workers: WorkersChoice, patienceMs?: number) {
  const events: WorkerEvent[] = [];
  let tasks: (() => void)[] = [];
  const h = new SimulationHost({
    post: (event) => events.push(event),
    now: () => 0,
    schedule: (task) => tasks.push(task),
    parts: { isolated: true, start: startPart, patienceMs },
  });
  h.handle({ type: 'workers', workers });
  const send = async (command: Command) => {
    h.handle(command);
    // A split build waits for the thread's reply: let it arrive.
    while (tasks.length > 0) {
      const now = tasks;
      tasks = [];
      now.forEach((task) => task());
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  };
  const frames = () => events.flatMap((e) => (e.type === 'frame' ? [e.frame] : []));
  const errors = () => events.flatMap((e) => (e.type === 'error' ? [e.message] : []));
  const loaded = () => events.flatMap((e) => (e.type === 'loaded' ? [e] : []));
  return { send, frames, errors, loaded };
}

/** Everything the page saw: spikes in order, trace samples, the watch list. */
function seen(frames: Frame[]) {
  return {
    neurons: frames.flatMap((f) => Array.from(f.spikeNeurons)),
    times: frames.flatMap((f) => Array.from(f.spikeTimes)),
    traceTimes: frames.flatMap((f) => Array.from(f.traceTimes)),
    traces: frames.flatMap((f) => Array.from(f.traces)),
    watch: frames.map((f) => f.watch.join()),
  };
}

/** Loads, watches neurons of both halves, runs, edits, kicks a neuron, resets, runs, continues with an edited network. */
async function session(workers: WorkersChoice, experiment: Experiment) {
  const h = host(workers);
  await h.send({ type: 'load', experiment });
  await h.send({ type: 'watch', watch: { neurons: ['I[0]', 'E[0]', 'E[1500]'], variables: ['v', 'u'] } });
  await h.send({ type: 'step', ms: 120 });
  await h.send({ type: 'edit', edit: { kind: 'input', input: 'thalamic-I', param: 'sd', value: 3 } });
  await h.send({ type: 'setState', neuron: 'E[1300]', v: 30, u: 0 });
  await h.send({ type: 'step', ms: 80 });
  await h.send({ type: 'reset' });
  await h.send({ type: 'step', ms: 50 });
  const edited = structuredClone(experiment);
  edited.inputs[0] = { ...edited.inputs[0], kind: 'noise', id: 'thalamic-E', target: 'E', mean: 1, sd: 5 };
  await h.send({ type: 'load', experiment: edited, continueRun: true });
  await h.send({ type: 'watch', watch: { neurons: ['E[1300]', 'E[3]'], variables: ['v', 'g'] } });
  await h.send({ type: 'step', ms: 60 });
  return h;
}

describe('a run split across two Workers (the second a Node thread here)', () => {
  it('shows the page the same spikes and traces as one Worker, through edits, a reset and a continued load', async () => {
    const experiment = izhikevich2003Network(2000, 100);
    const one = await session(1, experiment);
    const two = await session(2, experiment);
    expect(one.errors()).toEqual([]);
    expect(two.errors()).toEqual([]);
    expect(one.loaded().map((e) => [e.network.workers, e.continued])).toEqual([[1, false], [1, true]]);
    expect(two.loaded().map((e) => [e.network.workers, e.continued])).toEqual([[2, false], [2, true]]);
    const reference = seen(one.frames());
    expect(reference.neurons.length).toBeGreaterThan(2000);
    expect(reference.traceTimes.length).toBe(120 + 80 + 50 + 60);
    expect(seen(two.frames())).toEqual(reference);
  });

  it('stops where one Worker stops when a neuron of the second half blows up, and says which', async () => {
    const experiment = izhikevich2003Network(2000, 100);
    const runs = [];
    for (const workers of [1, 2] as const) {
      const h = host(workers);
      await h.send({ type: 'load', experiment });
      await h.send({ type: 'step', ms: 30 });
      // Finite, but its square is not: v becomes infinite in the next step.
      await h.send({ type: 'setState', neuron: 'I[100]', v: 1e200, u: 0 });
      await h.send({ type: 'step', ms: 30 });
      runs.push({ errors: h.errors(), seen: seen(h.frames()), time: h.frames().at(-1)?.time });
    }
    expect(runs[0].errors).toHaveLength(1);
    expect(runs[0].errors[0]).toMatch(/neuron "I\[100\]"/);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('stops with a message, instead of waiting forever, when the second Worker dies mid-run', async () => {
    const h = host(2, 5000); // patient enough for a busy machine's healthy blocks
    await h.send({ type: 'load', experiment: izhikevich2003Network(2000, 100) });
    await h.send({ type: 'step', ms: 20 });
    expect(h.errors()).toEqual([]);
    await started[0].terminate();
    await h.send({ type: 'step', ms: 20 });
    expect(h.errors()).toHaveLength(1);
    expect(h.errors()[0]).toMatch(/^Stopped at t = 20\.00 ms: the second Worker stopped answering \(nothing for 5 s\)/);
    expect(h.frames().at(-1)?.time).toBe(20);
  });

  it('keeps small networks on one Worker unless asked, and says why', async () => {
    const small = izhikevich2003Network(200, 20);
    const auto = host('auto');
    await auto.send({ type: 'load', experiment: small });
    expect(auto.loaded()[0].network).toMatchObject({ workers: 1, workersReason: 'under 50,000 neurons' });
    const two = host(2);
    await two.send({ type: 'load', experiment: small });
    expect(two.loaded()[0].network.workers).toBe(2);
  });
});
