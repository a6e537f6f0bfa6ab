/**
 * One network of `npm run bench`, in a process of its own (so that its peak memory is its own and
 * the JIT starts fresh): builds izhikevich2003Network(size, k), runs a warm-up second, then times
 * each measured second. Prints a line per second; sends its result to bench/network.ts over IPC,
 * or prints it as JSON when run directly:
 *   npx tsx bench/network-lab.ts SIZE K SECONDS [DELAYS [THREADS]]
 * DELAYS (ms, default 1): the synapses' delays are drawn uniformly from 1 .. DELAYS whole steps.
 * THREADS (default 1): more splits the network across that many worker threads (bench/threads.ts).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { UNLIMITED } from '../src/core/experiment/budget.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { izhikevich2003Network } from '../src/core/experiment/examples.ts';
import type { Experiment } from '../src/core/experiment/types.ts';
import { synapseArrayBytes, typedArrayBytes } from './bytes.ts';
import { ThreadedNetwork } from './threads.ts';

export interface LabResult {
  size: number;
  k: number;
  synapses: number;
  /** Compiling the experiment and constructing the Simulation, s. */
  buildSeconds: number;
  /** Typed arrays of the compiled network's synapses (CSR rows, targets, weights, delays, types). */
  synapseBytes: number;
  /** Every typed array of the compiled network and the Simulation (ring, per-synapse offsets, state, recorders). */
  totalBytes: number;
  /** Peak resident set of this process, bytes. */
  peakRss: number;
  /** Per measured simulated second. */
  wall: number[];
  cpu: number[];
  spikes: number[];
  events: number[];
}

/**
 * Builds the network and runs its warm-up second; then each call of `second()` times one simulated
 * second. With threads > 1 the network is split across that many worker threads (bench/threads.ts).
 */
export async function prepareLab(
  size: number,
  k: number,
  delays = 1,
  threads = 1,
): Promise<{ result: LabResult; second: () => Promise<void>; finish: () => Promise<LabResult> }> {
  const experiment = izhikevich2003Network(size, k);
  // Half a step either side, so that rounding to whole steps makes each delay equally likely.
  if (delays > 1) for (const projection of experiment.projections) projection.delay = { dist: 'uniform', min: 0.5, max: delays + 0.5 };
  const buildStart = performance.now();
  const run = threads > 1 ? await threadedRun(experiment, threads) : singleRun(experiment);
  const buildSeconds = (performance.now() - buildStart) / 1000;
  const { n, dt, synapses, synapseBytes, totalBytes } = run;
  const stepsPerSecond = Math.round(1000 / dt);
  console.log(
    `lab: ${n} neurons, ${synapses} synapses, dt ${dt} ms, ${threads} thread${threads > 1 ? 's' : ''}; built in ${buildSeconds.toFixed(2)} s; ` +
      `${(synapseBytes / synapses).toFixed(1)} B/synapse in the synapse arrays, ${(totalBytes / synapses).toFixed(1)} B/synapse in all`,
  );

  // One simulated second to warm up the JIT (and let the network settle), then the measured seconds.
  await run.run(stepsPerSecond);

  const result: LabResult = {
    size: n, k, synapses, buildSeconds, synapseBytes, totalBytes, peakRss: 0, wall: [], cpu: [], spikes: [], events: [],
  };
  const second = async () => {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const neurons = await run.run(stepsPerSecond);
    const elapsed = (performance.now() - start) / 1000;
    // The whole process: with threads, all of them.
    const cpuUsed = process.cpuUsage(cpuStart);
    // Bookkeeping of the bench, not of the engine: outside the timing.
    const spikes = neurons.length;
    const events = run.events(neurons);
    result.wall.push(elapsed);
    result.cpu.push((cpuUsed.user + cpuUsed.system) / 1e6);
    result.spikes.push(spikes);
    result.events.push(events);
    const s = result.wall.length - 1;
    console.log(
      `  second ${s + 1}: ${elapsed.toFixed(4)} s (cpu ${result.cpu[s].toFixed(4)} s), ${spikes} spikes, ` +
        `${(spikes / n).toFixed(2)} Hz, ${events} synaptic events`,
    );
  };
  const finish = async () => {
    await run.close();
    result.peakRss = process.resourceUsage().maxRSS * 1024;
    return result;
  };
  return { result, second, finish };
}

/** The network in one Simulation, in this thread. */
function singleRun(experiment: Experiment) {
  // A benchmark measures what it is asked to (the machine's memory is its limit), not what fits a tab.
  const net = compileExperiment(experiment, UNLIMITED);
  const sim = new Simulation(net);
  const { rowStart } = net.synapses;
  return {
    n: net.neuronCount,
    dt: net.dt,
    synapses: rowStart[net.neuronCount],
    synapseBytes: synapseArrayBytes(net.synapses),
    totalBytes: typedArrayBytes([net, sim]),
    run: (steps: number) => {
      sim.run(steps);
      return Promise.resolve(sim.spikes.drain().neurons);
    },
    events: (neurons: Int32Array) => {
      let events = 0;
      for (let j = 0; j < neurons.length; j++) events += rowStart[neurons[j] + 1] - rowStart[neurons[j]];
      return events;
    },
    close: () => Promise.resolve(),
  };
}

/** The network split across worker threads. */
async function threadedRun(experiment: Experiment, threads: number) {
  const network = await ThreadedNetwork.start(experiment, threads);
  return {
    n: network.neuronCount,
    dt: experiment.simulation.dt,
    synapses: network.synapses,
    synapseBytes: network.synapseBytes,
    totalBytes: network.totalBytes,
    run: async (steps: number) => (await network.run(steps)).neurons,
    events: (neurons: Int32Array) => network.events(neurons),
    close: () => network.close(),
  };
}

/** What this process tells bench/network.ts: 'ready' after the warm-up and after each measured second
 * the parent asks for (by sending 'second'), the result after the last. */
export type LabMessage = { kind: 'ready' } | { kind: 'result'; result: LabResult };

if (fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const [size, k, seconds, delays = 1, threads = 1] = process.argv.slice(2, 7).map(Number);
  const whole = [size, k, seconds, delays, threads].every(Number.isInteger);
  if (!(whole && size >= 10 && k >= 1 && k <= size && seconds >= 1 && delays >= 1 && threads >= 1)) {
    console.error('usage: network-lab.ts SIZE K SECONDS [DELAYS [THREADS]] (whole numbers, 1 <= K <= SIZE)');
    process.exit(2);
  }
  const lab = await prepareLab(size, k, delays, threads);
  const send = process.send?.bind(process);
  if (send) {
    // Paced by the parent, which alternates seconds with Brian2's.
    const reply = (message: LabMessage) => send(message);
    process.on('message', (message) => {
      if (message !== 'second') return;
      void (async () => {
        await lab.second();
        reply(lab.result.wall.length < seconds ? { kind: 'ready' } : { kind: 'result', result: await lab.finish() });
      })();
    });
    reply({ kind: 'ready' });
  } else {
    for (let s = 0; s < seconds; s++) await lab.second();
    console.log(JSON.stringify(await lab.finish()));
  }
}
