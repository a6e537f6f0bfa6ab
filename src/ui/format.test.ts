import { describe, expect, it } from 'vitest';
import { formatAchievedSpeed, formatSimTime, parseNumber, roundToStep } from './format.ts';

describe('format', () => {
  it('parses typed numbers and rejects everything else', () => {
    expect(parseNumber(' -55.5 ')).toBe(-55.5);
    expect(parseNumber('\u22122')).toBe(-2);
    expect(parseNumber('1e-3')).toBe(0.001);
    expect(parseNumber('.5')).toBe(0.5);
    for (const bad of ['', 'abc', '1,5', '0x10', '1e400', 'NaN', '--1']) expect(parseNumber(bad)).toBeNull();
  });
  it('rounds slider values to the step', () => {
    expect(roundToStep(0.30000000000000004, 0.005)).toBe(0.3);
    expect(roundToStep(-64.99999, 0.5)).toBe(-65);
  });
  it('formats the clock', () => {
    expect(formatSimTime(1234)).toBe('t = 1234.0 ms');
    expect(formatAchievedSpeed(0.981)).toBe('0.98x real time');
    expect(formatAchievedSpeed(12.34)).toBe('12.3x real time');
  });
});
