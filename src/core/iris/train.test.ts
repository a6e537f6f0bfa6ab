import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDatasetCsv, type Dataset } from './dataset.ts';
import { stratifiedSplit } from './split.ts';
import { DEFAULT_SETTINGS, evaluateClassifier, trainClassifier, trainClassifierAsync, withSettings, type TrainProgress } from './train.ts';

function iris(): Dataset {
  const result = parseDatasetCsv(readFileSync(new URL('../../../public/data/iris.csv', import.meta.url), 'utf8'));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.dataset;
}

const data = iris();
// 105 training rows (35 per class), 45 test rows (15 per class).
const split = stratifiedSplit(data.y, 0.3, 3);

describe('trainClassifier', () => {
  it('learns Iris with the default settings: 44 of 45 held-out flowers right', () => {
    const progress: TrainProgress[] = [];
    const result = trainClassifier(data, split.train, DEFAULT_SETTINGS, { onProgress: (p) => progress.push(p) });
    expect(result.cancelled).toBe(false);
    expect(progress.map((p) => p.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(progress.at(-1)?.trainAccuracy).toBeGreaterThan(0.9);
    const test = evaluateClassifier(result.model, data, split.test);
    expect(test.accuracy).toBe(44 / 45);
    expect(test.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(test.confusion.counts).toEqual([
      [15, 0, 0, 0],
      [0, 14, 1, 0],
      [0, 0, 15, 0],
    ]);
    // Every weight stays within the clamp.
    expect(Math.max(...result.model.outputWeights.map(Math.abs))).toBeLessThanOrEqual(DEFAULT_SETTINGS.training.weightLimit);
  });

  it('is reproducible from its seed, synchronously or not', async () => {
    const rows = split.train.slice(0, 30);
    const quick = (seed: number) => trainClassifier(data, rows, withSettings({ training: { epochs: 2, seed } })).model.outputWeights;
    const a = quick(5);
    expect(quick(5)).toEqual(a);
    expect(quick(6)).not.toEqual(a);
    const async = await trainClassifierAsync(data, rows, withSettings({ training: { epochs: 2, seed: 5 } }));
    expect(async.model.outputWeights).toEqual(a);
  });

  it('async training sees an abort that arrives between epochs (as a Worker message would)', async () => {
    const controller = new AbortController();
    const result = await trainClassifierAsync(data, split.train, DEFAULT_SETTINGS, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.epoch === 2) setTimeout(() => controller.abort(), 0);
      },
    });
    expect(result.cancelled).toBe(true);
    expect(result.history.map((p) => p.epoch)).toEqual([1, 2]);
  });

  it('stops when the signal is aborted, keeping the weights reached', () => {
    const signal = { aborted: false };
    const result = trainClassifier(data, split.train, DEFAULT_SETTINGS, { signal, onProgress: () => (signal.aborted = true) });
    expect(result.cancelled).toBe(true);
    expect(result.history.length).toBe(1);
    expect(result.model.outputWeights.some((w) => w !== 0)).toBe(true);
  });

  it('trains a hidden layer by spike-count backpropagation', () => {
    const result = trainClassifier(data, split.train, withSettings({ network: { hidden: 8 } }));
    expect(result.model.hiddenWeights.length).toBe(24 * 8);
    expect(result.model.outputWeights.length).toBe(8 * 3);
    expect(evaluateClassifier(result.model, data, split.test).accuracy).toBe(43 / 45);
  });
});
