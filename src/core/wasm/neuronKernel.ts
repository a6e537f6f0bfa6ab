/**
 * The neuron update in WebAssembly (neuronUpdate.as.ts): one per Simulation, whose state lives in the
 * kernel's memory (v, u, the external current, the conductance channels, the spike list: the
 * Simulation's arrays are views on it), so a step copies nothing in or out. The memory is the
 * Simulation's own, or a region of its network's delivery kernel (deliveryKernel.ts: the arrival sums
 * the update reads are there); either is sized once and never grown, so the views stay valid. The noise
 * kernel (normalKernel.ts) draws into the external current in the same memory. Where WebAssembly with
 * SIMD is missing or forbidden, createNeuronKernel returns null and the JS loops step the neurons: the
 * same numbers either way.
 */
import type { CellArrays } from '../engine/network.ts';
import { compiledKernel } from './compileKernel.ts';
import { normalRegionBytes, normalRegionCurrent, normalRegionHashed } from './normalKernel.ts';
import { NEURON_UPDATE_WASM } from './neuronUpdate.wasm.ts';

type UpdateSharedExport = (
  v: number, u: number, external: number, input: number, cells: number, stride: number, spiked: number, failed: number, currents: number,
  lo: number, hi: number, h: number, twoHalfSteps: number, q2: number, q1: number, q0: number, vb: number, ur: number, vpeak: number,
) => number;
type UpdateSharedNoiseExport = (
  v: number, u: number, input: number, cells: number, stride: number, spiked: number, failed: number, currents: number,
  lo: number, hi: number, h: number, twoHalfSteps: number, q2: number, q1: number, q0: number, vb: number, ur: number, vpeak: number,
  count: number, tables: number, hashed: number, laneBase: number, offset: number, mean: number, sd: number, clear: number,
) => number;
type UpdateGeneralExport = (
  v: number, u: number, external: number, input: number, cells: number, stride: number, spiked: number, failed: number,
  lo: number, hi: number, h: number, twoHalfSteps: number, states: number, gm: number, erev: number, channels: number,
) => number;

/** The cells' parameters in the kernel, in this order, n places apart (dta is dt a, as the JS loops compute it). */
const CELL_PARAMETERS = ['dta', 'b', 'c', 'd', 'p2', 'p1', 'p0', 'vb', 'ur', 'vpeak', 'invC'] as const;
type CellParameter = (typeof CELL_PARAMETERS)[number];

const PAGE = 65536;

/**
 * Room for updateShared's currents of one block (neuronUpdate.as.ts's BLOCK), and for updateSharedNoise's
 * currents and slow places of one chunk (its NOISE_CHUNK): both checked when a kernel is made.
 */
const BLOCK_PLACES = 32;
const CHUNK_PLACES = 256;
const BLOCK_BYTES = 8 * CHUNK_PLACES + 4 * (CHUNK_PLACES + 4);

const align = (bytes: number) => Math.ceil(bytes / 16) * 16;

/** Byte offsets (from the region's start) of a kernel for n neurons, `channels` channels and `arrivals` arrival places. */
function neuronLayout(n: number, channels: number, arrivals: number) {
  let bytes = 0;
  const take = (size: number) => {
    const at = bytes;
    bytes += align(size);
    return at;
  };
  const normals = take(normalRegionBytes(n));
  const v = take(8 * n);
  const u = take(8 * n);
  const input = take(8 * n);
  const cells = take(8 * n * CELL_PARAMETERS.length);
  const spiked = take(4 * n);
  const failed = take(4);
  const currents = take(BLOCK_BYTES);
  const states = take(8 * n * channels);
  const gm = take(8 * channels);
  const erev = take(8 * channels);
  const arrivalsAt = take(8 * arrivals);
  return { normals, v, u, input, cells, spiked, failed, currents, states, gm, erev, arrivals: arrivalsAt, bytes };
}

/** Bytes of the region a kernel for n neurons takes (NeuronKernel's `at`): with `arrivals` places for the arrival slots when they are not elsewhere. */
export function neuronRegionBytes(n: number, channels: number, arrivals = 0): number {
  return neuronLayout(n, channels, arrivals).bytes;
}

const kernelModule = compiledKernel(NEURON_UPDATE_WASM);

export class NeuronKernel {
  readonly memory: WebAssembly.Memory;
  /** Where the noise kernel's region starts (normalKernel.ts), sized for n places: its current is `external`. */
  readonly normalsAt: number;
  readonly v: Float64Array;
  readonly u: Float64Array;
  readonly external: Float64Array;
  /** The current synapses' input, for a Simulation whose arrival slot is not it. */
  readonly input: Float64Array;
  readonly spiked: Int32Array;
  /** Channel ch of neuron i at ch * n + i. */
  readonly states: Float64Array;
  /** Per channel: gbase times the mean over a step, and the reversal potential. */
  readonly gm: Float64Array;
  readonly erev: Float64Array;
  /** The arrival slots, when the region has room for them. */
  readonly arrivals: Float64Array;
  private readonly cells: Record<CellParameter, Float64Array>;
  private readonly failedWord: Int32Array;
  private readonly runShared: UpdateSharedExport;
  private readonly runSharedNoise: UpdateSharedNoiseExport;
  private readonly runGeneral: UpdateGeneralExport;
  private readonly at: ReturnType<typeof neuronLayout>;
  private readonly n: number;

  /** In `memory` from byte `at` (a multiple of 16) on, neuronRegionBytes(n, channels, arrivals) bytes. */
  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, at: number, n: number, channels: number, arrivals: number) {
    const layout = neuronLayout(n, channels, arrivals);
    const offsets = { ...layout };
    for (const key of Object.keys(offsets) as (keyof typeof offsets)[]) offsets[key] += at;
    this.at = offsets;
    this.n = n;
    this.memory = memory;
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
    const block = exports.BLOCK;
    if (!(block instanceof WebAssembly.Global) || block.value > BLOCK_PLACES) throw new Error('neuronKernel: the kernel\'s BLOCK does not fit BLOCK_PLACES');
    const chunk = exports.NOISE_CHUNK;
    if (!(chunk instanceof WebAssembly.Global) || chunk.value > CHUNK_PLACES) throw new Error('neuronKernel: the kernel\'s NOISE_CHUNK does not fit CHUNK_PLACES');
    this.runShared = exports.updateShared as UpdateSharedExport;
    this.runSharedNoise = exports.updateSharedNoise as UpdateSharedNoiseExport;
    this.runGeneral = exports.updateGeneral as UpdateGeneralExport;
    const buffer = memory.buffer;
    this.normalsAt = offsets.normals;
    this.external = new Float64Array(buffer, offsets.normals + normalRegionCurrent(n), n);
    this.v = new Float64Array(buffer, offsets.v, n);
    this.u = new Float64Array(buffer, offsets.u, n);
    this.input = new Float64Array(buffer, offsets.input, n);
    this.spiked = new Int32Array(buffer, offsets.spiked, n);
    this.failedWord = new Int32Array(buffer, offsets.failed, 1);
    this.states = new Float64Array(buffer, offsets.states, n * channels);
    this.gm = new Float64Array(buffer, offsets.gm, channels);
    this.erev = new Float64Array(buffer, offsets.erev, channels);
    this.arrivals = new Float64Array(buffer, offsets.arrivals, arrivals);
    const cells: Partial<Record<CellParameter, Float64Array>> = {};
    CELL_PARAMETERS.forEach((name, k) => (cells[name] = new Float64Array(buffer, offsets.cells + 8 * n * k, n)));
    this.cells = cells as Record<CellParameter, Float64Array>;
  }

  /** Takes neuron i's parameters from the network's cells (dt a computed as the JS loops compute it). */
  setCell(i: number, cells: CellArrays, dt: number): void {
    const own = this.cells;
    own.dta[i] = dt * cells.a[i];
    own.b[i] = cells.b[i];
    own.c[i] = cells.c[i];
    own.d[i] = cells.d[i];
    own.p2[i] = cells.p2[i];
    own.p1[i] = cells.p1[i];
    own.p0[i] = cells.p0[i];
    own.vb[i] = cells.vb[i];
    own.ur[i] = cells.ur[i];
    own.vpeak[i] = cells.vpeak[i];
    own.invC[i] = cells.invC[i];
  }

  /** setCell for every neuron, the parameters taken as they are copied a whole array at a time. */
  setCells(cells: CellArrays, dt: number): void {
    const [own, n] = [this.cells, this.n];
    for (let i = 0; i < n; i++) own.dta[i] = dt * cells.a[i];
    for (const name of ['b', 'c', 'd', 'p2', 'p1', 'p0', 'vb', 'ur', 'vpeak', 'invC'] as const) own[name].set(cells[name].subarray(0, n));
  }

  /**
   * Steps neurons lo .. hi - 1 that share one quadratic (p2, p1, p0, vb, ur, vpeak: the first neuron's),
   * with the external current plus `input` (a view on this memory). Returns the spike count (spiked).
   */
  updateShared(input: Float64Array, lo: number, hi: number, h: number, twoHalfSteps: boolean, cells: CellArrays): number {
    const at = this.at;
    this.failedWord[0] = -1;
    return this.runShared(
      at.v, at.u, this.external.byteOffset, input.byteOffset, at.cells, 8 * this.n, at.spiked, at.failed, at.currents,
      lo, hi, h, twoHalfSteps ? 1 : 0, cells.p2[0], cells.p1[0], cells.p0[0], cells.vb[0], cells.ur[0], cells.vpeak[0],
    );
  }

  /**
   * updateShared for neurons lo .. hi - 1 driven by one noise input drawn in the update (neuron i its place
   * i - offset, keyed by laneBase: CounterStream's keys; mean not -0) plus `input`, which `clear` zeroes as
   * it is read. The ziggurat's tables are the noise kernel's, at normalsAt. The spike list continues from
   * `count`; returns the new count. The first failure is kept across calls: clearFailure() before the first.
   */
  updateSharedNoise(
    input: Float64Array, lo: number, hi: number, h: number, twoHalfSteps: boolean, cells: CellArrays,
    count: number, laneBase: number, offset: number, mean: number, sd: number, clear: boolean,
  ): number {
    const at = this.at;
    return this.runSharedNoise(
      at.v, at.u, input.byteOffset, at.cells, 8 * this.n, at.spiked, at.failed, at.currents,
      lo, hi, h, twoHalfSteps ? 1 : 0, cells.p2[0], cells.p1[0], cells.p0[0], cells.vb[0], cells.ur[0], cells.vpeak[0],
      count, this.normalsAt, this.normalsAt + normalRegionHashed(), laneBase, offset, mean, sd, clear ? 1 : 0,
    );
  }

  /** Steps neurons lo .. hi - 1, each with its own cell, and the first `channels` conductance channels. Returns the spike count. */
  updateGeneral(input: Float64Array, lo: number, hi: number, h: number, twoHalfSteps: boolean, channels: number): number {
    const at = this.at;
    this.failedWord[0] = -1;
    return this.runGeneral(
      at.v, at.u, this.external.byteOffset, input.byteOffset, at.cells, 8 * this.n, at.spiked, at.failed,
      lo, hi, h, twoHalfSteps ? 1 : 0, at.states, at.gm, at.erev, channels,
    );
  }

  /** No failure noted: before a step's updateSharedNoise calls (updateShared and updateGeneral do it themselves). */
  clearFailure(): void {
    this.failedWord[0] = -1;
  }

  /** The first neuron whose state became non-finite in the last update, else -1. */
  get failedAt(): number {
    return this.failedWord[0];
  }
}

let enabled = true;

/**
 * A kernel for n neurons in `region` (neuronRegionBytes(n, channels, arrivals) bytes from `at` of
 * `memory`) or in a memory of its own; null without WebAssembly SIMD.
 */
export function createNeuronKernel(
  n: number,
  channels: number,
  arrivals: number,
  region?: { memory: WebAssembly.Memory; at: number },
): NeuronKernel | null {
  const module = enabled ? kernelModule() : null;
  if (module === null) return null;
  const memory = region?.memory ?? new WebAssembly.Memory({ initial: Math.ceil(neuronRegionBytes(n, channels, arrivals) / PAGE) || 1 });
  return new NeuronKernel(module, memory, region?.at ?? 0, n, channels, arrivals);
}

/** Whether Simulations made now get a neuron kernel (where WebAssembly allows one). */
export function neuronKernelEnabled(): boolean {
  return enabled && kernelModule() !== null;
}

/** What `make` returns, with the Simulations it makes stepping their neurons in JS: the reference the kernel is tested against. */
export function withoutNeuronKernel<T>(make: () => T): T {
  enabled = false;
  try {
    return make();
  } finally {
    enabled = true;
  }
}
