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
  presetsOf,
  redraws,
  switchModel,
} from './populationForm.ts';
import { compileExperiment } from '../../core/engine/compile.ts';
import type { PopulationSpec } from '../../core/experiment/types.ts';

describe('population form', () => {
  it('the 2003 presets are the paper network\'s populations', () => {
    const net = izhikevich2003Network();
    expect(matchPopulationPreset('izhikevich2003', net.populations[0])?.name).toBe('exc2003');
    expect(matchPopulationPreset('izhikevich2003', net.populations[1])?.name).toBe('inh2003');
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

  it('makes izhikevich2007 populations: the model switches to the RS cell, the IB and CH presets apply, parameters are drawn, and the lab runs it', () => {
    const e = defaultExperiment();
    expect(presetsOf('izhikevich2007').map((p) => p.name)).toEqual(['RS2007', 'IB2007', 'CH2007']);
    const draft = switchModel(newPopulationDraft(e), 'izhikevich2007');
    expect(draftPreset(draft)?.name).toBe('RS2007');
    const ib = presetsOf('izhikevich2007')[1];
    const drawn = { ...applyPreset(draft, ib), params: { ...applyPreset(draft, ib).params, vt: { kind: 'normal' as const, values: { mean: '-45', sd: '2' } } } };
    // vt no longer matches IB's: a custom cell.
    expect(draftPreset(drawn)).toBeUndefined();
    const made = populationFromDraft(drawn, { position: { x: 0, y: 0 } });
    expect(made).toEqual({
      ok: true,
      value: {
        id: 'P1', size: 100, role: 'excitatory', model: 'izhikevich2007', position: { x: 0, y: 0 },
        C: 150, k: 1.2, vr: -75, vt: { dist: 'normal', mean: -45, sd: 2 }, vpeak: 50, a: 0.01, b: 5, c: -56, d: 130, v0: -75,
      },
    });
    if (!made.ok) return;
    const withPopulation = addPopulation(e, made.value);
    expect(validateExperiment(withPopulation).ok).toBe(true);
    // The engine divides the 2007 cell's currents by its capacitance: 1/C of every neuron is IB's 1/150 pF.
    const net = compileExperiment(withPopulation);
    const group = net.groups.find((g) => g.id === 'P1');
    expect(group && Array.from(net.cells.invC.subarray(group.start, group.start + group.size)).every((x) => x === 1 / 150)).toBe(true);
  });

  it('editing an izhikevich2007 population keeps it one (its own parameters, not the 2003 cell\'s)', () => {
    const P: PopulationSpec = { id: 'P', size: 5, model: 'izhikevich2007', C: 100, k: 0.7, vr: -60, vt: { dist: 'uniform', min: -42, max: -38 }, vpeak: 35, a: 0.03, b: -2, c: -50, d: 100, v0: -60, position: { x: 3, y: 4 } };
    const draft = draftOfPopulation(P);
    expect(draft.model).toBe('izhikevich2007');
    const again = populationFromDraft(draft, P);
    expect(again).toEqual({ ok: true, value: { ...P, role: 'excitatory' } });
    if (!again.ok) return;
    expect(redraws(P, again.value)).toBe(false);
    const as2003 = populationFromDraft(switchModel(draft, 'izhikevich2003'), P);
    expect(as2003.ok && as2003.value.model).toBe('izhikevich2003');
    if (as2003.ok) expect(redraws(P, as2003.value)).toBe(true);
  });
});
