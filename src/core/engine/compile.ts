import { Random } from '../random.ts';
import { checkBudget, DEFAULT_BUDGET, ENGINE_MAX_SYNAPSES, projectionSynapses, type Budget } from '../experiment/budget.ts';
import { MAX_DELAY_MS, MAX_SYNAPSE_TYPES, POISSON_SYNAPSE_KINDS } from '../experiment/validate.ts';
import { setIzhikevich2007 } from './izhikevich2007.ts';
import { kernelSections, synapseArrays } from '../wasm/deliveryKernel.ts';
import { neuronRegionBytes } from '../wasm/neuronKernel.ts';
import { compilePlasticity } from './stdp.ts';
import { plasticityOf, type Distribution, type Experiment, type Izhikevich2007Params, type Izhikevich2007PopulationSpec, type NeuronRole, type PlasticitySpec, type ProjectionSpec } from '../experiment/types.ts';
import {
  CompileError,
  PAPER_STEP_MS,
  delayArray,
  type CellArrays,
  type CompiledInput,
  type CompiledNetwork,
  type CompiledSynapseType,
  type NeuronGroup,
  type SynapseRows,
} from './network.ts';

/** Izhikevich (2003): dv/dt = 0.04 v^2 + 5 v + 140 - u + I, du/dt = a (b v - u). */
const IZHIKEVICH_2003 = { p2: 0.04, p1: 5, p0: 140, vb: 0, ur: 1, vpeak: 30 };

/** How far a build has come: the fraction of its work done (0 to 1) and what it is doing. */
export interface BuildProgress {
  fraction: number;
  stage: string;
}

/** A build in steps: each `next()` does a slice of the work and yields the progress; the last returns the network. */
export type CompileSteps = Generator<BuildProgress, CompiledNetwork, void>;

/**
 * Work between two yields of a build, in units of about one synapse made (some tens of ns): a few ms,
 * so a driver that checks the clock between steps holds the thread no longer than it means to.
 */
const UNITS_PER_STEP = 32_768;
/**
 * Relative costs, in synapses made, measured on the 2003 network at 100,000 neurons: a neuron's id,
 * index entry and parameters; a pair of neurons considered by a probability rule; a synapse sorted
 * into its row (all passes of the sort together).
 */
const NEURON_UNITS = 24;
const PAIR_UNITS = 0.25;
const SORT_UNITS = 0.6;

/**
 * Builds the step loop's arrays from a validated experiment, at once (Node: tests, CLI, benchmarks).
 * The same build as compileSteps, driven to its end.
 */
export function compileExperiment(experiment: Experiment, budget: Budget = DEFAULT_BUDGET): CompiledNetwork {
  const steps = compileSteps(experiment, UNITS_PER_STEP, budget);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Builds the step loop's arrays from a validated experiment in steps (the Worker drives it in slices,
 * reading commands between them, so a build can be cancelled). Nothing outside the generator is
 * changed until it returns, so stopping it half-way leaves no trace. All random draws of the build
 * (population parameters, projection wiring, weights, delays) come from streams named after the
 * element, so editing one element does not reshuffle the others. Where the steps fall does not change
 * the network (`unitsPerStep` is there for tests to check that).
 */
export function* compileSteps(experiment: Experiment, unitsPerStep = UNITS_PER_STEP, budget: Budget = DEFAULT_BUDGET): CompileSteps {
  // The validator checked the budget too; this is the last look before allocating, for callers that
  // build experiments in code (sweeps, Iris) or raise the budget.
  const overBudget = checkBudget(experiment, budget);
  if (overBudget.length > 0) throw new CompileError(overBudget.map((problem) => `${problem.path}: ${problem.message}`).join('; '));
  const { dt, scheme, seed, randomDraws } = experiment.simulation;
  const groups = layoutGroups(experiment);
  const neuronCount = groups.reduce((sum, g) => sum + g.size, 0);
  const synapseTypes: CompiledSynapseType[] = experiment.synapseTypes.map((s) => ({
    id: s.id,
    kind: s.kind,
    gbase: s.kind === 'current' ? 0 : s.gbase,
    tau: s.kind === 'current' || s.kind === 'expTwoConductance' ? 1 : s.tau,
    tauRise: s.kind === 'expTwoConductance' ? s.tauRise : 1,
    tauDecay: s.kind === 'expTwoConductance' ? s.tauDecay : 1,
    erev: s.kind === 'expConductance' || s.kind === 'expTwoConductance' || s.kind === 'alphaConductance' ? s.erev : 0,
    sign: s.kind === 'writeup' && s.effect === 'inhibitory' ? -1 : 1,
    pulse: s.kind === 'current' ? (s.pulse ?? PAPER_STEP_MS) : PAPER_STEP_MS,
    ...plasticField(plasticityOf(s)),
  }));
  const typeIndex = new Map(synapseTypes.map((s, i) => [s.id, i]));
  // The rows index synapse types with 16 bits.
  if (synapseTypes.length > 0x10000) throw new CompileError(`synapseTypes: at most ${MAX_SYNAPSE_TYPES} synapse types, got ${synapseTypes.length}`);
  const groupById = new Map(groups.map((g) => [g.id, g]));
  const indexOf = new Map<string, number>();

  const resolveNeuron = (ref: string, where: string): number => {
    const index = indexOf.get(ref);
    if (index === undefined) throw new CompileError(`${where}: unknown neuron "${ref}"`);
    return index;
  };
  const resolveType = (id: string, where: string): number => {
    const index = typeIndex.get(id);
    if (index === undefined) throw new CompileError(`${where}: unknown synapse type "${id}"`);
    return index;
  };
  const resolveGroup = (ref: string, where: string): { start: number; size: number } => {
    const group = groupById.get(ref);
    if (group) return group;
    return { start: resolveNeuron(ref, where), size: 1 };
  };
  const toSteps = (delayMs: number, where: string): number => {
    const steps = Math.round(delayMs / dt);
    if (!(steps >= 1)) throw new CompileError(`${where}: must be at least one step (${dt} ms), got ${delayMs}`);
    // Delays are int32 steps in the rows and the spike queue has a bucket per step: never let one wrap.
    if (!(delayMs <= MAX_DELAY_MS)) throw new CompileError(`${where}: must be at most ${MAX_DELAY_MS} ms, got ${delayMs}`);
    return steps;
  };

  // The plan needs the projections' sizes before the neurons have ids: a reference that is not a group
  // is one neuron (or an error, reported when the projections are resolved below).
  const others = new Map<string, number>();
  const sized = (ref: string) => {
    const group = groupById.get(ref);
    if (group) return group;
    if (!others.has(ref)) others.set(ref, -1 - others.size);
    return { start: others.get(ref) ?? -1, size: 1 };
  };
  // Room for every synapse at once: growing by doubling would copy them and hold up to twice as many.
  const expected = experiment.projections.reduce((sum, p) => sum + expectedSynapses(p, sized(p.pre), sized(p.post)), experiment.connections.length);
  if (expected > ENGINE_MAX_SYNAPSES) {
    throw new CompileError(`the network would have about ${expected.toLocaleString('en-US')} synapses, more than the ${ENGINE_MAX_SYNAPSES.toLocaleString('en-US')} the engine can hold`);
  }
  const work = new Work(
    unitsPerStep,
    neuronCount * NEURON_UNITS +
      experiment.connections.length +
      experiment.projections.reduce((sum, p) => sum + projectionUnits(p, sized(p.pre), sized(p.post)), 0) +
      expected * SORT_UNITS +
      neuronCount,
  );

  const ids: string[] = new Array<string>(neuronCount);
  const roles = new Uint8Array(neuronCount);
  const neuronStage = `Neurons (${neuronCount.toLocaleString('en-US')})`;
  for (const group of groups) {
    yield* work.inSteps(neuronStage, group.size, NEURON_UNITS / 2, (from, to) => {
      for (let k = from; k < to; k++) {
        const id = group.population ? `${group.id}[${k}]` : group.id;
        ids[group.start + k] = id;
        indexOf.set(id, group.start + k);
        roles[group.start + k] = group.role === 'inhibitory' ? 1 : 0;
      }
    });
  }
  const cells = yield* buildCells(experiment, groups, neuronCount, seed, work, neuronStage);

  const projections = experiment.projections.map((projection, k) => {
    const where = `projections[${k}]`;
    const pre = resolveGroup(projection.pre, `${where}.pre`);
    const post = resolveGroup(projection.post, `${where}.post`);
    return { projection, where, pre, post, type: resolveType(projection.synapse, `${where}.synapse`) };
  });
  const builder = new SynapseListBuilder(expected);
  // Room for every synapse is made in a step of its own: it is not nothing at 10 M synapses.
  yield work.progress(neuronStage);
  const connectionSynapse = new Int32Array(experiment.connections.length);
  yield* work.inSteps(`Connections (${experiment.connections.length.toLocaleString('en-US')})`, experiment.connections.length, 1, (from, to) => {
    for (let k = from; k < to; k++) {
      const c = experiment.connections[k];
      const where = `connections[${k}]`;
      connectionSynapse[k] = builder.add(
        resolveNeuron(c.pre, `${where}.pre`),
        resolveNeuron(c.post, `${where}.post`),
        c.weight,
        toSteps(c.delay, `${where}.delay`),
        resolveType(c.synapse, `${where}.synapse`),
      );
    }
  });
  // Where each projection's synapses begin among those added (a plastic one's are tracked into the rows).
  const projectionStart = new Int32Array(projections.length + 1);
  for (const [k, { projection, where, pre, post, type }] of projections.entries()) {
    projectionStart[k] = builder.size;
    const rows = projectionRows(builder, projection, pre, post, type, (ms) => toSteps(ms, `${where}.delay`), new Random(seed, `projection:${projection.id}`));
    const stage = `Synapses of projection ${projection.id} (${k + 1} of ${projections.length})`;
    yield* work.inSteps(stage, rows.count, projectionUnits(projection, pre, post) / Math.max(1, rows.count), rows.run);
    const made = builder.size - projectionStart[k];
    if (projection.weights !== undefined && projection.weights.length !== made) {
      throw new CompileError(`${where}.weights: has ${projection.weights.length} weights but the projection makes ${made} synapses (delete "weights" to draw them again)`);
    }
  }
  projectionStart[projections.length] = builder.size;
  const plasticProjection = projections.map(({ type }) => synapseTypes[type].plasticity !== undefined);
  // The connections were added first, so they are the first synapses of the builder.
  const tracked = plasticProjection.includes(true) ? builder.size : connectionSynapse.length;
  const { rows, order } = yield* builder.toRows(neuronCount, tracked, work, expected, kernelSections(synapseTypes, dt) * neuronCount);
  for (let k = 0; k < connectionSynapse.length; k++) connectionSynapse[k] = order[connectionSynapse[k]];
  const projectionSynapses = plasticProjection.map((plastic, k) => (plastic ? order.slice(projectionStart[k], projectionStart[k + 1]) : new Int32Array(0)));

  const inputs: CompiledInput[] = [];
  yield* work.inSteps('Inputs', experiment.inputs.length, neuronCount / Math.max(1, experiment.inputs.length), (from, to) => {
    for (let k = from; k < to; k++) inputs.push(compileInput(experiment.inputs[k], `inputs[${k}]`));
  });
  function compileInput(input: Experiment['inputs'][number], where: string): CompiledInput {
    const group = resolveGroup(input.target, `${where}.target`);
    const targets = new Int32Array(group.size);
    for (let j = 0; j < group.size; j++) targets[j] = group.start + j;
    if (input.kind === 'poisson') {
      const synapseType = resolveType(input.synapse, `${where}.synapse`);
      const kind = synapseTypes[synapseType].kind;
      if (!POISSON_SYNAPSE_KINDS.includes(kind)) {
        throw new CompileError(`${where}.synapse: a Poisson source needs a conductance synapse type (${POISSON_SYNAPSE_KINDS.join(', ')}), "${input.synapse}" is ${kind}`);
      }
      return { spec: { ...input }, targets, synapseType };
    }
    return { spec: input.kind === 'recorded' ? { ...input, values: input.values.slice() } : { ...input }, targets };
  }
  const plasticity = compilePlasticity(synapseTypes, rows, neuronCount);
  yield work.finished();

  return {
    neuronCount,
    ids,
    indexOf,
    roles,
    groups,
    dt,
    scheme,
    seed,
    randomDraws,
    cells,
    synapseTypes,
    synapses: rows,
    connectionSynapse,
    inputs,
    ...(plasticity && { plasticity, projectionSynapses }),
  };
}

/** Counts a build's work and reports it as a fraction that never goes back. */
class Work {
  private done = 0;
  private reported = 0;

  /**
   * @param unitsPerStep the work between two yields
   * @param total the planned units of work (the sort's share is corrected once the synapses are counted)
   */
  constructor(
    private readonly unitsPerStep: number,
    private total: number,
  ) {}

  /** The planned units for `planned` synapses to sort become those for the `actual` ones made. */
  replan(planned: number, actual: number): void {
    this.total += (actual - planned) * SORT_UNITS;
  }

  /** Runs body(from, to) over [0, count) in steps of about UNITS_PER_STEP units, yielding after each. */
  *inSteps(stage: string, count: number, unitsEach: number, body: (from: number, to: number) => void): Generator<BuildProgress, void, void> {
    const stride = Math.max(1, Math.floor(this.unitsPerStep / Math.max(unitsEach, 1e-9)));
    for (let from = 0; from < count; from += stride) {
      const to = Math.min(count, from + stride);
      body(from, to);
      this.done += (to - from) * unitsEach;
      yield this.progress(stage);
    }
  }

  /** Work planned but found not needed. */
  skip(units: number): void {
    this.done += units;
  }

  progress(stage: string): BuildProgress {
    this.reported = Math.max(this.reported, Math.min(1, this.total > 0 ? this.done / this.total : 1));
    return { fraction: this.reported, stage };
  }

  finished(): BuildProgress {
    this.reported = 1;
    return { fraction: 1, stage: 'Done' };
  }
}

function layoutGroups(experiment: Experiment): NeuronGroup[] {
  const groups: NeuronGroup[] = [];
  let start = 0;
  const roleOf = (role: NeuronRole | undefined): NeuronRole => role ?? 'excitatory';
  for (const neuron of experiment.neurons) {
    groups.push({ id: neuron.id, label: neuron.label ?? neuron.id, start, size: 1, role: roleOf(neuron.role), population: false });
    start += 1;
  }
  for (const population of experiment.populations) {
    groups.push({
      id: population.id,
      label: population.label ?? population.id,
      start,
      size: population.size,
      role: roleOf(population.role),
      population: true,
    });
    start += population.size;
  }
  return groups;
}

function allocateCells(n: number): CellArrays {
  const make = () => new Float64Array(n);
  return { p2: make(), p1: make(), p0: make(), a: make(), b: make(), vb: make(), ur: make(), c: make(), d: make(), vpeak: make(), v0: make(), u0: make(), invC: make().fill(1) };
}

function* buildCells(experiment: Experiment, groups: NeuronGroup[], n: number, seed: number, work: Work, stage: string): Generator<BuildProgress, CellArrays, void> {
  const cells = allocateCells(n);
  const setKernel = (i: number, vpeak: number | undefined) => {
    cells.p2[i] = IZHIKEVICH_2003.p2;
    cells.p1[i] = IZHIKEVICH_2003.p1;
    cells.p0[i] = IZHIKEVICH_2003.p0;
    cells.vb[i] = IZHIKEVICH_2003.vb;
    cells.ur[i] = IZHIKEVICH_2003.ur;
    cells.vpeak[i] = vpeak ?? IZHIKEVICH_2003.vpeak;
  };
  yield* work.inSteps(stage, experiment.neurons.length, NEURON_UNITS / 2, (from, to) => {
    for (let i = from; i < to; i++) {
      const neuron = experiment.neurons[i];
      if (neuron.model === 'izhikevich2007') {
        setIzhikevich2007(cells, i, neuron);
        continue;
      }
      setKernel(i, neuron.vpeak);
      const variant = neuron.equation;
      if (variant) {
        if (variant.p1 !== undefined) cells.p1[i] = variant.p1;
        if (variant.p0 !== undefined) cells.p0[i] = variant.p0;
        if (variant.vb !== undefined) cells.vb[i] = variant.vb;
        if (variant.uRestoring === false) cells.ur[i] = 0;
      }
      cells.a[i] = neuron.a;
      cells.b[i] = neuron.b;
      cells.c[i] = neuron.c;
      cells.d[i] = neuron.d;
      cells.v0[i] = neuron.v0;
      cells.u0[i] = neuron.u0 ?? neuron.b * neuron.v0;
    }
  });
  const populationGroups = groups.filter((g) => g.population);
  for (const [k, population] of experiment.populations.entries()) {
    const { start } = populationGroups[k];
    const random = new Random(seed, `population:${population.id}`);
    yield* work.inSteps(stage, population.size, NEURON_UNITS / 2, (from, to) => {
      for (let j = from; j < to; j++) {
        const i = start + j;
        // One r per neuron, shared by all its parameters, as in the 2003 paper.
        const r = random.uniform();
        const draw = (value: Distribution) => drawValue(value, random, r);
        if (population.model === 'izhikevich2007') {
          setIzhikevich2007(cells, i, drawIzhikevich2007(population, random, r));
          continue;
        }
        setKernel(i, population.vpeak);
        cells.a[i] = draw(population.a);
        cells.b[i] = draw(population.b);
        cells.c[i] = draw(population.c);
        cells.d[i] = draw(population.d);
        cells.v0[i] = draw(population.v0);
        cells.u0[i] = population.u0 === undefined ? cells.b[i] * cells.v0[i] : draw(population.u0);
      }
    });
  }
  return cells;
}

/** One neuron's parameters of an izhikevich2007 population, in the engine's order of draws (after its r). */
export function drawIzhikevich2007(p: Izhikevich2007PopulationSpec, random: Random, r: number): Izhikevich2007Params {
  const draw = (value: Distribution) => drawValue(value, random, r);
  return { C: draw(p.C), k: draw(p.k), vr: draw(p.vr), vt: draw(p.vt), vpeak: draw(p.vpeak), a: draw(p.a), b: draw(p.b), c: draw(p.c), d: draw(p.d), v0: draw(p.v0) };
}

/** Draws from a distribution as drawValue does (the same numbers from the same stream), decided once. */
function drawer(value: Distribution, random: Random): () => number {
  if (typeof value === 'number') return () => value;
  switch (value.dist) {
    case 'uniform': {
      const { min, max } = value;
      return () => min + (max - min) * random.uniform();
    }
    case 'normal': {
      const { mean, sd } = value;
      return () => mean + sd * random.normal();
    }
    case 'r': {
      const { base, scale, power } = value;
      return () => base + scale * Math.pow(random.uniform(), power);
    }
  }
}

/** One value from a distribution; `r` is the per-neuron heterogeneity draw (for 'r'), or a fresh one. */
export function drawValue(value: Distribution, random: Random, r?: number): number {
  if (typeof value === 'number') return value;
  switch (value.dist) {
    case 'uniform':
      return value.min + (value.max - value.min) * random.uniform();
    case 'normal':
      return value.mean + value.sd * random.normal();
    case 'r':
      return value.base + value.scale * Math.pow(r ?? random.uniform(), value.power);
  }
}

/**
 * A projection's synapses as a loop over its outer neurons (pre for all-to-all, probability and
 * out-degree, post for in-degree): run(from, to) makes those of outer neurons [from, to), and runs over
 * consecutive ranges make exactly the synapses and draws of one loop over all of them.
 */
function projectionRows(
  builder: SynapseListBuilder,
  projection: ProjectionSpec,
  pre: { start: number; size: number },
  post: { start: number; size: number },
  type: number,
  toSteps: (ms: number) => number,
  random: Random,
): { count: number; run: (from: number, to: number) => void } {
  const allowSelf = allowsSelf(projection, pre, post);
  const kept = projection.weights;
  const first = builder.size;
  // The drawers are made once for the projection, not looked up again for every synapse.
  const drawWeight = drawer(projection.weight, random);
  const drawDelay = drawer(projection.delay, random);
  const fixedDelay = projection.delay;
  // A fixed delay is converted (and checked) once, at the first synapse: a projection that makes none reports nothing.
  let fixedSteps = 0;
  const add = (i: number, j: number) => {
    // Kept weights replace the drawn ones; the draw is still made, so the wiring and delays stay.
    const drawn = drawWeight();
    let steps: number;
    if (typeof fixedDelay === 'number') steps = fixedSteps > 0 ? fixedSteps : (fixedSteps = toSteps(fixedDelay));
    else steps = toSteps(drawDelay());
    builder.add(i, j, kept ? (kept[builder.size - first] ?? drawn) : drawn, steps, type);
  };
  const rule = projection.connect;
  switch (rule.rule) {
    case 'all-to-all':
    case 'probability':
      return {
        count: pre.size,
        run: (from, to) => {
          for (let i = pre.start + from; i < pre.start + to; i++) {
            for (let j = post.start; j < post.start + post.size; j++) {
              if (!allowSelf && i === j) continue;
              if (rule.rule === 'probability' && random.uniform() >= rule.p) continue;
              add(i, j);
            }
          }
        },
      };
    case 'in-degree': {
      // Each post neuron draws k distinct pre neurons by a partial Fisher-Yates shuffle.
      const sampler = new DistinctSampler(pre.size);
      return {
        count: post.size,
        run: (from, to) => {
          for (let j = post.start + from; j < post.start + to; j++) {
            const poolSize = sampler.begin(pre.start, pre.size, allowSelf ? -1 : j);
            if (rule.k > poolSize) throw new CompileError(`projection "${projection.id}": in-degree ${rule.k} exceeds the ${poolSize} possible sources`);
            for (let m = 0; m < rule.k; m++) add(sampler.draw(m, random), j);
          }
        },
      };
    }
    case 'out-degree': {
      // Each pre neuron draws k distinct post neurons, the same way.
      const sampler = new DistinctSampler(post.size);
      return {
        count: pre.size,
        run: (from, to) => {
          for (let i = pre.start + from; i < pre.start + to; i++) {
            const poolSize = sampler.begin(post.start, post.size, allowSelf ? -1 : i);
            if (rule.k > poolSize) throw new CompileError(`projection "${projection.id}": out-degree ${rule.k} exceeds the ${poolSize} possible targets`);
            for (let m = 0; m < rule.k; m++) add(i, sampler.draw(m, random));
          }
        },
      };
    }
  }
}

/** A projection's share of a build's work: its synapses, and for a probability rule also the pairs it tries. */
function projectionUnits(projection: ProjectionSpec, pre: { start: number; size: number }, post: { start: number; size: number }): number {
  const made = expectedSynapses(projection, pre, post);
  return projection.connect.rule === 'probability' ? made + pre.size * post.size * PAIR_UNITS : made;
}

/** How many synapses a projection makes: exactly, or for a probability the mean plus five standard deviations. */
function expectedSynapses(projection: ProjectionSpec, pre: { start: number; size: number }, post: { start: number; size: number }): number {
  return projectionSynapses(projection.connect, pre.size, post.size, allowsSelf(projection, pre, post));
}

/** Whether a projection may connect a neuron to itself: only between different groups or with autapses on. */
function allowsSelf(projection: ProjectionSpec, pre: { start: number; size: number }, post: { start: number; size: number }): boolean {
  const sameGroup = pre.start === post.start && pre.size === post.size;
  return !sameGroup || (projection.autapses ?? false);
}

/**
 * Draws distinct neurons from the pool [start, start + size) minus one excluded neuron, by a partial
 * Fisher-Yates shuffle of the pool, in time proportional to the draws: the pool is never written out,
 * only the positions the shuffle has overwritten are kept (stamped with the round, so starting a new
 * round costs nothing). It draws exactly what the shuffle of a written-out pool draws, so files saved
 * before keep their wiring.
 */
export class DistinctSampler {
  private readonly overwritten: Int32Array;
  private readonly stamp: Int32Array;
  private round = 0;
  private start = 0;
  private size = 0;
  /** Pool position of the excluded neuron; positions from there on hold the neuron one further. */
  private gap = 0;

  /** @param capacity the largest pool size to be used */
  constructor(capacity: number) {
    this.overwritten = new Int32Array(capacity);
    this.stamp = new Int32Array(capacity);
  }

  /** Starts a new shuffle of [start, start + size) without `exclude` (-1: none); returns the pool's size. */
  begin(start: number, size: number, exclude: number): number {
    this.round++;
    this.start = start;
    const excluded = exclude >= start && exclude < start + size;
    this.size = excluded ? size - 1 : size;
    this.gap = excluded ? exclude - start : size;
    return this.size;
  }

  /** The m-th draw of this round (m = 0, 1, ... in order, fewer than the pool's size). */
  draw(m: number, random: Random): number {
    const pick = m + random.integer(this.size - m);
    const chosen = this.at(pick);
    // Position m is never read again, so only the swap's other half needs keeping.
    this.overwritten[pick] = this.at(m);
    this.stamp[pick] = this.round;
    return chosen;
  }

  private at(position: number): number {
    if (this.stamp[position] === this.round) return this.overwritten[position];
    return this.start + (position < this.gap ? position : position + 1);
  }
}

/**
 * Collects synapses in any order, then sorts them into rows by presynaptic neuron (a counting sort).
 * A delay or type column is kept only once a synapse's differs from the first one's: a network whose
 * delays (or types) are all the same holds no column of them while it is built.
 */
class SynapseListBuilder {
  private count = 0;
  private pre: Int32Array;
  private post: Int32Array;
  private weight: Float64Array;
  private delay: Int32Array | null = null;
  private type: Uint16Array | null = null;
  /** The first synapse's delay and type: every synapse's while their column is null. */
  private delayValue = 0;
  private typeValue = 0;

  /** @param capacity how many synapses to make room for (more may be added; the arrays then grow) */
  constructor(capacity: number) {
    const size = Math.max(16, capacity);
    this.pre = new Int32Array(size);
    this.post = new Int32Array(size);
    this.weight = new Float64Array(size);
  }

  /** Synapses added so far. */
  get size(): number {
    return this.count;
  }

  add(pre: number, post: number, weight: number, delaySteps: number, type: number): number {
    if (this.count === this.pre.length) this.grow();
    const k = this.count++;
    this.pre[k] = pre;
    this.post[k] = post;
    this.weight[k] = weight;
    if (k === 0) {
      this.delayValue = delaySteps;
      this.typeValue = type;
    }
    if (this.delay !== null) this.delay[k] = delaySteps;
    else if (delaySteps !== this.delayValue) (this.delay = new Int32Array(this.pre.length).fill(this.delayValue, 0, k))[k] = delaySteps;
    if (this.type !== null) this.type[k] = type;
    else if (type !== this.typeValue) (this.type = new Uint16Array(this.pre.length).fill(this.typeValue, 0, k))[k] = type;
    return k;
  }

  private grow(): void {
    const size = this.pre.length * 2;
    const grown = <T extends Int32Array | Float64Array | Uint16Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.pre = grown(this.pre, (n) => new Int32Array(n));
    this.post = grown(this.post, (n) => new Int32Array(n));
    this.weight = grown(this.weight, (n) => new Float64Array(n));
    if (this.delay !== null) this.delay = grown(this.delay, (n) => new Int32Array(n));
    if (this.type !== null) this.type = grown(this.type, (n) => new Uint16Array(n));
  }

  /**
   * The rows, and for each of the first `tracked` synapses added its index in the rows, in steps. Uses
   * the builder up: each column is let go as soon as it is sorted, so the build holds at most one sorted
   * column (8 bytes per synapse) more than the synapses themselves, not a second copy of them all.
   * `planned` is the synapse count the work plan assumed; `sums` the places of the delivery kernel's
   * arrival sums (synapseArrays), 0 when the network's arrivals are not laid out for it.
   */
  *toRows(neuronCount: number, tracked: number, work: Work, planned: number, sums: number): Generator<BuildProgress, { rows: SynapseRows; order: Int32Array }, void> {
    const m = this.count;
    work.replan(planned, m);
    const stage = `Sorting ${m.toLocaleString('en-US')} synapses into rows`;
    // Each pass's share of SORT_UNITS per synapse (the scattering ones cost more).
    const pass = (share: number, body: (from: number, to: number) => void) => work.inSteps(stage, m, SORT_UNITS * share, body);
    // A pass not needed (a column never made) counts as done, so the progress does not jump at the end.
    const skip = (share: number) => work.skip(m * SORT_UNITS * share);
    const rowStart = new Int32Array(neuronCount + 1);
    yield* pass(0.1, (from, to) => {
      const pre = this.pre;
      const starts = rowStart;
      for (let k = from; k < to; k++) starts[pre[k] + 1]++;
    });
    for (let i = 0; i < neuronCount; i++) rowStart[i + 1] += rowStart[i];
    // Each synapse's index in the rows (stable: in order of adding within a row), written over `pre`.
    const fill = rowStart.slice(0, neuronCount);
    const at = this.pre;
    yield* pass(0.15, (from, to) => {
      const index = at;
      const next = fill;
      for (let k = from; k < to; k++) index[k] = next[index[k]]++;
    });
    const order = at.slice(0, tracked);
    // Each sorted column is written once over in order before the synapses are scattered into it: a
    // new array's memory is mapped when first written, and a scatter's first step would write to all
    // of it at once (some 40 ms for 10 M weights); in order, that cost is spread over the steps.
    // With room for a Simulation's neuron kernel beside the sums it reads (a channel per section at most).
    const { weight, post, delivery } = synapseArrays(m, sums, undefined, sums > 0 ? neuronRegionBytes(neuronCount, sums / neuronCount) : 0);
    yield* pass(0.04, (from, to) => weight.fill(0, from, to));
    yield* pass(0.17, (from, to) => {
      const [source, target, index] = [this.weight, weight, at];
      for (let k = from; k < to; k++) target[index[k]] = source[k];
    });
    this.weight = new Float64Array(0);
    yield* pass(0.03, (from, to) => post.fill(0, from, to));
    yield* pass(0.17, (from, to) => {
      const [source, target, index] = [this.post, post, at];
      for (let k = from; k < to; k++) target[index[k]] = source[k];
    });
    this.post = new Int32Array(0);
    // A column never made holds one value: the sorted one is that value throughout, filled in order.
    const delays = this.delay;
    let longest = m > 0 ? this.delayValue : 0;
    if (delays !== null) {
      yield* pass(0.05, (from, to) => {
        let most = longest;
        for (let k = from; k < to; k++) most = Math.max(most, delays[k]);
        longest = most;
      });
    } else skip(0.05);
    const delaySteps = delayArray(m, longest);
    yield* pass(0.01, (from, to) => delaySteps.fill(this.delayValue, from, to));
    if (delays !== null) {
      yield* pass(0.13, (from, to) => {
        const [target, index] = [delaySteps, at];
        for (let k = from; k < to; k++) target[index[k]] = delays[k];
      });
    } else skip(0.13);
    this.delay = null;
    const types = this.type;
    let typeCount = m > 0 ? this.typeValue + 1 : 0;
    if (types !== null) {
      yield* pass(0.05, (from, to) => {
        let most = typeCount;
        for (let k = from; k < to; k++) most = Math.max(most, types[k] + 1);
        typeCount = most;
      });
    } else skip(0.05);
    const type = typeCount <= 0x100 ? new Uint8Array(m) : new Uint16Array(m);
    yield* pass(0.01, (from, to) => type.fill(this.typeValue, from, to));
    if (types !== null) {
      yield* pass(0.09, (from, to) => {
        const [target, index] = [type, at];
        for (let k = from; k < to; k++) target[index[k]] = types[k];
      });
    } else skip(0.09);
    this.type = null;
    this.pre = new Int32Array(0);
    this.count = 0;
    return { rows: { rowStart, post, weight, delaySteps, type, ...(delivery ? { delivery } : {}) }, order };
  }
}

/** A compiled synapse type's own copy of its STDP rule, when it has one. */
function plasticField(rule: PlasticitySpec | undefined): { plasticity?: PlasticitySpec } {
  return rule === undefined ? {} : { plasticity: { ...rule } };
}
