import { distributionMean } from '../../core/experiment/distribution.ts';
import { describe, expect, it } from 'vitest';
import {
  convertDistribution,
  describeDistribution,
  draftOf,
  parseDraft,
  sameDistribution,
  switchDraftKind,
} from './distributions.ts';

describe('distribution drafts', () => {
  it('round-trips every kind through a draft', () => {
    for (const d of [
      0.02,
      { dist: 'uniform', min: 0, max: 0.5 },
      { dist: 'normal', mean: 1, sd: 0.25 },
      { dist: 'r', base: -65, scale: 15, power: 2 },
    ] as const) {
      expect(parseDraft(draftOf(d), 'x')).toEqual({ ok: true, value: d });
    }
  });

  it('names the field that does not parse, and checks ranges', () => {
    expect(parseDraft({ kind: 'fixed', values: { value: 'abc' } }, 'c')).toEqual({ ok: false, message: 'c: "abc" is not a number' });
    expect(parseDraft({ kind: 'uniform', values: { min: '1', max: '' } }, 'w')).toEqual({ ok: false, message: 'w max: enter a number' });
    const reversed = parseDraft({ kind: 'uniform', values: { min: '2', max: '1' } }, 'w');
    expect(reversed.ok).toBe(false);
    expect(parseDraft({ kind: 'normal', values: { mean: '0', sd: '-1' } }, 'w').ok).toBe(false);
  });

  it('converts between kinds keeping the mean', () => {
    expect(distributionMean({ dist: 'r', base: -65, scale: 15, power: 2 })).toBe(-60);
    expect(convertDistribution({ dist: 'uniform', min: 0, max: 1 }, 'fixed')).toBe(0.5);
    expect(convertDistribution(-65, 'uniform')).toEqual({ dist: 'uniform', min: -71.5, max: -58.5 });
    expect(convertDistribution(0, 'normal')).toEqual({ dist: 'normal', mean: 0, sd: 0.1 });
    expect(convertDistribution(8, 'r')).toEqual({ dist: 'r', base: 8, scale: 0, power: 1 });
    expect(switchDraftKind({ kind: 'fixed', values: { value: 'junk' } }, 'uniform', 2)).toEqual(draftOf({ dist: 'uniform', min: 1.8, max: 2.2 }));
  });

  it('describes distributions for lists', () => {
    expect(describeDistribution(0.02)).toBe('0.02');
    expect(describeDistribution({ dist: 'uniform', min: 0, max: 0.5 })).toBe('uniform 0 to 0.5');
    expect(describeDistribution({ dist: 'r', base: 8, scale: -6, power: 2 })).toBe('8 \u2212 6 r\u00b2');
    expect(describeDistribution({ dist: 'r', base: 0.02, scale: 0.08, power: 1 })).toBe('0.02 + 0.08 r');
  });

  it('compares distributions by value', () => {
    expect(sameDistribution({ dist: 'r', base: 1, scale: 2, power: 2 }, { dist: 'r', base: 1, scale: 2, power: 2 })).toBe(true);
    expect(sameDistribution({ dist: 'uniform', min: 0, max: 1 }, { dist: 'uniform', min: 0, max: 2 })).toBe(false);
    expect(sameDistribution(1, { dist: 'uniform', min: 1, max: 1 })).toBe(false);
  });
});
