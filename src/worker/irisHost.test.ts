import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manualEnvironment } from '../../test/manualHost.ts';
import { DEFAULT_SETTINGS, withSettings } from '../core/iris/train.ts';
import { IrisHost } from './irisHost.ts';
import type { IrisEvent } from './irisProtocol.ts';

const IRIS = readFileSync(new URL('../../public/data/iris.csv', import.meta.url), 'utf8');

/** A host whose scheduled tasks run only when the test says so (each task = one epoch or map chunk). */
function harness() {
  const m = manualEnvironment<IrisEvent>();
  return { ...m, host: new IrisHost(m.env) };
}

function loaded() {
  const h = harness();
  h.host.handle({ type: 'loadDataset', text: IRIS, name: 'iris.csv' });
  return h;
}

describe('IrisHost', () => {
  it('loads the shipped Iris CSV', () => {
    const h = loaded();
    const [ds] = h.of('datasetLoaded');
    expect(ds.dataset.rows).toBe(150);
    expect(ds.dataset.featureNames).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(ds.dataset.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(ds.dataset.columns).toEqual([...ds.dataset.featureNames, 'species']);
    expect(ds.dataset.X.length).toBe(600);
    expect(ds.dataset.X[4]).toBeCloseTo(4.9);
  });

  it('trains on a fixed seeded split with live progress and reaches 100% on the 45 test flowers', () => {
    const h = loaded();
    h.host.handle({ type: 'train', settings: DEFAULT_SETTINGS, testFraction: 0.3, splitSeed: 1 });
    const [started] = h.of('started');
    expect(started.train?.length).toBe(105);
    expect(started.test?.length).toBe(45);
    expect(started.inputNames?.length).toBe(24);
    h.runTasks();
    const progress = h.of('progress');
    expect(progress.map((p) => p.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(progress.every((p) => p.total === 8 && p.weights.length === 24 * 3 && p.inputs === 24 && p.outputs === 3)).toBe(true);
    // The weights change as it learns.
    expect(progress[0].weights).not.toEqual(progress[7].weights);
    const [trained] = h.of('trained');
    expect(trained.cancelled).toBe(false);
    expect(trained.testAccuracy).toBe(1); // 45 of 45 (computed with the engine: seed 1, 30% held out)
    expect(trained.testAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(progress[7].testAccuracy).toBe(trained.testAccuracy);
    expect(trained.trainAccuracy).toBeGreaterThan(0.9);
    expect(trained.predictions.length).toBe(150);
    expect(trained.confusion).toEqual([
      [15, 0, 0, 0],
      [0, 15, 0, 0],
      [0, 0, 15, 0],
    ]);
  });

  it('cancel stops training between epochs and keeps the weights reached', () => {
    const h = loaded();
    h.host.handle({ type: 'train', settings: DEFAULT_SETTINGS, testFraction: 0.3, splitSeed: 1 });
    h.runTasks(2);
    h.host.handle({ type: 'cancel' });
    h.runTasks();
    expect(h.of('progress').map((p) => p.epoch)).toEqual([1, 2]);
    expect(h.of('cancelled')).toEqual([{ type: 'cancelled', job: 'train' }]);
    const trained = h.of('trained');
    expect(trained).toHaveLength(1);
    expect(trained[0].cancelled).toBe(true);
  });

  it('a new job replaces a running one without reporting its result', () => {
    const h = loaded();
    h.host.handle({ type: 'train', settings: DEFAULT_SETTINGS, testFraction: 0.3, splitSeed: 1 });
    h.runTasks(1);
    h.host.handle({ type: 'crossValidate', settings: withSettings({ training: { epochs: 1 } }), k: 2, splitSeed: 1 });
    h.runTasks();
    expect(h.of('cancelled')).toEqual([{ type: 'cancelled', job: 'train' }]);
    expect(h.of('trained')).toHaveLength(0);
    expect(h.of('crossValidated')[0].accuracies).toHaveLength(2);
  });

  it('a bad CSV gives messages naming rows and columns and keeps the old data set', () => {
    const h = loaded();
    h.host.handle({ type: 'train', settings: withSettings({ training: { epochs: 2 } }), testFraction: 0.3, splitSeed: 1 });
    h.runTasks();
    const bad = 'a,b,species\n1,2,x\n3,,y\n5,abc,x\n';
    h.host.handle({ type: 'loadDataset', text: bad, name: 'bad.csv' });
    const [error] = h.of('error');
    expect(error.context).toBe('loadDataset');
    expect(error.errors).toEqual(['row 3, column "b": missing value (expected a number)', 'row 4, column "b": expected a number, got "abc"']);
    expect(error.message).toContain('row 3, column "b"');
    expect(h.of('datasetLoaded')).toHaveLength(1);
    // The old data set and model still answer.
    h.host.handle({ type: 'classify', sampleIndex: 0 });
    const [classified] = h.of('classified');
    expect(classified.truth).toBe(0);
    expect(classified.counts.length).toBe(3);

    h.host.handle({ type: 'loadDataset', text: 'a,species\n1,x\n2,x\n', name: 'one.csv' });
    expect(h.of('error')[1].message).toContain('only one class');
    h.host.handle({ type: 'loadDataset', text: '', name: 'empty.csv' });
    expect(h.of('error')[2].message).toContain('empty');
    expect(h.of('datasetLoaded')).toHaveLength(1);
  });

  it('classifies a sample with the full network: counts, answer and margin', () => {
    const h = loaded();
    h.host.handle({ type: 'train', settings: DEFAULT_SETTINGS, testFraction: 0.3, splitSeed: 1 });
    h.runTasks();
    h.host.handle({ type: 'classify', sampleIndex: 120 });
    const [c] = h.of('classified');
    expect(c.truth).toBe(2);
    expect(c.answer).toBe(2);
    const sorted = Array.from(c.counts).sort((a, b) => b - a);
    expect(c.margin).toBe(sorted[0] - sorted[1]);
    expect(c.margin).toBeGreaterThan(0);

    // The raster's spikes: the presentation's own, in its window, and the outputs' among them are the counts.
    expect(c.window).toBe(200);
    expect(c.layers).toEqual({ inputs: 24, hidden: 0, outputs: 3 });
    expect(c.spikeNeurons.length).toBe(c.spikeTimes.length);
    expect(c.spikeNeurons.length).toBeGreaterThan(Array.from(c.counts).reduce((a, b) => a + b, 0));
    for (let s = 0; s < c.spikeTimes.length; s++) {
      expect(c.spikeTimes[s]).toBeGreaterThanOrEqual(0);
      expect(c.spikeTimes[s]).toBeLessThan(c.window);
      expect(c.spikeNeurons[s]).toBeLessThan(27);
    }
    const outputCounts = [0, 1, 2].map((k) => Array.from(c.spikeNeurons).filter((n) => n === 24 + k).length);
    expect(outputCounts).toEqual(Array.from(c.counts));
  });

  it('computes a decision map in chunks with progress', () => {
    const h = loaded();
    h.host.handle({ type: 'train', settings: DEFAULT_SETTINGS, testFraction: 0.3, splitSeed: 1 });
    h.runTasks();
    h.host.handle({ type: 'decisionMap', fx: 2, fy: 3, resolution: 20 });
    h.runTasks();
    expect(h.of('decisionMapProgress').length).toBe(1);
    const [map] = h.of('decisionMap');
    expect(map.grid.length).toBe(400);
    // Small petals are setosa, large ones virginica.
    expect(map.grid[0]).toBe(0);
    expect(map.grid[399]).toBe(2);
    expect(new Set(map.grid).size).toBeGreaterThanOrEqual(3);
  });

  it('cross-validates with stratified folds', () => {
    const h = loaded();
    h.host.handle({ type: 'crossValidate', settings: withSettings({ training: { epochs: 4 } }), k: 3, splitSeed: 1 });
    h.runTasks();
    expect(h.of('progress')).toHaveLength(12);
    const [cv] = h.of('crossValidated');
    expect(cv.accuracies).toHaveLength(3);
    expect(cv.mean).toBeGreaterThan(0.85);
  });
});
