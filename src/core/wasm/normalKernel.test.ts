import { describe, expect, it } from 'vitest';
import { CounterStream, HashedTargets, TAIL_START, triple32 } from '../counterRandom.ts';
import { portableExp, portableLog } from '../portableMath.ts';
import { AFFINE, NORMAL, WRITTEN } from './normalKernel.ts';

const PLACES = 5003;

/** Element-wise Object.is, so that -0 and +0 count as different. */
function sameBits(actual: Float64Array, expected: Float64Array): boolean {
  return actual.length === expected.length && actual.every((x, i) => Object.is(x, expected[i]));
}

describe('the WebAssembly normal kernel', () => {
  const kernel = new HashedTargets(PLACES);
  const plain = new HashedTargets(PLACES, false);

  it('is there in Node (WebAssembly with SIMD), and hashes the places as the JS arrays do', () => {
    expect(kernel.kernel).not.toBeNull();
    expect(plain.kernel).toBeNull();
    expect(Array.from(kernel.hashed)).toEqual(Array.from(plain.hashed));
  });

  it('draws what the JS loops draw, bit for bit, slow places included', () => {
    const stream = new CounterStream(11, 'input:noise');
    const inputTargets = Int32Array.from({ length: PLACES }, (_, p) => (p * 7) % PLACES);
    let slowPlaces = 0;
    let tailDraws = 0;
    // Ranges that start and end off the kernel's groups of four, and a part's range.
    for (const [first, end] of [[0, PLACES], [1, PLACES - 2], [1700, 3333], [5, 6]]) {
      for (let interval = 0; interval < 40; interval++) {
        stream.setInterval(interval * 1009);
        const expected = new Float64Array(PLACES);
        for (let p = first; p < end; p++) expected[p] = stream.normal(p);
        for (let p = first; p < end; p++) if (Math.abs(expected[p]) > TAIL_START) tailDraws++;
        for (const targets of [kernel, plain]) {
          const normals = new Float64Array(PLACES);
          stream.fillNormals(normals, first, end, targets);
          expect(sameBits(normals, expected)).toBe(true);
          const written = new Float64Array(PLACES + 3).fill(9);
          stream.writeNoise(written, 3, first, end, -1.25, 5, targets);
          const writtenExpected = new Float64Array(PLACES + 3).fill(9);
          for (let p = first; p < end; p++) writtenExpected[3 + p] = 0 + (-1.25 + 5 * expected[p]);
          expect(sameBits(written, writtenExpected)).toBe(true);
          const added = new Float64Array(PLACES).fill(0.5);
          stream.addNoise(added, inputTargets, first, end, 0.75, 2, targets);
          const addedExpected = new Float64Array(PLACES).fill(0.5);
          for (let p = first; p < end; p++) addedExpected[inputTargets[p]] += 0.75 + 2 * expected[p];
          expect(sameBits(added, addedExpected)).toBe(true);
        }
        slowPlaces += kernel.kernel!.normals(triple32(interval), first, end, 0, 1, NORMAL);
      }
    }
    // About 1.5% of words fall outside their layer: the slow path was exercised.
    expect(slowPlaces).toBeGreaterThan(500);
    // And its tail beyond R (about 1 in 3,800 draws), drawn with logarithms.
    expect(tailDraws).toBeGreaterThan(20);
  });

  it('computes exp and log as portableMath does, bit for bit (its slow path uses them)', () => {
    const own = kernel.kernel!;
    for (let k = 0; k < 20000; k++) {
      // Uniforms as the slow path draws them, and the wedges' exponents -x^2 / 2 for x up to R, then beyond.
      const u = ((triple32(k) >>> 0) + 0.5) / 2 ** 32;
      const x = (k / 20000) * 2 * TAIL_START;
      for (const [kernelValue, jsValue] of [[own.log(u), portableLog(u)], [own.exp(-0.5 * x * x), portableExp(-0.5 * x * x)], [own.exp(x * 100 - 700), portableExp(x * 100 - 700)]]) {
        expect(Object.is(kernelValue, jsValue)).toBe(true);
      }
    }
    for (const x of [0.5, 1, 2 ** -33, Math.SQRT1_2, Math.SQRT2 / 2 + 1e-16]) expect(Object.is(own.log(x), portableLog(x))).toBe(true);
    for (const x of [0, -0, -0.5, 0.5, -1.5, 1.5, -708, 709, -708.5, 709.5, -1e-300]) expect(Object.is(own.exp(x), portableExp(x))).toBe(true);
  });

  it('draws noise straight into its own current array as into a plain one, bit for bit, slow places included', () => {
    const stream = new CounterStream(5, 'input:thalamic');
    const own = kernel.kernel!.current;
    const adjacent = Int32Array.from({ length: PLACES }, (_, p) => p + 2);
    const scattered = Int32Array.from({ length: PLACES }, (_, p) => (p * 7) % PLACES);
    let slowPlaces = 0;
    for (const [first, end] of [[0, PLACES - 2], [1, 4001], [1700, 3333], [5, 6]]) {
      for (let interval = 0; interval < 30; interval++) {
        stream.setInterval(interval * 31);
        const start = Float64Array.from({ length: PLACES }, (_, i) => (i % 3) * 0.1 - 0.05);
        for (const inputTargets of [adjacent, scattered]) {
          const expected = start.slice();
          stream.writeNoise(expected, 1, first, end, 0.5, 5, plain);
          stream.addNoise(expected, inputTargets, first, end, -1, 2, plain);
          own.set(start);
          stream.writeNoise(own, 1, first, end, 0.5, 5, kernel);
          stream.addNoise(own, inputTargets, first, end, -1, 2, kernel);
          expect(sameBits(own, expected)).toBe(true);
        }
        slowPlaces += kernel.kernel!.normals(stream.word(0, 0), first, end, 0, 1, NORMAL);
      }
    }
    expect(slowPlaces).toBeGreaterThan(200);
  });

  it('keeps the sign of a zero as the JS path does: -0 as a normal, +0 once 0 + is added', () => {
    // A word with a zero magnitude (bits 9-31) and the sign bit (8) set: the normal is -0.
    let x = 0;
    for (;;) {
      const w = triple32(x) >>> 0;
      if (w >>> 9 === 0 && (w & 256) !== 0) break;
      x++;
    }
    const single = new HashedTargets(4).kernel!;
    single.hashed[2] = x;
    // The lane base whose lane-0 key is 0 (triple32(0) = 0): the word is triple32(x).
    const laneBase = 0x9e3779b9 | 0;
    expect(single.normals(laneBase, 2, 3, 0, 1, NORMAL)).toBe(0);
    expect(Object.is(single.values[0], -0)).toBe(true);
    single.normals(laneBase, 2, 3, -0, 1, AFFINE);
    expect(Object.is(single.values[0], -0)).toBe(true);
    single.normals(laneBase, 2, 3, -0, 1, WRITTEN);
    expect(Object.is(single.values[0], 0)).toBe(true);
    single.normals(laneBase, 2, 3, 1, 1, WRITTEN);
    expect(Object.is(single.values[0], 1)).toBe(true);
  });
});
