import { describe, expect, it } from 'vitest';
import { Random } from './random.ts';

describe('Random', () => {
  it('repeats a sequence for a seed and stream, and differs across seeds and streams', () => {
    const draw = (seed: number, stream: string) => {
      const r = new Random(seed, stream);
      return Array.from({ length: 5 }, () => r.nextUint32());
    };
    expect(draw(1, 'x')).toEqual(draw(1, 'x'));
    expect(draw(1, 'x')).not.toEqual(draw(2, 'x'));
    expect(draw(1, 'x')).not.toEqual(draw(1, 'y'));
  });

  it('draws uniform [0, 1) and standard normal numbers with the right moments', () => {
    const r = new Random(42);
    const n = 200000;
    let sum = 0;
    let sumSq = 0;
    let min = 1;
    let max = 0;
    for (let k = 0; k < n; k++) {
      const x = r.uniform();
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / n).toBeCloseTo(0.5, 2); // sd of the mean 0.00065
    sum = 0;
    for (let k = 0; k < n; k++) {
      const x = r.normal();
      sum += x;
      sumSq += x * x;
    }
    expect(sum / n).toBeCloseTo(0, 2);
    expect(Math.sqrt(sumSq / n)).toBeCloseTo(1, 2);
  });

  it('fills an array with the same normal numbers as repeated normal() calls, spare included', () => {
    const one = new Random(5, 'noise');
    const batch = new Random(5, 'noise');
    // Odd and even lengths, so the spare of the polar method is carried between batches both ways.
    for (const length of [1, 800, 3, 0, 200, 7, 1000]) {
      const expected = Float64Array.from({ length }, () => one.normal());
      const filled = new Float64Array(length);
      batch.fillNormal(filled);
      expect(filled).toEqual(expected);
    }
    expect(batch.nextUint32()).toBe(one.nextUint32());
    expect(batch.normal()).toBe(one.normal());
  });

  it('draws Poisson counts with mean and variance equal to the mean', () => {
    const r = new Random(3);
    const n = 100000;
    let sum = 0;
    let sumSq = 0;
    for (let k = 0; k < n; k++) {
      const x = r.poisson(0.7);
      sum += x;
      sumSq += x * x;
    }
    const mean = sum / n;
    expect(mean).toBeCloseTo(0.7, 1);
    expect(sumSq / n - mean * mean).toBeCloseTo(0.7, 1);
  });
});
