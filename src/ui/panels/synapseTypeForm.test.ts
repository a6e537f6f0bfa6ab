import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../../core/experiment/examples.ts';
import { addSynapseType } from '../../core/experiment/structure.ts';
import { validateExperiment } from '../../core/experiment/validate.ts';
import { describeUse, newSynapseTypeDraft, synapseTypeFromDraft, synapseTypeUse } from './synapseTypeForm.ts';

describe('synapse type form', () => {
  it('makes each kind', () => {
    const e = defaultExperiment();
    const draft = newSynapseTypeDraft(e);
    expect(synapseTypeFromDraft(draft)).toEqual({ ok: true, value: { id: 'syn1', kind: 'expConductance', gbase: 0.5, tau: 5, erev: 0 } });
    expect(synapseTypeFromDraft({ ...draft, kind: 'writeup', effect: 'inhibitory', label: ' slow ' })).toEqual({
      ok: true,
      value: { id: 'syn1', kind: 'writeup', gbase: 0.5, tau: 5, effect: 'inhibitory', label: 'slow' },
    });
    const current = synapseTypeFromDraft({ ...draft, kind: 'current', gbase: 'junk' });
    expect(current).toEqual({ ok: true, value: { id: 'syn1', kind: 'current' } });
    if (current.ok) expect(validateExperiment(addSynapseType(e, current.value)).ok).toBe(true);
    expect(synapseTypeFromDraft({ ...draft, tau: '0' })).toMatchObject({ ok: false });
    expect(synapseTypeFromDraft({ ...draft, id: '1x' })).toMatchObject({ ok: false });
  });

  it('says what uses a type', () => {
    const e = defaultExperiment();
    expect(describeUse(synapseTypeUse(e, 'AMPA'))).toBe('used by 1 connection');
    expect(describeUse(synapseTypeUse(e, 'nothing'))).toBeNull();
    expect(describeUse({ connections: 2, projections: 1, inputs: 3 })).toBe('used by 2 connections, 1 projection and 3 Poisson inputs');
  });
});
