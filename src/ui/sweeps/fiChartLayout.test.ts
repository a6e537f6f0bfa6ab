import { describe, expect, it } from 'vitest';
import { rateAt, rheobaseLabelRows } from './fiChartLayout.ts';

describe('rheobaseLabelRows', () => {
  const plot: [number, number] = [50, 650];

  it('keeps labels far apart in one row', () => {
    expect(rheobaseLabelRows([{ x: 150, text: 'RS 4 pA' }, { x: 400, text: 'FS 4.5 pA' }], plot)).toEqual([0, 0]);
  });

  it('stacks labels that would overlap', () => {
    const rows = rheobaseLabelRows([{ x: 200, text: 'Driver 3.99 pA' }, { x: 205, text: 'RS 3.99 pA' }, { x: 210, text: 'IB 4.1 pA' }], plot);
    expect(new Set(rows).size).toBe(3);
  });

  it('reuses a row once it is clear again', () => {
    const rows = rheobaseLabelRows([{ x: 100, text: 'A 1 pA' }, { x: 105, text: 'B 1 pA' }, { x: 500, text: 'C 9 pA' }], plot);
    expect(rows[2]).toBe(0);
  });
});

describe('rateAt', () => {
  const curve = {
    label: 'x',
    currents: Float64Array.from([0, 5, 10]),
    rates: Float64Array.from([0, 10, 30]),
    onsetRates: new Float64Array(3),
    rheobase: 4,
  };

  it('reads the rate off between samples', () => {
    expect(rateAt(curve, 5)).toBe(10);
    expect(rateAt(curve, 7.5)).toBe(20);
    expect(rateAt(curve, 0)).toBe(0);
    expect(rateAt(curve, 10)).toBe(30);
  });

  it('is NaN outside the curve', () => {
    expect(rateAt(curve, -1)).toBeNaN();
    expect(rateAt(curve, 11)).toBeNaN();
  });
});
