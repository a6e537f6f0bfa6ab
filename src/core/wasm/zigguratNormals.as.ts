// AssemblyScript source of the WebAssembly kernel behind counterRandom.ts's noise draws (built by
// `npm run build:wasm` into zigguratNormals.wasm.ts). It computes exactly what CounterStream's JS loops
// compute, the ziggurat's fast path (insideLayer) and its slow path (slowNormal, with portableMath.ts's
// exp and log), the same IEEE operations in the same order, with triple32 four targets at a time in
// SIMD lanes: about 3 instead of 7 ns per draw on the fast path, and the slow path (about 1% of draws)
// without a call back into JS.
//
// Memory, laid out by normalKernel.ts: the layer edges X[0..256], X[i + 1] / X[i], the heights
// f(X[i]) and 1/n! (n = 0 .. 14) at fixed offsets, then the hashed targets and the values.

const EDGES: usize = 0; // 257 f64
const INNER: usize = 257 * 8; // 256 f64
const HEIGHTS: usize = INNER + 256 * 8; // 257 f64
const INVERSE_FACTORIALS: usize = HEIGHTS + 257 * 8; // 15 f64
const TWO_POW_MINUS_23: f64 = 1.0 / 8388608.0;
const TWO_POW_MINUS_32: f64 = 1.0 / 4294967296.0;
/** Where the base layer's tail starts (counterRandom.ts TAIL_START). */
const R: f64 = 3.6541528853610088;
const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const INV_LN2: f64 = 1.44269504088896338700;
const SQRT2: f64 = 1.4142135623730951;

@inline function triple32(x: u32): u32 {
  x ^= x >>> 17;
  x *= 0xed5ad4bb;
  x ^= x >>> 11;
  x *= 0xac4c1b51;
  x ^= x >>> 15;
  x *= 0x31848bab;
  x ^= x >>> 14;
  return x;
}

@inline function triple32x4(x: v128): v128 {
  x = v128.xor(x, i32x4.shr_u(x, 17));
  x = i32x4.mul(x, i32x4.splat(0xed5ad4bb));
  x = v128.xor(x, i32x4.shr_u(x, 11));
  x = i32x4.mul(x, i32x4.splat(0xac4c1b51));
  x = v128.xor(x, i32x4.shr_u(x, 15));
  x = i32x4.mul(x, i32x4.splat(0x31848bab));
  x = v128.xor(x, i32x4.shr_u(x, 14));
  return x;
}

/** portableExp: e^x from its Taylor series around k ln 2, as portableMath.ts computes it (exported for its test). */
export function portableExp(x: f64): f64 {
  if (x != x) return NaN;
  if (x > 709) return Infinity;
  if (x < -708) return 0;
  // Math.round: the nearest whole number, halves up (frac is exact: x / ln 2 is far below 2^52).
  const y = x * INV_LN2;
  let k = Math.floor(y);
  if (y - k >= 0.5) k += 1;
  const r = x - k * LN2_HI - k * LN2_LO;
  let sum = load<f64>(INVERSE_FACTORIALS + 14 * 8);
  for (let n = 13; n >= 0; n--) sum = sum * r + load<f64>(INVERSE_FACTORIALS + (<usize>n << 3));
  return sum * reinterpret<f64>(<u64>(<i32>k + 1023) << 52);
}

/** portableLog for a normal x > 0 (an open uniform here): ln m + e ln 2 with m in [sqrt(1/2), sqrt(2)), as portableMath.ts computes it (exported for its test). */
export function portableLog(x: f64): f64 {
  const bits = reinterpret<u64>(x);
  let e = <i32>((bits >>> 52) & 0x7ff) - 1023;
  let m = reinterpret<f64>((bits & 0x800fffffffffffff) | (<u64>1023 << 52));
  if (m >= SQRT2) {
    m /= 2;
    e += 1;
  }
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let power = s;
  let sum = s;
  for (let n = 3; n <= 27; n += 2) {
    power *= s2;
    sum += power / <f64>n;
  }
  return <f64>e * LN2_HI + (2 * sum + <f64>e * LN2_LO);
}

/** The word of `lane` for a target (hashed = triple32(target)); laneBase is the interval's key before the lane is mixed in. */
@inline function word(laneBase: u32, lane: u32, hashed: u32): u32 {
  return triple32(triple32(laneBase ^ ((lane + 1) * 0x9e3779b9)) ^ hashed);
}

/** Uniform in (0, 1), never 0. */
@inline function openUniform(laneBase: u32, lane: u32, hashed: u32): f64 {
  return (<f64>word(laneBase, lane, hashed) + 0.5) * TWO_POW_MINUS_32;
}

/** CounterStream.slowNormal: the base layer's tail, the wedges, and a fresh word after a rejection. */
function slowNormal(a: u32, laneBase: u32, hashed: u32): f64 {
  let lane: u32 = 1;
  while (true) {
    const layer = <usize>(a & 255);
    const negative = (a & 256) != 0;
    const magnitude = <f64>(a >>> 9) * TWO_POW_MINUS_23;
    if (magnitude < load<f64>(INNER + (layer << 3))) {
      const x = magnitude * load<f64>(EDGES + (layer << 3));
      return negative ? -x : x;
    }
    if (layer == 0) {
      while (true) {
        const e1 = -portableLog(openUniform(laneBase, lane++, hashed)) / R;
        const e2 = -portableLog(openUniform(laneBase, lane++, hashed));
        if (2 * e2 >= e1 * e1) return negative ? -(R + e1) : R + e1;
      }
    }
    const x = magnitude * load<f64>(EDGES + (layer << 3));
    const low = load<f64>(HEIGHTS + (layer << 3));
    const height = low + openUniform(laneBase, lane++, hashed) * (load<f64>(HEIGHTS + ((layer + 1) << 3)) - low);
    if (height < portableExp(-0.5 * x * x)) return negative ? -x : x;
    a = word(laneBase, lane++, hashed);
  }
}

/**
 * Value of a place from its word a, stored at `out`: form 0: z; 1: mean + sd * z; 2: 0 + (mean + sd * z).
 * Returns 1 when the word fell outside its layer (the slow path drew it), else 0.
 */
@inline function place(a: u32, hashed: u32, laneBase: u32, out: usize, mean: f64, sd: f64, form: i32): i32 {
  const layer = <usize>(a & 255) << 3;
  const magnitude = <f64>(a >>> 9) * TWO_POW_MINUS_23;
  let z: f64;
  let slow = 0;
  if (magnitude < load<f64>(INNER + layer)) {
    z = magnitude * load<f64>(EDGES + layer) * <f64>(1 - <i32>((a >>> 7) & 2));
  } else {
    z = slowNormal(a, laneBase, hashed);
    slow = 1;
  }
  store<f64>(out, form == 0 ? z : form == 1 ? mean + sd * z : 0 + (mean + sd * z));
  return slow;
}

/**
 * Draws places first .. end - 1 with lane-0 key `key` (the word of lane L is keyed by
 * triple32(laneBase ^ (L + 1) 0x9e3779b9); key is that of lane 0) into values[p - first]; hashed[p] = triple32(p).
 * Returns how many places took the slow path.
 */
export function normals(key: u32, laneBase: u32, first: i32, end: i32, hashed: usize, values: usize, mean: f64, sd: f64, form: i32): i32 {
  let slowCount = 0;
  let p = first;
  const keys = i32x4.splat(key);
  for (; p + 3 < end; p += 4) {
    const hashes = v128.load(hashed + (<usize>p << 2));
    const words = triple32x4(v128.xor(keys, hashes));
    const out = values + (<usize>(p - first) << 3);
    slowCount += place(i32x4.extract_lane(words, 0), i32x4.extract_lane(hashes, 0), laneBase, out, mean, sd, form);
    slowCount += place(i32x4.extract_lane(words, 1), i32x4.extract_lane(hashes, 1), laneBase, out + 8, mean, sd, form);
    slowCount += place(i32x4.extract_lane(words, 2), i32x4.extract_lane(hashes, 2), laneBase, out + 16, mean, sd, form);
    slowCount += place(i32x4.extract_lane(words, 3), i32x4.extract_lane(hashes, 3), laneBase, out + 24, mean, sd, form);
  }
  for (; p < end; p++) {
    const hash = load<u32>(hashed + (<usize>p << 2));
    slowCount += place(triple32(key ^ hash), hash, laneBase, values + (<usize>(p - first) << 3), mean, sd, form);
  }
  return slowCount;
}
