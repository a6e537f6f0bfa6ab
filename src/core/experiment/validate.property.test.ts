import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { damagedDocument, deeplyNested, hostileText, validExperiment } from '../../../test/arbitraries.ts';
import { expectExperimentOrErrors } from '../../../test/validatorResult.ts';
import {
  locateJsonError,
  parseExperimentJson,
  serializeExperiment,
  validateCell,
  validateElement,
  validateExperiment,
} from './validate.ts';

/** Properties of the one validator: outside data in, a valid experiment or messages out, never a throw. */
describe('the experiment validator, for arbitrary input', () => {
  it('takes every valid experiment as it is, and a saved one loads back unchanged, byte for byte', () => {
    fc.assert(
      fc.property(validExperiment, (experiment) => {
        expect(validateExperiment(experiment)).toEqual({ ok: true, experiment });
        const saved = serializeExperiment(experiment);
        const loaded = parseExperimentJson(saved);
        expect(loaded).toEqual({ ok: true, experiment });
        if (loaded.ok) expect(serializeExperiment(loaded.experiment)).toBe(saved);
      }),
      { numRuns: 150 },
    );
  });

  it('returns a fresh copy: changing the input afterwards changes nothing in the result', () => {
    fc.assert(
      fc.property(validExperiment, (experiment) => {
        const result = validateExperiment(experiment);
        if (!result.ok) throw new Error(result.errors.join('\n'));
        const before = structuredClone(result.experiment);
        scramble(experiment);
        expect(result.experiment).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });

  it('a document with fields replaced, removed or added: a valid experiment or messages, never a throw', () => {
    fc.assert(
      fc.property(damagedDocument, (doc) => expectExperimentOrErrors(validateExperiment(doc))),
      { numRuns: 200 },
    );
  });

  it('arbitrary values (not only JSON: undefined, symbols, functions, class instances)', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 3, withBigInt: true, withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }), (value) => {
        expectExperimentOrErrors(validateExperiment(value));
      }),
      { numRuns: 300 },
    );
  });

  it('text: cut short, garbled or arbitrary; a syntax error is one message with its line and column', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const result = parseExperimentJson(text);
        expectExperimentOrErrors(result);
        let parses = true;
        try {
          JSON.parse(text.replace(/^\uFEFF/, ''));
        } catch {
          parses = false;
        }
        if (!parses && text.trim() !== '' && !result.ok) {
          expect(result.errors).toHaveLength(1);
          expect(result.errors[0]).toMatch(/^JSON syntax error at line \d+, column \d+: /);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('nested 50,000 deep: a message, never a stack overflow', () => {
    fc.assert(
      fc.property(deeplyNested, (text) => {
        expectExperimentOrErrors(parseExperimentJson(text));
      }),
      { numRuns: 20 },
    );
  });

  it('finds a syntax error exactly where JSON.parse finds one', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        expect(locateJsonError(text) === null).toBe(parses);
      }),
      { numRuns: 400 },
    );
  });

  it('validates one element or a lone cell of arbitrary shape without throwing', () => {
    const element = fc.record({ kind: fc.constantFrom('neuron' as const, 'synapseType' as const, 'connection' as const, 'input' as const), value: fc.jsonValue({ maxDepth: 3 }) });
    fc.assert(
      fc.property(validExperiment, element, fc.option(fc.string({ maxLength: 10 })), (experiment, e, changed) => {
        const errors = validateElement(experiment, e, changed ?? undefined);
        for (const message of errors) expect(message.trim()).not.toBe('');
        const cell = validateCell(e.value, 'cell');
        if (!cell.ok) expect(cell.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('every element of a valid experiment passes validateElement as it is', () => {
    fc.assert(
      fc.property(validExperiment, (experiment) => {
        for (const value of experiment.neurons) expect(validateElement(experiment, { kind: 'neuron', value })).toEqual([]);
        for (const value of experiment.synapseTypes) expect(validateElement(experiment, { kind: 'synapseType', value })).toEqual([]);
        for (const value of experiment.connections) expect(validateElement(experiment, { kind: 'connection', value })).toEqual([]);
        for (const value of experiment.inputs) expect(validateElement(experiment, { kind: 'input', value })).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

/** Sets every number in a JSON-like value to 7 and empties every array, in place. */
function scramble(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(scramble);
    value.length = 0;
  } else if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      if (typeof o[key] === 'number') o[key] = 7;
      else scramble(o[key]);
    }
  }
}
