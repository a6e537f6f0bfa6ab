/**
 * One part of a network split across Node threads (bench/threads.ts): compiles the experiment, keeps the
 * synapses onto its own neurons, and steps them block by block, exchanging spikes with the other parts
 * through the shared buffer (src/core/engine/exchange.ts). The same protocol serves Web Workers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { UNLIMITED } from '../src/core/experiment/budget.ts';
import { SpikeExchange } from '../src/core/engine/exchange.ts';
import { LONGEST_BLOCK, partitionNetwork, shortestDelay } from '../src/core/engine/partition.ts';
import { SpikeRecorder } from '../src/core/engine/recorders.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { synapseArrayBytes, typedArrayBytes } from './bytes.ts';
import { takePhases, timePhases } from './phaseTimers.ts';
import type { ThreadMessage, ThreadReply, ThreadSetup } from './threads.ts';

const port = parentPort;
if (!port) throw new Error('thread-worker.ts runs as a worker thread');
// Sent by bench/threads.ts, in this repository: its shape is ThreadSetup.
const setup = workerData as ThreadSetup;
const phaseTotals = setup.phases ? timePhases(true) : null;

/** This thread's part; the whole network's synapses are let go once the part has its own. */
function build() {
  const whole = compileExperiment(setup.experiment, UNLIMITED);
  const part = new Simulation(partitionNetwork(whole, setup.bounds[setup.part], setup.bounds[setup.part + 1]));
  return { sim: part, blockSteps: Math.min(LONGEST_BLOCK, shortestDelay(whole.synapses, LONGEST_BLOCK)) };
}
const { sim, blockSteps } = build();
const spikes = new SpikeRecorder();
let exchange: SpikeExchange | null = null;
let block = 0;

const reply = (message: ThreadReply) => port.postMessage(message);
reply({
  kind: 'built',
  blockSteps,
  neuronCount: sim.net.neuronCount,
  synapses: sim.net.synapses.post.length,
  synapseBytes: synapseArrayBytes(sim.net.synapses),
  totalBytes: typedArrayBytes([sim.net, sim]),
  rowStart: sim.net.synapses.rowStart,
});

port.on('message', (message: ThreadMessage) => {
  if (message.kind === 'exchange') {
    exchange = new SpikeExchange(message.buffer, message.layout);
    return;
  }
  if (!exchange) throw new Error('run before the exchange buffer arrived');
  const first = sim.stepIndex;
  const cpuStart = process.cpuUsage();
  // Part 0 records every part's spikes (in the order one Simulation records them); the others only when asked.
  const record = setup.part === 0 || message.allSpikes ? spikes : undefined;
  while (sim.stepIndex < first + message.steps) {
    const length = Math.min(blockSteps, first + message.steps - sim.stepIndex);
    const firstStep = sim.stepIndex;
    exchange.stepBlock(setup.part, sim, block, length);
    sim.spikes.count = 0; // recorded below, merged
    exchange.barrier();
    const taken = exchange.deliverBlock(sim, block, firstStep, record);
    block++;
    if (taken < length) break; // a part stopped on a non-finite state: all parts read that and stop
  }
  const cpu = process.cpuUsage(cpuStart);
  const { neurons, times } = spikes.drain();
  const phases = phaseTotals ? takePhases(phaseTotals) : undefined;
  reply({
    kind: 'ran',
    steps: sim.stepIndex - first,
    neurons,
    times,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    failure: sim.failure?.message ?? null,
    phases,
  });
});
