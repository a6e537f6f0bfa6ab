import type { ConnectionRule, Experiment } from './types.ts';

/**
 * The resource budget: what an experiment would take in memory, estimated from the document alone
 * before anything is allocated, and the refusal of what would not fit in a browser tab. The validator
 * checks it (so every file, link, autosave and edit is held to it) and compile checks it once more
 * before allocating.
 *
 * The estimate follows what the build and the step loop allocate (compile.ts, simulation.ts):
 * - a neuron: twelve float64 parameters, about ten per-neuron state arrays, its id string and its entry
 *   in the id map, and the page's copy of the ids;
 * - a synapse: the build's peak (pre, post, weight, delay and type being sorted into rows, plus one
 *   sorted column), which also covers the compiled rows (14 bytes) and room for its records in the spike
 *   queue while it runs;
 * - the spike queue: one bucket per step of the longest delay, plus one;
 * - a current synapse's pulse: the arrival slots, one per step of the longest pulse, each a float64 per
 *   neuron and conductance channel or pulse length;
 * - an input: a target index per target, and a held normal draw per target for noise; a recorded
 *   current's values are held twice (the document and the compiled copy);
 * - recording: the page's trace ring holds TRACE_WINDOW_MS of every watched neuron and variable.
 */

export interface Budget {
  /** Most bytes an experiment may need, by this estimate. */
  bytes: number;
}

const MIB = 2 ** 20;
/**
 * A tab's share: the 2003 network at 100,000 neurons with K = 100 (10 M synapses) is estimated at about
 * 340 MiB (about 470 MiB peak measured in Node, with Node's own), so it fits three times over; 35
 * million synapses would not fit, and a Worker past about 2-4 GB is what takes tabs down.
 */
export const DEFAULT_BUDGET: Budget = { bytes: 1024 * MIB };

/** No memory limit (benchmarks, which measure what they are asked to); the engine's own limits stay. */
export const UNLIMITED: Budget = { bytes: Infinity };

export const NEURON_BYTES = 320;
export const SYNAPSE_BYTES = 30;
/** A write-up synapse keeps its own conductance, its pre, post and type, and an arrival slot. */
const WRITEUP_SYNAPSE_BYTES = 48;
/** A bucket of the spike queue: two array slots, its size, and headroom for its first records. */
const BUCKET_BYTES = 24;
/** An input's own objects: its spec, random stream, target array and per-input entries of the step loop. */
const INPUT_BYTES = 512;
const INPUT_TARGET_BYTES = 4;
const NOISE_TARGET_BYTES = 8;
const RECORDED_VALUE_BYTES = 16;
/** The plots' longest window (liveData.ts MAX_WINDOW_MS) and the ring's headroom (traceCapacityFor). */
export const TRACE_WINDOW_MS = 5000;
const TRACE_HEADROOM_SAMPLES = 2048;

/** Hard limits of the engine, whatever the budget: rows start at int32 indices; ids live in one Map. */
export const ENGINE_MAX_SYNAPSES = 2 ** 31 - 1;
export const ENGINE_MAX_NEURONS = 2 ** 24 - 1;

/** What one element of an experiment would take. */
export interface BudgetItem {
  /** The field it comes from, as the validator names fields, e.g. `projections[0]`. */
  path: string;
  /** What was asked, in words: `all-to-all from "E" (200,000 neurons) onto itself`. */
  asked: string;
  /** What it needs, in words: `40,000,000,000 synapses`. */
  needs: string;
  bytes: number;
}

export interface ResourceEstimate {
  neurons: number;
  /** Synapses the build makes room for (a probability rule: the mean plus five standard deviations). */
  synapses: number;
  /** Buckets of the spike queue: the longest delay in steps, plus one. */
  delayBuckets: number;
  /** Inputs times their targets, summed over the inputs. */
  inputTargets: number;
  /** Float64 values of the page's trace ring. */
  traceValues: number;
  bytes: number;
  items: BudgetItem[];
}

/** A problem with the budget: the field it belongs to and what to say. */
export interface BudgetProblem {
  path: string;
  message: string;
}

/** Synapses a projection rule makes between groups of `preSize` and `postSize` neurons (as compile makes room for). */
export function projectionSynapses(rule: ConnectionRule, preSize: number, postSize: number, allowSelf: boolean): number {
  const pairs = preSize * postSize - (allowSelf ? 0 : preSize);
  switch (rule.rule) {
    case 'all-to-all':
      return pairs;
    case 'probability':
      return Math.min(pairs, Math.ceil(pairs * rule.p + 5 * Math.sqrt(pairs * rule.p * (1 - rule.p)) + 16));
    case 'in-degree':
      return rule.k * postSize;
    case 'out-degree':
      return rule.k * preSize;
  }
}

/** The largest value a delay or span can draw (a number, or the upper end of a bounded distribution). */
function largest(d: Experiment['projections'][number]['delay']): number {
  if (typeof d === 'number') return d;
  switch (d.dist) {
    case 'uniform':
      return d.max;
    case 'normal':
      return d.sd === 0 ? d.mean : Infinity;
    case 'r':
      return d.power === 0 ? d.base + d.scale : Math.max(d.base, d.base + d.scale);
  }
}

/** What an item is, for adding up like ones: populations, projections, inputs, ... (a delay is its own kind). */
function kindOf(item: BudgetItem): string {
  if (item.path.endsWith('.delay')) return 'delays';
  if (item.path.endsWith('.pulse')) return 'pulses';
  return /^[A-Za-z]+/.exec(item.path)?.[0] ?? item.path;
}

// One formatter for every count: toLocaleString builds a new one per call, which made each live edit's
// budget check (a slider drag runs it once a frame) cost milliseconds.
const EN_US = new Intl.NumberFormat('en-US');
const count = (n: number) => EN_US.format(Math.round(n));
const plural = (n: number, noun: string) => `${count(n)} ${noun}${n === 1 ? '' : 's'}`;

/** Bytes in words: "about 560 GiB" style, binary units. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/**
 * What `experiment` would take, element by element. Plain arithmetic on the document: it allocates
 * nothing in proportion to the network, so it is safe on hostile input (a validated document).
 */
export function estimateResources(experiment: Experiment): ResourceEstimate {
  const { dt } = experiment.simulation;
  const items: BudgetItem[] = [];
  const sizes = new Map<string, number>();
  for (const n of experiment.neurons) sizes.set(n.id, 1);
  for (const p of experiment.populations) sizes.set(p.id, p.size);
  const sizeOf = (ref: string) => sizes.get(ref) ?? 1;
  const neurons = experiment.neurons.length + experiment.populations.reduce((sum, p) => sum + p.size, 0);

  const channels = experiment.synapseTypes.filter((s) => s.kind === 'expConductance').length;
  const pulseSteps = experiment.synapseTypes.map((s) => (s.kind === 'current' ? Math.max(1, Math.round((s.pulse ?? 1) / dt)) : 0));
  const pulseSections = new Set(pulseSteps.filter((k) => k > 0)).size;
  const pulseSlots = Math.max(1, ...pulseSteps);
  const perNeuron = NEURON_BYTES + 8 * channels;

  if (experiment.neurons.length > 0) {
    const single = experiment.neurons.length;
    items.push({ path: 'neurons', asked: plural(single, 'single neuron'), needs: plural(single, 'neuron'), bytes: single * perNeuron });
  }
  experiment.populations.forEach((p, i) => {
    items.push({ path: `populations[${i}]`, asked: `population "${p.id}" of ${count(p.size)} neurons`, needs: `${count(p.size)} neurons`, bytes: p.size * perNeuron });
  });

  const writeup = new Set(experiment.synapseTypes.filter((s) => s.kind === 'writeup').map((s) => s.id));
  let synapses = 0;
  let writeupSynapses = 0;
  let longestDelay = { ms: 0, path: '' };
  const noteDelay = (ms: number, path: string) => {
    if (ms > longestDelay.ms) longestDelay = { ms, path };
  };
  if (experiment.connections.length > 0) {
    const m = experiment.connections.length;
    items.push({ path: 'connections', asked: plural(m, 'connection'), needs: plural(m, 'synapse'), bytes: m * SYNAPSE_BYTES });
    synapses += m;
    experiment.connections.forEach((c, k) => {
      if (writeup.has(c.synapse)) writeupSynapses++;
      noteDelay(c.delay, `connections[${k}].delay`);
    });
  }
  experiment.projections.forEach((p, k) => {
    const preSize = sizeOf(p.pre);
    const postSize = sizeOf(p.post);
    const same = p.pre === p.post;
    const m = projectionSynapses(p.connect, preSize, postSize, !same || (p.autapses ?? false));
    synapses += m;
    if (writeup.has(p.synapse)) writeupSynapses += m;
    const rule = p.connect.rule === 'probability' ? `probability ${p.connect.p}` : p.connect.rule === 'all-to-all' ? 'all-to-all' : `${p.connect.rule} ${p.connect.k}`;
    const onto = same ? 'onto itself' : `onto "${p.post}" (${count(postSize)} ${postSize === 1 ? 'neuron' : 'neurons'})`;
    items.push({
      path: `projections[${k}]`,
      asked: `projection "${p.id}", ${rule} from "${p.pre}" (${count(preSize)} ${preSize === 1 ? 'neuron' : 'neurons'}) ${onto}`,
      needs: `${count(m)} synapses`,
      bytes: m * (SYNAPSE_BYTES + (writeup.has(p.synapse) ? WRITEUP_SYNAPSE_BYTES : 0)),
    });
    noteDelay(largest(p.delay), `projections[${k}].delay`);
  });

  const delayBuckets = Math.round(longestDelay.ms / dt) + 1;
  if (longestDelay.path !== '') {
    items.push({
      path: longestDelay.path,
      asked: `a delay of up to ${longestDelay.ms} ms (${count(delayBuckets - 1)} steps of ${dt} ms)`,
      needs: `a spike queue of ${count(delayBuckets)} buckets`,
      bytes: delayBuckets * BUCKET_BYTES,
    });
  }
  const slotSize = (channels + pulseSections) * neurons + writeupSynapses;
  if (pulseSlots > 1) {
    const k = pulseSteps.indexOf(pulseSlots);
    const type = experiment.synapseTypes[k];
    items.push({
      path: `synapseTypes[${k}].pulse`,
      asked: `synapse type "${type.id}" acting for ${pulseSlots * dt} ms (${count(pulseSlots)} steps)`,
      needs: `${count(pulseSlots)} arrival slots of ${count(slotSize)} values`,
      bytes: pulseSlots * slotSize * 8,
    });
  }

  let inputTargets = 0;
  experiment.inputs.forEach((input, k) => {
    const targets = sizeOf(input.target);
    inputTargets += targets;
    const perTarget = INPUT_TARGET_BYTES + (input.kind === 'noise' ? NOISE_TARGET_BYTES : 0);
    const values = input.kind === 'recorded' ? input.values.length : 0;
    items.push({
      path: `inputs[${k}]`,
      asked: `input "${input.id}" on "${input.target}" (${count(targets)} ${targets === 1 ? 'target' : 'targets'}${values > 0 ? `, ${count(values)} recorded values` : ''})`,
      needs: values > 0 ? `${count(values)} values` : `${count(targets)} target slots`,
      bytes: INPUT_BYTES + targets * perTarget + values * RECORDED_VALUE_BYTES,
    });
  });

  const { watch, variables } = experiment.recording;
  const samples = Math.ceil(TRACE_WINDOW_MS / dt) + TRACE_HEADROOM_SAMPLES;
  const traceValues = watch.length * variables.length * samples;
  if (traceValues > 0) {
    items.push({
      path: 'recording.watch',
      asked: `traces of ${watch.length} ${watch.length === 1 ? 'neuron' : 'neurons'} x ${variables.length} ${variables.length === 1 ? 'variable' : 'variables'} over the plots' ${count(TRACE_WINDOW_MS)} ms at ${dt} ms steps`,
      needs: `${count(traceValues)} samples`,
      bytes: traceValues * 8,
    });
  }

  // Per-network arrays besides the neurons' (the counter draws' target table, row index, arrivals of one step).
  const bytes = items.reduce((sum, item) => sum + item.bytes, 0) + (pulseSlots === 1 ? slotSize * 8 : 0);
  return { neurons, synapses, delayBuckets, inputTargets, traceValues, bytes, items };
}

/** Whether a validator message is the budget's (a larger budget could let the experiment through). */
export function isBudgetMessage(message: string): boolean {
  return /: .* needs .*; the limit is .* of memory \(about /.test(message);
}

/**
 * Whether `experiment` fits `budget`; the problems name the element that asks the most, what it asks,
 * what it needs and the limit. An empty list: it fits.
 */
export function checkBudget(experiment: Experiment, budget: Budget = DEFAULT_BUDGET): BudgetProblem[] {
  const estimate = estimateResources(experiment);
  const problems: BudgetProblem[] = [];
  const synapsesOver = estimate.synapses > ENGINE_MAX_SYNAPSES;
  const neuronsOver = estimate.neurons > ENGINE_MAX_NEURONS;
  if (!synapsesOver && !neuronsOver && estimate.bytes <= budget.bytes) return problems;
  // Named: the biggest element of the kind that needs the most (1,000 inputs of 2 MiB each outweigh one
  // population of 60 MiB); past an engine limit, the biggest of the kind that breaks it.
  const kinds = new Map<string, BudgetItem[]>();
  for (const item of estimate.items) kinds.set(kindOf(item), [...(kinds.get(kindOf(item)) ?? []), item]);
  const total = (list: BudgetItem[]) => list.reduce((sum, item) => sum + item.bytes, 0);
  const heaviest = synapsesOver
    ? [...(kinds.get('projections') ?? []), ...(kinds.get('connections') ?? [])]
    : neuronsOver
      ? [...(kinds.get('populations') ?? []), ...(kinds.get('neurons') ?? [])]
      : [...kinds.values()].reduce((a, b) => (total(b) > total(a) ? b : a));
  const item = heaviest.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const together = heaviest.length > 1 && total(heaviest) > item.bytes * 1.5
    ? `; the ${count(heaviest.length)} ${kindOf(item)} together need about ${formatBytes(total(heaviest))}`
    : '';
  const whole = total(heaviest) < estimate.bytes * 0.95 ? `; with the rest of the experiment about ${formatBytes(estimate.bytes)}` : '';
  const engine = synapsesOver
    ? `, and the engine holds at most ${count(ENGINE_MAX_SYNAPSES)} synapses (this network would have ${count(estimate.synapses)})`
    : neuronsOver
      ? `, and the engine holds at most ${count(ENGINE_MAX_NEURONS)} neurons (this network would have ${count(estimate.neurons)})`
      : '';
  problems.push({
    path: item.path,
    message:
      `${item.asked} needs ${item.needs} (about ${formatBytes(item.bytes)})${together}${whole}; ` +
      `the limit is ${formatBytes(budget.bytes)} of memory (about ${count(budget.bytes / SYNAPSE_BYTES)} synapses or ${count(budget.bytes / NEURON_BYTES)} neurons)${engine}`,
  });
  return problems;
}
