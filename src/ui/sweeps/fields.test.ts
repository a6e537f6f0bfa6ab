import { describe, expect, it } from 'vitest';
import { fieldReader, parseNumber } from './fields.ts';

describe('parseNumber', () => {
  const rule = { label: 'From (pA)', min: -10, max: 10 };

  it('reads plain decimals, signs and exponents', () => {
    expect(parseNumber('4', rule)).toEqual({ ok: true, value: 4 });
    expect(parseNumber(' -0.5 ', rule)).toEqual({ ok: true, value: -0.5 });
    expect(parseNumber('.25', rule)).toEqual({ ok: true, value: 0.25 });
    expect(parseNumber('1e1', rule)).toEqual({ ok: true, value: 10 });
  });

  it('names the field in every message', () => {
    for (const text of ['', 'abc', '0x10', '1,5', 'Infinity', '11', '-20']) {
      const parsed = parseNumber(text, rule);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.message.startsWith('From (pA): ')).toBe(true);
    }
  });

  it('says what is wrong', () => {
    expect(parseNumber('', rule)).toEqual({ ok: false, message: 'From (pA): enter a number' });
    expect(parseNumber('fast', rule)).toEqual({ ok: false, message: 'From (pA): "fast" is not a number' });
    expect(parseNumber('11', rule)).toEqual({ ok: false, message: 'From (pA): must be from -10 to 10, got 11' });
    expect(parseNumber('2.5', { label: 'Points', min: 2, integer: true })).toEqual({ ok: false, message: 'Points: must be a whole number, got 2.5' });
    expect(parseNumber('1', { label: 'Points', min: 2 })).toEqual({ ok: false, message: 'Points: must be at least 2, got 1' });
    expect(parseNumber('9', { label: 'Run (ms)', max: 5 })).toEqual({ ok: false, message: 'Run (ms): must be at most 5, got 9' });
  });
});

describe('fieldReader', () => {
  it('collects one message per field at fault and keeps the first', () => {
    const r = fieldReader<'a' | 'b' | 'c'>();
    expect(r.read('a', '1', { label: 'A' })).toBe(1);
    expect(r.read('b', 'x', { label: 'B' })).toBeNaN();
    expect(r.ok).toBe(false);
    r.fail('b', 'B: another problem');
    r.fail('c', 'C: must be more than A');
    expect(r.failed('a')).toBe(false);
    expect(r.failed('b')).toBe(true);
    expect(r.errors).toEqual({ b: 'B: "x" is not a number', c: 'C: must be more than A' });
  });

  it('is ok with no problems', () => {
    const r = fieldReader<'a'>();
    r.read('a', '3', { label: 'A', min: 0 });
    expect(r.ok).toBe(true);
    expect(r.errors).toEqual({});
  });
});
