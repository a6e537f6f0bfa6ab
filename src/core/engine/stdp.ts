import { portableExp } from '../portableMath.ts';
import type { PlasticityParam } from '../experiment/edits.ts';
import type { PlasticitySpec } from '../experiment/types.ts';
import type { CompiledSynapseType, SynapseRows } from './network.ts';
import { POOL_WINDOW_MS, SpikeQueue } from './spikeQueue.ts';

/**
 * The plastic synapses of a compiled network (those of a synapse type with `plasticity`), indexed at
 * build time: plastic synapse p is synapse `synapse[p]` of the rows, numbered in row order, so neuron
 * i's are p = rowStart[i] .. rowStart[i + 1] - 1, and `incoming` lists each neuron's by postsynaptic
 * neuron, for the potentiation a post spike makes.
 */
export interface CompiledPlasticity {
  /** Per synapse type, its rule index into `rules`, or -1. */
  ruleOfType: Int32Array;
  rules: PlasticitySpec[];
  synapse: Int32Array;
  rowStart: Int32Array;
  /** Neuron j's incoming plastic synapses: incoming[incomingStart[j] .. incomingStart[j + 1] - 1], in order of p. */
  incomingStart: Int32Array;
  incoming: Int32Array;
  /** The weights the build made (clipped into [0, wMax]): a reset starts from them again. */
  initialWeight: Float64Array;
}

/**
 * Indexes the plastic synapses of `rows` and clips their weights into [0, wMax] (a normal distribution
 * can draw outside; the validator refuses plain numbers and ranges that do). Undefined without any.
 */
export function compilePlasticity(types: readonly CompiledSynapseType[], rows: SynapseRows, neuronCount: number): CompiledPlasticity | undefined {
  const rules: PlasticitySpec[] = [];
  const ruleOfType = new Int32Array(types.length).fill(-1);
  types.forEach((t, k) => {
    if (t.plasticity === undefined) return;
    ruleOfType[k] = rules.length;
    rules.push({ ...t.plasticity });
  });
  if (rules.length === 0) return undefined;
  const { rowStart: rows0, post, type, weight } = rows;
  const rowStart = new Int32Array(neuronCount + 1);
  const incomingStart = new Int32Array(neuronCount + 1);
  let count = 0;
  for (let i = 0; i < neuronCount; i++) {
    for (let s = rows0[i]; s < rows0[i + 1]; s++) {
      if (ruleOfType[type[s]] < 0) continue;
      count++;
      incomingStart[post[s] + 1]++;
    }
    rowStart[i + 1] = count;
  }
  for (let j = 0; j < neuronCount; j++) incomingStart[j + 1] += incomingStart[j];
  const synapse = new Int32Array(count);
  const incoming = new Int32Array(count);
  const initialWeight = new Float64Array(count);
  const fill = incomingStart.slice(0, neuronCount);
  let p = 0;
  for (let i = 0; i < neuronCount; i++) {
    for (let s = rows0[i]; s < rows0[i + 1]; s++) {
      const r = ruleOfType[type[s]];
      if (r < 0) continue;
      const w = Math.min(rules[r].wMax, Math.max(0, weight[s]));
      weight[s] = w;
      initialWeight[p] = w;
      synapse[p] = s;
      incoming[fill[post[s]]++] = p;
      p++;
    }
  }
  return { ruleOfType, rules, synapse, rowStart, incomingStart, incoming, initialWeight };
}

/** One change of the watched synapse: when, by how much, and the spike pair that made it. */
export interface WeightChange {
  /** ms: the post spike (potentiation) or the pre spike's arrival (depression). */
  time: number;
  dw: number;
  /** The weight after the change. */
  weight: number;
  /** t_post - t_pre of the nearest pair in the change, ms (>= 0 for potentiation, < 0 for depression); NaN without a partner. */
  pairDt: number;
}

/** Changes of the watched synapse kept between two reads (the oldest drop first). */
const WATCH_CAPACITY = 4096;

/**
 * The run's plasticity (one per Simulation): the traces and the plastic spikes in flight.
 *
 * A spike's plastic synapses are handled at its arrival (the synapse sits at the end of the axon, so the
 * delay is before it): the arriving spike transmits the synapse's weight as it is then, the weight is
 * depressed by the postsynaptic trace, and the synapse's presynaptic trace takes the spike. A post
 * spike, in the step it fires, potentiates each incoming plastic synapse by its presynaptic trace, and
 * then its own trace takes the spike. Arrivals come first in a step, so a spike arriving in the step
 * its target fires pairs as pre before post (dt = 0, potentiation).
 *
 * Traces are kept with the step of their last change and decayed when next read, so a synapse or
 * neuron without spikes costs nothing per step. The presynaptic trace is per synapse (not per neuron):
 * each synapse sees spikes at its own delay.
 */
export class StdpRun {
  /** Plastic spikes in flight: plastic synapse p in the bucket of its arrival step. */
  private readonly queue: SpikeQueue;
  private readonly preTrace: Float64Array;
  private readonly preStep: Float64Array;
  /** Per rule r and neuron j, at r * n + j; all of a neuron's traces change at its spikes (postStep). */
  private readonly postTrace: Float64Array;
  private readonly postStep: Float64Array;
  private readonly ruleOfSynapse: Uint16Array;
  private readonly neuronCount: number;
  /** The plastic synapse whose changes are kept (-1: none), and its changes since the last take. */
  private watched = -1;
  private readonly changes: WeightChange[] = [];

  /**
   * @param slotOffset where plastic synapse p's arrival lands in an arrival slot (the Simulation's layout)
   */
  constructor(
    readonly plastic: CompiledPlasticity,
    private readonly rows: SynapseRows,
    private readonly dt: number,
    private readonly slotOffset: Int32Array,
  ) {
    const count = plastic.synapse.length;
    this.neuronCount = plastic.rowStart.length - 1;
    this.preTrace = new Float64Array(count);
    this.preStep = new Float64Array(count);
    this.postTrace = new Float64Array(plastic.rules.length * this.neuronCount);
    this.postStep = new Float64Array(this.neuronCount);
    this.ruleOfSynapse = new Uint16Array(count);
    let longest = 1;
    for (let p = 0; p < count; p++) {
      const s = plastic.synapse[p];
      this.ruleOfSynapse[p] = plastic.ruleOfType[rows.type[s]];
      longest = Math.max(longest, rows.delaySteps[s]);
    }
    this.queue = new SpikeQueue(longest + 1, Math.round(POOL_WINDOW_MS / dt));
  }

  /** Back to the build's weights, empty traces, nothing in flight. */
  reset(): void {
    this.restoreInitialWeights();
    this.preTrace.fill(0);
    this.preStep.fill(0);
    this.postTrace.fill(0);
    this.postStep.fill(0);
    this.queue.clearAll();
    this.changes.length = 0;
  }

  /** Every plastic weight back to the experiment's (the build's, or a live edit's): what "Reset weights" does, the run going on. */
  restoreInitialWeights(): void {
    const { synapse, initialWeight } = this.plastic;
    const weight = this.rows.weight;
    for (let p = 0; p < synapse.length; p++) weight[synapse[p]] = initialWeight[p];
  }

  /**
   * A live edit of the rule of synapse type `type` (its index; no-op for a type without one). A lower
   * wMax clips the type's weights, learned and initial, into the new range at once.
   */
  setRule(type: number, param: PlasticityParam, value: number): void {
    const r = type >= 0 && type < this.plastic.ruleOfType.length ? this.plastic.ruleOfType[type] : -1;
    if (r < 0) return;
    this.plastic.rules[r][param] = value;
    if (param !== 'wMax') return;
    const { synapse, initialWeight } = this.plastic;
    const weight = this.rows.weight;
    for (let p = 0; p < synapse.length; p++) {
      if (this.ruleOfSynapse[p] !== r) continue;
      weight[synapse[p]] = clip(weight[synapse[p]], value);
      initialWeight[p] = clip(initialWeight[p], value);
    }
  }

  /** The rule index of plastic synapse p (into plastic.rules). */
  ruleOf(p: number): number {
    return this.ruleOfSynapse[p];
  }

  /** Whether neuron i's row has plastic synapses (its spikes then go through queuePre). */
  hasPlastic(i: number): boolean {
    return this.plastic.rowStart[i] < this.plastic.rowStart[i + 1];
  }

  /** Queues neuron i's spike of step `step` on its plastic synapses, to arrive after their delays. */
  queuePre(i: number, step: number): void {
    const { rowStart, synapse } = this.plastic;
    const delaySteps = this.rows.delaySteps;
    const count = this.queue.bucketCount;
    for (let p = rowStart[i]; p < rowStart[i + 1]; p++) this.queue.append((step + delaySteps[synapse[p]]) % count, p, 0);
  }

  /** Spikes arriving in step `step`: each transmits its weight into `arrivals` (slot at slotBase), then depresses it. */
  deliver(step: number, arrivals: Float64Array, slotBase: number): void {
    const queue = this.queue;
    const bucket = step % queue.bucketCount;
    queue.settle();
    if (queue.isEmpty(bucket)) return;
    for (let c = queue.firstChunk(bucket); c >= 0; c = queue.nextChunk(c)) {
      const records = queue.chunkOffsets[c];
      const length = queue.chunkLength(bucket, c);
      for (let k = 0; k < length; k++) this.arrive(records[k], step, arrivals, slotBase);
    }
    queue.clear(bucket);
  }

  private arrive(p: number, step: number, arrivals: Float64Array, slotBase: number): void {
    const weight = this.rows.weight;
    const s = this.plastic.synapse[p];
    const r = this.ruleOfSynapse[p];
    const rule = this.plastic.rules[r];
    const j = this.rows.post[s];
    const w = weight[s];
    arrivals[slotBase + this.slotOffset[p]] += w;
    const post = this.postTrace[r * this.neuronCount + j];
    if (post > 0) {
      const x = post * portableExp(-((step - this.postStep[j]) * this.dt) / rule.tauMinus);
      const scale = rule.update === 'multiplicative' ? w / rule.wMax : 1;
      const next = clip(w - rule.aMinus * x * scale, rule.wMax);
      weight[s] = next;
      if (p === this.watched && next !== w) this.noteChange(step, next - w, next, -(step - this.postStep[j]) * this.dt);
    }
    const pre = this.preTrace[p];
    this.preTrace[p] = rule.pairing === 'nearest' || pre === 0 ? 1 : pre * portableExp(-((step - this.preStep[p]) * this.dt) / rule.tauPlus) + 1;
    this.preStep[p] = step;
  }

  /** Neuron j fired in step `step`: potentiates its incoming plastic synapses, then its traces take the spike. */
  postSpike(j: number, step: number): void {
    const { incomingStart, incoming, synapse, rules } = this.plastic;
    const weight = this.rows.weight;
    const dt = this.dt;
    for (let k = incomingStart[j]; k < incomingStart[j + 1]; k++) {
      const p = incoming[k];
      const pre = this.preTrace[p];
      if (pre === 0) continue;
      const rule = rules[this.ruleOfSynapse[p]];
      const s = synapse[p];
      const w = weight[s];
      const x = pre * portableExp(-((step - this.preStep[p]) * dt) / rule.tauPlus);
      const next = clip(w + rule.aPlus * x, rule.wMax);
      weight[s] = next;
      if (p === this.watched && next !== w) this.noteChange(step, next - w, next, (step - this.preStep[p]) * dt);
    }
    const n = this.neuronCount;
    for (let r = 0; r < rules.length; r++) {
      const at = r * n + j;
      const trace = this.postTrace[at];
      this.postTrace[at] = rules[r].pairing === 'nearest' || trace === 0 ? 1 : trace * portableExp(-((step - this.postStep[j]) * dt) / rules[r].tauMinus) + 1;
    }
    this.postStep[j] = step;
  }

  /** Keeps the changes of plastic synapse p from now on (-1: none). */
  watch(p: number): void {
    this.watched = p >= 0 && p < this.plastic.synapse.length ? p : -1;
    this.changes.length = 0;
  }

  get watchedSynapse(): number {
    return this.watched;
  }

  /** The watched synapse's changes since the last call. */
  takeChanges(): WeightChange[] {
    return this.changes.splice(0, this.changes.length);
  }

  /** The weight of plastic synapse p now. */
  weightOf(p: number): number {
    return this.rows.weight[this.plastic.synapse[p]];
  }

  /** A live edit set synapse s's weight: a reset starts from it too (as for synapses without plasticity). */
  setInitialWeight(s: number, weight: number): void {
    const { synapse, initialWeight } = this.plastic;
    for (let p = 0; p < synapse.length; p++) if (synapse[p] === s) initialWeight[p] = weight;
  }

  private noteChange(step: number, dw: number, weight: number, pairDt: number): void {
    if (this.changes.length === WATCH_CAPACITY) this.changes.shift();
    this.changes.push({ time: step * this.dt, dw, weight, pairDt });
  }
}

function clip(w: number, wMax: number): number {
  return w < 0 ? 0 : w > wMax ? wMax : w;
}
