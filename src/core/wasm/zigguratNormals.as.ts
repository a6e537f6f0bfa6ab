// AssemblyScript source of the WebAssembly kernel behind counterRandom.ts's noise draws (built by
// `npm run build:wasm` into zigguratNormals.wasm.ts). It computes exactly what CounterStream's JS loops
// compute for the ziggurat's fast path (insideLayer), the same IEEE operations in the same order, with
// triple32 four targets at a time in SIMD lanes: about 3 instead of 7 ns per draw. Places whose word
// falls outside its layer (about 1%) are listed for the JS slow path.
//
// Memory, laid out by normalKernel.ts from `tables` on: the layer edges X[0..256] and X[i + 1] / X[i],
// then the hashed targets, the values and the slow places (wherever the caller put them).

const INNER: usize = 257 * 8; // after the 257 edges: 256 f64
const TWO_POW_MINUS_23: f64 = 1.0 / 8388608.0;

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

/**
 * Value of place p from its word a, stored at values[p - first]; a place outside its layer gets NaN and
 * is appended to the slow list. Returns the slow count. form 0: z; 1: mean + sd * z; 2: 0 + (mean + sd * z);
 * 3: values[p - first] + (mean + sd * z), a current added to in place (a slow place is left as it was).
 */
@inline function place(tables: usize, a: u32, p: i32, values: usize, slow: usize, slowCount: i32, mean: f64, sd: f64, form: i32): i32 {
  const layer = <usize>(a & 255) << 3;
  const magnitude = <f64>(a >>> 9) * TWO_POW_MINUS_23;
  let value: f64 = NaN;
  if (magnitude < load<f64>(tables + INNER + layer)) {
    const z = magnitude * load<f64>(tables + layer) * <f64>(1 - <i32>((a >>> 7) & 2));
    value = form == 0 ? z : form == 1 ? mean + sd * z : form == 2 ? 0 + (mean + sd * z) : load<f64>(values) + (mean + sd * z);
  } else {
    store<i32>(slow + (<usize>slowCount << 2), p);
    slowCount++;
    // Added in place: a slow place keeps its current, which the caller adds to.
    if (form == 3) return slowCount;
  }
  store<f64>(values, value);
  return slowCount;
}

/** Draws places first .. end - 1 with lane-0 key `key`; hashed[p] = triple32(p). Returns how many are slow. */
export function normals(tables: usize, key: u32, first: i32, end: i32, hashed: usize, values: usize, slow: usize, mean: f64, sd: f64, form: i32): i32 {
  let slowCount = 0;
  let p = first;
  const keys = i32x4.splat(key);
  for (; p + 3 < end; p += 4) {
    const words = triple32x4(v128.xor(keys, v128.load(hashed + (<usize>p << 2))));
    const out = values + (<usize>(p - first) << 3);
    slowCount = place(tables, i32x4.extract_lane(words, 0), p, out, slow, slowCount, mean, sd, form);
    slowCount = place(tables, i32x4.extract_lane(words, 1), p + 1, out + 8, slow, slowCount, mean, sd, form);
    slowCount = place(tables, i32x4.extract_lane(words, 2), p + 2, out + 16, slow, slowCount, mean, sd, form);
    slowCount = place(tables, i32x4.extract_lane(words, 3), p + 3, out + 24, slow, slowCount, mean, sd, form);
  }
  for (; p < end; p++) {
    const a = triple32(key ^ load<u32>(hashed + (<usize>p << 2)));
    slowCount = place(tables, a, p, values + (<usize>(p - first) << 3), slow, slowCount, mean, sd, form);
  }
  return slowCount;
}
