import { describe, expect, it } from 'vitest';
import { portableExp } from './portableMath.ts';
import { CounterStream, LAYER_AREA, LAYER_EDGES, TAIL_START, HashedTargets, triple32, underCurve } from './counterRandom.ts';

/**
 * The counter-based draws against the normal and Poisson distributions they claim, over about a million
 * draws each, and the property the Workers need: a target's draw depends on nothing but (seed, stream,
 * interval, target).
 */

const TARGETS = 1000;
const INTERVALS = 1000;

/** Draws z[m * TARGETS + i] = normal(i) in interval m, for one stream. */
function normalGrid(seed: number, stream: string): Float64Array {
  const draws = new CounterStream(seed, stream);
  const z = new Float64Array(TARGETS * INTERVALS);
  for (let m = 0; m < INTERVALS; m++) {
    draws.setInterval(m);
    for (let i = 0; i < TARGETS; i++) z[m * TARGETS + i] = draws.normal(i);
  }
  return z;
}

/** Standard normal CDF via erfc (Numerical Recipes' erfcc, fractional error below 1.2e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

function correlation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  const n = x.length;
  for (let k = 0; k < n; k++) {
    sx += x[k]; sy += y[k];
    sxx += x[k] * x[k]; syy += y[k] * y[k]; sxy += x[k] * y[k];
  }
  const cov = sxy / n - (sx / n) * (sy / n);
  return cov / Math.sqrt((sxx / n - (sx / n) ** 2) * (syy / n - (sy / n) ** 2));
}

describe('counter-based normal draws (ziggurat)', () => {
  const z = normalGrid(1, 'input:noise');
  const n = z.length;

  it('builds the ziggurat from its two constants: equal layers that close at the top', () => {
    const f = (x: number) => Math.exp(-0.5 * x * x);
    expect(LAYER_EDGES[1]).toBe(TAIL_START);
    expect(LAYER_EDGES[256]).toBe(0);
    // The top layer (x from 0 to X[255], up to f(0) = 1) has the area of the others when R and V are right.
    expect(LAYER_EDGES[255] * (1 - f(LAYER_EDGES[255]))).toBeCloseTo(LAYER_AREA, 9);
    for (let i = 1; i < 256; i++) expect(LAYER_EDGES[i + 1]).toBeLessThan(LAYER_EDGES[i]);
  });

  it('has mean 0, variance 1, and normal tails', () => {
    let sum = 0;
    let sumSq = 0;
    let sum4 = 0;
    const beyond = [1, 2, 3, TAIL_START, 4].map(() => 0);
    const limits = [1, 2, 3, TAIL_START, 4];
    for (let k = 0; k < n; k++) {
      const x = z[k];
      sum += x;
      sumSq += x * x;
      sum4 += x * x * x * x;
      for (let l = 0; l < limits.length; l++) if (Math.abs(x) > limits[l]) beyond[l]++;
    }
    // sd of the mean 0.001, of the variance 0.0014, of the fourth moment about 0.01.
    expect(Math.abs(sum / n)).toBeLessThan(0.004);
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.006);
    expect(Math.abs(sum4 / n - 3)).toBeLessThan(0.05);
    limits.forEach((limit, l) => {
      const expected = 2 * (1 - normalCdf(limit)) * n;
      // Within 4.5 binomial sd: 317,311 beyond 1 … 63 beyond 4 (258 beyond R come from the exact tail).
      expect(Math.abs(beyond[l] - expected)).toBeLessThan(4.5 * Math.sqrt(expected) + 1);
    });
    expect(beyond[4]).toBeGreaterThan(30);
  });

  it('passes Kolmogorov-Smirnov and chi-square tests against the normal CDF', () => {
    const sorted = Float64Array.from(z).sort();
    let d = 0;
    for (let k = 0; k < n; k++) {
      const cdf = normalCdf(sorted[k]);
      d = Math.max(d, Math.abs(cdf - k / n), Math.abs((k + 1) / n - cdf));
    }
    // Critical value at p = 0.001: 1.95 / sqrt(n) = 0.00195.
    expect(d).toBeLessThan(1.95 / Math.sqrt(n));
    // 200 equiprobable bins: chi-square with 199 degrees of freedom, 0.001 critical value 267.
    const bins = new Float64Array(200);
    for (let k = 0; k < n; k++) bins[Math.min(199, Math.floor(normalCdf(z[k]) * 200))]++;
    const expected = n / 200;
    let chi2 = 0;
    for (const count of bins) chi2 += (count - expected) ** 2 / expected;
    expect(chi2).toBeLessThan(267);
  });

  it('samples the tail beyond R exactly: its conditional distribution passes Kolmogorov-Smirnov', () => {
    // 2e7 draws put about 5,200 beyond R = 3.654, where the ziggurat samples the tail by rejection.
    const draws = new CounterStream(11, 'input:tail');
    const tail: number[] = [];
    const perInterval = 100_000;
    for (let m = 0; m < 200; m++) {
      draws.setInterval(m);
      for (let i = 0; i < perInterval; i++) {
        const x = Math.abs(draws.normal(i));
        if (x > TAIL_START) tail.push(x);
      }
    }
    const mass = 1 - normalCdf(TAIL_START);
    expect(Math.abs(tail.length - 2e7 * 2 * mass)).toBeLessThan(4.5 * Math.sqrt(2e7 * 2 * mass));
    tail.sort((x, y) => x - y);
    let d = 0;
    tail.forEach((x, k) => {
      const cdf = (mass - (1 - normalCdf(x))) / mass;
      d = Math.max(d, Math.abs(cdf - k / tail.length), Math.abs((k + 1) / tail.length - cdf));
    });
    expect(d).toBeLessThan(1.95 / Math.sqrt(tail.length));
  });

  it('draws neighbouring targets, neighbouring intervals, other streams and other seeds independently', () => {
    const pairs = (TARGETS - 1) * INTERVALS;
    const left = new Float64Array(pairs);
    const right = new Float64Array(pairs);
    let p = 0;
    for (let m = 0; m < INTERVALS; m++) {
      for (let i = 0; i + 1 < TARGETS; i++, p++) {
        left[p] = z[m * TARGETS + i];
        right[p] = z[m * TARGETS + i + 1];
      }
    }
    // sd of a correlation of independent samples 1 / sqrt(n) = 0.001.
    const bound = 4.5 / Math.sqrt(pairs);
    expect(Math.abs(correlation(left, right))).toBeLessThan(bound);
    expect(Math.abs(correlation(z.subarray(0, n - TARGETS), z.subarray(TARGETS)))).toBeLessThan(bound);
    // Squares too: a dependence in magnitude (same layer) would show there.
    const sq = (a: Float64Array) => a.map((x) => x * x);
    expect(Math.abs(correlation(sq(left), sq(right)))).toBeLessThan(bound);
    expect(Math.abs(correlation(sq(z.subarray(0, n - TARGETS)), sq(z.subarray(TARGETS))))).toBeLessThan(bound);
    expect(Math.abs(correlation(z, normalGrid(1, 'input:other')))).toBeLessThan(bound);
    expect(Math.abs(correlation(z, normalGrid(2, 'input:noise')))).toBeLessThan(bound);
  });

  it('gives a target the same draw whichever other targets are drawn, in any order, from a fresh stream', () => {
    const whole = new CounterStream(7, 'input:a');
    const part = new CounterStream(7, 'input:a');
    whole.setInterval(123456789);
    part.setInterval(123456789);
    const all = Array.from({ length: 2000 }, (_, i) => whole.normal(i));
    // A second Worker's half, drawn backwards, and every third target alone.
    for (let i = 1999; i >= 1000; i--) expect(part.normal(i)).toBe(all[i]);
    for (let i = 0; i < 2000; i += 3) {
      const alone = new CounterStream(7, 'input:a');
      alone.setInterval(123456789);
      expect(alone.normal(i)).toBe(all[i]);
    }
    const hashed = new HashedTargets(2000, false);
    const filled = new Float64Array(2000);
    whole.fillNormals(filled, 0, 2000, hashed);
    expect(Array.from(filled)).toEqual(all);
    // The step loop's noise, written and added, is mean + sd * normal(j) exactly.
    const written = new Float64Array(2010);
    whole.writeNoise(written, 10, 0, 2000, 1.5, 4, hashed);
    expect(Array.from(written.subarray(10))).toEqual(all.map((x) => 0 + (1.5 + 4 * x)));
    const added = new Float64Array(2000).fill(0.25);
    const reversed = Int32Array.from({ length: 2000 }, (_, j) => 1999 - j);
    whole.addNoise(added, reversed, 0, 2000, 1.5, 4, hashed);
    expect(Array.from(added)).toEqual(all.map((x) => 0.25 + (1.5 + 4 * x)).reverse());
    // A Worker holding places 700 .. 1999 of the input draws exactly those.
    const part2 = new Float64Array(2000);
    whole.fillNormals(part2, 700, 2000, hashed);
    expect(Array.from(part2.subarray(700))).toEqual(all.slice(700));
    expect(part2.subarray(0, 700).every((x) => x === 0)).toBe(true);
    const tail = new Float64Array(2000);
    whole.writeNoise(tail, 0, 700, 2000, 1.5, 4, hashed);
    expect(Array.from(tail.subarray(700))).toEqual(all.slice(700).map((x) => 0 + (1.5 + 4 * x)));
    const addedTail = new Float64Array(2000);
    whole.addNoise(addedTail, reversed, 700, 2000, 1.5, 4, hashed);
    expect(Array.from(addedTail.subarray(0, 1300))).toEqual(all.slice(700).map((x) => 0 + (1.5 + 4 * x)).reverse());
  });

  it('reaches beyond 2^32 intervals without repeating the low ones', () => {
    const draws = new CounterStream(1, 'input:noise');
    draws.setInterval(2 ** 32 + 5);
    const far = Array.from({ length: 100 }, (_, i) => draws.normal(i));
    expect(far).not.toEqual(Array.from(z.subarray(5 * TARGETS, 5 * TARGETS + 100)));
  });

  it('repeats its numbers exactly (pinned: a change of the generator changes saved experiments\' spikes)', () => {
    const draws = new CounterStream(1, 'input:noise');
    // triple32 as hash-prospector's C code computes it (uint32 wraps, read back as int32).
    expect([triple32(0), triple32(1), triple32(-1)]).toEqual([0, 69681622, 310335631]);
    draws.setInterval(0);
    expect([0, 1, 2].map((i) => draws.normal(i))).toEqual([z[0], z[1], z[2]]);
    expect(Array.from(z.subarray(0, 3))).toEqual(PINNED_DRAWS);
  });

  it('decides a wedge point as portableExp does, also for heights a few units in the last place from the curve', () => {
    const f = (x: number) => portableExp(-0.5 * x * x);
    /** The float k steps of one unit in the last place above y (k < 0: below), y > 0. */
    const ulpsFrom = (y: number, k: number) => {
      const bits = new BigInt64Array(Float64Array.of(y).buffer);
      bits[0] += BigInt(k);
      return new Float64Array(bits.buffer)[0];
    };
    const wrong: number[][] = [];
    for (let layer = 1; layer < 256; layer++) {
      const [outer, inner] = [LAYER_EDGES[layer], LAYER_EDGES[layer + 1]];
      for (let s = 0; s <= 64; s++) {
        const x = inner + ((outer - inner) * s) / 64;
        const curve = f(x);
        const heights = [-1e6, -1e4, -100, -8, -2, -1, 0, 1, 2, 8, 100, 1e4, 1e6].map((k) => ulpsFrom(curve, k));
        for (let u = 0; u < 16; u++) heights.push(f(outer) + ((f(inner) - f(outer)) * (u + 0.5)) / 16);
        for (const height of heights) if (underCurve(layer, x, height) !== height < curve) wrong.push([layer, x, height]);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('repeats a million draws bit for bit, tails, wedges and rejections included (pinned by a hash of their bits)', () => {
    expect(fnv1a(new Int32Array(z.buffer))).toBe(PINNED_GRID_HASH);
    // Far intervals (beyond 2^32) and scattered targets.
    const draws = new CounterStream(12345, 'input:x');
    const far = new Float64Array(200 * 5000);
    for (let m = 0; m < 200; m++) {
      draws.setInterval(2 ** 40 + m * 977);
      for (let i = 0; i < 5000; i++) far[m * 5000 + i] = draws.normal(i * 13);
    }
    expect(fnv1a(new Int32Array(far.buffer))).toBe(PINNED_FAR_HASH);
  });
});

/** FNV-1a over 32-bit words. */
function fnv1a(words: Int32Array): number {
  let hash = 0x811c9dc5;
  for (const word of words) hash = Math.imul(hash ^ word, 0x01000193);
  return hash >>> 0;
}

/** fnv1a of the bits of normalGrid(1, 'input:noise') and of the far draws, as the generator gave them when pinned. */
const PINNED_GRID_HASH = 0x850cc323;
const PINNED_FAR_HASH = 0xda2cfeb3;

/** normal(0), normal(1), normal(2) of seed 1, stream "input:noise", interval 0. */
const PINNED_DRAWS = [-0.3354187890135814, -1.4194498209581974, 0.39123662448037727];

describe('counter-based Poisson counts', () => {
  for (const mean of [0.02, 0.5, 3, 10]) {
    it(`have mean and variance ${mean} and P(0) = exp(-${mean})`, () => {
      const draws = new CounterStream(3, 'input:drive');
      const hashed = new HashedTargets(TARGETS).hashed;
      const zero = portableExp(-mean);
      let sum = 0;
      let sumSq = 0;
      let zeros = 0;
      const steps = 500;
      for (let m = 0; m < steps; m++) {
        draws.setInterval(m);
        for (let i = 0; i < TARGETS; i++) {
          const k = draws.poisson(hashed[i], mean, zero);
          sum += k;
          sumSq += k * k;
          if (k === 0) zeros++;
        }
      }
      const n = steps * TARGETS;
      const sampleMean = sum / n;
      const variance = sumSq / n - sampleMean ** 2;
      // sd of the mean sqrt(mean / n); of the variance about mean sqrt(2 / n) (plus a kurtosis term).
      expect(Math.abs(sampleMean - mean)).toBeLessThan(4.5 * Math.sqrt(mean / n));
      expect(Math.abs(variance - mean)).toBeLessThan(4.5 * Math.sqrt((2 * mean * mean + mean) / n));
      expect(Math.abs(zeros / n - zero)).toBeLessThan(4.5 * Math.sqrt((zero * (1 - zero)) / n));
    });
  }

  it('count 0 for a mean of 0', () => {
    const draws = new CounterStream(3, 'input:drive');
    expect(Array.from(new HashedTargets(100).hashed, (h) => draws.poisson(h, 0, 1)).every((k) => k === 0)).toBe(true);
  });
});
