import { describe, expect, it } from 'vitest';
import { encode, featureRanges, fitEncoder, gaussianCentres, gaussianWidth } from './encoding.ts';

const rows = (xs: number[][]) => xs.map((x) => Float64Array.from(x));

describe('gaussian receptive fields', () => {
  it('places m centres at x_min + (2i - 3)/2 (x_max - x_min)/(m - 2) with sigma = (x_max - x_min)/(1.5 (m - 2))', () => {
    // x in [0, 10], m = 6: step 10/4 = 2.5, centres -1.25 + 2.5 (i - 1); sigma = 10/6.
    expect(Array.from(gaussianCentres(0, 10, 6))).toEqual([-1.25, 1.25, 3.75, 6.25, 8.75, 11.25]);
    expect(gaussianWidth(0, 10, 6)).toBeCloseTo(10 / 6, 12);
    // Iris petal length, 1.0 .. 6.9 cm: step 5.9/4 = 1.475.
    const centres = Array.from(gaussianCentres(1, 6.9, 6));
    [0.2625, 1.7375, 3.2125, 4.6875, 6.1625, 7.6375].forEach((mu, k) => expect(centres[k]).toBeCloseTo(mu, 12));
    expect(gaussianWidth(1, 6.9, 6)).toBeCloseTo(5.9 / 6, 12);
    // m = 8 on [4, 16]: step 2, centres 3, 5, ..., 17; sigma = 12/9.
    expect(Array.from(gaussianCentres(4, 16, 8))).toEqual([3, 5, 7, 9, 11, 13, 15, 17]);
    expect(gaussianWidth(4, 16, 8)).toBeCloseTo(4 / 3, 12);
  });

  it('drives each input neuron with I_max exp(-(x - mu)^2 / (2 sigma^2))', () => {
    const X = rows([[0, 5], [10, 7]]);
    const encoder = fitEncoder(X, [0, 1], ['a', 'b'], { kind: 'gaussian', fields: 6, iMax: 40 });
    expect(encoder.inputCount).toBe(12);
    expect(encoder.inputNames.slice(0, 3)).toEqual(['a #1', 'a #2', 'a #3']);
    expect(encoder.inputNames[11]).toBe('b #6');
    const currents = encode(encoder, [3.75, 7]);
    // Feature a: x = 3.75 sits on centre 3; centres 2 and 4 are 2.5 away, 2.5^2 / (2 (10/6)^2) = 1.125;
    // centres 1 and 5 are 5 away (exponent 4.5); centre 6 is 7.5 away (exponent 10.125).
    expect(currents[2]).toBe(40);
    expect(currents[1]).toBeCloseTo(40 * Math.exp(-1.125), 12);
    expect(currents[3]).toBeCloseTo(12.98610, 4);
    expect(currents[0]).toBeCloseTo(40 * Math.exp(-4.5), 12);
    expect(currents[4]).toBeCloseTo(0.44436, 5);
    expect(currents[5]).toBeCloseTo(40 * Math.exp(-10.125), 12);
    // Feature b: range [5, 7], step 0.5, centres 4.75, 5.25, 5.75, 6.25, 6.75, 7.25, sigma = 2/6;
    // x = 7 is 0.25 from centres 5 and 6: exponent 0.0625 / (2/9) = 0.28125.
    expect(currents[6 + 4]).toBeCloseTo(40 * Math.exp(-0.28125), 12);
    expect(currents[6 + 5]).toBeCloseTo(30.19356, 4);
  });

  it('takes x_min and x_max from the training rows only', () => {
    const X = rows([[1], [3], [100]]);
    expect(featureRanges(X, [0, 1])).toEqual([{ min: 1, max: 3 }]);
    const encoder = fitEncoder(X, [0, 1], ['x'], { kind: 'gaussian', fields: 6, iMax: 40 });
    expect(encoder.ranges).toEqual([{ min: 1, max: 3 }]);
    expect(Array.from(encoder.centres)).toEqual([0.75, 1.25, 1.75, 2.25, 2.75, 3.25]);
    // The held-out row is encoded with the training ranges: far beyond the last field, almost no current.
    expect(encode(encoder, [100])[5]).toBe(0);
  });

  it('gives a constant feature fields of unit width', () => {
    const encoder = fitEncoder(rows([[2], [2]]), [0, 1], ['x'], { kind: 'gaussian', fields: 6, iMax: 10 });
    expect(Array.from(encoder.centres)).toEqual([1.875, 2.125, 2.375, 2.625, 2.875, 3.125]);
    expect(encoder.sigmas[0]).toBeCloseTo(1 / 6, 12);
  });

  it('rejects fewer than 3 fields', () => {
    expect(() => fitEncoder(rows([[0], [1]]), [0, 1], ['x'], { kind: 'gaussian', fields: 2, iMax: 10 })).toThrow(
      'gaussian encoding: fields must be an integer >= 3, got 2',
    );
  });
});

describe('direct encoding', () => {
  it('scales each feature linearly from its training range, clipped, plus an optional bias neuron', () => {
    const X = rows([[2, 0], [6, 1]]);
    const encoder = fitEncoder(X, [0, 1], ['a', 'b'], { kind: 'direct', iMin: 4, iMax: 40, bias: 20 });
    expect(encoder.inputCount).toBe(3);
    expect(encoder.inputNames).toEqual(['a', 'b', 'bias']);
    // a = 3 is a quarter of the way from 2 to 6: 4 + 36 / 4 = 13 pA; b = 0.5 is half way: 22 pA.
    expect(Array.from(encode(encoder, [3, 0.5]))).toEqual([13, 22, 20]);
    expect(Array.from(encode(encoder, [7, -1]))).toEqual([40, 4, 20]);
    const plain = fitEncoder(X, [0, 1], ['a', 'b'], { kind: 'direct', iMin: 0, iMax: 40 });
    expect(Array.from(encode(plain, [6, 0.25]))).toEqual([40, 10]);
  });
});
