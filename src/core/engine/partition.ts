import type { LiveEdit } from '../experiment/edits.ts';
import type { BuildProgress } from './compile.ts';
import { delayArray, type CompiledNetwork, type SynapseRows } from './network.ts';
import { SpikeExchange, exchangeBytes, exchangeLayout } from './exchange.ts';
import { SpikeRecorder } from './recorders.ts';
import { kernelSections, synapseArrays } from '../wasm/deliveryKernel.ts';
import { neuronRegionBytes } from '../wasm/neuronKernel.ts';
import { Simulation } from './simulation.ts';

/**
 * A network split by postsynaptic neuron, as NEST splits it: part p owns neurons bounds[p] ..
 * bounds[p + 1] - 1 and the synapses onto them, steps only its neurons, and queues the spikes of every
 * part (exchange.ts). Each part is an ordinary Simulation of a partitionNetwork, so one thread can step
 * them all in turn (PartitionedSimulation, below) or each its own thread (bench/threads.ts, the same
 * exchange over a SharedArrayBuffer).
 */

/** The parts' bounds: `parts` runs of neurons as equal as whole neurons allow, in order. */
export function partitionBounds(neuronCount: number, parts: number): Int32Array {
  if (!(Number.isInteger(parts) && parts >= 1)) throw new Error(`parts must be a whole number >= 1, got ${parts}`);
  const bounds = new Int32Array(parts + 1);
  for (let p = 0; p <= parts; p++) bounds[p] = Math.floor((neuronCount * p) / parts);
  return bounds;
}

/** The shortest delay (steps) of the synapses, or `none` when there are none. */
export function shortestDelay(synapses: SynapseRows, none: number): number {
  const delays = synapses.delaySteps;
  let shortest = none;
  for (let s = 0; s < delays.length; s++) if (delays[s] < shortest) shortest = delays[s];
  return shortest;
}

/** Blocks never longer than this many steps: the outboxes hold a block's spikes of every neuron of a part. */
export const LONGEST_BLOCK = 16;

/** Synapses looked at between two yields of partitionSteps: a few milliseconds. */
const SYNAPSES_PER_STEP = 1 << 20;

/**
 * The part of `net` that owns neurons lo .. hi - 1: the same neurons, inputs and types (shared with
 * `net`, not copied), and of the synapses only those onto its neurons, in the same rows and row order.
 * Connections onto other parts' neurons map to -1.
 */
export function partitionNetwork(net: CompiledNetwork, lo: number, hi: number): CompiledNetwork {
  const steps = partitionSteps(net, lo, hi, Number.POSITIVE_INFINITY);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * partitionNetwork in steps (a Worker building a split run reads commands between them): each yield
 * reports the fraction done, under `stage`. The part is the same wherever the steps fall.
 */
export function* partitionSteps(
  net: CompiledNetwork,
  lo: number,
  hi: number,
  synapsesPerStep = SYNAPSES_PER_STEP,
  stage = 'Splitting the network between the Workers',
): Generator<BuildProgress, CompiledNetwork, void> {
  if (!(Number.isInteger(lo) && Number.isInteger(hi) && 0 <= lo && lo <= hi && hi <= net.neuronCount)) {
    throw new Error(`a part must be a run of neurons within 0 .. ${net.neuronCount}, got ${lo} .. ${hi}`);
  }
  const { rowStart, post, weight, delaySteps, type } = net.synapses;
  const n = net.neuronCount;
  const m = post.length;
  // Counting and copying each look at every synapse: half the work each.
  const progress = (done: number): BuildProgress => ({ fraction: m > 0 ? done / (2 * m) : 1, stage });
  let kept = 0;
  let longest = 0;
  let shortest = LONGEST_BLOCK;
  for (let from = 0; from < m; from += synapsesPerStep) {
    const to = Math.min(m, from + synapsesPerStep);
    for (let s = from; s < to; s++) {
      const d = delaySteps[s];
      if (d < shortest) shortest = d;
      if (post[s] >= lo && post[s] < hi) {
        kept++;
        if (d > longest) longest = d;
      }
    }
    if (to < m) yield progress(to);
  }
  // The part's own delivery kernel when the whole network has one: its sums are this part's, beside room for its neuron kernel.
  const sections = net.synapses.delivery ? kernelSections(net.synapseTypes, net.dt) : 0;
  const rows: SynapseRows = {
    rowStart: new Int32Array(n + 1),
    ...synapseArrays(kept, sections * n, undefined, sections > 0 ? neuronRegionBytes(n, sections) : 0),
    delaySteps: delayArray(kept, longest),
    type: type instanceof Uint8Array ? new Uint8Array(kept) : new Uint16Array(kept),
  };
  // The connections' synapses in ascending order, to be met while filtering.
  const connections = Array.from(net.connectionSynapse.keys()).sort((x, y) => net.connectionSynapse[x] - net.connectionSynapse[y]);
  const connectionSynapse = new Int32Array(net.connectionSynapse.length).fill(-1);
  let next = 0;
  let at = 0;
  let looked = 0;
  for (let i = 0; i < n; i++) {
    for (let s = rowStart[i]; s < rowStart[i + 1]; s++) {
      const owned = post[s] >= lo && post[s] < hi;
      while (next < connections.length && net.connectionSynapse[connections[next]] === s) {
        if (owned) connectionSynapse[connections[next]] = at;
        next++;
      }
      if (!owned) continue;
      rows.post[at] = post[s];
      rows.weight[at] = weight[s];
      rows.delaySteps[at] = delaySteps[s];
      rows.type[at] = type[s];
      at++;
    }
    rows.rowStart[i + 1] = at;
    looked += rowStart[i + 1] - rowStart[i];
    if (looked >= synapsesPerStep && i + 1 < n) {
      looked = 0;
      yield progress(m + rowStart[i + 1]);
    }
  }
  return { ...net, synapses: rows, connectionSynapse, partition: { lo, hi, minDelay: shortest } };
}

/**
 * A network split into parts, stepped in turn in one thread, block by block: the same spikes as one
 * Simulation of the whole network (for inputs whose draws do not depend on the split: see applyInputs).
 * Spikes are recorded here, in the order one Simulation records them.
 */
export class PartitionedSimulation {
  readonly parts: Simulation[];
  readonly bounds: Int32Array;
  readonly spikes = new SpikeRecorder();
  readonly blockSteps: number;
  private readonly exchange: SpikeExchange;
  private block = 0;
  stepIndex = 0;

  constructor(net: CompiledNetwork, parts: number) {
    this.bounds = partitionBounds(net.neuronCount, parts);
    this.parts = [];
    for (let p = 0; p < parts; p++) this.parts.push(new Simulation(partitionNetwork(net, this.bounds[p], this.bounds[p + 1])));
    this.blockSteps = Math.min(LONGEST_BLOCK, shortestDelay(net.synapses, LONGEST_BLOCK));
    const layout = exchangeLayout(this.bounds, this.blockSteps);
    this.exchange = new SpikeExchange(new ArrayBuffer(exchangeBytes(layout)), layout);
  }

  get failure() {
    return this.parts.find((part) => part.failure)?.failure ?? null;
  }

  /** Applies a live edit to every part (each takes what concerns its neurons and synapses). */
  applyEdit(edit: LiveEdit): void {
    for (const part of this.parts) part.applyEdit(edit);
  }

  /** Runs up to `steps` steps (in blocks; the last may be shorter); returns how many all parts took. */
  run(steps: number): number {
    const first = this.stepIndex;
    while (this.stepIndex < first + steps && !this.failure) {
      const block = this.block++;
      const length = Math.min(this.blockSteps, first + steps - this.stepIndex);
      this.parts.forEach((part, p) => {
        this.exchange.stepBlock(p, part, block, length);
        part.spikes.count = 0; // recorded here, merged
      });
      let taken = 0;
      this.parts.forEach((part, p) => {
        taken = this.exchange.deliverBlock(part, block, this.stepIndex, p === 0 ? this.spikes : undefined);
      });
      this.stepIndex += taken;
    }
    return this.stepIndex - first;
  }
}
