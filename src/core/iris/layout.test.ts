import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDatasetCsv } from './dataset.ts';
import { DEFAULT_DIRECT, DEFAULT_GAUSSIAN } from './encoding.ts';
import { layerPositions, type Point } from './layout.ts';
import { classifierExperiment } from './network.ts';
import { initialModel, withSettings } from './train.ts';

/** A neuron is 44 units across with two label lines under it: centres closer than this overlap. */
const CLEAR = 100;

function closest(points: readonly Point[]): number {
  let best = Infinity;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) best = Math.min(best, Math.hypot(points[i].x - points[j].x, points[i].y - points[j].y));
  }
  return best;
}

const distinct = (values: number[]) => new Set(values).size;

describe('layerPositions', () => {
  // Gaussian encoding of Iris: 4 features x 6 fields.
  const gaussian = Int32Array.from({ length: 24 }, (_, k) => Math.floor(k / 6));

  it('lays 24 inputs out as a grid of 4 feature columns of 6, clear of each other, then the outputs', () => {
    const at = layerPositions(gaussian, 0, 3);
    expect(at.inputs).toHaveLength(24);
    expect(distinct(at.inputs.map((p) => p.x))).toBe(4);
    expect(distinct(at.inputs.map((p) => p.y))).toBeGreaterThanOrEqual(6);
    // The fields of one feature share a column.
    for (let f = 0; f < 4; f++) expect(distinct(at.inputs.slice(6 * f, 6 * f + 6).map((p) => p.x))).toBe(1);
    expect(closest([...at.inputs, ...at.outputs])).toBeGreaterThanOrEqual(CLEAR);
    expect(Math.min(...at.outputs.map((p) => p.x))).toBeGreaterThan(Math.max(...at.inputs.map((p) => p.x)) + CLEAR);
    expect(distinct(at.outputs.map((p) => p.x))).toBe(1);
    // The block is about as tall as it is wide: the editor's Fit shows it at a readable scale.
    const xs = [...at.inputs, ...at.outputs].map((p) => p.x);
    const ys = [...at.inputs, ...at.outputs].map((p) => p.y);
    const aspect = (Math.max(...xs) - Math.min(...xs)) / (Math.max(...ys) - Math.min(...ys));
    expect(aspect).toBeGreaterThan(0.5);
    expect(aspect).toBeLessThan(3);
  });

  it('puts the hidden layer between, no taller than the inputs, and the layers on one middle line', () => {
    const at = layerPositions(gaussian, 20, 3);
    const all = [...at.inputs, ...at.hidden, ...at.outputs];
    expect(closest(all)).toBeGreaterThanOrEqual(CLEAR);
    const maxX = (ps: Point[]) => Math.max(...ps.map((p) => p.x));
    const minX = (ps: Point[]) => Math.min(...ps.map((p) => p.x));
    expect(minX(at.hidden)).toBeGreaterThan(maxX(at.inputs));
    expect(minX(at.outputs)).toBeGreaterThan(maxX(at.hidden));
    expect(distinct(at.hidden.map((p) => p.x))).toBeGreaterThan(1);
    const span = (ps: Point[]) => Math.max(...ps.map((p) => p.y)) - Math.min(...ps.map((p) => p.y));
    expect(span(at.hidden)).toBeLessThanOrEqual(span(at.inputs) + 1);
    const middle = (ps: Point[]) => (Math.max(...ps.map((p) => p.y)) + Math.min(...ps.map((p) => p.y))) / 2;
    expect(Math.abs(middle(at.outputs) - middle(at.inputs))).toBeLessThanOrEqual(1);
    for (const p of all) {
      expect(Number.isInteger(p.x) && Number.isInteger(p.y)).toBe(true);
      expect(Math.min(p.x, p.y)).toBeGreaterThanOrEqual(60);
    }
  });

  it('keeps a direct encoding (one input per feature, and a bias) in one column', () => {
    const at = layerPositions(Int32Array.from([0, 1, 2, 3, -1]), 0, 3);
    expect(distinct(at.inputs.map((p) => p.x))).toBe(1);
    expect(closest([...at.inputs, ...at.outputs])).toBeGreaterThanOrEqual(CLEAR);
  });
});

describe('the classifier experiment ("Open in the lab")', () => {
  it('places the real network by layer: inputs in a grid, no two neurons on top of each other', () => {
    const parsed = parseDatasetCsv(readFileSync(new URL('../../../public/data/iris.csv', import.meta.url), 'utf8'));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const dataset = parsed.dataset;
    const rows = Array.from({ length: dataset.X.length }, (_, r) => r);
    for (const encoding of [DEFAULT_GAUSSIAN, DEFAULT_DIRECT]) {
      const model = initialModel(dataset, rows, withSettings({ encoding, network: { hidden: 8 } }));
      const experiment = classifierExperiment(model, dataset.X[0]);
      const points = experiment.neurons.map((n) => n.position ?? { x: NaN, y: NaN });
      expect(closest(points)).toBeGreaterThanOrEqual(CLEAR);
      const inputs = experiment.neurons.filter((n) => n.id.startsWith('in_')).map((n) => n.position ?? { x: NaN, y: NaN });
      if (encoding.kind === 'gaussian') expect(distinct(inputs.map((p) => p.x))).toBe(dataset.featureNames.length);
    }
  });
});
