import { afterEach, describe, expect, it } from 'vitest';
import { FakeWorker } from '../../../test/fakeWorker.ts';
import { formOf, parseIrisForm, type IrisForm } from './irisForm.ts';
import { DEFAULT_IRIS_SETTINGS, setIrisWorkerFactory, useIrisStore } from './irisStore.ts';

const defaults = (): IrisForm => formOf(DEFAULT_IRIS_SETTINGS);

describe('the Iris settings form', () => {
  it('reads the defaults as the default settings', () => {
    const parsed = parseIrisForm(defaults(), 'gaussian');
    expect(parsed).toEqual({ ok: true, value: { fields: 6, epochs: 8, learningRate: DEFAULT_IRIS_SETTINGS.learningRate, seed: 1, testFraction: 0.3, folds: 5, hidden: 0 } });
  });

  it('refuses out-of-range and non-numbers with a message naming the field', () => {
    const refused = (patch: Partial<IrisForm>) => {
      const parsed = parseIrisForm({ ...defaults(), ...patch }, 'gaussian');
      return parsed.ok ? null : parsed.errors;
    };
    expect(refused({ epochs: '200' })).toEqual({ epochs: 'Epochs: must be from 1 to 100, got 200' });
    expect(refused({ learningRate: '-1' })).toEqual({ learningRate: 'Learning rate: must be from 0.05 to 5, got -1' });
    expect(refused({ testFraction: '2' })).toEqual({ testFraction: 'Test fraction: must be from 0.1 to 0.9, got 2' });
    expect(refused({ epochs: '2.5' })).toEqual({ epochs: 'Epochs: must be a whole number, got 2.5' });
    expect(refused({ folds: 'ten' })).toEqual({ folds: 'Folds (k): "ten" is not a number' });
    expect(refused({ hidden: '' })).toEqual({ hidden: 'Hidden neurons: enter a number' });
    // Every field at fault at once.
    expect(Object.keys(refused({ epochs: '0', seed: '-3', fields: '2' }) ?? {})).toEqual(['fields', 'epochs', 'seed']);
  });

  it('leaves the fields per feature alone with the direct encoding (their box is disabled)', () => {
    const parsed = parseIrisForm({ ...defaults(), fields: '2' }, 'direct');
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value.fields).toBeUndefined();
  });
});

describe('training with the typed settings', () => {
  afterEach(() => {
    useIrisStore.setState({ form: defaults(), settings: DEFAULT_IRIS_SETTINGS, job: null });
  });

  const started = () => {
    const workers: FakeWorker[] = [];
    setIrisWorkerFactory(() => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    });
    return () => workers.flatMap((w) => w.posted);
  };

  it('starts nothing while a box holds a bad value, and trains with the value once it is fixed', () => {
    const posted = started();
    const store = useIrisStore.getState();
    for (const [field, text] of [
      ['epochs', '200'],
      ['learningRate', '-1'],
      ['testFraction', '2'],
    ] as const) {
      store.setField(field, text);
      store.train();
      store.crossValidate();
      expect(posted()).toEqual([]);
      expect(useIrisStore.getState().job).toBeNull();
      // The settings keep their last valid numbers.
      expect(useIrisStore.getState().settings).toEqual(DEFAULT_IRIS_SETTINGS);
      store.setField(field, String(DEFAULT_IRIS_SETTINGS[field]));
    }
    store.setField('epochs', '20');
    store.train();
    expect(posted()).toEqual([expect.objectContaining({ type: 'train', testFraction: 0.3, settings: expect.objectContaining({ training: expect.objectContaining({ epochs: 20 }) }) })]);
  });
});
