/**
 * The ziggurat's fast path in WebAssembly (zigguratNormals.as.ts): one instance per Simulation, in a
 * memory of its own or in a region of the Simulation's neuron kernel's memory (neuronKernel.ts), which
 * then steps the neurons from the current drawn here; the memory is sized once, so the views below stay valid. Where WebAssembly with
 * SIMD is missing (older browsers) or forbidden (a Content-Security-Policy without 'wasm-unsafe-eval'),
 * `createNormalKernel` returns null and the draws run in JS: the same numbers either way.
 */
import { compiledKernel } from './compileKernel.ts';
import { ZIGGURAT_NORMALS_WASM } from './zigguratNormals.wasm.ts';

/** What the kernel stores per place: the normal z, mean + sd z, 0 + (mean + sd z) (a written current, never -0),
 * or the place's value + (mean + sd z) (a current added to in place; a slow place keeps its value). */
export const NORMAL = 0;
export const AFFINE = 1;
export const WRITTEN = 2;
export const ADDED = 3;
export type NormalForm = typeof NORMAL | typeof AFFINE | typeof WRITTEN | typeof ADDED;

type NormalsExport = (tables: number, key: number, first: number, end: number, hashed: number, values: number, slow: number, mean: number, sd: number, form: number) => number;

/**
 * The kernel's tables, before the hashed targets (zigguratNormals.as.ts reads them):
 * - for each of the 512 values of a word's bits 0-8 (layer, sign), 16 bytes: +-2^-23 X[layer] and the
 *   layer's acceptance threshold 2^23 X[layer + 1] / X[layer] (f64s; the JS path's test
 *   magnitude 2^-23 < X[layer + 1] / X[layer] scaled by 2^23 on both sides, exactly);
 * - for each of the 16 patterns of slow places among four, the byte shuffle that moves their i32 lanes to the front.
 */
const ENTRY_BYTES = 16;
const COMPRESS = 512 * ENTRY_BYTES;
const TABLE_BYTES = COMPRESS + 16 * 16;
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

/** Where in its region a kernel for `targets` places keeps its current (NormalKernel.current). */
export function normalRegionCurrent(targets: number): number {
  return normalLayout(targets).current;
}

const kernelModule = compiledKernel(ZIGGURAT_NORMALS_WASM);

function writeTables(tables: DataView, edges: Float64Array, inner: Float64Array): void {
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
}

export class NormalKernel {
  /** hashed[p] = triple32(p), to be filled by the caller. */
  readonly hashed: Int32Array;
  /** values[p - first] after `normals`: NaN at the slow places. */
  readonly values: Float64Array;
  /** slow[0 .. count - 1]: the places `normals` left to the slow path, ascending. */
  readonly slow: Int32Array;
  /**
   * One current per place, for the caller's own use (a Simulation's external input current): the kernel
   * can write noise straight into it (normalsInto), with no copy from `values` in JS.
   */
  readonly current: Float64Array;
  private readonly run: NormalsExport;
  private readonly offsets: { tables: number; hashed: number; values: number; slow: number; current: number };
  private readonly views = new Map<number, Float64Array>();

  /** In `memory` from byte `at` (a multiple of 16) on, normalRegionBytes(targets) bytes. */
  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, at: number, targets: number, edges: Float64Array, inner: Float64Array) {
    const layout = normalLayout(targets);
    const hashed = at + layout.hashed;
    const values = at + layout.values;
    const slow = at + layout.slow;
    const current = at + layout.current;
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    this.run = instance.exports.normals as NormalsExport;
    writeTables(new DataView(memory.buffer, at, TABLE_BYTES), edges, inner);
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

  /** Draws places first .. end - 1 with lane-0 key `key` into values; returns how many places are slow. */
  normals(key: number, first: number, end: number, mean: number, sd: number, form: NormalForm): number {
    const { tables, hashed, values, slow } = this.offsets;
    return this.run(tables, key, first, end, hashed, values, slow, mean, sd, form);
  }

  /** As `normals`, but into current[at .. at + end - first - 1] instead of values. */
  normalsInto(at: number, key: number, first: number, end: number, mean: number, sd: number, form: NormalForm): number {
    const { tables, hashed, slow, current } = this.offsets;
    return this.run(tables, key, first, end, hashed, current + 8 * at, slow, mean, sd, form);
  }
}

/**
 * A kernel for `targets` places with the ziggurat's tables, in a memory of its own or in `region` (bytes
 * from `at` of `memory`, normalRegionBytes(targets) of them); null without WebAssembly SIMD.
 */
export function createNormalKernel(
  targets: number,
  edges: Float64Array,
  inner: Float64Array,
  region?: { memory: WebAssembly.Memory; at: number },
): NormalKernel | null {
  const module = kernelModule();
  if (module === null) return null;
  const memory = region?.memory ?? new WebAssembly.Memory({ initial: Math.ceil(normalRegionBytes(targets) / PAGE) || 1 });
  return new NormalKernel(module, memory, region?.at ?? 0, targets, edges, inner);
}
