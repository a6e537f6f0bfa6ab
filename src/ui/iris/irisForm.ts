/**
 * The Iris settings as typed: each number box keeps its text, and the settings change only when the
 * whole form reads (the sweep forms' reader, src/ui/sweeps/fields.ts), so a bad value is refused at
 * its field with a message naming it, and nothing is trained or cross-validated with it.
 */
import { fieldReader, type FormResult, type NumberRule } from '../sweeps/fields.ts';
import type { IrisSettings } from './irisStore.ts';

export type IrisField = 'fields' | 'epochs' | 'learningRate' | 'seed' | 'testFraction' | 'folds' | 'hidden';
export type IrisForm = Record<IrisField, string>;
export type IrisNumbers = Pick<IrisSettings, IrisField>;

export const IRIS_FIELDS: readonly IrisField[] = ['fields', 'epochs', 'learningRate', 'seed', 'testFraction', 'folds', 'hidden'];

/**
 * Fields below 3 cannot tile a feature's range (the encoder refuses them); a test fraction outside
 * 0.1-0.9 leaves a class with no training or no test flower in Iris's 50 a class.
 */
export const IRIS_RULES: Record<IrisField, NumberRule> = {
  fields: { label: 'Fields per feature', min: 3, max: 20, integer: true },
  epochs: { label: 'Epochs', min: 1, max: 100, integer: true },
  learningRate: { label: 'Learning rate', min: 0.05, max: 5 },
  seed: { label: 'Seed', min: 1, max: 99999, integer: true },
  testFraction: { label: 'Test fraction', min: 0.1, max: 0.9 },
  folds: { label: 'Folds (k)', min: 2, max: 20, integer: true },
  hidden: { label: 'Hidden neurons', min: 0, max: 64, integer: true },
};

export function formOf(settings: IrisNumbers): IrisForm {
  const text = (f: IrisField) => String(settings[f]);
  return { fields: text('fields'), epochs: text('epochs'), learningRate: text('learningRate'), seed: text('seed'), testFraction: text('testFraction'), folds: text('folds'), hidden: text('hidden') };
}

/**
 * The numbers of a valid form, or a message per field at fault. With the direct encoding the fields per
 * feature are not used (their box is disabled), so they are neither read nor changed.
 */
export function parseIrisForm(form: IrisForm, encoding: IrisSettings['encoding']): FormResult<IrisField, Partial<IrisNumbers>> {
  const r = fieldReader<IrisField>();
  const value: Partial<IrisNumbers> = {};
  for (const field of IRIS_FIELDS) {
    if (field === 'fields' && encoding !== 'gaussian') continue;
    value[field] = r.read(field, form[field], IRIS_RULES[field]);
  }
  if (!r.ok) return { ok: false, errors: r.errors };
  return { ok: true, value };
}
