import type { Distribution } from './types.ts';

/** The expected value of a drawn number: the middle of a uniform range, base + scale / (power + 1) for r ~ U[0, 1). */
export function distributionMean(d: Distribution): number {
  if (typeof d === 'number') return d;
  switch (d.dist) {
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'normal':
      return d.mean;
    case 'r':
      // E[r^p] = 1 / (p + 1) for r ~ U[0, 1).
      return d.base + d.scale / (d.power + 1);
  }
}
