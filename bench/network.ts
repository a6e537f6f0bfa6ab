/**
 * Benchmark: the Izhikevich (2003) network (800 excitatory + 200 inhibitory neurons, all-to-all,
 * 1 ms steps) under Node. Runs several seconds of simulated time and reports medians.
 * Last line, for scripts:
 *   bench: N=1000 K=1000 <x> s/sim-s <y> neuron-updates/s <z> syn-events/s <r> Hz
 */
import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { izhikevich2003Network } from '../src/core/experiment/examples.ts';

const args = process.argv.slice(2);
const secondsArg = args.indexOf('--seconds');
const seconds = secondsArg >= 0 ? Number(args[secondsArg + 1]) : 5;
if (!(Number.isInteger(seconds) && seconds >= 1)) {
  console.error('--seconds: expected a whole number >= 1');
  process.exit(2);
}

const experiment = izhikevich2003Network();
const buildStart = performance.now();
const net = compileExperiment(experiment);
const buildSeconds = (performance.now() - buildStart) / 1000;
const sim = new Simulation(net);
const n = net.neuronCount;
const synapses = net.synapses.post.length;
const outDegree = new Float64Array(n);
for (let i = 0; i < n; i++) outDegree[i] = net.synapses.rowStart[i + 1] - net.synapses.rowStart[i];
const stepsPerSecond = Math.round(1000 / net.dt);

// One simulated second to warm up the JIT, then `seconds` measured seconds.
sim.run(stepsPerSecond);
sim.spikes.drain();

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const wall: number[] = [];
const rates: number[] = [];
const events: number[] = [];
console.log(`Izhikevich 2003 network: ${n} neurons, ${synapses} synapses, dt ${net.dt} ms, scheme ${net.scheme}; built in ${buildSeconds.toFixed(2)} s`);
console.log('second  wall(s)  spikes  rate(Hz)  syn-events');
for (let k = 0; k < seconds; k++) {
  const start = performance.now();
  sim.run(stepsPerSecond);
  const elapsed = (performance.now() - start) / 1000;
  const { neurons } = sim.spikes.drain();
  let delivered = 0;
  for (let s = 0; s < neurons.length; s++) delivered += outDegree[neurons[s]];
  wall.push(elapsed);
  rates.push(neurons.length / n);
  events.push(delivered / elapsed);
  console.log(`${String(k + 1).padStart(6)}  ${elapsed.toFixed(4)}  ${String(neurons.length).padStart(6)}  ${(neurons.length / n).toFixed(2).padStart(8)}  ${delivered}`);
}
const secondsPerSimSecond = median(wall);
const line =
  `bench: N=${n} K=${Math.round(synapses / n)} ${secondsPerSimSecond.toFixed(4)} s/sim-s ` +
  `${(n * stepsPerSecond / secondsPerSimSecond).toExponential(3)} neuron-updates/s ` +
  `${median(events).toExponential(3)} syn-events/s ${median(rates).toFixed(2)} Hz`;
console.log(`median of ${seconds} simulated seconds: ${(1 / secondsPerSimSecond).toFixed(1)}x faster than real time`);
console.log(line);
