import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostileText, validExperiment } from '../../test/arbitraries.ts';
import type { Experiment } from '../core/experiment/types.ts';
import { serializeExperiment, validateExperiment } from '../core/experiment/validate.ts';
import { readExperimentFile, readRecordedCurrentFile } from './files.ts';

const encode = (text: string) => new TextEncoder().encode(text);
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v));

/** Every neuron of `e` by the name a recorded current's header uses. */
function neuronIds(e: Experiment): string[] {
  return [...e.neurons.map((n) => n.id), ...e.populations.flatMap((g) => Array.from({ length: Math.min(g.size, 50) }, (_, i) => `${g.id}[${i}]`))];
}

/** Bytes a picked file may hold: text near an experiment, arbitrary bytes, or text with a BOM or NULs. */
const fileBytes = fc.oneof(
  hostileText.map(encode),
  fc.uint8Array({ maxLength: 300 }),
  fc.tuple(hostileText, fc.constantFrom('\uFEFF', '\u0000', '\uFFFD')).map(([t, extra]) => encode(extra + t)),
);

describe('opening files, for arbitrary bytes', () => {
  it('a saved experiment opens unchanged', () => {
    fc.assert(
      fc.property(validExperiment, (experiment) => {
        expect(readExperimentFile(encode(serializeExperiment(experiment)), 'x.json')).toEqual({ ok: true, value: experiment });
      }),
      { numRuns: 100 },
    );
  });

  it('an experiment file of arbitrary bytes: a valid experiment or a message naming the file', () => {
    fc.assert(
      fc.property(fileBytes, (bytes) => {
        const result = readExperimentFile(bytes, 'x.json');
        if (result.ok) expect(validateExperiment(result.value)).toEqual({ ok: true, experiment: result.value });
        else expect(result.message).toMatch(/^Could not open x\.json/);
      }),
      { numRuns: 300 },
    );
  });

  it('a recorded current of its own neurons drives a valid experiment with exactly the values written', () => {
    const drive = validExperiment
      .filter((e) => neuronIds(e).length > 0)
      .chain((e) => fc.record({
        experiment: fc.constant(e),
        targets: fc.shuffledSubarray(neuronIds(e), { minLength: 1, maxLength: Math.min(4, neuronIds(e).length) }),
        steps: fc.integer({ min: 1, max: 20 }),
      }))
      .chain((d) => fc.array(fc.array(finite, { minLength: d.targets.length, maxLength: d.targets.length }), { minLength: d.steps, maxLength: d.steps }).map((rows) => ({ ...d, rows })));
    fc.assert(
      fc.property(drive, ({ experiment, targets, rows }) => {
        const csv = [targets.join(','), ...rows.map((r) => r.map(String).join(','))].join('\n');
        const result = readRecordedCurrentFile(encode(csv), 'drive.csv', experiment, neuronIds(experiment));
        if (!result.ok) throw new Error(result.message);
        expect(validateExperiment(result.value.experiment)).toEqual({ ok: true, experiment: result.value.experiment });
        expect(result.value.steps).toBe(rows.length);
        expect(result.value.inputs.map((i) => ({ target: i.target, values: i.values, source: i.source }))).toEqual(
          targets.map((target, c) => ({ target, values: rows.map((r) => r[c]), source: 'drive.csv' })),
        );
        for (const input of result.value.inputs) expect(result.value.experiment.inputs).toContainEqual(input);
      }),
      { numRuns: 80 },
    );
  });

  it('a recorded current of arbitrary bytes: a valid experiment or a message naming the file', () => {
    fc.assert(
      fc.property(validExperiment, fileBytes, (experiment, bytes) => {
        const result = readRecordedCurrentFile(bytes, 'drive.csv', experiment, neuronIds(experiment));
        if (result.ok) expect(validateExperiment(result.value.experiment).ok).toBe(true);
        else expect(result.message).toMatch(/drive\.csv/);
      }),
      { numRuns: 200 },
    );
  });
});
