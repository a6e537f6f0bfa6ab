/**
 * Where a step's time goes, per phase, for the Izhikevich (2003) network on one thread:
 *   npm run bench:phases -- --size 100000:100 --steps 3000
 * Wraps the Simulation's phase methods with timers (a few calls of performance.now per step, nothing
 * next to a step of milliseconds), runs a warm-up second, then reports ms per step and ns per neuron.
 * For comparing a change, alternate runs of both trees: the machine's noise is larger than most gains.
 */
import { compileExperiment } from '../src/core/engine/compile.ts';
import { UNLIMITED } from '../src/core/experiment/budget.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { izhikevich2003Network } from '../src/core/experiment/examples.ts';

/** The phases, by the private method that does each (the step's total last). */
const PHASES: Record<string, string> = {
  applyInputs: 'inputs (noise)',
  updateInKernel: 'neuron update',
  deliverSpikesInFlight: 'spike delivery',
  afterUpdate: 'spikes recorded and queued',
  step: 'whole step',
};

function fail(message: string): never {
  console.error(`bench:phases: ${message}`);
  process.exit(2);
}

let size = 100000;
let k = 100;
let steps = 3000;
const args = process.argv.slice(2);
for (let a = 0; a < args.length; a++) {
  const arg = args[a];
  if (arg === '--size') {
    const [n, kk] = (args[++a] ?? '').split(':').map(Number);
    size = n;
    k = kk ?? (n <= 1000 ? n : n <= 10000 ? 1000 : 100);
    if (!(Number.isInteger(size) && Number.isInteger(k) && size >= 10 && k >= 1 && k <= size)) fail('--size: expected N or N:K, whole numbers, 1 <= K <= N');
  } else if (arg === '--steps') {
    steps = Number(args[++a]);
    if (!(Number.isInteger(steps) && steps >= 1)) fail('--steps: expected a whole number >= 1');
  } else {
    fail(`unknown option ${arg}; options: --size N[:K], --steps S`);
  }
}

const sim = new Simulation(compileExperiment(izhikevich2003Network(size, k), UNLIMITED));
// The phases are private methods: reached through the prototype, as a profiler would.
const proto = Simulation.prototype as unknown as Record<string, unknown>;
const totals = new Map<string, number>();
for (const name of Object.keys(PHASES)) {
  const method = proto[name];
  if (typeof method !== 'function') fail(`Simulation has no method ${name} any more: update PHASES`);
  totals.set(name, 0);
  proto[name] = function (this: Simulation, ...args: unknown[]): unknown {
    const start = performance.now();
    const result: unknown = Reflect.apply(method, this, args);
    totals.set(name, totals.get(name)! + performance.now() - start);
    return result;
  };
}

sim.run(Math.round(1000 / sim.net.dt));
for (const name of totals.keys()) totals.set(name, 0);
sim.spikes.drain();
sim.run(steps);
const spikes = sim.spikes.drain().neurons.length;
console.log(`bench:phases: N=${size} K=${k}, ${steps} steps of ${sim.net.dt} ms after a warm-up second, ${(spikes / steps).toFixed(0)} spikes per step`);
for (const [name, total] of totals) {
  const perStep = total / steps;
  console.log(`  ${PHASES[name].padEnd(28)} ${perStep.toFixed(3).padStart(7)} ms/step ${((perStep * 1e6) / size).toFixed(2).padStart(6)} ns/neuron`);
}
