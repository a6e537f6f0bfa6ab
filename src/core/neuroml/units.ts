/**
 * NeuroML 2 quantity strings (`-65mV`, `0.5 nS`, `20Hz`) <-> numbers in the lab's units.
 *
 * The lab's units (types.ts): time ms, voltage mV, conductance nS, current pA, capacitance pF,
 * rate 1/ms, conductance per voltage nS/mV. The units accepted are exactly those the NeuroML v2.3.1
 * schema allows per dimension (LEMS defines more, e.g. `min`, but the schema rejects them).
 * Conversions shift the decimal exponent of the written number instead of multiplying by a power of
 * ten, so `1.5e-3s` reads as exactly 1.5 ms and every formatted number reads back as itself.
 */

export type Dimension =
  | 'time'
  | 'per_time'
  | 'voltage'
  | 'conductance'
  | 'capacitance'
  | 'current'
  | 'conductance_per_voltage'
  | 'temperature';

/** Per dimension: each unit the schema allows -> the power of ten that takes it to the lab's unit. */
export const UNITS: Readonly<Record<Dimension, Readonly<Record<string, number>>>> = {
  time: { s: 3, ms: 0 },
  per_time: { per_s: -3, per_ms: 0, Hz: -3 },
  voltage: { V: 3, mV: 0 },
  conductance: { S: 9, mS: 6, uS: 3, nS: 0, pS: -3 },
  capacitance: { F: 12, uF: 6, nF: 3, pF: 0 },
  current: { A: 12, uA: 6, nA: 3, pA: 0 },
  conductance_per_voltage: { S_per_V: 6, nS_per_mV: 0 },
  temperature: { degC: 0 },
};

/** The unit the lab's numbers are in, written as NeuroML spells it. */
export const LAB_UNIT: Readonly<Record<Dimension, string>> = {
  time: 'ms',
  per_time: 'per_ms',
  voltage: 'mV',
  conductance: 'nS',
  capacitance: 'pF',
  current: 'pA',
  conductance_per_voltage: 'nS_per_mV',
  temperature: 'degC',
};

/** The schema's number pattern (Nml2Quantity), with at least one digit required. */
const NUMBER = /^(-?)([0-9]*)(?:\.([0-9]+))?(?:[eE](-?[0-9]+))?$/;
const QUANTITY = /^(-?[0-9]*(?:\.[0-9]+)?(?:[eE]-?[0-9]+)?)\s*([A-Za-z_]+)$/;

export type Parsed = { ok: true; value: number } | { ok: false; message: string };

/** A number as the schema writes it (no `+`, no `5.`), its decimal exponent shifted by `shift`. */
function parseNumber(text: string, shift: number): number | null {
  const m = NUMBER.exec(text);
  if (m === null) return null;
  const [, sign, whole, fraction = '', exponent = '0'] = m;
  if (whole === '' && fraction === '') return null;
  const value = Number(`${sign}${whole === '' ? '0' : whole}.${fraction === '' ? '0' : fraction}e${Number(exponent) + shift}`);
  return Number.isFinite(value) ? value : null;
}

/** A quantity string of `dimension` in the lab's unit, or a message saying what is wrong with it. */
export function parseQuantity(text: string, dimension: Dimension): Parsed {
  const trimmed = text.trim();
  const m = QUANTITY.exec(trimmed);
  const allowed = Object.keys(UNITS[dimension]).join(', ');
  if (m === null) {
    return { ok: false, message: `"${text}" is not a ${dimension} quantity (a number and a unit: ${allowed})` };
  }
  const [, numberText, unit] = m;
  const shift = UNITS[dimension][unit];
  if (shift === undefined) {
    return { ok: false, message: `"${text}": unit ${unit} is not a ${dimension} unit (${allowed})` };
  }
  const value = parseNumber(numberText, shift);
  if (value === null) return { ok: false, message: `"${text}" has no valid number` };
  return { ok: true, value };
}

/** A dimensionless number (izhikevichCell's a, b, c, d) or an `xs:float` weight: no unit allowed. */
export function parseDimensionless(text: string): Parsed {
  const value = parseNumber(text.trim(), 0);
  return value === null ? { ok: false, message: `"${text}" is not a plain number (no unit)` } : { ok: true, value };
}

/**
 * A finite number written so the schema's pattern accepts it and it reads back exactly: the shortest
 * round-trip decimal, with `e+21` written `e21`. Throws on NaN or an infinity: there is no way to write
 * one, and the caller must say so rather than write something wrong.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} cannot be written as a NeuroML number`);
  return String(value).replace('e+', 'e');
}

/** A number in the lab's unit of `dimension`, e.g. formatQuantity(-65, 'voltage') = '-65mV'. */
export function formatQuantity(value: number, dimension: Dimension): string {
  return `${formatNumber(value)}${LAB_UNIT[dimension]}`;
}
