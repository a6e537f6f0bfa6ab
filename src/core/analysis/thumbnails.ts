/**
 * Small drawings of the firing patterns (patterns.ts): each pattern's own experiment run with the lab's
 * engine, its v and input current reduced to the least and greatest value per time bin.
 */
import { compileExperiment } from '../engine/compile.ts';
import { Simulation } from '../engine/simulation.ts';
import { PATTERN_NEURON, type FiringPattern } from '../experiment/patterns.ts';
import { stepsOf } from './fICurve.ts';
import type { PatternThumbnail } from './sweeps.ts';

/**
 * Runs `pattern` for its duration and bins it. Bin k holds the steps n with floor(n * buckets / steps) =
 * k, i.e. the times [k, k + 1) * duration / buckets: v is the state at the end of step n (vpeak in a
 * step with a spike, as the lab's traces show it) and the input the current acting during step n, so a
 * pulse lands in the bins of its own time span. Bin 0 also holds the initial v. With more buckets than
 * steps, a bin shows the step it falls in.
 */
export function patternThumbnail(pattern: FiringPattern, buckets: number): PatternThumbnail {
  if (!(Number.isInteger(buckets) && buckets >= 1)) throw new RangeError(`buckets: expected a whole number >= 1, got ${buckets}`);
  const experiment = pattern.make();
  const { dt, duration } = experiment.simulation;
  const net = compileExperiment(experiment);
  const neuron = net.indexOf.get(PATTERN_NEURON);
  if (neuron === undefined) throw new Error(`pattern "${pattern.id}" has no neuron "${PATTERN_NEURON}"`);
  const sim = new Simulation(net, Int32Array.of(neuron), ['v', 'iext']);
  const v0 = sim.v[neuron];
  const steps = stepsOf(duration, dt);
  sim.run(steps);
  if (sim.failure) throw new Error(`pattern "${pattern.id}": ${sim.failure.message}`);
  let spikeCount = 0;
  for (let s = 0; s < sim.spikes.count; s++) if (sim.spikes.neurons[s] === neuron) spikeCount++;
  // Samples are laid out [v, iext] per step (one watched neuron).
  const values = sim.traces.values;
  const vMin = new Float32Array(buckets);
  const vMax = new Float32Array(buckets);
  const inputMin = new Float32Array(buckets);
  const inputMax = new Float32Array(buckets);
  for (let k = 0; k < buckets; k++) {
    // Steps n with k <= n buckets / steps < k + 1; an empty bin (more bins than steps) takes its step.
    let first = Math.ceil((k * steps) / buckets);
    let end = Math.ceil(((k + 1) * steps) / buckets);
    if (end <= first) {
      first = Math.min(Math.floor((k * steps) / buckets), steps - 1);
      end = first + 1;
    }
    let vLo = k === 0 ? v0 : Infinity;
    let vHi = k === 0 ? v0 : -Infinity;
    let iLo = Infinity;
    let iHi = -Infinity;
    for (let n = first; n < end; n++) {
      const v = values[2 * n];
      const input = values[2 * n + 1];
      if (v < vLo) vLo = v;
      if (v > vHi) vHi = v;
      if (input < iLo) iLo = input;
      if (input > iHi) iHi = input;
    }
    vMin[k] = vLo;
    vMax[k] = vHi;
    inputMin[k] = iLo;
    inputMax[k] = iHi;
  }
  return { id: pattern.id, duration, vMin, vMax, inputMin, inputMax, spikeCount };
}
