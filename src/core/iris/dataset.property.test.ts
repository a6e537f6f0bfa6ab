import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DATASET_ROWS, parseDatasetCsv } from './dataset.ts';

const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v));
const columnName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_ ]{0,12}$/).map((s) => s.trim());
const className = fc.stringMatching(/^[A-Za-z][A-Za-z_-]{0,10}$/);

/** A data set the lab should read: distinct column names, numeric features, a text class column, two classes or more. */
const dataset = fc
  .record({
    features: fc.uniqueArray(columnName, { minLength: 1, maxLength: 5 }),
    classColumn: columnName,
    classes: fc.uniqueArray(className, { minLength: 2, maxLength: 4 }),
    rows: fc.integer({ min: 2, max: 40 }),
    bom: fc.boolean(),
  })
  .filter((d) => !d.features.includes(d.classColumn))
  .chain((d) =>
    fc.tuple(
      fc.array(fc.array(finite, { minLength: d.features.length, maxLength: d.features.length }), { minLength: d.rows, maxLength: d.rows }),
      fc.array(fc.nat({ max: d.classes.length - 1 }), { minLength: d.rows, maxLength: d.rows }),
    ).filter(([, labels]) => new Set(labels).size >= 2).map(([X, labels]) => ({ ...d, X, labels })),
  );

describe('data set CSV, for arbitrary input', () => {
  it('reads back exactly the numbers and classes written', () => {
    fc.assert(
      fc.property(dataset, (d) => {
        const lines = [[...d.features, d.classColumn].join(','), ...d.X.map((x, r) => [...x.map(String), d.classes[d.labels[r]]].join(','))];
        const result = parseDatasetCsv(`${d.bom ? '\uFEFF' : ''}${lines.join('\n')}\n`);
        if (!result.ok) throw new Error(result.errors.join('\n'));
        const { dataset: read } = result;
        expect(read.featureNames).toEqual(d.features);
        expect(read.classColumn).toBe(d.classColumn);
        expect(read.X.map((x) => Array.from(x))).toEqual(d.X);
        // Classes are numbered in order of first appearance.
        const order = [...new Set(d.labels)].map((c) => d.classes[c]);
        expect(read.classNames).toEqual(order);
        expect(Array.from(read.y).map((c) => read.classNames[c])).toEqual(d.labels.map((c) => d.classes[c]));
      }),
      { numRuns: 100 },
    );
  });

  it('arbitrary text: a consistent data set, or at most 21 messages', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.stringMatching(/^[a-c0-9,;\t\n\r". e+-]{0,200}$/),
      fc.array(fc.array(fc.oneof(fc.constantFrom('', 'setosa', 'x', '=1+1', '<img src=x>', 'NaN', 'Infinity', '1e999', '0x1F', '"a,b"'), finite.map(String)), { maxLength: 5 }), { maxLength: 20 })
        .map((rows) => rows.map((r) => r.join(',')).join('\n')),
    );
    fc.assert(
      fc.property(text, (csv) => {
        const result = parseDatasetCsv(csv);
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          expect(result.errors.length).toBeLessThanOrEqual(21);
          return;
        }
        const { featureNames, classNames, X, y } = result.dataset;
        expect(X.length).toBe(y.length);
        expect(X.length).toBeLessThanOrEqual(MAX_DATASET_ROWS);
        expect(classNames.length).toBeGreaterThanOrEqual(2);
        for (let r = 0; r < X.length; r++) {
          expect(X[r].length).toBe(featureNames.length);
          for (const v of X[r]) expect(Number.isFinite(v)).toBe(true);
          expect(y[r]).toBeGreaterThanOrEqual(0);
          expect(y[r]).toBeLessThan(classNames.length);
        }
      }),
      { numRuns: 400 },
    );
  });
});
