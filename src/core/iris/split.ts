import { Random } from '../random.ts';

/** Row indices (into a data set) for training and for testing, each in ascending order. */
export interface Split {
  train: Int32Array;
  test: Int32Array;
}

/** The rows of each class, indexed by class. */
function rowsByClass(y: Int32Array): number[][] {
  const byClass: number[][] = [];
  for (let r = 0; r < y.length; r++) {
    const c = y[r];
    if (!(c >= 0)) throw new Error(`row ${r}: class index ${c} is not valid`);
    while (byClass.length <= c) byClass.push([]);
    byClass[c].push(r);
  }
  return byClass;
}

/** Fisher-Yates shuffle in place, drawing from `random`. */
export function shuffleInPlace(items: { length: number; [k: number]: number }, random: Random): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.integer(i + 1);
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
}

function sorted(rows: number[]): Int32Array {
  return Int32Array.from(rows).sort();
}

/**
 * A stratified train/test split: within each class, a seeded shuffle, then round(testFraction * n)
 * rows (at least one, and at least one left for training when the class has two or more) go to the test set.
 */
export function stratifiedSplit(y: Int32Array, testFraction: number, seed: number): Split {
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`testFraction must be between 0 and 1, got ${testFraction}`);
  const random = new Random(seed, 'iris:split');
  const train: number[] = [];
  const test: number[] = [];
  for (const rows of rowsByClass(y)) {
    if (rows.length === 0) continue;
    shuffleInPlace(rows, random);
    let take = Math.round(testFraction * rows.length);
    take = Math.min(Math.max(take, 1), rows.length > 1 ? rows.length - 1 : 1);
    test.push(...rows.slice(0, take));
    train.push(...rows.slice(take));
  }
  return { train: sorted(train), test: sorted(test) };
}

/**
 * Stratified k-fold cross-validation: every class is shuffled (seeded) and dealt round-robin into the
 * k folds, continuing where the previous class stopped, so the folds differ in size by at most one
 * and each holds each class in proportion (to within one row). Fold f tests on its rows and trains
 * on all the others; every row is tested exactly once.
 */
export function stratifiedFolds(y: Int32Array, k: number, seed: number): Split[] {
  if (!(Number.isInteger(k) && k >= 2)) throw new Error(`k must be an integer >= 2, got ${k}`);
  if (k > y.length) throw new Error(`k = ${k} folds need at least ${k} rows, got ${y.length}`);
  const random = new Random(seed, 'iris:folds');
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const rows of rowsByClass(y)) {
    shuffleInPlace(rows, random);
    for (const r of rows) {
      folds[next].push(r);
      next = (next + 1) % k;
    }
  }
  return folds.map((testRows, f) => ({
    train: sorted(folds.flatMap((rows, g) => (g === f ? [] : rows))),
    test: sorted(testRows),
  }));
}
