/**
 * Counter-based random draws for inputs: every draw is a pure function of (seed, stream, interval,
 * target), so a target's draw does not depend on which other targets are drawn, in what order, or by
 * which Worker. (The older scheme, random.ts's one stream per input drawn over its targets in order,
 * stays for files that use it.)
 *
 * Words: the 32-bit integer hash triple32 (Chris Wellons, hash-prospector: three xorshift-multiply
 * rounds, avalanche bias 0.0209, about the lowest found for a 32-bit hash). A word of lane L for
 * target i in interval m is triple32(key(m, L) ^ triple32(i)), where key(m, L) hashes the stream's two
 * seed-derived key words with m and L. Both hashes are bijections, so within an interval and lane
 * distinct targets never share a word; across intervals the xor of two unrelated keys makes
 * coincidences as rare and as unstructured as for random words.
 *
 * Normals: the ziggurat of Marsaglia & Tsang (2000) with 256 layers, in Doornik's (2005) form that takes
 * the layer from bits of its own: one word of lane 0 gives the layer (bits 0-7), the sign (bit 8) and
 * a 23-bit magnitude (bits 9-31), disjoint bits, so they are independent (NumPy's float32 ziggurat
 * splits its 32-bit word the same way). That is as many random bits per normal as the polar method's
 * two 32-bit uniforms per pair, and one hash instead of two per draw (40% of the draw's time). About
 * 98.5% of draws end there; the tail beyond R is sampled exactly (Marsaglia 1964) and the wedges by
 * rejection, with uniforms from the target's further lanes; a rejection takes a fresh word from the
 * next lane.
 *
 * Only 32-bit integer arithmetic (Math.imul), IEEE basic arithmetic and Math.sqrt (correctly rounded),
 * with exp and log from portableMath.ts: Math.exp and Math.log differ in the last bit between Node 20
 * and Chromium 159, so they are not used. So Node and Chromium give bit-identical numbers. The tables
 * are computed at load from two constants.
 */
import { portableExp, portableLog } from './portableMath.ts';
import { hashString, splitmix32 } from './random.ts';
import { ADDED, AFFINE, createNormalKernel, NORMAL, WRITTEN, type NormalForm, type NormalKernel, type ZigguratTables } from './wasm/normalKernel.ts';

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_32 = 1 / TWO_POW_32;
const TWO_POW_MINUS_23 = 2 ** -23;

/** triple32: a bijective 32-bit integer hash; returns a signed 32-bit integer. */
export function triple32(x: number): number {
  x ^= x >>> 17;
  x = Math.imul(x, 0xed5ad4bb);
  x ^= x >>> 11;
  x = Math.imul(x, 0xac4c1b51);
  x ^= x >>> 15;
  x = Math.imul(x, 0x31848bab);
  x ^= x >>> 14;
  return x;
}

/**
 * triple32(p) for the places p = 0 .. n - 1 of inputs' targets, the keyless half of every word (the same
 * for every stream and interval, so the step loop looks it up instead of hashing each target twice per
 * draw), kept in the memory of a WebAssembly kernel that draws the ziggurat over them where one can be
 * made (withKernel and WebAssembly SIMD available), else in a plain array: CounterStream's loops give
 * the same numbers either way.
 */
export class HashedTargets {
  readonly hashed: Int32Array;
  readonly kernel: NormalKernel | null;

  /** @param withKernel false for plain arrays; a region (normalRegionBytes(n) bytes of a memory) to put the kernel there */
  constructor(n: number, withKernel: boolean | { memory: WebAssembly.Memory; at: number } = true) {
    this.kernel = withKernel !== false && n > 0 ? createNormalKernel(n, ZIGGURAT, withKernel === true ? undefined : withKernel) : null;
    this.hashed = this.kernel === null ? new Int32Array(n) : this.kernel.hashed;
    for (let i = 0; i < n; i++) this.hashed[i] = triple32(i);
  }
}

/** Ziggurat of 256 layers of area V each; R is where the base layer's tail starts (Marsaglia & Tsang). */
const LAYERS = 256;
export const TAIL_START = 3.6541528853610088;
const R = TAIL_START;
export const LAYER_AREA = 0.00492867323399;
const V = LAYER_AREA;

/** Layer edges (exported for the tests): X[0] = V / f(R) (the base layer's rectangle and tail as one), X[1] = R, ..., X[256] = 0. */
export const LAYER_EDGES = new Float64Array(LAYERS + 1);
const X = LAYER_EDGES;
/** X[i + 1] / X[i]: a magnitude below it lies under the curve in layer i whatever the height. */
const INNER = new Float64Array(LAYERS);
/** f(X[i]) = exp(-X[i]^2 / 2): layer i spans heights F[i] to F[i + 1]. */
const F = new Float64Array(LAYERS + 1);
{
  let f = portableExp(-0.5 * R * R);
  X[0] = V / f;
  X[1] = R;
  X[LAYERS] = 0;
  for (let i = 2; i < LAYERS; i++) {
    X[i] = Math.sqrt(-2 * portableLog(V / X[i - 1] + f));
    f = portableExp(-0.5 * X[i] * X[i]);
  }
  for (let i = 0; i < LAYERS; i++) INNER[i] = X[i + 1] / X[i];
  for (let i = 0; i <= LAYERS; i++) F[i] = portableExp(-0.5 * X[i] * X[i]);
}

/**
 * The wedge test's shortcut: in layer i (1 .. 255) the curve f(x) = exp(-x^2 / 2), for x from X[i + 1] to
 * X[i], lies within [c(x) + BELOW[i], c(x) + ABOVE[i]] of its chord c(x) = F[i] + (X[i] - x) SLOPE[i]
 * (below the chord where f is convex, x >= 1; above where concave, x <= 1; in the layer across x = 1
 * the bounds are infinite). A height outside that band is decided without an exp, and the same way as
 * the exp decides it: the bounds are widened by WEDGE_MARGIN, a million times the rounding errors of
 * the chord and of portableExp (a few units in the last place of numbers up to 1). The gap between
 * chord and curve is found with Math.exp, which need not be portable: it only moves the band's edges,
 * never a decision.
 */
const SLOPE = new Float64Array(LAYERS);
const BELOW = new Float64Array(LAYERS);
const ABOVE = new Float64Array(LAYERS);
const WEDGE_MARGIN = 1e-12;
for (let i = 1; i < LAYERS; i++) {
  const slope = (F[i + 1] - F[i]) / (X[i] - X[i + 1]);
  const convex = X[i + 1] >= 1;
  const concave = X[i] <= 1;
  SLOPE[i] = slope;
  BELOW[i] = -Infinity;
  ABOVE[i] = Infinity;
  if (!convex && !concave) continue;
  // The chord's distance from the curve, concave in x on either side: its maximum by ternary search.
  const gap = (x: number) => Math.abs(F[i] + (X[i] - x) * slope - Math.exp(-0.5 * x * x));
  let lo = X[i + 1];
  let hi = X[i];
  for (let step = 0; step < 200; step++) {
    const a = lo + (hi - lo) / 3;
    const b = hi - (hi - lo) / 3;
    if (gap(a) < gap(b)) lo = a;
    else hi = b;
  }
  const widest = gap((lo + hi) / 2) * (1 + 1e-6);
  BELOW[i] = (convex ? -widest : 0) - WEDGE_MARGIN;
  ABOVE[i] = (concave ? widest : 0) + WEDGE_MARGIN;
}

/** What the WebAssembly kernel draws from, the same ziggurat. */
const ZIGGURAT: ZigguratTables = { edges: X, inner: INNER, heights: F, slope: SLOPE, below: BELOW, above: ABOVE };

/**
 * Whether (x, height), x in layer i's wedge (1 <= i <= 255), lies under the curve: exactly
 * height < portableExp(-x^2 / 2), with the exp computed only for heights close to the curve.
 */
export function underCurve(layer: number, x: number, height: number): boolean {
  const chord = F[layer] + (X[layer] - x) * SLOPE[layer];
  if (height < chord + BELOW[layer]) return true;
  if (height >= chord + ABOVE[layer]) return false;
  return height < portableExp(-0.5 * x * x);
}

/**
 * The draws of one input: its key words come from the seed and the stream's name; setInterval picks
 * the interval (a hold interval for noise, a step for Poisson input), then normal(i) and poisson(i, ...)
 * draw for target i.
 */
/**
 * The ziggurat's fast path for word a: layer from bits 0-7, sign from bit 8, a 23-bit magnitude from the
 * rest; the deviate when it falls inside its layer's rectangle (about 98.5% of words), else NaN (then
 * slowNormal decides). The sign is a factor of +1 or -1: a branch on a coin flip is mispredicted half the time.
 */
function insideLayer(a: number): number {
  const layer = a & 255;
  const magnitude = (a >>> 9) * TWO_POW_MINUS_23;
  return magnitude < INNER[layer] ? magnitude * X[layer] * (1 - ((a >>> 7) & 2)) : Number.NaN;
}

export class CounterStream {
  /**
   * key0, key1 (from the seed and the stream's name), then key(interval, 0) and key(interval, 1): the
   * lanes of a normal's word (and of a Poisson count) and of its first further uniform; then the
   * interval's part of every lane's key. In an Int32Array: number fields would flip between
   * small-integer and heap-number representations, which costs the step loop dearly.
   */
  private readonly keys = new Int32Array(5);
  /** The targets and range `adjacent` last looked at, and its answer. */
  private checkedTargets: Int32Array | null = null;
  private checkedFirst = 0;
  private checkedEnd = 0;
  private checkedAdjacent = false;

  constructor(seed: number, stream: string) {
    let state = (seed >>> 0) ^ hashString(stream);
    let out: number;
    [state, out] = splitmix32(state);
    this.keys[0] = out;
    [, out] = splitmix32(state);
    this.keys[1] = out;
    this.setInterval(0);
  }

  /** Draws from now on are those of interval m (a whole number >= 0, below 2^53). */
  setInterval(m: number): void {
    const low = m % TWO_POW_32 | 0;
    const high = Math.floor(m / TWO_POW_32) | 0;
    this.keys[4] = triple32(triple32(low ^ this.keys[0]) ^ (high + this.keys[1]));
    this.keys[2] = this.laneKey(0);
    this.keys[3] = this.laneKey(1);
  }

  /** The current interval's part of every lane's key (what the noise kernels take as laneBase). */
  get laneBase(): number {
    return this.keys[4];
  }

  private laneKey(lane: number): number {
    return triple32(this.keys[4] ^ Math.imul(lane + 1, 0x9e3779b9));
  }

  /** The word of `lane` for target i (lanes 0 and 1 of the interval are kept; others are hashed anew). */
  word(target: number, lane: number): number {
    return this.hashedWord(triple32(target), lane) >>> 0;
  }

  /** word(i, lane) as a signed integer, given hashedTarget = triple32(i). */
  private hashedWord(hashedTarget: number, lane: number): number {
    return triple32((lane < 2 ? this.keys[2 + lane] : this.laneKey(lane)) ^ hashedTarget);
  }

  /** Standard normal deviate for target i in the current interval. */
  normal(target: number): number {
    const hashedTarget = triple32(target);
    const a = triple32(this.keys[2] ^ hashedTarget);
    const z = insideLayer(a);
    return z === z ? z : this.slowNormal(hashedTarget, a);
  }

  /**
   * out[p] = normal(p) for the places p = first .. end - 1 of an input's targets: the same numbers, with
   * the keys in locals. A Worker holding part of an input's targets draws just its own places.
   */
  fillNormals(out: Float64Array, first: number, end: number, targets: HashedTargets): void {
    const lane0 = this.keys[2];
    if (this.drawInKernel(targets, first, end, 0, 1, NORMAL)) {
      out.set(targets.kernel.drawn(end - first), first);
      return;
    }
    const hashed = targets.hashed;
    for (let place = first; place < end; place++) {
      const a = triple32(lane0 ^ hashed[place]);
      let z = insideLayer(a);
      if (z !== z) z = this.slowNormal(hashed[place], a);
      out[place] = z;
    }
  }

  /**
   * The noise current mean + sd * normal(p) for the places p = first .. end - 1 written into
   * current[offset + p] as 0 + value (what clearing and adding give, bit for bit): the step loop's
   * noise in one pass, with the keys in locals, for an input whose targets are offset, offset + 1, ...
   */
  writeNoise(current: Float64Array, offset: number, first: number, end: number, mean: number, sd: number, targets: HashedTargets): void {
    const lane0 = this.keys[2];
    if (this.drawIntoKernelCurrent(current, offset + first, targets, first, end, mean, sd, WRITTEN)) return;
    if (this.drawInKernel(targets, first, end, mean, sd, WRITTEN)) {
      current.set(targets.kernel.drawn(end - first), offset + first);
      return;
    }
    const hashed = targets.hashed;
    for (let place = first; place < end; place++) {
      const a = triple32(lane0 ^ hashed[place]);
      let z = insideLayer(a);
      if (z !== z) z = this.slowNormal(hashed[place], a);
      current[offset + place] = 0 + (mean + sd * z);
    }
  }

  /** As writeNoise, but adding mean + sd * normal(p) to current[inputTargets[p]], p = first .. end - 1. */
  addNoise(current: Float64Array, inputTargets: Int32Array, first: number, end: number, mean: number, sd: number, targets: HashedTargets): void {
    const lane0 = this.keys[2];
    if (this.adjacent(inputTargets, first, end) && this.drawIntoKernelCurrent(current, inputTargets[first], targets, first, end, mean, sd, ADDED)) return;
    if (this.drawInKernel(targets, first, end, mean, sd, AFFINE)) {
      const values = targets.kernel.values;
      for (let place = first; place < end; place++) current[inputTargets[place]] += values[place - first];
      return;
    }
    const hashed = targets.hashed;
    for (let place = first; place < end; place++) {
      const a = triple32(lane0 ^ hashed[place]);
      let z = insideLayer(a);
      if (z !== z) z = this.slowNormal(hashed[place], a);
      current[inputTargets[place]] += mean + sd * z;
    }
  }

  /** Draws places first .. end - 1 in the kernel when there is one. */
  private drawInKernel(
    targets: HashedTargets,
    first: number,
    end: number,
    mean: number,
    sd: number,
    form: NormalForm,
  ): targets is HashedTargets & { kernel: NormalKernel } {
    if (targets.kernel === null || end <= first) return false;
    targets.kernel.normals(this.keys[4], first, end, mean, sd, form);
    return true;
  }

  /**
   * drawInKernel straight into `current` from current[at] on, when `current` is the kernel's own (the
   * Simulation's external current is): no values to copy out.
   */
  private drawIntoKernelCurrent(
    current: Float64Array,
    at: number,
    targets: HashedTargets,
    first: number,
    end: number,
    mean: number,
    sd: number,
    form: NormalForm,
  ): targets is HashedTargets & { kernel: NormalKernel } {
    if (targets.kernel === null || end <= first || current !== targets.kernel.current) return false;
    targets.kernel.normalsInto(at, this.keys[4], first, end, mean, sd, form);
    return true;
  }

  /** Whether targets[first .. end - 1] are neurons t, t + 1, ... (checked once per input and range). */
  private adjacent(targets: Int32Array, first: number, end: number): boolean {
    if (targets !== this.checkedTargets || first !== this.checkedFirst || end !== this.checkedEnd) {
      let adjacent = true;
      for (let p = first + 1; p < end && adjacent; p++) adjacent = targets[p] === targets[p - 1] + 1;
      this.checkedTargets = targets;
      this.checkedFirst = first;
      this.checkedEnd = end;
      this.checkedAdjacent = adjacent;
    }
    return this.checkedAdjacent;
  }

  /**
   * The rest of the ziggurat for the target whose triple32 is hashedTarget, from its lane-0 word a: the
   * base layer's tail, the wedges, and a fresh attempt after a rejection.
   */
  private slowNormal(hashedTarget: number, a: number): number {
    let lane = 1;
    for (;;) {
      const layer = a & 255;
      const negative = (a & 256) !== 0;
      const magnitude = (a >>> 9) * TWO_POW_MINUS_23;
      if (magnitude < INNER[layer]) {
        const x = magnitude * X[layer];
        return negative ? -x : x;
      }
      if (layer === 0) {
        // Tail beyond R: x = R + e1 / R, accepted with probability exp(-e1^2 / (2 R^2)) via a second exponential.
        for (;;) {
          const e1 = -portableLog(this.openUniform(hashedTarget, lane++)) / R;
          const e2 = -portableLog(this.openUniform(hashedTarget, lane++));
          if (2 * e2 >= e1 * e1) return negative ? -(R + e1) : R + e1;
        }
      }
      const x = magnitude * X[layer];
      // A height uniform across the layer, F[layer] to F[layer + 1]: below f(x) it is under the curve.
      const height = F[layer] + this.openUniform(hashedTarget, lane++) * (F[layer + 1] - F[layer]);
      if (underCurve(layer, x, height)) return negative ? -x : x;
      a = this.hashedWord(hashedTarget, lane++);
    }
  }

  /** Uniform in (0, 1), never 0 (for logarithms), from the word of `lane`. */
  private openUniform(hashedTarget: number, lane: number): number {
    return ((this.hashedWord(hashedTarget, lane) >>> 0) + 0.5) * TWO_POW_MINUS_32;
  }

  /**
   * Poisson count with mean `mean` for target i in the current interval, by inversion of one uniform
   * (one word per target and step), given hashedTarget = triple32(i) (HashedTargets).
   * `zeroProbability` is portableExp(-mean), passed in so that it is computed once per step, not per target.
   */
  poisson(hashedTarget: number, mean: number, zeroProbability: number): number {
    const u = (triple32(this.keys[2] ^ hashedTarget) >>> 0) * TWO_POW_MINUS_32;
    let term = zeroProbability;
    let cumulative = term;
    let k = 0;
    // term > 0 stops the search should rounding leave the summed probabilities just below u.
    while (u >= cumulative && term > 0) {
      k++;
      term *= mean / k;
      cumulative += term;
    }
    return k;
  }
}
