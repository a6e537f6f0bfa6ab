/**
 * Firing-class maps: how a cell answers a step of current as two of its parameters vary over a grid,
 * computed with the lab's engine as one network of unconnected copies of the cell, one per grid point.
 */
import { compileExperiment } from '../engine/compile.ts';
import { Simulation } from '../engine/simulation.ts';
import type { NeuronSpec } from '../experiment/types.ts';
import { SweepError, stepsOf, sweepExperiment, sweepNeuron } from './fICurve.ts';
import { classifySpikeTrain } from './firingClass.ts';
import { FIRING_CLASSES, PLANE_PARAMS, rangeValues, type FiringClass, type FiringMap, type FiringMapRequest } from './sweeps.ts';

const CLASS_INDEX = new Map<FiringClass, number>(FIRING_CLASSES.map((c, k) => [c, k]));

/**
 * Classifying all points, in units of work: about as long as this many steps of the network (a spike
 * train takes about as long to classify as 40 steps of its neuron), so a slice stays short at the end.
 */
const CLASSIFY_WORK = 40;

/**
 * One map, computed in chunks: `advance(maxSteps)` does at most that much work and says whether the map
 * is finished. Work is counted in steps of the network, then CLASSIFY_WORK units to classify the points
 * (`total` in all). Grid point (ix, iy) is neuron iy * x.count + ix. Each point starts from the cell's v0
 * and u0; a 2003 cell without u0 starts at b v0 with the point's own b, as the lab's neuron would, and a
 * 2007 cell at u = 0 (as NeuroML's does). Spikes
 * before `onset` are not counted or classified.
 */
export class FiringMapRun {
  readonly total: number;
  done = 0;
  private readonly sim: Simulation;
  private readonly steps: number;
  private readonly points: number;
  private readonly counts: Uint32Array;
  // Spikes after onset as (neuron, time) pairs in time order, grown by doubling; sorted by neuron at the end.
  private spikeNeurons = new Int32Array(1 << 16);
  private spikeTimes = new Float64Array(1 << 16);
  private spikeCount = 0;
  // Classification: each neuron's spike times at byNeuron[start[i] .. start[i + 1]).
  private byNeuron: Float64Array | null = null;
  private start = new Uint32Array(0);
  private readonly classes: Uint8Array;
  private classified = 0;
  private map: FiringMap | null = null;

  constructor(readonly request: FiringMapRequest) {
    const { cell, plane, numerics, amplitude, onset, duration } = request;
    const xs = rangeValues(request.x);
    const ys = rangeValues(request.y);
    const { x, y } = PLANE_PARAMS[plane];
    this.points = xs.length * ys.length;
    const neurons: NeuronSpec[] = new Array<NeuronSpec>(this.points);
    for (let iy = 0; iy < ys.length; iy++) {
      for (let ix = 0; ix < xs.length; ix++) {
        const k = iy * xs.length + ix;
        neurons[k] = sweepNeuron(`p${k}`, { ...cell, [x]: xs[ix], [y]: ys[iy] });
      }
    }
    const experiment = sweepExperiment('firing map', neurons, [{ id: 'step', kind: 'pulse', target: 'p0', start: onset, amplitude }], numerics, duration);
    const net = compileExperiment(experiment);
    // The format aims an input at one neuron or one population, and a grid is neither; one step input
    // per neuron would compile to one target each and add the same current to each neuron in each step,
    // which is what one input with every neuron as a target does, evaluating the pulse once per step.
    const step = net.inputs[0];
    const everyone = new Int32Array(this.points);
    for (let k = 0; k < this.points; k++) everyone[k] = k;
    this.sim = new Simulation({ ...net, inputs: [{ ...step, targets: everyone }] });
    this.steps = stepsOf(duration, numerics.dt);
    this.total = this.steps + CLASSIFY_WORK;
    this.counts = new Uint32Array(this.points);
    this.classes = new Uint8Array(this.points);
  }

  get finished(): boolean {
    return this.map !== null;
  }

  /** Does up to `maxSteps` units of work; true when the map is finished. Throws SweepError when the run fails. */
  advance(maxSteps: number): boolean {
    if (this.map) return true;
    const sim = this.sim;
    let budget = maxSteps;
    if (sim.stepIndex < this.steps) {
      const ran = sim.run(Math.min(budget, this.steps - sim.stepIndex));
      budget -= ran;
      this.done += ran;
      if (sim.failure) throw new SweepError(`At ${this.describePoint(sim.failure.neuron)}: ${sim.failure.message}`);
      this.collect();
      if (sim.stepIndex < this.steps) return false;
    }
    if (budget > 0) this.classify(budget);
    return this.map !== null;
  }

  result(): FiringMap {
    if (!this.map) throw new Error('the firing map is not finished');
    return this.map;
  }

  private describePoint(k: number): string {
    const { x, y } = PLANE_PARAMS[this.request.plane];
    const nx = this.request.x.count;
    return `${x} = ${rangeValues(this.request.x)[k % nx]}, ${y} = ${rangeValues(this.request.y)[Math.floor(k / nx)]}`;
  }

  private collect(): void {
    const spikes = this.sim.spikes;
    const onset = this.request.onset;
    for (let s = 0; s < spikes.count; s++) {
      const t = spikes.times[s];
      if (t < onset) continue;
      if (this.spikeCount === this.spikeTimes.length) this.grow();
      const i = spikes.neurons[s];
      this.spikeNeurons[this.spikeCount] = i;
      this.spikeTimes[this.spikeCount++] = t;
      this.counts[i]++;
    }
    spikes.count = 0;
  }

  private grow(): void {
    const neurons = new Int32Array(this.spikeNeurons.length * 2);
    neurons.set(this.spikeNeurons);
    const times = new Float64Array(this.spikeTimes.length * 2);
    times.set(this.spikeTimes);
    this.spikeNeurons = neurons;
    this.spikeTimes = times;
  }

  /** Classifies the next points, `units` CLASSIFY_WORK-ths of them. */
  private classify(units: number): void {
    const n = this.points;
    if (!this.byNeuron) {
      // Counting sort of the spikes by neuron keeps each neuron's times in time order.
      const start = new Uint32Array(n + 1);
      for (let i = 0; i < n; i++) start[i + 1] = start[i] + this.counts[i];
      const fill = start.slice(0, n);
      const byNeuron = new Float64Array(this.spikeCount);
      for (let s = 0; s < this.spikeCount; s++) byNeuron[fill[this.spikeNeurons[s]]++] = this.spikeTimes[s];
      this.byNeuron = byNeuron;
      this.start = start;
      this.spikeNeurons = new Int32Array(0);
      this.spikeTimes = new Float64Array(0);
    }
    const perUnit = Math.ceil(n / CLASSIFY_WORK);
    const end = Math.min(n, this.classified + Math.ceil(Math.min(units, CLASSIFY_WORK)) * perUnit);
    const { onset, duration } = this.request;
    const byNeuron = this.byNeuron;
    const start = this.start;
    for (let i = this.classified; i < end; i++) {
      this.classes[i] = CLASS_INDEX.get(classifySpikeTrain(byNeuron.subarray(start[i], start[i + 1]), onset, duration)) ?? 0;
    }
    this.classified = end;
    this.done = this.steps + Math.min(CLASSIFY_WORK, Math.ceil(end / perUnit));
    if (end < n) return;
    this.done = this.total;
    this.byNeuron = new Float64Array(0);
    this.map = { request: this.request, classes: this.classes, spikeCounts: this.counts };
  }
}

/** The whole map at once (tests, the command line). */
export function computeFiringMap(request: FiringMapRequest): FiringMap {
  const run = new FiringMapRun(request);
  run.advance(Number.POSITIVE_INFINITY);
  return run.result();
}
