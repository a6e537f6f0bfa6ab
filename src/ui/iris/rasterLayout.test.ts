import { describe, expect, it } from 'vitest';
import { inputGroups, rasterLayout, BAND_HEADING } from './rasterLayout.ts';

describe('the Iris raster layout', () => {
  const features = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];
  const gaussian = Int32Array.from({ length: 24 }, (_, k) => Math.floor(k / 6));

  it('groups the 24 inputs by feature, 6 fields each', () => {
    expect(inputGroups(gaussian, features)).toEqual(features.map((label, f) => ({ label, first: 6 * f, count: 6 })));
    expect(inputGroups(Int32Array.from([0, 1, 2, 3, -1]), features).map((g) => g.label)).toEqual([...features, 'bias']);
  });

  it('gives the one-row features of a direct encoding a line of text each', () => {
    const direct = Int32Array.from([0, 1, 2, 3, -1]);
    const { bands } = rasterLayout({ inputs: 5, hidden: 0, outputs: 3 }, inputGroups(direct, features), ['a', 'b', 'c']);
    expect(bands[0].rowHeight).toBeGreaterThanOrEqual(12);
  });

  it('gives each layer its band in neuron order, the output rows tallest, every row legible', () => {
    const { bands, height } = rasterLayout({ inputs: 24, hidden: 0, outputs: 3 }, inputGroups(gaussian, features), ['setosa', 'versicolor', 'virginica']);
    expect(bands.map((b) => [b.layer, b.first, b.count])).toEqual([
      ['input', 0, 24],
      ['output', 24, 3],
    ]);
    expect(bands[1].groups.map((g) => g.label)).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(bands[1].rowHeight).toBeGreaterThan(bands[0].rowHeight);
    for (const b of bands) expect(b.rowHeight).toBeGreaterThanOrEqual(6);
    // Bands follow each other, each under its heading, and do not overlap.
    expect(bands[1].top).toBe(bands[0].top + bands[0].count * bands[0].rowHeight + BAND_HEADING);
    expect(height).toBe(bands[1].top + 3 * bands[1].rowHeight);
    // 27 rows get far more than the 110 px the lab's raster gave them.
    expect(height).toBeGreaterThan(200);
  });

  it('thins the rows of a large hidden layer so the plot stays a readable size', () => {
    const { bands } = rasterLayout({ inputs: 24, hidden: 64, outputs: 3 }, [], ['a', 'b', 'c']);
    expect(bands.map((b) => b.layer)).toEqual(['input', 'hidden', 'output']);
    expect(bands[1].first).toBe(24);
    expect(bands[2].first).toBe(88);
    expect(bands[1].count * bands[1].rowHeight).toBeLessThanOrEqual(220);
    expect(bands[1].rowHeight).toBeGreaterThanOrEqual(2);
  });
});
