import type { Simulation } from '../engine/simulation.ts';

/**
 * What the network did, step by step, for every neuron: v at the end of each step (as the lab's trace
 * recorder gives it: the spike peak in a step that fired) and whether the neuron fired in that step.
 * Sample k of neuron i is at k * n + i; step k runs from k dt to (k + 1) dt.
 */
export class Recording {
  readonly v: Float64Array;
  readonly spiked: Uint8Array;
  steps = 0;

  constructor(
    readonly n: number,
    readonly dt: number,
    readonly capacity: number,
    /** The state at t = 0. */
    readonly v0: Float64Array,
    readonly u0: Float64Array,
  ) {
    this.v = new Float64Array(capacity * n);
    this.spiked = new Uint8Array(capacity * n);
  }

  spikeCount(neuron: number, steps = this.steps): number {
    let count = 0;
    for (let k = 0; k < steps; k++) count += this.spiked[k * this.n + neuron];
    return count;
  }

  /**
   * Steps the simulation (which records v of every neuron: its trace recorder watches 0 .. n - 1) and
   * appends what it recorded. Returns the steps taken (fewer at the capacity or if the run failed).
   */
  record(sim: Simulation, steps: number): number {
    const n = this.n;
    const end = Math.min(this.capacity, this.steps + steps);
    const start = this.steps;
    for (let k = start; k < end && !sim.failure; k++) sim.step();
    const taken = sim.stepIndex - start;
    const traces = sim.traces.drain();
    this.v.set(traces.values.subarray(0, taken * n), start * n);
    const spikes = sim.spikes.drain();
    for (let s = 0; s < spikes.neurons.length; s++) {
      const step = Math.round(spikes.times[s] / this.dt);
      this.spiked[step * n + spikes.neurons[s]] = 1;
    }
    this.steps = start + taken;
    return taken;
  }
}
