import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatValue, parseNumber } from './format.ts';
import { DIST_FIELDS, parseDraft, type DistKind } from './panels/distributions.ts';
import { FI_DEFAULTS, FI_RULES, parseFIForm, type FIField } from './sweeps/fiSettings.ts';
import { parseNumber as parseField, type NumberRule } from './sweeps/fields.ts';
import { MAP_DEFAULTS, mapRules, parseMapForm } from './sweeps/mapSettings.ts';

/** Text typed into a number box: numbers written every way, and what is not a number. */
const typed = fc.oneof(
  fc.double().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(formatValue),
  fc.integer().map((n) => ` ${n} `),
  fc.constantFrom('', ' ', '-', '.', '-.', '1e', '0x10', '1_000', '\u22125', '1,5', 'Infinity', '1e999', '--1', '+.5', '5.', '<b>1</b>'),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

describe('typed numbers, for arbitrary text', () => {
  it('a number box reads a finite number or nothing, and every finite number as it is written', () => {
    fc.assert(
      fc.property(typed, (text) => {
        const n = parseNumber(text);
        if (n !== null) expect(Number.isFinite(n)).toBe(true);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        expect(parseNumber(String(v))).toBe(v === 0 ? 0 : v);
        // The Unicode minus sign that formatted text may carry.
        if (v < 0) expect(parseNumber(`\u2212${String(-v)}`)).toBe(v);
      }),
      { numRuns: 300 },
    );
  });

  it('a sweep field gives a number within its rule, or a message naming the field', () => {
    const rule: fc.Arbitrary<NumberRule> = fc.record(
      { label: fc.constant('Field (x)'), min: fc.double({ min: -1e6, max: 0, noNaN: true }), max: fc.double({ min: 0, max: 1e6, noNaN: true }), integer: fc.boolean() },
      { requiredKeys: ['label'] },
    );
    fc.assert(
      fc.property(typed, rule, (text, r) => {
        const parsed = parseField(text, r);
        if (!parsed.ok) {
          expect(parsed.message.startsWith('Field (x): ')).toBe(true);
          return;
        }
        expect(Number.isFinite(parsed.value)).toBe(true);
        if (r.min !== undefined) expect(parsed.value).toBeGreaterThanOrEqual(r.min);
        if (r.max !== undefined) expect(parsed.value).toBeLessThanOrEqual(r.max);
        if (r.integer) expect(Number.isInteger(parsed.value)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('a distribution draft gives a distribution of finite numbers, or a message naming the parameter', () => {
    const draft = fc.constantFrom<DistKind>('fixed', 'uniform', 'normal', 'r').chain((kind) =>
      fc.tuple(...DIST_FIELDS[kind].map(() => typed)).map((texts) => ({ kind, values: Object.fromEntries(DIST_FIELDS[kind].map((f, k) => [f, texts[k]])) })),
    );
    fc.assert(
      fc.property(draft, (d) => {
        const parsed = parseDraft(d, 'c');
        if (!parsed.ok) {
          expect(parsed.message).toMatch(/^c[ :]/);
          return;
        }
        const numbers = typeof parsed.value === 'number' ? [parsed.value] : Object.values(parsed.value).filter((v) => typeof v === 'number');
        for (const v of numbers) expect(Number.isFinite(v)).toBe(true);
        if (typeof parsed.value !== 'number' && parsed.value.dist === 'uniform') expect(parsed.value.max).toBeGreaterThanOrEqual(parsed.value.min);
        if (typeof parsed.value !== 'number' && parsed.value.dist === 'normal') expect(parsed.value.sd).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 400 },
    );
  });

  it('the f-I and firing map forms: settings within the rules, or a message for each field at fault', () => {
    const fields = Object.keys(FI_DEFAULTS) as FIField[];
    const fiForm = fc.tuple(...fields.map(() => fc.oneof(typed, fc.constantFrom(...Object.values(FI_DEFAULTS))))).map((texts) => Object.fromEntries(fields.map((f, k) => [f, texts[k]])) as Record<FIField, string>);
    fc.assert(
      fc.property(fiForm, (form) => {
        const parsed = parseFIForm(form);
        if (parsed.ok) {
          for (const f of fields) {
            expect(parsed.value[f]).toBeGreaterThanOrEqual(FI_RULES[f].min ?? -Infinity);
            expect(parsed.value[f]).toBeLessThanOrEqual(FI_RULES[f].max ?? Infinity);
          }
          expect(parsed.value.to).toBeGreaterThan(parsed.value.from);
        } else {
          const messages = Object.values(parsed.errors);
          expect(messages.length).toBeGreaterThan(0);
          for (const m of messages) expect(m).toMatch(/^[A-Z][^:]*: /);
        }
      }),
      { numRuns: 300 },
    );
    const mapForm = fc.record({ resolution: typed, amplitude: typed, duration: typed, xFrom: typed, xTo: typed }).map((t) => ({
      ...MAP_DEFAULTS, resolution: t.resolution, amplitude: t.amplitude, duration: t.duration,
      ranges: { ...MAP_DEFAULTS.ranges, [MAP_DEFAULTS.plane]: { ...MAP_DEFAULTS.ranges[MAP_DEFAULTS.plane], xFrom: t.xFrom, xTo: t.xTo } },
    }));
    fc.assert(
      fc.property(mapForm, (form) => {
        const parsed = parseMapForm(form);
        if (parsed.ok) {
          const rules = mapRules(form.plane);
          expect(parsed.value.resolution).toBeGreaterThanOrEqual(rules.resolution.min ?? -Infinity);
          expect(parsed.value.resolution).toBeLessThanOrEqual(rules.resolution.max ?? Infinity);
          expect(parsed.value.x.to).toBeGreaterThan(parsed.value.x.from);
        } else {
          for (const m of Object.values(parsed.errors)) expect(m).toMatch(/^.+: /);
        }
      }),
      { numRuns: 300 },
    );
  });
});
