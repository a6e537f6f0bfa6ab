import { describe, expect, it } from 'vitest';
import { defaultExperiment, izhikevich2003Network } from '../../core/experiment/examples.ts';
import { addPopulation } from '../../core/experiment/structure.ts';
import { validateExperiment } from '../../core/experiment/validate.ts';
import {
  applyPreset,
  draftOfPopulation,
  draftPreset,
  freePosition,
  matchPopulationPreset,
  newPopulationDraft,
  populationFromDraft,
  POPULATION_PRESETS,
  redraws,
} from './populationForm.ts';

describe('population form', () => {
  it('the 2003 presets are the paper network\'s populations', () => {
    const net = izhikevich2003Network();
    expect(matchPopulationPreset(net.populations[0])?.name).toBe('exc2003');
    expect(matchPopulationPreset(net.populations[1])?.name).toBe('inh2003');
  });

  it('a new population from the default draft is valid and placed at a free spot', () => {
    const e = defaultExperiment();
    const draft = newPopulationDraft(e);
    expect(draft.id).toBe('P1');
    expect(draftPreset(draft)?.name).toBe('exc2003');
    const made = populationFromDraft(draft, { position: freePosition(e, draft.id) });
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(made.value).toMatchObject({ id: 'P1', size: 100, role: 'excitatory', c: { dist: 'r', base: -65, scale: 15, power: 2 } });
    expect(validateExperiment(addPopulation(e, made.value)).ok).toBe(true);
  });

  it('rejects bad sizes and unparsable fields with a message', () => {
    const draft = newPopulationDraft(defaultExperiment());
    expect(populationFromDraft({ ...draft, size: '0' }, {})).toMatchObject({ ok: false });
    expect(populationFromDraft({ ...draft, size: '200001' }, {})).toMatchObject({ ok: false });
    expect(populationFromDraft({ ...draft, size: '2.5' }, {})).toMatchObject({ ok: false });
    const bad = { ...draft, params: { ...draft.params, v0: { kind: 'fixed' as const, values: { value: 'x' } } } };
    expect(populationFromDraft(bad, {})).toEqual({ ok: false, message: 'v0: "x" is not a number' });
  });

  it('applying a preset sets a, b, c, d (and the role of the 2003 ones); editing keeps what the form does not show', () => {
    const inh = POPULATION_PRESETS.find((p) => p.name === 'inh2003');
    if (!inh) throw new Error('no inh2003');
    const draft = applyPreset(newPopulationDraft(defaultExperiment()), inh);
    expect(draft.role).toBe('inhibitory');
    expect(draftPreset(draft)?.name).toBe('inh2003');
    const E = { ...izhikevich2003Network().populations[0], position: { x: 1, y: 2 }, vpeak: 30 };
    const again = populationFromDraft(draftOfPopulation(E), E);
    expect(again).toEqual({ ok: true, value: E });
    if (!again.ok) return;
    expect(redraws(E, again.value)).toBe(false);
    expect(redraws(E, { ...again.value, size: 10 })).toBe(true);
    expect(redraws(E, { ...again.value, label: 'x' })).toBe(false);
  });
});
