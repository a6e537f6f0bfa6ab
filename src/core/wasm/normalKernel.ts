/**
 * The ziggurat in WebAssembly (zigguratNormals.as.ts), fast and slow paths: one instance per Simulation, in a
 * memory of its own or in a region of the Simulation's neuron kernel's memory (neuronKernel.ts), which
 * then steps the neurons from the current drawn here; the memory is sized once, so the views below stay valid. Where WebAssembly with
 * SIMD is missing (older browsers) or forbidden (a Content-Security-Policy without 'wasm-unsafe-eval'),
 * `createNormalKernel` returns null and the draws run in JS: the same numbers either way.
 */
import { INVERSE_FACTORIALS as INVERSE_FACTORIAL_VALUES } from '../portableMath.ts';
import { compiledKernel } from './compileKernel.ts';
import { ZIGGURAT_NORMALS_WASM } from './zigguratNormals.wasm.ts';

/** What the kernel stores per place: the normal z, mean + sd z, 0 + (mean + sd z) (a written current, never -0),
 * or the place's value + (mean + sd z) (a current added to in place). */
export const NORMAL = 0;
export const AFFINE = 1;
export const WRITTEN = 2;
export const ADDED = 3;
export type NormalForm = typeof NORMAL | typeof AFFINE | typeof WRITTEN | typeof ADDED;

type NormalsExport = (tables: number, laneBase: number, first: number, end: number, hashed: number, values: number, slow: number, mean: number, sd: number, form: number) => number;

/** counterRandom.ts's ziggurat: what the kernel's tables are made from. */
export interface ZigguratTables {
  /** X[0 .. 256], the layer edges. */
  edges: Float64Array;
  /** X[i + 1] / X[i], i = 0 .. 255. */
  inner: Float64Array;
  /** f(X[i]), i = 0 .. 256. */
  heights: Float64Array;
  /** The wedge test's chord slopes and bounds (counterRandom.ts's underCurve), i = 0 .. 255. */
  slope: Float64Array;
  below: Float64Array;
  above: Float64Array;
}

/**
 * The kernel's tables, before the hashed targets (zigguratNormals.as.ts reads them):
 * - for each of the 512 values of a word's bits 0-8 (layer, sign), 16 bytes: +-2^-23 X[layer] and the
 *   layer's acceptance threshold 2^23 X[layer + 1] / X[layer] (f64s; the JS path's test
 *   magnitude 2^-23 < X[layer + 1] / X[layer] scaled by 2^23 on both sides, exactly);
 * - for each of the 16 patterns of slow places among four, the byte shuffle that moves their i32 lanes to the front;
 * - the slow path's: heights and edges (257 f64 each), the wedges' slopes and bounds (256 each), 1/n! for
 *   n = 0 .. 14 (portableMath.ts's, for its exp).
 */
const ENTRY_BYTES = 16;
const COMPRESS = 512 * ENTRY_BYTES;
const HEIGHTS = COMPRESS + 16 * 16;
const EDGES = HEIGHTS + 257 * 8;
const SLOPE = EDGES + 257 * 8;
const BELOW = SLOPE + 256 * 8;
const ABOVE = BELOW + 256 * 8;
const INVERSE_FACTORIALS = ABOVE + 256 * 8;
const TABLE_BYTES = Math.ceil((INVERSE_FACTORIALS + 15 * 8) / 16) * 16;
const PAGE = 65536;

/** Where a kernel for `targets` places keeps its arrays, in bytes from the start of its region; `bytes` in all (a multiple of 16). */
function normalLayout(targets: number) {
  const hashed = TABLE_BYTES;
  const values = hashed + 8 * Math.ceil(targets / 2);
  const slow = values + 8 * targets;
  const current = slow + 8 * Math.ceil(targets / 2);
  return { hashed, values, slow, current, bytes: current + 8 * targets };
}

/** Bytes of the region a kernel for `targets` places takes (NormalKernel's `at`). */
export function normalRegionBytes(targets: number): number {
  return normalLayout(targets).bytes;
}

/** Where in its region a kernel keeps its hashed targets (NormalKernel.hashed). */
export function normalRegionHashed(): number {
  return TABLE_BYTES;
}

/** Where in its region a kernel for `targets` places keeps its current (NormalKernel.current). */
export function normalRegionCurrent(targets: number): number {
  return normalLayout(targets).current;
}

const kernelModule = compiledKernel(ZIGGURAT_NORMALS_WASM);

function writeTables(tables: DataView, { edges, inner, heights, slope, below, above }: ZigguratTables): void {
  for (let bits = 0; bits < 512; bits++) {
    const layer = bits & 255;
    tables.setFloat64(bits * ENTRY_BYTES, (bits < 256 ? 1 : -1) * edges[layer] * 2 ** -23, true);
    tables.setFloat64(bits * ENTRY_BYTES + 8, inner[layer] * 2 ** 23, true);
  }
  for (let pattern = 0; pattern < 16; pattern++) {
    let front = 0;
    for (let byte = 0; byte < 16; byte++) tables.setUint8(COMPRESS + pattern * 16 + byte, 0);
    for (let lane = 0; lane < 4; lane++) {
      if ((pattern & (1 << lane)) === 0) continue;
      for (let byte = 0; byte < 4; byte++) tables.setUint8(COMPRESS + pattern * 16 + 4 * front + byte, 4 * lane + byte);
      front++;
    }
  }
  const f64s = (at: number, values: Float64Array) => values.forEach((value, i) => tables.setFloat64(at + 8 * i, value, true));
  f64s(HEIGHTS, heights);
  f64s(EDGES, edges);
  f64s(SLOPE, slope);
  f64s(BELOW, below);
  f64s(ABOVE, above);
  f64s(INVERSE_FACTORIALS, INVERSE_FACTORIAL_VALUES);
}

export class NormalKernel {
  /** hashed[p] = triple32(p), to be filled by the caller. */
  readonly hashed: Int32Array;
  /** values[p - first] after `normals`. */
  readonly values: Float64Array;
  /** slow[0 .. count - 1]: the places the fast path left to the slow one in the last run, ascending. */
  readonly slow: Int32Array;
  /**
   * One current per place, for the caller's own use (a Simulation's external input current): the kernel
   * can write noise straight into it (normalsInto), with no copy from `values` in JS.
   */
  readonly current: Float64Array;
  /** The kernel's own exp and log, which its slow path uses (for the test that they are portableMath's, bit for bit). */
  readonly exp: (x: number) => number;
  readonly log: (x: number) => number;
  private readonly run: NormalsExport;
  private readonly offsets: { tables: number; hashed: number; values: number; slow: number; current: number };
  private readonly views = new Map<number, Float64Array>();

  /** In `memory` from byte `at` (a multiple of 16) on, normalRegionBytes(targets) bytes. */
  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, at: number, targets: number, ziggurat: ZigguratTables) {
    const layout = normalLayout(targets);
    const hashed = at + layout.hashed;
    const values = at + layout.values;
    const slow = at + layout.slow;
    const current = at + layout.current;
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    this.run = instance.exports.normals as NormalsExport;
    const exp = instance.exports.exp as (tables: number, x: number) => number;
    this.exp = (x) => exp(at, x);
    this.log = instance.exports.log as (x: number) => number;
    writeTables(new DataView(memory.buffer, at, TABLE_BYTES), ziggurat);
    this.hashed = new Int32Array(memory.buffer, hashed, targets);
    this.values = new Float64Array(memory.buffer, values, targets);
    this.slow = new Int32Array(memory.buffer, slow, targets);
    this.current = new Float64Array(memory.buffer, current, targets);
    this.offsets = { tables: at, hashed, values, slow, current };
  }

  /** values[0 .. length - 1], one view per length kept (an input draws the same range every step: no allocation then). */
  drawn(length: number): Float64Array {
    let view = this.views.get(length);
    if (view === undefined) {
      view = this.values.subarray(0, length);
      this.views.set(length, view);
    }
    return view;
  }

  /**
   * Draws places first .. end - 1 into values, the word of lane L keyed by triple32(laneBase ^ (L + 1) 0x9e3779b9)
   * (CounterStream's keys); returns how many places took the slow path.
   */
  normals(laneBase: number, first: number, end: number, mean: number, sd: number, form: NormalForm): number {
    const { tables, hashed, values, slow } = this.offsets;
    return this.run(tables, laneBase, first, end, hashed, values, slow, mean, sd, form);
  }

  /** As `normals`, but into current[at .. at + end - first - 1] instead of values. */
  normalsInto(at: number, laneBase: number, first: number, end: number, mean: number, sd: number, form: NormalForm): number {
    const { tables, hashed, slow, current } = this.offsets;
    return this.run(tables, laneBase, first, end, hashed, current + 8 * at, slow, mean, sd, form);
  }
}

/**
 * A kernel for `targets` places with the ziggurat's tables, in a memory of its own or in `region` (bytes
 * from `at` of `memory`, normalRegionBytes(targets) of them); null without WebAssembly SIMD.
 */
export function createNormalKernel(targets: number, ziggurat: ZigguratTables, region?: { memory: WebAssembly.Memory; at: number }): NormalKernel | null {
  const module = kernelModule();
  if (module === null) return null;
  const memory = region?.memory ?? new WebAssembly.Memory({ initial: Math.ceil(normalRegionBytes(targets) / PAGE) || 1 });
  return new NormalKernel(module, memory, region?.at ?? 0, targets, ziggurat);
}
