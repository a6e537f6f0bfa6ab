import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber, formatQuantity, LAB_UNIT, parseDimensionless, parseQuantity, UNITS, type Dimension } from './units.ts';

/** The NeuroML v2.3.1 schema's patterns (Nml2Quantity_*), anchored as XSD patterns are. */
const XSD_NUMBER = '-?([0-9]*(\\.[0-9]+)?)([eE]-?[0-9]+)?';
const xsdQuantity = (dimension: Dimension) =>
  new RegExp(`^${XSD_NUMBER}[\\s]*(${Object.keys(UNITS[dimension]).join('|')})$`);
const XSD_NONE = new RegExp(`^${XSD_NUMBER}$`);

const DIMENSIONS = Object.keys(UNITS) as Dimension[];
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });

function value(text: string, dimension: Dimension): number {
  const parsed = parseQuantity(text, dimension);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

describe('parseQuantity', () => {
  it('converts every unit the schema allows to the lab unit', () => {
    expect(value('-65mV', 'voltage')).toBe(-65);
    expect(value('-0.065 V', 'voltage')).toBe(-65);
    expect(value('.5mV', 'voltage')).toBe(0.5);
    expect(value('1E-3V', 'voltage')).toBe(1);
    expect(value('1.5e-3s', 'time')).toBe(1.5);
    expect(value('2ms', 'time')).toBe(2);
    expect(value('20Hz', 'per_time')).toBe(0.02);
    expect(value('20per_s', 'per_time')).toBe(0.02);
    expect(value('0.03per_ms', 'per_time')).toBe(0.03);
    expect(value('5e-1nS', 'conductance')).toBe(0.5);
    expect(value('1pS', 'conductance')).toBe(0.001);
    expect(value('2uS', 'conductance')).toBe(2000);
    expect(value('1mS', 'conductance')).toBe(1e6);
    expect(value('1S', 'conductance')).toBe(1e9);
    expect(value('100pF', 'capacitance')).toBe(100);
    expect(value('0.1nF', 'capacitance')).toBe(100);
    expect(value('1uF', 'capacitance')).toBe(1e6);
    expect(value('1F', 'capacitance')).toBe(1e12);
    expect(value('100pA', 'current')).toBe(100);
    expect(value('0.1nA', 'current')).toBe(100);
    expect(value('1uA', 'current')).toBe(1e6);
    expect(value('1A', 'current')).toBe(1e12);
    expect(value('0.7nS_per_mV', 'conductance_per_voltage')).toBe(0.7);
    expect(value('7e-7S_per_V', 'conductance_per_voltage')).toBe(0.7);
    expect(value('6.3degC', 'temperature')).toBe(6.3);
  });

  it('rejects what the schema rejects, naming the problem', () => {
    const bad: [string, Dimension][] = [
      ['1e+3mV', 'voltage'],
      ['+10mV', 'voltage'],
      ['5.mV', 'voltage'],
      ['NaN', 'voltage'],
      ['NaNmV', 'voltage'],
      ['0.5', 'conductance'],
      ['2', 'time'],
      ['mV', 'voltage'],
      ['1min', 'time'],
      ['300K', 'temperature'],
      ['-65mV', 'time'],
      ['1e999mV', 'voltage'],
    ];
    for (const [text, dimension] of bad) {
      const parsed = parseQuantity(text, dimension);
      expect(parsed.ok, text).toBe(false);
    }
    const wrongUnit = parseQuantity('-65mV', 'time');
    expect(wrongUnit.ok || wrongUnit.message).toMatch(/unit mV is not a time unit \(s, ms\)/);
  });

  it('reads a plain number without a unit for dimensionless attributes', () => {
    expect(parseDimensionless('-65')).toEqual({ ok: true, value: -65 });
    expect(parseDimensionless('2e-2')).toEqual({ ok: true, value: 0.02 });
    expect(parseDimensionless('-65mV').ok).toBe(false);
    expect(parseDimensionless('').ok).toBe(false);
  });
});

describe('formatQuantity', () => {
  it('never writes e+, and what it writes reads back exactly in every dimension', () => {
    fc.assert(
      fc.property(finite, fc.constantFrom(...DIMENSIONS), (x, dimension) => {
        const text = formatQuantity(x, dimension);
        expect(text).toMatch(xsdQuantity(dimension));
        expect(text).not.toContain('+');
        // -0 is written 0
        expect(value(text, dimension)).toBe(x === 0 ? 0 : x);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back through every unit of the dimension', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(...DIMENSIONS), (x, dimension) => {
        for (const [unit, shift] of Object.entries(UNITS[dimension])) {
          // Written in another unit by moving the decimal exponent, as another program might.
          const text = `${formatNumber(x)}e${-shift}${unit}`.replace(/e(-?\d+)e(-?\d+)/, (_m, a: string, b: string) => `e${Number(a) + Number(b)}`);
          expect(value(text, dimension)).toBeCloseTo(x, 9);
        }
      }),
    );
  });

  it('writes the large and the small the schema way', () => {
    expect(formatQuantity(1e21, 'time')).toBe('1e21ms');
    expect(formatQuantity(-1.5e-7, 'voltage')).toBe('-1.5e-7mV');
    expect(formatQuantity(0.03, 'per_time')).toBe('0.03per_ms');
    expect(formatQuantity(0.7, 'conductance_per_voltage')).toBe('0.7nS_per_mV');
    expect(formatNumber(5)).toBe('5');
    for (const d of DIMENSIONS) expect(formatQuantity(1, d)).toBe(`1${LAB_UNIT[d]}`);
  });

  it('refuses NaN and the infinities instead of writing them', () => {
    expect(() => formatNumber(NaN)).toThrow(/NaN/);
    expect(() => formatQuantity(Infinity, 'time')).toThrow(/Infinity/);
    expect(() => formatNumber(-Infinity)).toThrow();
  });

  it('writes dimensionless numbers the schema accepts, which read back', () => {
    fc.assert(
      fc.property(finite, (x) => {
        const text = formatNumber(x);
        expect(text).toMatch(XSD_NONE);
        expect(parseDimensionless(text)).toEqual({ ok: true, value: x === 0 ? 0 : x });
      }),
    );
  });
});
