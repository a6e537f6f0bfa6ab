/**
 * The ziggurat in WebAssembly (zigguratNormals.as.ts): one instance per Simulation, with a
 * memory of its own sized for its targets once, so the views below stay valid. Where WebAssembly with
 * SIMD is missing (older browsers) or forbidden (a Content-Security-Policy without 'wasm-unsafe-eval'),
 * `createNormalKernel` returns null and the draws run in JS: the same numbers either way.
 */
import { INVERSE_FACTORIALS } from '../portableMath.ts';
import { ZIGGURAT_NORMALS_WASM } from './zigguratNormals.wasm.ts';

/** What the kernel stores per place: the normal z, mean + sd z, or 0 + (mean + sd z) (a written current, never -0). */
export const NORMAL = 0;
export const AFFINE = 1;
export const WRITTEN = 2;
export type NormalForm = typeof NORMAL | typeof AFFINE | typeof WRITTEN;

type NormalsExport = (key: number, laneBase: number, first: number, end: number, hashed: number, values: number, mean: number, sd: number, form: number) => number;

/** The ziggurat's tables (counterRandom.ts): layer edges X[0..256], inner ratios X[i + 1] / X[i], heights f(X[i]). */
export interface ZigguratTables {
  edges: Float64Array;
  inner: Float64Array;
  heights: Float64Array;
}

/** Bytes before the hashed targets: the edges (257 f64), inner ratios (256), heights (257) and 1/n! (15), rounded up to 16. */
const TABLE_BYTES = 6288;
const PAGE = 65536;

let compiled: WebAssembly.Module | null | undefined;

function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (typeof WebAssembly !== 'object') return compiled;
  const bytes = Uint8Array.from(atob(ZIGGURAT_NORMALS_WASM), (c) => c.charCodeAt(0));
  try {
    // validate is false without SIMD; compiling throws where a Content-Security-Policy forbids WebAssembly.
    if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

export class NormalKernel {
  /** hashed[p] = triple32(p), to be filled by the caller. */
  readonly hashed: Int32Array;
  /** values[p - first] after `normals`. */
  readonly values: Float64Array;
  /** The kernel's own exp and log, which its slow path uses (for the test that they are portableMath's, bit for bit). */
  readonly exp: (x: number) => number;
  readonly log: (x: number) => number;
  private readonly run: NormalsExport;
  private readonly offsets: { hashed: number; values: number };
  private readonly views = new Map<number, Float64Array>();

  constructor(module: WebAssembly.Module, targets: number, tables: ZigguratTables) {
    const hashed = TABLE_BYTES;
    const values = hashed + 8 * Math.ceil(targets / 2);
    const memory = new WebAssembly.Memory({ initial: Math.ceil((values + 8 * targets) / PAGE) || 1 });
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    this.run = instance.exports.normals as NormalsExport;
    this.exp = instance.exports.portableExp as (x: number) => number;
    this.log = instance.exports.portableLog as (x: number) => number;
    let at = 0;
    for (const table of [tables.edges, tables.inner, tables.heights, INVERSE_FACTORIALS]) {
      new Float64Array(memory.buffer, at, table.length).set(table);
      at += 8 * table.length;
    }
    this.hashed = new Int32Array(memory.buffer, hashed, targets);
    this.values = new Float64Array(memory.buffer, values, targets);
    this.offsets = { hashed, values };
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
   * Draws places first .. end - 1 into values, with the interval's lane-0 key `key` and `laneBase`, from
   * which the keys of further lanes come (CounterStream); returns how many places took the slow path.
   */
  normals(key: number, laneBase: number, first: number, end: number, mean: number, sd: number, form: NormalForm): number {
    const { hashed, values } = this.offsets;
    return this.run(key, laneBase, first, end, hashed, values, mean, sd, form);
  }
}

/** A kernel for `targets` places with the ziggurat's tables, or null without WebAssembly SIMD. */
export function createNormalKernel(targets: number, tables: ZigguratTables): NormalKernel | null {
  const module = kernelModule();
  return module === null ? null : new NormalKernel(module, targets, tables);
}
