import { describe, expect, it } from 'vitest';
import { fullZoom, panNeurons, zoomNeurons, zoomTime, zoomTo } from './rasterZoom.ts';

describe('raster zoom', () => {
  it('zooms the band around its middle and keeps it inside the network', () => {
    const z = zoomNeurons(fullZoom(100_000), 0.25, 100_000);
    expect(z).toEqual({ first: 37_500, count: 25_000, span: null });
    expect(zoomNeurons(z, 8, 100_000)).toEqual({ first: 0, count: 100_000, span: null });
    // Never fewer than 8 neurons (or the whole network when it is smaller).
    expect(zoomNeurons({ first: 10, count: 10, span: null }, 0.1, 100).count).toBe(8);
    expect(zoomNeurons(fullZoom(3), 0.1, 3)).toEqual({ first: 0, count: 3, span: null });
  });

  it('pans the band by a fraction of its height, stopping at the ends', () => {
    const z = { first: 1000, count: 500, span: null };
    expect(panNeurons(z, 0.5, 100_000).first).toBe(1250);
    expect(panNeurons(z, -10, 100_000).first).toBe(0);
    expect(panNeurons(z, 1000, 100_000).first).toBe(99_500);
  });

  it('zooms time from the live window into a fixed span, not before 0 nor shorter than 10 ms', () => {
    expect(zoomTime(fullZoom(10), 0.5, [1000, 2000]).span).toEqual([1250, 1750]);
    expect(zoomTime({ first: 0, count: 10, span: [0, 100] }, 0.5, [0, 1]).span).toEqual([25, 75]);
    expect(zoomTime({ first: 0, count: 10, span: [100, 112] }, 0.1, [0, 1]).span).toEqual([101, 111]);
  });

  it('zooms to a brushed band and span', () => {
    const z = zoomTo(fullZoom(1000), [120.4, 80.2], [300, 200], 1000);
    expect(z).toEqual({ first: 80, count: 41, span: [200, 300] });
    expect(zoomTo(z, null, null, 1000)).toBe(z);
  });
});
