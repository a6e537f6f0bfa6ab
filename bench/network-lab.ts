/**
 * One network of `npm run bench`, in a process of its own (so that its peak memory is its own and
 * the JIT starts fresh): builds izhikevich2003Network(size, k), runs a warm-up second, then times
 * each measured second. Prints a line per second; sends its result to bench/network.ts over IPC,
 * or prints it as JSON when run directly:
 *   npx tsx bench/network-lab.ts SIZE K SECONDS
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { izhikevich2003Network } from '../src/core/experiment/examples.ts';
import { RANDOM_DRAWS, type RandomDraws } from '../src/core/experiment/types.ts';

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
 * Bytes of the distinct ArrayBuffers reachable from `roots` through own properties (class fields,
 * private ones included), arrays and plain objects, skipping `skip`. Counting what is reachable,
 * rather than naming fields, keeps the count right as the engine's layout changes.
 */
export function typedArrayBytes(roots: readonly object[], skip: ReadonlySet<object> = new Set()): number {
  const buffers = new Set<ArrayBufferLike>();
  const seen = new Set<object>(skip);
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (ArrayBuffer.isView(value)) {
      buffers.add(value.buffer);
      return;
    }
    if (value instanceof Map || value instanceof Set) return; // ids and names, not simulation state
    for (const child of Object.values(value) as unknown[]) visit(child);
  };
  roots.forEach(visit);
  let bytes = 0;
  for (const buffer of buffers) bytes += buffer.byteLength;
  return bytes;
}

/** Builds the network and runs its warm-up second; then each call of `second()` times one simulated second. */
export function prepareLab(size: number, k: number, randomDraws?: RandomDraws): { result: LabResult; second: () => void; finish: () => LabResult } {
  const experiment = izhikevich2003Network(size, k);
  if (randomDraws !== undefined) experiment.simulation.randomDraws = randomDraws;
  const buildStart = performance.now();
  const net = compileExperiment(experiment);
  const sim = new Simulation(net);
  const buildSeconds = (performance.now() - buildStart) / 1000;
  const n = net.neuronCount;
  const { rowStart } = net.synapses;
  const synapses = rowStart[n];
  const synapseBytes = typedArrayBytes([net.synapses]);
  const totalBytes = typedArrayBytes([net, sim]);
  const stepsPerSecond = Math.round(1000 / net.dt);
  console.log(
    `lab: ${n} neurons, ${synapses} synapses, dt ${net.dt} ms, scheme ${net.scheme}; built in ${buildSeconds.toFixed(2)} s; ` +
      `${(synapseBytes / synapses).toFixed(1)} B/synapse in the synapse arrays, ${(totalBytes / synapses).toFixed(1)} B/synapse in all`,
  );

  // One simulated second to warm up the JIT (and let the network settle), then the measured seconds.
  sim.run(stepsPerSecond);
  sim.spikes.drain();

  const result: LabResult = {
    size: n, k, synapses, buildSeconds, synapseBytes, totalBytes, peakRss: 0, wall: [], cpu: [], spikes: [], events: [],
  };
  const second = () => {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    sim.run(stepsPerSecond);
    const elapsed = (performance.now() - start) / 1000;
    const cpuUsed = process.cpuUsage(cpuStart);
    const { neurons } = sim.spikes.drain();
    let delivered = 0;
    for (let j = 0; j < neurons.length; j++) delivered += rowStart[neurons[j] + 1] - rowStart[neurons[j]];
    result.wall.push(elapsed);
    result.cpu.push((cpuUsed.user + cpuUsed.system) / 1e6);
    result.spikes.push(neurons.length);
    result.events.push(delivered);
    const s = result.wall.length - 1;
    console.log(
      `  second ${s + 1}: ${elapsed.toFixed(4)} s (cpu ${result.cpu[s].toFixed(4)} s), ${neurons.length} spikes, ` +
        `${(neurons.length / n).toFixed(2)} Hz, ${delivered} synaptic events`,
    );
  };
  const finish = () => {
    result.peakRss = process.resourceUsage().maxRSS * 1024;
    return result;
  };
  return { result, second, finish };
}

/** What this process tells bench/network.ts: 'ready' after the warm-up and after each measured second
 * the parent asks for (by sending 'second'), the result after the last. */
export type LabMessage = { kind: 'ready' } | { kind: 'result'; result: LabResult };

if (fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const [size, k, seconds] = process.argv.slice(2, 5).map(Number);
  const randomDraws = RANDOM_DRAWS.find((d) => d === process.argv[5]);
  if (!(Number.isInteger(size) && Number.isInteger(k) && Number.isInteger(seconds) && size >= 10 && k >= 1 && k <= size && seconds >= 1)) {
    console.error(`usage: network-lab.ts SIZE K SECONDS [DRAWS] (whole numbers, 1 <= K <= SIZE; DRAWS one of ${RANDOM_DRAWS.join(', ')})`);
    process.exit(2);
  }
  if (process.argv[5] !== undefined && randomDraws === undefined) {
    console.error(`network-lab.ts: unknown random draws "${process.argv[5]}" (known: ${RANDOM_DRAWS.join(', ')})`);
    process.exit(2);
  }
  const lab = prepareLab(size, k, randomDraws);
  const send = process.send?.bind(process);
  if (send) {
    // Paced by the parent, which alternates seconds with Brian2's.
    const reply = (message: LabMessage) => send(message);
    process.on('message', (message) => {
      if (message === 'second') {
        lab.second();
        reply(lab.result.wall.length < seconds ? { kind: 'ready' } : { kind: 'result', result: lab.finish() });
      }
    });
    reply({ kind: 'ready' });
  } else {
    for (let s = 0; s < seconds; s++) lab.second();
    console.log(JSON.stringify(lab.finish()));
  }
}
