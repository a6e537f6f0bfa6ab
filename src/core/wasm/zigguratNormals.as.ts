// AssemblyScript source of the WebAssembly kernel behind counterRandom.ts's noise draws (built by
// `npm run build:wasm` into zigguratNormals.wasm.ts). It computes exactly what CounterStream's JS loops
// compute, the same bits. The ziggurat's fast path (insideLayer) eight places at a time: triple32 in
// i32x4 lanes, the deviates and acceptance tests in f64x2 lanes, one table load per place, and no branch
// on which places are slow (about 1.5%); they are listed, then drawn by the slow path (slowNormal, with
// portableMath.ts's exp and log) after the loop. In JS the slow path cost as much again as the fast
// one: every double or large integer its functions returned was a heap number.
//
// Memory, laid out by normalKernel.ts from `tables` on (see there): the 512 entries of a word's bits 0-8
// (16 bytes each: the signed, scaled layer edge and the layer's acceptance threshold, both f64), the 16
// compress shuffles of a four places' slow pattern, the slow path's tables; then the hashed targets, the
// values and the slow places (wherever the caller put them).

import { triple32, triple32x4, laneKey, word, Normal, Affine, Written, Added, formed, place, four, slowNormal } from './ziggurat.as';

export { exp, log } from './ziggurat.as';

/** normals for form F (see Normal). */
@inline function drawn<F>(tables: usize, laneBase: u32, first: i32, end: i32, hashed: usize, values: usize, slow: usize, mean: f64, sd: f64): i32 {
  const form: i32 = sizeof<F>() == 1 ? 0 : sizeof<F>() == 2 ? 1 : sizeof<F>() == 4 ? 2 : 3;
  const key = laneKey(laneBase, 0);
  let slowCount = 0;
  let p = first;
  const keys = i32x4.splat(key);
  const means = f64x2.splat(mean);
  const sds = f64x2.splat(sd);
  for (; p + 7 < end; p += 8) {
    const words0 = triple32x4(v128.xor(keys, v128.load(hashed + (<usize>p << 2))));
    const words1 = triple32x4(v128.xor(keys, v128.load(hashed + (<usize>p << 2), 16)));
    const at = values + (<usize>(p - first) << 3);
    slowCount = four(tables, words0, p, at, slow, slowCount, means, sds, form);
    slowCount = four(tables, words1, p + 4, at + 32, slow, slowCount, means, sds, form);
  }
  for (; p < end; p++) {
    const a = triple32(key ^ load<u32>(hashed + (<usize>p << 2)));
    slowCount = place(tables, a, p, values + (<usize>(p - first) << 3), slow, slowCount, mean, sd, form);
  }
  const key1 = laneKey(laneBase, 1);
  const key2 = laneKey(laneBase, 2);
  for (let k = 0; k < slowCount; k++) {
    const p = load<i32>(slow + (<usize>k << 2));
    const h = load<u32>(hashed + (<usize>p << 2));
    const at = values + (<usize>(p - first) << 3);
    store<f64>(at, formed(slowNormal(tables, triple32(key ^ h), laneBase, key1, key2, h), at, mean, sd, form));
  }
  return slowCount;
}

/**
 * Draws places first .. end - 1 (hashed[p] = triple32(p)) into values[p - first], the word of lane L keyed
 * by triple32(laneBase ^ (L + 1) 0x9e3779b9): form 0: z; 1: mean + sd * z; 2: 0 + (mean + sd * z);
 * 3: values[p - first] + (mean + sd * z), a current added to in place. The places the fast path left to
 * the slow one are listed in `slow`, ascending; returns how many.
 */
export function normals(tables: usize, laneBase: u32, first: i32, end: i32, hashed: usize, values: usize, slow: usize, mean: f64, sd: f64, form: i32): i32 {
  if (form == 0) return drawn<Normal>(tables, laneBase, first, end, hashed, values, slow, mean, sd);
  // mean + sd z is -0 only when mean is -0 (a sum of two numbers is -0 only when both are), so otherwise
  // 0 + (mean + sd z) is mean + sd z, bit for bit: form 2 is form 1.
  if (form == 1 || (form == 2 && !(mean == 0 && 1 / mean < 0))) return drawn<Affine>(tables, laneBase, first, end, hashed, values, slow, mean, sd);
  if (form == 2) return drawn<Written>(tables, laneBase, first, end, hashed, values, slow, mean, sd);
  return drawn<Added>(tables, laneBase, first, end, hashed, values, slow, mean, sd);
}
