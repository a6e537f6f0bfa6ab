import { describe, expect, it } from 'vitest';
import { comparedSpan, otherRunSpan } from './span.ts';

describe('the span a comparison covers', () => {
  it('is the experiment\'s duration for a file whose spikes end within it, else the last spike', () => {
    expect(otherRunSpan(987, 1000)).toBe(1000);
    expect(otherRunSpan(1000, 1000)).toBe(1000);
    expect(otherRunSpan(1500.5, 1000)).toBe(1500.5);
  });

  it('is cut to what the lab has run, and says so', () => {
    expect(comparedSpan(1000, 1200, Infinity)).toEqual({ until: 1000, short: null });
    expect(comparedSpan(1000, 1000, Infinity)).toEqual({ until: 1000, short: null });
    expect(comparedSpan(1000, 400, Infinity)).toEqual({ until: 400, short: 'not-run' });
    expect(comparedSpan(1000, 0, Infinity)).toEqual({ until: 0, short: 'not-run' });
  });

  it('is cut to the spikes the page kept when its log is full', () => {
    expect(comparedSpan(1000, 1200, 800)).toEqual({ until: 800, short: 'not-kept' });
    expect(comparedSpan(1000, 600, 800)).toEqual({ until: 600, short: 'not-run' });
  });
});
