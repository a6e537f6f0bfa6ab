/** How well recovered weights match the true ones. */

/** Pearson correlation of a and b over the entries where include is true (all when absent); NaN if either is constant. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>, include?: (index: number) => boolean): number {
  let count = 0;
  let sumA = 0;
  let sumB = 0;
  for (let k = 0; k < a.length; k++) {
    if (include && !include(k)) continue;
    count++;
    sumA += a[k];
    sumB += b[k];
  }
  if (count < 2) return Number.NaN;
  const meanA = sumA / count;
  const meanB = sumB / count;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let k = 0; k < a.length; k++) {
    if (include && !include(k)) continue;
    const da = a[k] - meanA;
    const db = b[k] - meanB;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : Number.NaN;
}

export interface Roc {
  /** False and true positive rates from the highest threshold down, starting at (0, 0) and ending at (1, 1). */
  fpr: Float64Array;
  tpr: Float64Array;
  auc: number;
}

/**
 * ROC curve of `scores` for telling positives from negatives (entries where include is false are left
 * out). Tied scores make one diagonal step, so the area is the Mann-Whitney probability that a positive
 * outscores a negative, ties counting half.
 */
export function roc(scores: ArrayLike<number>, positive: (index: number) => boolean, include: (index: number) => boolean): Roc {
  const order: number[] = [];
  for (let k = 0; k < scores.length; k++) if (include(k)) order.push(k);
  order.sort((x, y) => scores[y] - scores[x] || x - y);
  let positives = 0;
  for (const k of order) if (positive(k)) positives++;
  const negatives = order.length - positives;
  const fpr = [0];
  const tpr = [0];
  let tp = 0;
  let fp = 0;
  let area = 0;
  for (let s = 0; s < order.length; ) {
    let e = s;
    let tiedTp = 0;
    let tiedFp = 0;
    while (e < order.length && scores[order[e]] === scores[order[s]]) {
      if (positive(order[e])) tiedTp++;
      else tiedFp++;
      e++;
    }
    area += tiedFp * (tp + tiedTp / 2);
    tp += tiedTp;
    fp += tiedFp;
    fpr.push(negatives > 0 ? fp / negatives : 0);
    tpr.push(positives > 0 ? tp / positives : 0);
    s = e;
  }
  const auc = positives > 0 && negatives > 0 ? area / (positives * negatives) : Number.NaN;
  return { fpr: Float64Array.from(fpr), tpr: Float64Array.from(tpr), auc };
}
