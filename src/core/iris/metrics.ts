/** A prediction that is no class: the network gave no answer (no output spiked, or a complete tie). */
export const NO_ANSWER = -1;

/** Fraction of predictions equal to the truth; NO_ANSWER counts as wrong. 0 for no rows. */
export function accuracy(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  if (truth.length !== predicted.length) throw new Error(`accuracy: ${truth.length} labels but ${predicted.length} predictions`);
  if (truth.length === 0) return 0;
  let right = 0;
  for (let k = 0; k < truth.length; k++) if (predicted[k] === truth[k] && predicted[k] !== NO_ANSWER) right++;
  return right / truth.length;
}

/**
 * Confusion matrix: counts[t][p] rows of true class t predicted as class p; the extra last column
 * (index classCount) counts the rows of class t that got no answer.
 */
export interface ConfusionMatrix {
  classCount: number;
  counts: number[][];
}

export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, classCount: number): ConfusionMatrix {
  if (truth.length !== predicted.length) throw new Error(`confusionMatrix: ${truth.length} labels but ${predicted.length} predictions`);
  const counts = Array.from({ length: classCount }, () => new Array<number>(classCount + 1).fill(0));
  for (let k = 0; k < truth.length; k++) {
    const t = truth[k];
    const p = predicted[k];
    if (!(t >= 0 && t < classCount)) throw new Error(`confusionMatrix: true class ${t} out of range`);
    if (p === NO_ANSWER) counts[t][classCount]++;
    else if (p >= 0 && p < classCount) counts[t][p]++;
    else throw new Error(`confusionMatrix: predicted class ${p} out of range`);
  }
  return { classCount, counts };
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Sample standard deviation (n - 1); 0 for fewer than two values. */
export function standardDeviation(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) * (x - m), 0) / (xs.length - 1));
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
