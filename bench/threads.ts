/**
 * A network split across Node worker threads, one part each (src/core/engine/partition.ts), exchanging
 * spikes through a SharedArrayBuffer with an Atomics barrier once per block (src/core/engine/exchange.ts).
 * A thin driver: the core does the stepping and the exchange, so Web Workers can reuse the protocol:
 *   1. each thread gets the experiment, its part and the bounds; compiles; replies 'built' with the block length;
 *   2. the driver makes the shared buffer for that layout and sends it to all ('exchange');
 *   3. 'run' steps: every thread steps its neurons a block at a time and queues every part's spikes,
 *      then replies 'ran' with the spikes (in the order one Simulation records them) and its CPU time.
 */
import { Worker } from 'node:worker_threads';
import { once } from 'node:events';
import type { Experiment } from '../src/core/experiment/types.ts';
import { exchangeBytes, exchangeLayout, type ExchangeLayout } from '../src/core/engine/exchange.ts';
import { partitionBounds } from '../src/core/engine/partition.ts';

export interface ThreadSetup {
  experiment: Experiment;
  part: number;
  bounds: Int32Array;
  /** Time the phases of each step and of the exchange (bench/phaseTimers.ts); each 'ran' reports them. */
  phases?: boolean;
}

export type ThreadMessage =
  | { kind: 'exchange'; buffer: SharedArrayBuffer; layout: ExchangeLayout }
  | { kind: 'run'; steps: number; allSpikes?: boolean };

export type ThreadReply =
  | {
      kind: 'built';
      blockSteps: number;
      neuronCount: number;
      /** This thread's: synapses onto its neurons, their arrays' bytes, and all its typed arrays' bytes. */
      synapses: number;
      synapseBytes: number;
      totalBytes: number;
      /** The part's rows: rowStart[i + 1] - rowStart[i] synapses of neuron i onto the part's neurons. */
      rowStart: Int32Array;
    }
  | {
      kind: 'ran';
      steps: number;
      neurons: Int32Array;
      times: Float64Array;
      cpuSeconds: number;
      failure: string | null;
      /** With ThreadSetup.phases: ms per phase (method name) over this run. */
      phases?: Record<string, number>;
    };

/** Neurons of an experiment, without compiling it. */
function neuronCount(experiment: Experiment): number {
  return experiment.neurons.length + experiment.populations.reduce((sum, p) => sum + p.size, 0);
}

export class ThreadedNetwork {
  private constructor(
    private readonly workers: Worker[],
    readonly blockSteps: number,
    readonly neuronCount: number,
    /** Summed over the threads. */
    readonly synapses: number,
    readonly synapseBytes: number,
    readonly totalBytes: number,
    /** Synapses per neuron, over all parts. */
    private readonly outDegree: Int32Array,
  ) {}

  /** Starts `threads` threads, each compiling `experiment` and keeping its part (timing its phases when `phases`). */
  static async start(experiment: Experiment, threads: number, phases = false): Promise<ThreadedNetwork> {
    const bounds = partitionBounds(neuronCount(experiment), threads);
    const workers: Worker[] = [];
    for (let part = 0; part < threads; part++) {
      const setup: ThreadSetup = { experiment, part, bounds, phases };
      workers.push(new Worker(new URL('./thread-bootstrap.mjs', import.meta.url), { workerData: setup }));
    }
    const built = (await Promise.all(workers.map((worker) => ThreadedNetwork.reply(worker)))).map((b) => {
      if (b.kind !== 'built') throw new Error(`thread replied ${b.kind} when built`);
      return b;
    });
    // All threads compiled the same network: the same shortest delay, so the same block length.
    const blockSteps = built[0].blockSteps;
    const layout = exchangeLayout(bounds, blockSteps);
    const buffer = new SharedArrayBuffer(exchangeBytes(layout));
    for (const worker of workers) worker.postMessage({ kind: 'exchange', buffer, layout } satisfies ThreadMessage);
    const sum = (of: (b: (typeof built)[number]) => number) => built.reduce((total, b) => total + of(b), 0);
    const outDegree = new Int32Array(built[0].neuronCount);
    for (const { rowStart } of built) for (let i = 0; i < outDegree.length; i++) outDegree[i] += rowStart[i + 1] - rowStart[i];
    return new ThreadedNetwork(workers, blockSteps, built[0].neuronCount, sum((b) => b.synapses), sum((b) => b.synapseBytes), sum((b) => b.totalBytes) + buffer.byteLength, outDegree);
  }

  private static async reply(worker: Worker): Promise<ThreadReply> {
    const [message] = (await Promise.race([once(worker, 'message'), once(worker, 'error').then(([error]) => Promise.reject(error instanceof Error ? error : new Error(String(error))))])) as [ThreadReply];
    return message;
  }

  /** Synaptic events of these spikes (counted by the caller outside its timing: the threads do not count them). */
  events(neurons: Int32Array): number {
    let events = 0;
    for (let k = 0; k < neurons.length; k++) events += this.outDegree[neurons[k]];
    return events;
  }

  /** Runs `steps` steps in all threads; the spikes of all parts and each thread's CPU seconds. */
  async run(steps: number) {
    for (const worker of this.workers) worker.postMessage({ kind: 'run', steps } satisfies ThreadMessage);
    const replies = await Promise.all(this.workers.map((worker) => ThreadedNetwork.reply(worker)));
    const ran = replies.map((r) => {
      if (r.kind !== 'ran') throw new Error(`thread replied ${r.kind} to run`);
      return r;
    });
    return {
      steps: Math.min(...ran.map((r) => r.steps)),
      neurons: ran[0].neurons,
      times: ran[0].times,
      cpuSeconds: ran.map((r) => r.cpuSeconds),
      phases: ran.map((r) => r.phases),
      failure: ran.find((r) => r.failure)?.failure ?? null,
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
