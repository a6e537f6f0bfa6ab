import type { CompiledNetwork } from '../core/engine/network.ts';
import { Simulation } from '../core/engine/simulation.ts';
import type { StdpRun } from '../core/engine/stdp.ts';

/** Bins of the weight histogram over [0, wMax]. */
export const HISTOGRAM_BINS = 40;
/** The heatmap's largest side, cells: a bigger matrix is averaged into this many rows and columns. */
export const GRID_MAX = 64;

/**
 * The plastic weights as the page draws them, a few times per second: a histogram, a matrix of mean
 * weights (presynaptic rows by postsynaptic columns, averaged into at most GRID_MAX a side; with one
 * postsynaptic neuron its inputs wrapped into a near-square grid instead), and the watched synapse's
 * changes since the last frame. Weights are shown as w / wMax, so types of different wMax share a scale.
 */
export interface PlasticityFrame {
  /** Plastic synapses in the network. */
  count: number;
  /** Counts of w / wMax per bin of width 1 / HISTOGRAM_BINS (the last bin includes 1). */
  histogram: Float32Array;
  /** Share of weights within the outer 20% of the range (below 0.1 or above 0.9 of wMax). */
  outer: number;
  mean: number;
  /** Mean w / wMax per cell, row-major; NaN where no synapse falls. */
  grid: Float32Array;
  rows: number;
  columns: number;
  /**
   * 'matrix': row r holds presynaptic neurons [r * pre / rows, (r + 1) * pre / rows) of the plastic
   * synapses' presynaptic neurons in index order, column c likewise the postsynaptic ones; 'wrapped':
   * one postsynaptic neuron, its inputs in reading order, cell k = r * columns + c holding input k
   * (or, when they outnumber the cells, inputs [k * pre / cells, (k + 1) * pre / cells)).
   */
  layout: 'matrix' | 'wrapped';
  /** Ids of the first and last presynaptic and postsynaptic neurons, for the axes. */
  preIds: [string, string];
  postIds: [string, string];
  preCount: number;
  postCount: number;
  /** The watched synapse, or null when none is. */
  watched: WatchedSynapseFrame | null;
  /** Simulated time, ms. */
  time: number;
}

export interface WatchedSynapseFrame {
  /** Index among the plastic synapses. */
  synapse: number;
  /** Its cell in the grid (what a `watchSynapse` command names), for the heatmap to mark. */
  cell: number;
  pre: string;
  post: string;
  wMax: number;
  /** Its weight now. */
  weight: number;
  /** Its changes since the last frame: when (ms), by how much, the weight after, and the nearest pair's t_post - t_pre (ms). */
  times: Float64Array;
  dw: Float64Array;
  weights: Float64Array;
  pairDt: Float64Array;
}

export class PlasticityFeed {
  private readonly preRank: Int32Array;
  private readonly postRank: Int32Array;
  private readonly preNeurons: number[];
  private readonly postNeurons: number[];
  /** Cell of each plastic synapse in the grid. */
  private readonly cell: Int32Array;
  private readonly rows: number;
  private readonly columns: number;
  private readonly layout: 'matrix' | 'wrapped';

  constructor(
    private readonly stdp: StdpRun,
    private readonly net: CompiledNetwork,
  ) {
    const { synapse, rowStart } = stdp.plastic;
    const n = net.neuronCount;
    const post = net.synapses.post;
    const isPost = new Uint8Array(n);
    this.preNeurons = [];
    for (let i = 0; i < n; i++) if (rowStart[i] < rowStart[i + 1]) this.preNeurons.push(i);
    for (let p = 0; p < synapse.length; p++) isPost[post[synapse[p]]] = 1;
    this.postNeurons = [];
    for (let j = 0; j < n; j++) if (isPost[j]) this.postNeurons.push(j);
    this.preRank = new Int32Array(n).fill(-1);
    this.postRank = new Int32Array(n).fill(-1);
    this.preNeurons.forEach((i, r) => (this.preRank[i] = r));
    this.postNeurons.forEach((j, r) => (this.postRank[j] = r));
    const pre = this.preNeurons.length;
    const posts = this.postNeurons.length;
    this.layout = posts === 1 ? 'wrapped' : 'matrix';
    if (this.layout === 'wrapped') {
      this.columns = Math.min(GRID_MAX, Math.max(1, Math.ceil(Math.sqrt(pre))));
      this.rows = Math.min(GRID_MAX, Math.max(1, Math.ceil(pre / this.columns)));
    } else {
      this.rows = Math.min(GRID_MAX, Math.max(1, pre));
      this.columns = Math.min(GRID_MAX, Math.max(1, posts));
    }
    const cells = this.rows * this.columns;
    this.cell = new Int32Array(synapse.length);
    for (let i = 0; i < n; i++) {
      for (let p = rowStart[i]; p < rowStart[i + 1]; p++) {
        const s = synapse[p];
        const r = this.preRank[i];
        this.cell[p] = this.layout === 'wrapped'
          ? (pre <= cells ? r : Math.floor((r * cells) / pre))
          : Math.floor((r * this.rows) / pre) * this.columns + Math.floor((this.postRank[post[s]] * this.columns) / posts);
      }
    }
    // Something to show from the start: the first plastic synapse.
    if (stdp.watchedSynapse < 0) stdp.watch(0);
  }

  frame(time: number): PlasticityFrame {
    const { synapse, rules } = this.stdp.plastic;
    const weight = this.net.synapses.weight;
    // Read each frame: a live edit may change a rule's wMax.
    const wMax = Float64Array.from(rules, (r) => r.wMax);
    const histogram = new Float32Array(HISTOGRAM_BINS);
    const sums = new Float64Array(this.rows * this.columns);
    const counts = new Uint32Array(this.rows * this.columns);
    let outer = 0;
    let total = 0;
    for (let p = 0; p < synapse.length; p++) {
      const w = weight[synapse[p]] / wMax[this.stdp.ruleOf(p)];
      histogram[Math.min(HISTOGRAM_BINS - 1, Math.max(0, Math.floor(w * HISTOGRAM_BINS)))]++;
      if (w < 0.1 || w > 0.9) outer++;
      total += w;
      sums[this.cell[p]] += w;
      counts[this.cell[p]]++;
    }
    const grid = new Float32Array(sums.length);
    for (let k = 0; k < grid.length; k++) grid[k] = counts[k] > 0 ? sums[k] / counts[k] : Number.NaN;
    const count = synapse.length;
    const ids = (list: number[]): [string, string] => [this.net.ids[list[0]] ?? '', this.net.ids[list[list.length - 1]] ?? ''];
    return {
      count,
      histogram,
      outer: count > 0 ? outer / count : 0,
      mean: count > 0 ? total / count : 0,
      grid,
      rows: this.rows,
      columns: this.columns,
      layout: this.layout,
      preIds: ids(this.preNeurons),
      postIds: ids(this.postNeurons),
      preCount: this.preNeurons.length,
      postCount: this.postNeurons.length,
      watched: this.watched(),
      time,
    };
  }

  /** Keeps the changes of the (first) plastic synapse in a grid cell; an empty cell changes nothing. */
  watchCell(cell: number): void {
    const p = this.cell.indexOf(cell);
    if (p >= 0) this.stdp.watch(p);
  }

  private watched(): WatchedSynapseFrame | null {
    const p = this.stdp.watchedSynapse;
    if (p < 0) return null;
    const s = this.stdp.plastic.synapse[p];
    const changes = this.stdp.takeChanges();
    const pre = this.preNeurons[this.rowOf(p)];
    return {
      synapse: p,
      cell: this.cell[p],
      pre: this.net.ids[pre],
      post: this.net.ids[this.net.synapses.post[s]],
      wMax: this.stdp.plastic.rules[this.stdp.ruleOf(p)].wMax,
      weight: this.stdp.weightOf(p),
      times: Float64Array.from(changes, (c) => c.time),
      dw: Float64Array.from(changes, (c) => c.dw),
      weights: Float64Array.from(changes, (c) => c.weight),
      pairDt: Float64Array.from(changes, (c) => c.pairDt),
    };
  }

  /** The rank of the presynaptic neuron of plastic synapse p. */
  private rowOf(p: number): number {
    const rowStart = this.stdp.plastic.rowStart;
    for (const [r, i] of this.preNeurons.entries()) if (p < rowStart[i + 1]) return r;
    return this.preNeurons.length - 1;
  }
}

/** The feed of a run with plastic synapses (never split across Workers), else null. */
export function plasticityFeedFor(sim: unknown): PlasticityFeed | null {
  return sim instanceof Simulation && sim.stdp !== null ? new PlasticityFeed(sim.stdp, sim.net) : null;
}

/** The buffers of a frame to transfer rather than copy. */
export function plasticityTransfer(frame: PlasticityFrame): Transferable[] {
  const buffers: Transferable[] = [frame.histogram.buffer, frame.grid.buffer];
  if (frame.watched) buffers.push(frame.watched.times.buffer, frame.watched.dw.buffer, frame.watched.weights.buffer, frame.watched.pairDt.buffer);
  return buffers;
}
