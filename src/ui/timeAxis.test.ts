import * as d3 from 'd3';
import { describe, expect, it } from 'vitest';
import { timeAxis, timeAxisFor } from './timeAxis.ts';

const texts = (t0: number, t1: number, count = 5) => {
  const axis = timeAxis(t0, t1, count);
  return { unit: axis.unit, label: axis.label, ticks: axis.ticks.map(axis.format) };
};

describe('timeAxis', () => {
  it('writes short runs in ms', () => {
    expect(texts(0, 1000)).toEqual({ unit: 'ms', label: 'time (ms)', ticks: ['0', '200', '400', '600', '800', '1,000'] });
    expect(texts(9000, 9010, 5).ticks).toEqual(['9,000', '9,002', '9,004', '9,006', '9,008', '9,010']);
    // A zoom to a few ms keeps the fractions that tell the ticks apart.
    expect(texts(100, 101, 4).ticks).toEqual(['100.0', '100.2', '100.4', '100.6', '100.8', '101.0']);
  });

  it('switches to seconds past 10 s, with the decimals the step needs', () => {
    expect(texts(11_000, 12_000)).toEqual({ unit: 's', label: 'time (s)', ticks: ['11.0', '11.2', '11.4', '11.6', '11.8', '12.0'] });
    expect(texts(100_000, 104_000, 4).ticks).toEqual(['100', '101', '102', '103', '104']);
  });

  it('writes long runs as minutes and seconds, never in scientific notation', () => {
    // The run: 2,747,400 ms is 45 min 47.4 s.
    const axis = texts(2_746_400, 2_747_400);
    expect(axis.unit).toBe('min:s');
    expect(axis.label).toBe('time (min:s)');
    expect(axis.ticks).toEqual(['45:46.4', '45:46.6', '45:46.8', '45:47.0', '45:47.2', '45:47.4']);
    for (const t of axis.ticks) expect(t).not.toMatch(/e[+-]/);
    // A 4 s window over a minute boundary.
    expect(texts(718_000, 722_000, 4).ticks).toEqual(['11:58', '11:59', '12:00', '12:01', '12:02']);
    // Spans over two minutes step in whole minutes.
    expect(texts(600_000, 1_200_000, 5).ticks).toEqual(['10:00', '12:00', '14:00', '16:00', '18:00', '20:00']);
  });

  it('adds hours past an hour', () => {
    const axis = texts(3_600_000 + 59_000, 3_600_000 + 61_000, 2);
    expect(axis.unit).toBe('h:min:s');
    expect(axis.ticks).toEqual(['1:00:59', '1:01:00', '1:01:01']);
  });

  it('rounds up to the next minute instead of showing 60 seconds', () => {
    const axis = timeAxis(600_000, 700_000, 5);
    expect(axis.format(659_999.9)).toBe('11:00');
  });

  it('keeps the sign of times before 0 (the window before the run fills)', () => {
    expect(texts(-1000, 0).ticks).toEqual(['\u22121,000', '\u2212800', '\u2212600', '\u2212400', '\u2212200', '0']);
  });

  it('takes its tick count from the pixels of the scale', () => {
    const wide = timeAxisFor(d3.scaleLinear().domain([0, 1000]).range([0, 900]));
    const narrow = timeAxisFor(d3.scaleLinear().domain([0, 1000]).range([0, 200]));
    expect(wide.ticks.length).toBeGreaterThan(narrow.ticks.length);
    expect(narrow.ticks.length).toBeLessThanOrEqual(3);
  });
});
