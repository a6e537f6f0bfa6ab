import { describe, expect, it } from 'vitest';
import { DEFAULT_SHARE, MAX_SHARE, parseLayout } from './panelLayout.ts';

describe('parseLayout', () => {
  it('starts plots first: the top panel closed', () => {
    expect(parseLayout(null)).toEqual({ share: DEFAULT_SHARE, open: false });
    expect(parseLayout('')).toEqual({ share: DEFAULT_SHARE, open: false });
  });
  it('keeps a remembered choice', () => {
    expect(parseLayout(JSON.stringify({ share: 0.4, open: true }))).toEqual({ share: 0.4, open: true });
  });
  it('falls back field by field on bad values', () => {
    expect(parseLayout(JSON.stringify({ share: 7, open: 'yes' }))).toEqual({ share: MAX_SHARE, open: false });
    expect(parseLayout(JSON.stringify({ share: 'big', open: true }))).toEqual({ share: DEFAULT_SHARE, open: true });
    expect(parseLayout('{not json')).toEqual({ share: DEFAULT_SHARE, open: false });
    expect(parseLayout('[1,2]')).toEqual({ share: DEFAULT_SHARE, open: false });
  });
});
