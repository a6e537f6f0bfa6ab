import { describe, expect, it } from 'vitest';
import { classCounts } from './dataset.ts';
import { accuracy, confusionMatrix, mean, median, NO_ANSWER, standardDeviation } from './metrics.ts';
import { stratifiedFolds, stratifiedSplit } from './split.ts';

// Iris-like labels: 50 of each class, in blocks.
const iris = Int32Array.from({ length: 150 }, (_, r) => Math.floor(r / 50));
const pick = (y: Int32Array, rows: Int32Array) => Int32Array.from(rows, (r) => y[r]);

describe('stratifiedSplit', () => {
  it('keeps the class balance, covers every row once, and depends only on the seed', () => {
    const split = stratifiedSplit(iris, 0.2, 7);
    expect(split.test.length).toBe(30);
    expect(split.train.length).toBe(120);
    expect(classCounts(pick(iris, split.test), 3)).toEqual([10, 10, 10]);
    expect(classCounts(pick(iris, split.train), 3)).toEqual([40, 40, 40]);
    const all = [...split.train, ...split.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 150 }, (_, r) => r));
    expect(stratifiedSplit(iris, 0.2, 7)).toEqual(split);
    expect(stratifiedSplit(iris, 0.2, 8).test).not.toEqual(split.test);
    const third = stratifiedSplit(iris, 1 / 3, 1);
    expect(classCounts(pick(iris, third.test), 3)).toEqual([17, 17, 17]);
  });

  it('leaves at least one row of each class on each side', () => {
    const y = Int32Array.from([0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    const split = stratifiedSplit(y, 0.1, 1);
    expect(classCounts(pick(y, split.test), 2)).toEqual([1, 1]);
    expect(classCounts(pick(y, split.train), 2)).toEqual([1, 7]);
    expect(() => stratifiedSplit(y, 1, 1)).toThrow('testFraction must be between 0 and 1, got 1');
  });
});

describe('stratifiedFolds', () => {
  it('deals each class evenly into k disjoint folds that together test every row once', () => {
    const folds = stratifiedFolds(iris, 5, 3);
    expect(folds.length).toBe(5);
    const tested = new Array<number>(150).fill(0);
    for (const fold of folds) {
      expect(classCounts(pick(iris, fold.test), 3)).toEqual([10, 10, 10]);
      expect(classCounts(pick(iris, fold.train), 3)).toEqual([40, 40, 40]);
      const train = new Set(fold.train);
      expect(fold.test.some((r) => train.has(r))).toBe(false);
      expect(fold.train.length + fold.test.length).toBe(150);
      for (const r of fold.test) tested[r]++;
    }
    expect(tested.every((n) => n === 1)).toBe(true);
    expect(stratifiedFolds(iris, 5, 3)).toEqual(folds);
    expect(stratifiedFolds(iris, 5, 4)[0].test).not.toEqual(folds[0].test);
  });

  it('balances uneven classes to within one row per fold', () => {
    const y = Int32Array.from([...new Array<number>(7).fill(0), ...new Array<number>(5).fill(1)]);
    const folds = stratifiedFolds(y, 3, 1);
    expect(folds.map((f) => f.test.length)).toEqual([4, 4, 4]);
    for (const fold of folds) {
      const [a, b] = classCounts(pick(y, fold.test), 2);
      expect(a === 2 || a === 3).toBe(true);
      expect(b === 1 || b === 2).toBe(true);
    }
    expect(() => stratifiedFolds(y, 1, 1)).toThrow('k must be an integer >= 2, got 1');
  });
});

describe('metrics', () => {
  it('scores no answer as wrong and counts it in its own column', () => {
    const truth = [0, 0, 1, 1, 2, 2];
    const predicted = [0, 1, 1, NO_ANSWER, 2, 2];
    expect(accuracy(truth, predicted)).toBe(4 / 6);
    expect(confusionMatrix(truth, predicted, 3).counts).toEqual([
      [1, 1, 0, 0],
      [0, 1, 0, 1],
      [0, 0, 2, 0],
    ]);
    expect(accuracy([], [])).toBe(0);
  });

  it('mean, sample standard deviation, median', () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
