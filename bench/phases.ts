/**
 * Where a step's time goes, per phase, for the Izhikevich (2003) network:
 *   npm run bench:phases -- --size 100000:100 --steps 3000 [--workers 2]
 * Wraps the engine's phase methods with timers (bench/phaseTimers.ts), runs a warm-up second, then
 * reports ms per step and ns per neuron: on one thread, or with --workers W > 1 in each thread of the
 * split run (bench/threads.ts), which also shows the exchange: queueing every part's spikes and the
 * barrier, in which a part draws its next inputs and then waits for the others.
 * For comparing a change, alternate runs of both trees: the machine's noise is larger than most gains.
 */
import { compileExperiment } from '../src/core/engine/compile.ts';
import { UNLIMITED } from '../src/core/experiment/budget.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { izhikevich2003Network } from '../src/core/experiment/examples.ts';
import { partitionBounds } from '../src/core/engine/partition.ts';
import { EXCHANGE_PHASES, STEP_PHASES, takePhases, timePhases } from './phaseTimers.ts';
import { ThreadedNetwork } from './threads.ts';
import { networkSize, optionFailure, wholeNumber } from './options.ts';

const fail: (message: string) => never = optionFailure('bench:phases');

let size = 100000;
let k = 100;
let steps = 3000;
let workers = 1;
const args = process.argv.slice(2);
for (let a = 0; a < args.length; a++) {
  const arg = args[a];
  if (arg === '--size') {
    ({ size, k } = networkSize(args[++a], fail));
  } else if (arg === '--steps') {
    steps = wholeNumber(arg, args[++a], 1, fail);
  } else if (arg === '--workers') {
    workers = wholeNumber(arg, args[++a], 1, fail);
  } else {
    fail(`unknown option ${arg}; options: --size N[:K], --steps S, --workers W`);
  }
}

const experiment = izhikevich2003Network(size, k);
const labels: Record<string, string> = { ...STEP_PHASES, ...EXCHANGE_PHASES };

/** One line per phase: ms per step and ns per neuron of the network (or of the part, `neurons`). */
function report(phases: Record<string, number>, neurons: number): void {
  for (const [name, total] of Object.entries(phases)) {
    const perStep = total / steps;
    console.log(`  ${labels[name].padEnd(30)} ${perStep.toFixed(3).padStart(7)} ms/step ${((perStep * 1e6) / neurons).toFixed(2).padStart(6)} ns/neuron`);
  }
}

const warmUp = Math.round(1000 / experiment.simulation.dt);
if (workers === 1) {
  const totals = timePhases();
  const sim = new Simulation(compileExperiment(experiment, UNLIMITED));
  sim.run(warmUp);
  takePhases(totals);
  sim.spikes.drain();
  sim.run(steps);
  const spikes = sim.spikes.drain().neurons.length;
  console.log(`bench:phases: N=${size} K=${k}, ${steps} steps of ${sim.net.dt} ms after a warm-up second, ${(spikes / steps).toFixed(0)} spikes per step`);
  report(takePhases(totals), size);
} else {
  const network = await ThreadedNetwork.start(experiment, workers, true);
  await network.run(warmUp);
  const wallStart = performance.now();
  const ran = await network.run(steps);
  const wall = performance.now() - wallStart;
  await network.close();
  // process.cpuUsage in a worker thread is the whole process's: every thread's.
  const cpu = Math.max(...ran.cpuSeconds);
  console.log(
    `bench:phases: N=${size} K=${k}, ${workers} threads, ${steps} steps of ${experiment.simulation.dt} ms after a warm-up second, ` +
      `${(ran.neurons.length / steps).toFixed(0)} spikes per step, ${(wall / steps).toFixed(3)} ms per step (wall), CPU of all threads ${((cpu * 1000) / steps).toFixed(3)} ms per step`,
  );
  const bounds = partitionBounds(size, workers);
  ran.phases.forEach((phases, part) => {
    const neurons = bounds[part + 1] - bounds[part];
    console.log(` part ${part}, ${neurons} neurons:`);
    if (phases) report(phases, neurons);
  });
}
