import { expect } from 'vitest';
import { MAX_ERRORS, validateExperiment, type ValidationResult } from '../src/core/experiment/validate.ts';

/**
 * What every reader of outside data returns: a valid experiment (one the validator takes back
 * unchanged) or a short list of messages, never an empty one.
 */
export function expectExperimentOrErrors(result: ValidationResult): void {
  if (result.ok) {
    expect(validateExperiment(result.experiment)).toEqual(result);
    return;
  }
  expect(result.errors.length).toBeGreaterThan(0);
  // MAX_ERRORS listed, then "... and N more errors".
  expect(result.errors.length).toBeLessThanOrEqual(MAX_ERRORS + 1);
  for (const message of result.errors) {
    expect(typeof message).toBe('string');
    expect(message.trim()).not.toBe('');
  }
}
