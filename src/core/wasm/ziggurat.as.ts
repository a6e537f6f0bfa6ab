// The ziggurat's pieces shared by the WebAssembly kernels that draw normals (imported, not a kernel of
// its own): zigguratNormals.as.ts draws them into memory, neuronUpdate.as.ts inside the neuron update.
// They compute exactly what counterRandom.ts's CounterStream computes, the same bits; the tables they
// read are laid out by normalKernel.ts (see zigguratNormals.as.ts).
export const ENTRY_SHIFT = 4;
export const THRESHOLD = 8;
export const COMPRESS: usize = 512 << ENTRY_SHIFT;
export const HEIGHTS: usize = COMPRESS + 16 * 16; // f(X[i]), 257 f64
export const EDGES: usize = HEIGHTS + 257 * 8; // X[i], 257 f64
export const SLOPE: usize = EDGES + 257 * 8; // counterRandom.ts's wedge bounds, 256 f64 each
export const BELOW: usize = SLOPE + 256 * 8;
export const ABOVE: usize = BELOW + 256 * 8;
export const INVERSE_FACTORIALS: usize = ABOVE + 256 * 8; // 1/n!, n = 0 .. 14
export const TWO_POW_MINUS_32: f64 = 1.0 / 4294967296.0;
/** Where the base layer's tail starts (counterRandom.ts TAIL_START). */
export const R: f64 = 3.6541528853610088;
export const LN2_HI: f64 = 6.93147180369123816490e-1;
export const LN2_LO: f64 = 1.90821492927058770002e-10;
export const INV_LN2: f64 = 1.44269504088896338700;
export const SQRT2: f64 = 1.4142135623730951;

@inline export function triple32(x: u32): u32 {
  x ^= x >>> 17;
  x *= 0xed5ad4bb;
  x ^= x >>> 11;
  x *= 0xac4c1b51;
  x ^= x >>> 15;
  x *= 0x31848bab;
  x ^= x >>> 14;
  return x;
}

@inline export function triple32x4(x: v128): v128 {
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
export function exp(tables: usize, x: f64): f64 {
  if (x != x) return NaN;
  if (x > 709) return Infinity;
  if (x < -708) return 0;
  // Math.round: the nearest whole number, halves up (y - k is exact: y is far below 2^52).
  const y = x * INV_LN2;
  let k = Math.floor(y);
  if (y - k >= 0.5) k += 1;
  const r = x - k * LN2_HI - k * LN2_LO;
  const inverseFactorials = tables + INVERSE_FACTORIALS;
  let sum = load<f64>(inverseFactorials + 14 * 8);
  for (let n = 13; n >= 0; n--) sum = sum * r + load<f64>(inverseFactorials + (<usize>n << 3));
  return sum * reinterpret<f64>(<u64>(<i32>k + 1023) << 52);
}

/** portableLog for a normal x > 0 (an open uniform here): ln m + e ln 2 with m in [sqrt(1/2), sqrt(2)), as portableMath.ts computes it (exported for its test). */
export function log(x: f64): f64 {
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

/** The key of `lane` (CounterStream.laneKey); laneBase is the interval's key before the lane is mixed in. */
@inline export function laneKey(laneBase: u32, lane: u32): u32 {
  return triple32(laneBase ^ ((lane + 1) * 0x9e3779b9));
}

/**
 * The word of `lane` for a target (hashed = triple32(target)), with the keys of lanes 1 and 2 (a wedge's
 * height and the fresh word after its rejection) worked out once per run.
 */
@inline export function word(laneBase: u32, key1: u32, key2: u32, lane: u32, hashed: u32): u32 {
  return triple32((lane == 1 ? key1 : lane == 2 ? key2 : laneKey(laneBase, lane)) ^ hashed);
}

/** Uniform in (0, 1), never 0. */
@inline export function openUniform(laneBase: u32, key1: u32, key2: u32, lane: u32, hashed: u32): f64 {
  return (<f64>word(laneBase, key1, key2, lane, hashed) + 0.5) * TWO_POW_MINUS_32;
}

/** counterRandom.ts's underCurve: height < exp(-x^2 / 2) in layer i's wedge, the exp only near the curve. */
@inline export function underCurve(tables: usize, layer: usize, x: f64, height: f64): bool {
  const at = layer << 3;
  const chord = load<f64>(tables + HEIGHTS + at) + (load<f64>(tables + EDGES + at) - x) * load<f64>(tables + SLOPE + at);
  if (height < chord + load<f64>(tables + BELOW + at)) return true;
  if (height >= chord + load<f64>(tables + ABOVE + at)) return false;
  return height < exp(tables, -0.5 * x * x);
}

/** The entry of word a: bits 0-7 the layer, bit 8 the sign. */
@inline export function entry(tables: usize, a: u32): usize {
  return tables + (<usize>(a & 511) << ENTRY_SHIFT);
}

/** Whether word a's magnitude (bits 9-31) lies inside its layer. */
@inline export function inside(e: usize, a: u32): bool {
  return <f64>(a >>> 9) < load<f64>(e, THRESHOLD);
}

/**
 * The forms of `normals`, as types (the byte sizes of F: 1, 2, 4, 8 for forms 0, 1, 2, 3), so that each
 * form compiles to a loop of its own: a form passed as a number was tested inside the loop.
 */
export type Normal = u8;
export type Affine = u16;
export type Written = u32;
export type Added = u64;

/** What form `form` stores for deviate z at `at` (see normals). */
@inline export function formed(z: f64, at: usize, mean: f64, sd: f64, form: i32): f64 {
  return form == 0 ? z : form == 1 ? mean + sd * z : form == 2 ? 0 + (mean + sd * z) : load<f64>(at) + (mean + sd * z);
}

/** As `formed`, two places at once. */
@inline export function formedx2(z: v128, at: usize, mean: v128, sd: v128, form: i32): v128 {
  return form == 0
    ? z
    : form == 1
      ? f64x2.add(mean, f64x2.mul(sd, z))
      : form == 2
        ? f64x2.add(f64x2.splat(0), f64x2.add(mean, f64x2.mul(sd, z)))
        : f64x2.add(v128.load(at), f64x2.add(mean, f64x2.mul(sd, z)));
}

/** One place done alone (the ends of a range), as `four` does it. Returns the slow count. */
@inline export function place(tables: usize, a: u32, p: i32, at: usize, slow: usize, slowCount: i32, mean: f64, sd: f64, form: i32): i32 {
  const e = entry(tables, a);
  if (inside(e, a)) {
    store<f64>(at, formed(<f64>(a >>> 9) * load<f64>(e), at, mean, sd, form));
    return slowCount;
  }
  store<i32>(slow + (<usize>slowCount << 2), p);
  return slowCount + 1;
}

/**
 * Four places p .. p + 3 from their words. A deviate is the magnitude (bits 9-31) times its entry's
 * +-2^-23 X[layer]: the JS path's (magnitude 2^-23) X[layer] (+-1), the same bits, as scaling by 2^-23
 * and the sign are exact and rounding is symmetric (a zero magnitude with the sign bit gives -0 either
 * way); the magnitude is inside its layer when below its entry's 2^23 X[layer + 1] / X[layer] (exact
 * too). The values are stored from `at` on (form 3: a slow place keeps the value it had); the slow
 * places are appended to the list at `slow` by a shuffle of p .. p + 3 (the list has room for the 16
 * bytes written). Returns the slow count.
 */
@inline export function four(tables: usize, words: v128, p: i32, at: usize, slow: usize, slowCount: i32, mean: v128, sd: v128, form: i32): i32 {
  const entries = i32x4.add(i32x4.splat(<i32>tables), i32x4.shl(v128.and(words, i32x4.splat(511)), ENTRY_SHIFT));
  const low = i64x2.extract_lane(entries, 0);
  const high = i64x2.extract_lane(entries, 1);
  const e0 = v128.load(<usize>(<u32>low));
  const e1 = v128.load(<usize>(<u32>(low >>> 32)));
  const e2 = v128.load(<usize>(<u32>high));
  const e3 = v128.load(<usize>(<u32>(high >>> 32)));
  const magnitudes = i32x4.shr_u(words, 9);
  const m01 = f64x2.convert_low_i32x4_s(magnitudes);
  const m23 = f64x2.convert_low_i32x4_s(i32x4.shuffle(magnitudes, magnitudes, 2, 3, 2, 3));
  const inside01 = f64x2.lt(m01, i64x2.shuffle(e0, e1, 1, 3));
  const inside23 = f64x2.lt(m23, i64x2.shuffle(e2, e3, 1, 3));
  const z01 = f64x2.mul(m01, i64x2.shuffle(e0, e1, 0, 2));
  const z23 = f64x2.mul(m23, i64x2.shuffle(e2, e3, 0, 2));
  if (form == 3) {
    v128.store(at, v128.bitselect(formedx2(z01, at, mean, sd, form), v128.load(at), inside01));
    v128.store(at, v128.bitselect(formedx2(z23, at + 16, mean, sd, form), v128.load(at, 16), inside23), 16);
  } else {
    v128.store(at, formedx2(z01, at, mean, sd, form));
    v128.store(at, formedx2(z23, at + 16, mean, sd, form), 16);
  }
  const outside = 15 ^ (i64x2.bitmask(inside01) | (i64x2.bitmask(inside23) << 2));
  const places = i32x4.add(i32x4.splat(p), i32x4(0, 1, 2, 3));
  v128.store(slow + (<usize>slowCount << 2), i8x16.swizzle(places, v128.load(tables + COMPRESS + (<usize>outside << 4))));
  return slowCount + popcnt(outside);
}

/**
 * CounterStream.slowNormal from lane-0 word a: the base layer's tail, the wedges, and a fresh word after
 * a rejection. A magnitude m inside its layer gives m times its entry, the JS path's bits (see `four`).
 */
export function slowNormal(tables: usize, a: u32, laneBase: u32, key1: u32, key2: u32, hashed: u32): f64 {
  let lane: u32 = 1;
  while (true) {
    const magnitude = <f64>(a >>> 9);
    const e = entry(tables, a);
    if (magnitude < load<f64>(e, THRESHOLD)) return magnitude * load<f64>(e);
    const layer = <usize>(a & 255);
    const negative = (a & 256) != 0;
    if (layer == 0) {
      while (true) {
        const e1 = -log(openUniform(laneBase, key1, key2, lane++, hashed)) / R;
        const e2 = -log(openUniform(laneBase, key1, key2, lane++, hashed));
        if (2 * e2 >= e1 * e1) return negative ? -(R + e1) : R + e1;
      }
    }
    // magnitude 2^-23 X[layer], as the entry without the sign bit gives it.
    const x = magnitude * load<f64>(tables + (layer << ENTRY_SHIFT));
    const low = load<f64>(tables + HEIGHTS + (layer << 3));
    const height = low + openUniform(laneBase, key1, key2, lane++, hashed) * (load<f64>(tables + HEIGHTS + ((layer + 1) << 3)) - low);
    if (underCurve(tables, layer, x, height)) return negative ? -x : x;
    a = word(laneBase, key1, key2, lane++, hashed);
  }
}
