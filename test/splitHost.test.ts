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

/**
 * A host whose scheduled tasks run at once on a still clock (so every step command runs to its end in
 * one tick), or on the clock given.
 */
function host(workers: WorkersChoice, patienceMs?: number, now: () => number = () => 0, cores = 2) {
  const events: WorkerEvent[] = [];
  let tasks: (() => void)[] = [];
  const h = new SimulationHost({
    post: (event) => events.push(event),
    now,
    schedule: (task) => tasks.push(task),
    parts: { isolated: true, cores, start: startPart, patienceMs },
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
  const moves = () => events.flatMap((e) => (e.type === 'workers' || e.type === 'cancelled' ? [e] : []));
  /** Hands the host a command without running what it schedules (to get a 'cancel' in mid-build). */
  const handle = (command: Command) => h.handle(command);
  return { send, handle, frames, errors, loaded, moves };
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

/** What the frames carry, however the run was cut into frames: spikes in order and trace samples. */
function recorded(frames: Frame[]) {
  const { neurons, times, traceTimes, traces } = seen(frames);
  return { neurons, times, traceTimes, traces };
}

/** Loads, watches neurons of every part, runs, edits, kicks a neuron, resets, runs, continues with an edited network. */
async function session(workers: WorkersChoice, experiment: Experiment) {
  const h = host(workers);
  await h.send({ type: 'load', experiment });
  await h.send({ type: 'watch', watch: { neurons: ['I[0]', 'E[0]', 'E[700]', 'E[1500]'], variables: ['v', 'u'] } });
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

describe('a run split across Workers (the others Node threads here)', () => {
  it('shows the page the same spikes and traces on two, three or four Workers as on one, through edits, a reset and a continued load', async () => {
    const experiment = izhikevich2003Network(2000, 100);
    const one = await session(1, experiment);
    expect(one.errors()).toEqual([]);
    expect(one.loaded().map((e) => [e.network.workers, e.continued])).toEqual([[1, false], [1, true]]);
    const reference = seen(one.frames());
    expect(reference.neurons.length).toBeGreaterThan(2000);
    expect(reference.traceTimes.length).toBe(120 + 80 + 50 + 60);
    for (const workers of [2, 3, 4]) {
      const split = await session(workers, experiment);
      expect(split.errors()).toEqual([]);
      expect(split.loaded().map((e) => [e.network.workers, e.continued])).toEqual([[workers, false], [workers, true]]);
      expect(seen(split.frames())).toEqual(reference);
      await Promise.all(started.splice(0).map((worker) => worker.terminate()));
    }
  });

  it('stops where one Worker stops when a neuron of the second half blows up, and says which', async () => {
    const experiment = izhikevich2003Network(2000, 100);
    const runs = [];
    for (const workers of [1, 2, 3] as const) {
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
    expect(runs[2]).toEqual(runs[0]);
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

  it('says one of the other Workers stopped answering when a part of three dies mid-run', async () => {
    const h = host(3, 5000);
    await h.send({ type: 'load', experiment: izhikevich2003Network(2000, 100) });
    await h.send({ type: 'step', ms: 20 });
    expect(h.loaded().map((e) => e.network.workers)).toEqual([3]);
    await started[1].terminate(); // the third Worker
    await h.send({ type: 'step', ms: 20 });
    expect(h.errors()).toHaveLength(1);
    expect(h.errors()[0]).toMatch(/^Stopped at t = 20\.00 ms: one of the other Workers stopped answering \(nothing for 5 s\)/);
  });

  it('starts the run again on one Worker, with a message, instead of waiting forever for a dead second Worker’s state in a move', async () => {
    // A real clock: the host's patience is measured on it.
    const h = host(2, 2000, () => performance.now());
    await h.send({ type: 'load', experiment: izhikevich2003Network(2000, 100) });
    await h.send({ type: 'step', ms: 20 });
    expect(h.loaded().map((e) => e.network.workers)).toEqual([2]);
    await started[0].terminate();
    await h.send({ type: 'workers', workers: 1 });
    expect(h.errors()).toHaveLength(1);
    expect(h.errors()[0]).toMatch(/^The second Worker stopped answering \(nothing for 2 s\), so the run could not move to 1 Worker: it starts again from t = 0/);
    expect(h.loaded().map((e) => e.network.workers)).toEqual([2, 1]);
    await h.send({ type: 'step', ms: 10 });
    expect(h.frames().at(-1)?.time).toBe(10);
    expect(h.errors()).toHaveLength(1);
  });

  it('moves a run from one Worker to three, to two and back mid-run, with the spikes and traces it has without moving', async () => {
    for (const randomDraws of ['counter-ziggurat', 'polar-stream'] as const) {
      const experiment = izhikevich2003Network(2000, 100);
      experiment.simulation.randomDraws = randomDraws;
      // Delays of 1-5 steps: spikes are in flight over several steps when the run moves.
      for (const projection of experiment.projections) projection.delay = { dist: 'uniform', min: 1, max: 5 };
      const run = async (moving: boolean) => {
        const h = host(1);
        await h.send({ type: 'load', experiment });
        await h.send({ type: 'watch', watch: { neurons: ['E[0]', 'E[1500]', 'I[300]'], variables: ['v', 'u'] } });
        await h.send({ type: 'step', ms: 70 });
        await h.send({ type: 'setState', neuron: 'I[350]', v: 30, u: 0 });
        if (moving) await h.send({ type: 'workers', workers: 3 });
        await h.send({ type: 'step', ms: 60 });
        if (moving) await h.send({ type: 'workers', workers: 2 });
        await h.send({ type: 'step', ms: 25 });
        if (moving) await h.send({ type: 'workers', workers: 1 });
        await h.send({ type: 'step', ms: 25 });
        return h;
      };
      const still = await run(false);
      const moved = await run(true);
      expect(moved.errors()).toEqual([]);
      expect(moved.moves()).toEqual([
        { type: 'workers', workers: 3, reason: '' },
        { type: 'workers', workers: 2, reason: '' },
        { type: 'workers', workers: 1, reason: 'chosen' },
      ]);
      expect(moved.loaded()).toHaveLength(1); // moved, not loaded again from t = 0
      const reference = seen(still.frames());
      expect(reference.neurons.length).toBeGreaterThan(1000);
      expect(reference.traceTimes.length).toBe(180);
      // The move sends what was recorded before it in a frame of its own: the same data, in more frames.
      expect(recorded(moved.frames())).toEqual(recorded(still.frames()));
      expect(new Set(seen(moved.frames()).watch)).toEqual(new Set(['E[0],E[1500],I[300]']));
    }
  });

  it('a cancelled move leaves the run on its Worker, where it was, and the choice as it was', async () => {
    const experiment = izhikevich2003Network(2000, 100);
    const edit = { kind: 'input' as const, input: 'thalamic-E', param: 'sd' as const, value: 7 };
    const still = host(1);
    await still.send({ type: 'load', experiment });
    await still.send({ type: 'step', ms: 20 });
    await still.send({ type: 'edit', edit });
    await still.send({ type: 'step', ms: 30 });
    const h = host(1);
    await h.send({ type: 'load', experiment });
    await h.send({ type: 'step', ms: 20 });
    h.handle({ type: 'workers', workers: 2 }); // builds until it waits for the second Worker's part
    h.handle({ type: 'edit', edit }); // about the running experiment: it applies, moved or not
    h.handle({ type: 'cancel' });
    expect(h.moves()).toEqual([{ type: 'cancelled', loads: 0, workers: 1 }]);
    await h.send({ type: 'step', ms: 30 });
    expect(recorded(h.frames())).toEqual(recorded(still.frames()));
    // The choice is 1 again: the next load is built for one Worker.
    await h.send({ type: 'load', experiment: izhikevich2003Network(1000, 100) });
    expect(h.loaded().map((e) => [e.network.workers, e.network.workersReason])).toEqual([[1, 'chosen'], [1, 'chosen']]);
    expect(h.errors()).toEqual([]);
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

  it('splits a network of 50,000 neurons across all cores but one with Auto, and across two on two cores', async () => {
    const big = izhikevich2003Network(50_000, 5);
    const split: number[] = [];
    for (const cores of [2, 4]) {
      const auto = host('auto', undefined, () => 0, cores);
      await auto.send({ type: 'load', experiment: big });
      expect(auto.errors()).toEqual([]);
      split.push(auto.loaded()[0].network.workers);
      await Promise.all(started.splice(0).map((worker) => worker.terminate()));
    }
    expect(split).toEqual([2, 3]);
  });

  it('refuses a Workers choice it does not offer, with a message, and keeps the run where it is', async () => {
    const h = host(1);
    await h.send({ type: 'load', experiment: izhikevich2003Network(200, 20) });
    for (const workers of [0, 9, 2.5, 'two']) {
      // What a page that sent something else would send: the Worker checks every message.
      await h.send(JSON.parse(JSON.stringify({ type: 'workers', workers })) as Command);
    }
    expect(h.errors()).toEqual([0, 9, 2.5, 'two'].map((w) => `the Workers choice must be 'auto' or a whole number from 1 to 8 (got ${JSON.stringify(w)})`));
    expect(h.moves()).toEqual([]);
    await h.send({ type: 'step', ms: 10 });
    expect(h.frames().at(-1)?.time).toBe(10);
  });
});
