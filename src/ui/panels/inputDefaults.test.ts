import { describe, expect, it } from 'vitest';
import { defaultExperiment, izhikevich2003Network } from '../../core/experiment/examples.ts';
import { addInput } from '../../core/experiment/structure.ts';
import { validateExperiment } from '../../core/experiment/validate.ts';
import { newInput, NEW_INPUT_KINDS } from './inputDefaults.ts';

describe('new inputs', () => {
  it('every kind makes a valid input with the documented defaults', () => {
    const e = defaultExperiment();
    for (const kind of NEW_INPUT_KINDS) {
      const made = newInput(e, 'follower', kind);
      expect(made.ok).toBe(true);
      if (made.ok) expect(validateExperiment(addInput(e, made.value)).ok).toBe(true);
    }
    expect(newInput(e, 'follower', 'constant')).toEqual({ ok: true, value: { id: 'follower-drive', kind: 'constant', target: 'follower', amplitude: 10 } });
    expect(newInput(e, 'follower', 'pulse')).toMatchObject({ value: { start: 100, amplitude: 10 } });
    expect(newInput(e, 'follower', 'noise')).toMatchObject({ value: { mean: 0, sd: 2 } });
    expect(newInput(e, 'follower', 'poisson')).toMatchObject({ value: { rate: 20, synapse: 'AMPA', weight: 1 } });
    expect(newInput(e, 'follower', 'poisson', 'GABA')).toMatchObject({ value: { synapse: 'GABA' } });
    expect(newInput(e, 'follower', 'sine')).toMatchObject({ value: { start: 0, amplitude: 10, period: 100, phase: 0 } });
  });

  it('numbers ids that are taken', () => {
    let e = defaultExperiment();
    const first = newInput(e, 'pacer', 'noise');
    if (!first.ok) throw new Error(first.message);
    e = addInput(e, first.value);
    expect(newInput(e, 'pacer', 'noise')).toMatchObject({ value: { id: 'pacer-noise-1' } });
  });

  it('a Poisson input needs an exponential-conductance type', () => {
    const e = izhikevich2003Network();
    expect(newInput(e, 'E', 'poisson')).toMatchObject({ ok: false });
    expect(newInput(e, 'E', 'poisson', 'instant')).toMatchObject({ ok: false });
  });
});
