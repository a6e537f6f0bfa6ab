import { describe, expect, it } from 'vitest';
import { pearson, roc } from './metrics.ts';
import { choleskyInPlace, choleskySolve, ridgeSolveGeneral } from './linalg.ts';

describe('pearson', () => {
  it('is 1 for a line, -1 for a falling one, and leaves out what include rejects', () => {
    expect(pearson([1, 2, 3, 4], [3, 5, 7, 9])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // Without the outlier (index 3) the points lie on a line.
    expect(pearson([1, 2, 3, 10], [2, 4, 6, -50], (k) => k !== 3)).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 10], [2, 4, 6, -50])).toBeLessThan(0);
  });

  it('is 0.5 for a worked example', () => {
    // x = (1, 2, 3), y = (1, 3, 2): cov = 0.5 (n-1 = 2: sum 1), var x = var y = 1 -> r = 0.5.
    expect(pearson([1, 2, 3], [1, 3, 2])).toBeCloseTo(0.5, 12);
  });
});

describe('roc', () => {
  const all = () => true;
  it('is 1 when every positive outscores every negative and 0 the other way round', () => {
    const labels = [true, true, false, false];
    expect(roc([4, 3, 2, 1], (k) => labels[k], all).auc).toBe(1);
    expect(roc([1, 2, 3, 4], (k) => labels[k], all).auc).toBe(0);
  });

  it('counts a tie as half, as the Mann-Whitney statistic does', () => {
    // Positives 3, 1; negatives 2, 1: pairs (3>2) 1, (3>1) 1, (1<2) 0, (1=1) 0.5 -> 2.5 / 4.
    const labels = [true, true, false, false];
    const curve = roc([3, 1, 2, 1], (k) => labels[k], all);
    expect(curve.auc).toBe(0.625);
    expect(Array.from(curve.fpr)).toEqual([0, 0, 0.5, 1]);
    expect(Array.from(curve.tpr)).toEqual([0, 0.5, 0.5, 1]);
  });

  it('leaves out excluded entries', () => {
    const labels = [true, false, false];
    expect(roc([1, 2, 0], (k) => labels[k], (k) => k !== 1).auc).toBe(1);
  });
});

describe('linear solves', () => {
  it('Cholesky solves a symmetric positive-definite system', () => {
    const a = Float64Array.from([4, 2, 0, 2, 5, 1, 0, 1, 3]);
    const x = Float64Array.from([1, -2, 3]);
    const b = Float64Array.from([4 * 1 + 2 * -2, 2 * 1 + 5 * -2 + 3, -2 + 9]);
    expect(choleskyInPlace(a, 3)).toBe(true);
    choleskySolve(a, 3, b);
    for (let k = 0; k < 3; k++) expect(b[k]).toBeCloseTo(x[k], 12);
  });

  it('Gaussian elimination with pivoting solves a system whose first pivot is 0', () => {
    const a = Float64Array.from([0, 1, 2, 1]);
    const x = ridgeSolveGeneral(a, Float64Array.from([3, 4]), 2, 0, 2);
    // y = 3 - ... : 0 x + 1 y = 3, 2 x + y = 4 -> y = 3, x = 0.5.
    expect(x && Array.from(x)).toEqual([0.5, 3]);
  });
});
