import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_STEPS_PER_MS } from '../experiment/validate.ts';
import { parseRecordedCurrentCsv } from './recordedCurrent.ts';

/** Neuron references as a network names them; "t" and "time" are also names of the time column. */
const ID_POOL = ['driver', 'follower', 'pacer', 'E[0]', 'E[12]', 'I[3]', 'n_1', 'A-b', 't', 'time', 'Time_ms'];
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v));

/** A recorded current the lab should read: distinct neuron columns, an optional time column, numbers. */
const recording = fc
  .record({
    columns: fc.shuffledSubarray(ID_POOL, { minLength: 1 }),
    k: fc.integer({ min: 1, max: MAX_STEPS_PER_MS }),
    steps: fc.integer({ min: 1, max: 30 }),
    // Time column names that are no neuron's ("t" and "time" are, in ID_POOL: those columns are neurons).
    time: fc.option(fc.tuple(fc.constantFrom('time_ms', 'T', 'TIME', 'Time'), fc.nat())),
    crlf: fc.boolean(),
  })
  .chain((r) => fc.array(fc.array(finite, { minLength: r.columns.length, maxLength: r.columns.length }), { minLength: r.steps, maxLength: r.steps }).map((values) => ({ ...r, values })));

describe('recorded current CSV, for arbitrary input', () => {
  it('reads back exactly the values written, one input per column', () => {
    fc.assert(
      fc.property(recording, ({ columns, k, time, values, crlf }) => {
        const dt = 1 / k;
        // The neuron columns, with the time column (when there is one) put among them.
        const header = [...columns];
        const timeAt = time === null ? -1 : time[1] % (columns.length + 1);
        if (time !== null) header.splice(timeAt, 0, time[0]);
        const rows = values.map((row, r) => {
          const cells = row.map(String);
          if (time !== null) cells.splice(timeAt, 0, String(r * dt));
          return cells.join(',');
        });
        const text = [header.join(','), ...rows].join(crlf ? '\r\n' : '\n');
        expect(parseRecordedCurrentCsv(text, new Set(ID_POOL), dt)).toEqual({
          ok: true,
          steps: values.length,
          inputs: columns.map((target, c) => ({
            id: `recorded-${target.replace(/[^A-Za-z0-9_-]/g, '_')}`, kind: 'recorded', target, values: values.map((row) => row[c]), source: 'recorded current',
          })),
        });
      }),
      { numRuns: 100 },
    );
  });

  it('arbitrary text: inputs for known neurons with finite values, or at most 20 messages', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.stringMatching(/^[a-zE[\]0-9,;\t\n\r". e+-]{0,200}$/),
      fc.array(fc.array(fc.oneof(fc.constantFrom(...ID_POOL, '', '=1+1', '<b>x</b>', 'NaN', 'Infinity', '1e999', '"a,b"'), finite.map(String)), { maxLength: 5 }), { maxLength: 20 })
        .map((rows) => rows.map((r) => r.join(',')).join('\n')),
    );
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: MAX_STEPS_PER_MS }), (csv, k) => {
        const known = new Set(ID_POOL);
        const result = parseRecordedCurrentCsv(csv, known, 1 / k);
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          expect(result.errors.length).toBeLessThanOrEqual(20);
          return;
        }
        expect(result.steps).toBeGreaterThan(0);
        for (const input of result.inputs) {
          expect(known.has(input.target)).toBe(true);
          expect(input.values).toHaveLength(result.steps);
          for (const v of input.values) expect(Number.isFinite(v)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
