import { describe, expect, it } from 'vitest';
import { FIRING_CLASSES } from '../../core/analysis/sweeps.ts';
import { cellDomain, cellIndex, classCounts, gridStep, gridValue, percent, presetPoints } from './mapGeometry.ts';

const range = { from: 0, to: 0.2, count: 5 };

describe('grid geometry', () => {
  it('puts each point at the centre of its cell', () => {
    expect(gridStep(range)).toBeCloseTo(0.05, 12);
    const [lo, hi] = cellDomain(range);
    expect(lo).toBeCloseTo(-0.025, 12);
    expect(hi).toBeCloseTo(0.225, 12);
  });

  it('finds the cell of a value, and none outside the map', () => {
    expect(cellIndex(range, 0)).toBe(0);
    expect(cellIndex(range, 0.024)).toBe(0);
    expect(cellIndex(range, 0.026)).toBe(1);
    expect(cellIndex(range, 0.2249)).toBe(4);
    expect(cellIndex(range, 0.23)).toBeNull();
    expect(cellIndex(range, -0.03)).toBeNull();
    expect(cellIndex(range, Number.NaN)).toBeNull();
  });

  it('gives grid values without float noise', () => {
    expect(gridValue({ from: 0.1, to: 0.3, count: 5 }, 2)).toBe(0.2);
    expect(gridValue({ from: -75, to: -40, count: 36 }, 10)).toBe(-65);
    expect(gridValue({ from: 3, to: 9, count: 1 }, 0)).toBe(3);
  });
});

describe('presetPoints', () => {
  it('labels named cells that share a point together', () => {
    const ab = presetPoints('ab');
    expect(ab).toContainEqual({ names: ['RS', 'IB', 'CH'], x: 0.02, y: 0.2 });
    expect(ab).toContainEqual({ names: ['LTS', 'TC'], x: 0.02, y: 0.25 });
    expect(ab).toContainEqual({ names: ['FS'], x: 0.1, y: 0.2 });
    const cd = presetPoints('cd');
    expect(cd).toContainEqual({ names: ['RS'], x: -65, y: 8 });
    expect(cd).toContainEqual({ names: ['FS', 'LTS', 'RZ'], x: -65, y: 2 });
  });

  it('puts the 2007 presets on a 2007 cell\'s map, in its units', () => {
    expect(presetPoints('ab', 'izhikevich2007')).toEqual([
      { names: ['RS'], x: 0.03, y: -2 },
      { names: ['IB'], x: 0.01, y: 5 },
      { names: ['CH'], x: 0.03, y: 1 },
    ]);
    expect(presetPoints('cd', 'izhikevich2007')).toContainEqual({ names: ['RS'], x: -50, y: 100 });
  });
});

describe('classCounts', () => {
  it('counts the points of each class', () => {
    const counts = classCounts(Uint8Array.from([0, 3, 3, 5, 99]));
    expect(counts).toHaveLength(FIRING_CLASSES.length);
    expect(counts[0]).toBe(1);
    expect(counts[3]).toBe(2);
    expect(counts[5]).toBe(1);
    expect(counts.reduce((s, c) => s + c, 0)).toBe(4);
  });
});

describe('percent', () => {
  it('rounds shares for the legend', () => {
    expect(percent(0.4875)).toBe('49%');
    expect(percent(0.013125)).toBe('1.3%');
    expect(percent(1 / 1600)).toBe('<0.1%');
    expect(percent(0)).toBe('0.0%');
    expect(percent(1)).toBe('100%');
  });
});
