/**
 * The WebAssembly neuron update and the noise, inside the 2003 network on one thread (so its caches hold
 * what a real step leaves there): times, step by step, the noise drawn before the update (applyInputs)
 * and the kernel's calls (updateShared, or updateSharedNoise, which draws the noise itself), and prints
 * percentiles in ns per neuron-step, and the whole step's CPU time.
 *   npm run bench:kernel -- --size 100000:100 --steps 4000
 *   npm run bench:kernel -- --compare ../main      # alternates with that tree's kernel every 50 steps
 * With --compare, the other tree's compiled kernel (its src/core/wasm/neuronUpdate.wasm.ts) is
 * instantiated on this Simulation's memory and takes every other block of 50 steps: both kernels step
 * the same network in one process, so the machine's load falls on both alike. Both must give the same
 * bits (the tests pin that), so which one ran a step does not change the run. A kernel without
 * updateSharedNoise gets its blocks with the noise drawn first, as its tree draws it.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { UNLIMITED } from '../src/core/experiment/budget.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { izhikevich2003Network } from '../src/core/experiment/examples.ts';
import { networkSize, optionFailure, wholeNumber } from './options.ts';

type Kernel = (...args: number[]) => number;

const fail: (message: string) => never = optionFailure('bench:kernel');

let size = 100000;
let k = 100;
let steps = 4000;
let compare: string | null = null;
const args = process.argv.slice(2);
for (let a = 0; a < args.length; a++) {
  const arg = args[a];
  if (arg === '--size') {
    ({ size, k } = networkSize(args[++a], fail));
  } else if (arg === '--steps') {
    steps = wholeNumber(arg, args[++a], 100, fail);
  } else if (arg === '--compare') {
    compare = args[++a] ?? fail('--compare: expected a directory');
  } else {
    fail(`unknown option ${arg}; options: --size N[:K], --steps S, --compare DIR`);
  }
}

const sim = new Simulation(compileExperiment(izhikevich2003Network(size, k), UNLIMITED));
// The kernel and the noise plan are private to the Simulation: reached as a profiler would.
interface Reached {
  neuronKernel: { memory: WebAssembly.Memory; runShared: Kernel; runSharedNoise: Kernel } | null;
  fusedInput: number[];
  applyInputs: (...a: unknown[]) => void;
}
const reached = sim as unknown as Reached;
const kernel = reached.neuronKernel;
if (kernel === null) fail('this Simulation steps its neurons in JS (no WebAssembly SIMD?)');
const fused = reached.fusedInput;

/** A tree's kernel: updateShared, and updateSharedNoise when it draws the noise in the update (else the step draws it first). */
interface TreeKernel {
  shared: Kernel;
  sharedNoise: Kernel | null;
}
const kernels = new Map<string, TreeKernel>([['this tree', { shared: kernel.runShared, sharedNoise: kernel.runSharedNoise }]]);
if (compare !== null) {
  const source = readFileSync(resolve(compare, 'src/core/wasm/neuronUpdate.wasm.ts'), 'utf8');
  const base64 = /'([A-Za-z0-9+/=]+)'/.exec(source)?.[1] ?? fail(`no kernel bytes in ${compare}`);
  const exports = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(base64, 'base64')), { env: { memory: kernel.memory } }).exports;
  const other = exports.updateShared;
  if (typeof other !== 'function') fail(`${compare}'s kernel has no updateShared`);
  const own = kernel.runShared.length;
  // A kernel from before the blocks takes no `currents` (the 9th argument): drop it.
  const call = other.length === own ? (other as Kernel) : other.length === own - 1 ? (...a: number[]) => (other as Kernel)(...a.slice(0, 8), ...a.slice(9)) : fail(`${compare}'s updateShared takes ${other.length} arguments`);
  const otherNoise = exports.updateSharedNoise;
  const noiseCall = typeof otherNoise === 'function' && otherNoise.length === kernel.runSharedNoise.length ? (otherNoise as Kernel) : null;
  kernels.set(compare, { shared: call, sharedNoise: noiseCall });
}

// Per step: the time of the noise (applyInputs, when it draws it) and of the kernel's calls.
const names = [...kernels.keys()];
const times = new Map(names.map((name) => [name, [] as number[]]));
let current = kernels.get(names[0])!;
let stepNanos = 0;
const timed = (run: () => number): number => {
  const start = process.hrtime.bigint();
  const count = run();
  stepNanos += Number(process.hrtime.bigint() - start);
  return count;
};
kernel.runShared = (...a: number[]) => timed(() => current.shared(...a));
kernel.runSharedNoise = (...a: number[]) => timed(() => current.sharedNoise!(...a));
const applyInputs = reached.applyInputs;
reached.applyInputs = (...a: unknown[]) => timed(() => (Reflect.apply(applyInputs, sim, a), 0));

sim.run(Math.round(1000 / sim.net.dt));
sim.spikes.drain();
// CPU per step, whole steps, by the kernel that ran them: the rest of the step is the same code in both.
const stepCpu = new Map(names.map((name) => [name, { micros: 0, steps: 0 }]));
const block = 50;
for (let s = 0, b = 0; s < steps; s += block, b++) {
  const name = names[b % names.length];
  current = kernels.get(name)!;
  // A kernel without updateSharedNoise steps a Simulation that draws its noise first.
  reached.fusedInput = current.sharedNoise === null ? [] : fused;
  const run = Math.min(block, steps - s);
  const list = times.get(name)!;
  const start = process.cpuUsage();
  for (let t = 0; t < run; t++) {
    stepNanos = 0;
    sim.run(1);
    list.push(stepNanos);
  }
  const used = process.cpuUsage(start);
  const total = stepCpu.get(name)!;
  total.micros += used.user + used.system;
  total.steps += run;
}
const spikes = sim.spikes.drain().neurons.length;
console.log(`bench:kernel: N=${size} K=${k}, ${steps} steps after a warm-up second, ${(spikes / steps).toFixed(0)} spikes per step, load average ${loadavg()[0].toFixed(2)}`);
for (const name of names) {
  const sorted = [...times.get(name)!].sort((a, b) => a - b);
  const at = (p: number) => (sorted[Math.floor(p * (sorted.length - 1))] / size).toFixed(2).padStart(6);
  const cpu = stepCpu.get(name)!;
  const how = kernels.get(name)!.sharedNoise === null ? 'noise drawn first' : 'noise in the update';
  console.log(`  ${name.padEnd(16)} noise + update, ns per neuron-step: p10 ${at(0.1)}  median ${at(0.5)}  p90 ${at(0.9)}  (${sorted.length} steps, ${how}); whole step ${(cpu.micros / cpu.steps / 1000).toFixed(3)} ms of CPU`);
}
