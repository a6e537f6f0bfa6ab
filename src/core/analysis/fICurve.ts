/**
 * f-I curves: the firing rate of one cell against a constant input current, computed with the lab's
 * engine (compileExperiment + Simulation) so the rates are those a run of that cell would show at the
 * same step and scheme. All currents run at once, as one network of unconnected copies of the cell.
 */
import { compileExperiment } from '../engine/compile.ts';
import { Simulation } from '../engine/simulation.ts';
import { CURRENT_RANDOM_DRAWS, EXPERIMENT_FORMAT, EXPERIMENT_VERSION, type Experiment, type InputSpec, type NeuronSpec } from '../experiment/types.ts';
import { rangeValues, sweepCellOf, type FICurve, type FICurveRequest, type SweepCell, type SweepNumerics } from './sweeps.ts';

/** The rheobase is bracketed to this width, pA. */
export const RHEOBASE_TOLERANCE = 0.01;

/** A sweep's run failed (a state became NaN or infinite); the message names the point and suggests a fix. */
export class SweepError extends Error {}

/** A neuron of a sweep network with the cell's parameters and model (fields the cell leaves out stay out). */
export function sweepNeuron(id: string, cell: SweepCell): NeuronSpec {
  const params = sweepCellOf(cell);
  return params.model === 'izhikevich2007' ? { id, ...params } : { id, ...params, model: 'izhikevich2003' };
}

/** An experiment of unconnected neurons and their inputs, integrated as `numerics` says. */
export function sweepExperiment(name: string, neurons: NeuronSpec[], inputs: InputSpec[], numerics: SweepNumerics, duration: number): Experiment {
  return {
    format: EXPERIMENT_FORMAT,
    version: EXPERIMENT_VERSION,
    name,
    simulation: { dt: numerics.dt, scheme: numerics.scheme, duration, seed: 1, randomDraws: CURRENT_RANDOM_DRAWS },
    neurons,
    populations: [],
    synapseTypes: [],
    connections: [],
    projections: [],
    inputs,
    recording: { watch: [], variables: ['v'] },
  };
}

/** Steps of a run of `duration` ms: the steps starting at 0, dt, ... before `duration`. */
export function stepsOf(duration: number, dt: number): number {
  return Math.round(duration / dt);
}

/** Halvings of `width` until it is at most RHEOBASE_TOLERANCE. */
function bisections(width: number): number {
  let k = 0;
  for (let w = width; w > RHEOBASE_TOLERANCE; w /= 2) k++;
  return k;
}

/** The work of a curve in steps (FICurveRun.total): the sweep's run and one run per bisection. */
export function fiCurveWork(request: FICurveRequest): number {
  const values = rangeValues(request.currents);
  const spacing = values.length > 1 ? Math.abs(values[1] - values[0]) : 0;
  return stepsOf(request.duration, request.numerics.dt) * (1 + bisections(spacing));
}

/** A network of one neuron per current, each with its own constant input. */
function currentsSimulation(cell: SweepCell, numerics: SweepNumerics, duration: number, currents: ArrayLike<number>): Simulation {
  const neurons: NeuronSpec[] = [];
  const inputs: InputSpec[] = [];
  for (let k = 0; k < currents.length; k++) {
    neurons.push(sweepNeuron(`n${k}`, cell));
    inputs.push({ id: `i${k}`, kind: 'constant', target: `n${k}`, amplitude: currents[k] });
  }
  return new Simulation(compileExperiment(sweepExperiment('f-I curve', neurons, inputs, numerics, duration)));
}

/**
 * One f-I curve, computed in chunks: `advance(maxSteps)` runs at most that many steps and says whether
 * the curve is finished, so a host can report progress and read messages in between. Work is counted
 * in simulated steps: the sweep's run, then one run per bisection step of the rheobase.
 *
 * Rates: spikes in [settle, duration) per second of that window. Onset rate: 1000 / (second spike -
 * first spike). Rheobase: the lowest current of the sweep that fires after `settle`, refined by
 * bisection (single-neuron runs of the same length) between it and the current below it, which is
 * silent, until the bracket is at most RHEOBASE_TOLERANCE wide; the firing end is reported. A cell
 * whose firing is not monotone in I (silent again at a higher current) still gets the lowest onset.
 */
export class FICurveRun {
  /** Total work in steps (exact unless a bisection run stops early, which `done` accounts for). */
  readonly total: number;
  done = 0;
  private readonly currents: Float64Array;
  private readonly steps: number;
  private readonly settle: number;
  private sim: Simulation;
  private phase: 'sweep' | 'rheobase' | 'done' = 'sweep';
  private readonly counts: Uint32Array;
  private readonly firstSpike: Float64Array;
  private readonly secondSpike: Float64Array;
  private lo = 0;
  private hi = 0;
  private probe = 0;
  private probeFired = false;
  private rheobase: number | null = null;

  constructor(readonly request: FICurveRequest) {
    const { cell, numerics, duration } = request;
    this.currents = rangeValues(request.currents);
    const n = this.currents.length;
    this.steps = stepsOf(duration, numerics.dt);
    this.settle = request.settle;
    this.counts = new Uint32Array(n);
    this.firstSpike = new Float64Array(n).fill(Number.NaN);
    this.secondSpike = new Float64Array(n).fill(Number.NaN);
    this.total = fiCurveWork(request);
    this.sim = currentsSimulation(cell, numerics, duration, this.currents);
  }

  get finished(): boolean {
    return this.phase === 'done';
  }

  /** Runs up to `maxSteps` steps; true when the curve is finished. Throws SweepError when a run fails. */
  advance(maxSteps: number): boolean {
    let budget = maxSteps;
    while (budget > 0 && this.phase !== 'done') {
      const sim = this.sim;
      const ran = sim.run(Math.min(budget, this.steps - sim.stepIndex));
      budget -= ran;
      this.done += ran;
      if (sim.failure) throw new SweepError(`At I = ${this.currentOf(sim.failure.neuron)} pA: ${sim.failure.message}`);
      if (this.phase === 'sweep') this.collectSweep();
      else this.collectProbe();
      if (sim.stepIndex >= this.steps || (this.phase === 'rheobase' && this.probeFired)) this.endRun();
    }
    return this.phase === 'done';
  }

  /** The curve (call when finished). */
  result(): FICurve {
    if (this.phase !== 'done') throw new Error('the f-I curve is not finished');
    const n = this.currents.length;
    const window = (this.request.duration - this.settle) / 1000;
    const rates = new Float64Array(n);
    const onsetRates = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      rates[k] = this.counts[k] / window;
      const isi = this.secondSpike[k] - this.firstSpike[k];
      onsetRates[k] = isi > 0 ? 1000 / isi : 0; // NaN (fewer than two spikes) compares false
    }
    return { label: this.request.label, currents: this.currents.slice(), rates, onsetRates, rheobase: this.rheobase };
  }

  private currentOf(neuron: number): number {
    return this.phase === 'sweep' ? this.currents[neuron] : this.probe;
  }

  private collectSweep(): void {
    const spikes = this.sim.spikes;
    const { neurons, times } = spikes;
    for (let s = 0; s < spikes.count; s++) {
      const i = neurons[s];
      const t = times[s];
      if (Number.isNaN(this.firstSpike[i])) this.firstSpike[i] = t;
      else if (Number.isNaN(this.secondSpike[i])) this.secondSpike[i] = t;
      if (t >= this.settle) this.counts[i]++;
    }
    spikes.count = 0;
  }

  private collectProbe(): void {
    const spikes = this.sim.spikes;
    for (let s = 0; s < spikes.count; s++) if (spikes.times[s] >= this.settle) this.probeFired = true;
    spikes.count = 0;
  }

  private endRun(): void {
    if (this.phase === 'sweep') {
      let k = 0;
      while (k < this.counts.length && this.counts[k] === 0) k++;
      if (k === this.counts.length) return this.finish(null);
      if (k === 0) return this.finish(this.currents[0]);
      this.lo = this.currents[k - 1];
      this.hi = this.currents[k];
      this.phase = 'rheobase';
    } else {
      this.done += this.steps - this.sim.stepIndex; // a run that fired early stops there
      if (this.probeFired) this.hi = this.probe;
      else this.lo = this.probe;
    }
    if (this.hi - this.lo <= RHEOBASE_TOLERANCE) return this.finish(this.hi);
    this.probe = (this.lo + this.hi) / 2;
    this.probeFired = false;
    const { cell, numerics, duration } = this.request;
    this.sim = currentsSimulation(cell, numerics, duration, [this.probe]);
  }

  private finish(rheobase: number | null): void {
    this.rheobase = rheobase;
    this.phase = 'done';
    this.done = this.total;
  }
}

/** The whole curve at once (tests, the command line). */
export function computeFICurve(request: FICurveRequest): FICurve {
  const run = new FICurveRun(request);
  run.advance(Number.POSITIVE_INFINITY);
  return run.result();
}
