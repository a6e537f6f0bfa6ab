import { describe, expect, it } from 'vitest';
import { defaultExperiment, izhikevich2003Network } from '../../core/experiment/examples.ts';
import { addProjection } from '../../core/experiment/structure.ts';
import { validateExperiment } from '../../core/experiment/validate.ts';
import { draftOfProjection, newProjectionDraft, projectionFromDraft, projectionSummary } from './projectionForm.ts';

describe('projection form', () => {
  it('the default draft makes a valid projection', () => {
    const e = defaultExperiment();
    const draft = newProjectionDraft(e, 'driver');
    const made = projectionFromDraft({ ...draft, post: 'pacer', id: 'driver_pacer' });
    expect(made).toEqual({
      ok: true,
      value: { id: 'driver_pacer', pre: 'driver', post: 'pacer', synapse: 'AMPA', connect: { rule: 'probability', p: 0.1 }, weight: 1, delay: 1 },
    });
    if (made.ok) expect(validateExperiment(addProjection(e, made.value)).ok).toBe(true);
  });

  it('round-trips the 2003 projections', () => {
    for (const p of izhikevich2003Network().projections) {
      const again = projectionFromDraft(draftOfProjection(p));
      expect(again).toEqual({ ok: true, value: p.pre === p.post ? p : { ...p } });
    }
  });

  it('checks p and K', () => {
    const draft = newProjectionDraft(defaultExperiment());
    expect(projectionFromDraft({ ...draft, p: '1.5' })).toMatchObject({ ok: false });
    expect(projectionFromDraft({ ...draft, rule: 'in-degree', k: '2.5' })).toMatchObject({ ok: false });
    expect(projectionFromDraft({ ...draft, rule: 'in-degree', k: '2' })).toMatchObject({ ok: true, value: { connect: { rule: 'in-degree', k: 2 } } });
    expect(projectionFromDraft({ ...draft, rule: 'out-degree', k: '-1' })).toEqual({ ok: false, message: 'K: enter a whole number of targets per source' });
    expect(projectionFromDraft({ ...draft, rule: 'out-degree', k: '3' })).toMatchObject({ ok: true, value: { connect: { rule: 'out-degree', k: 3 } } });
  });

  it('keeps an out-degree projection through the form unchanged', () => {
    const p = { ...izhikevich2003Network().projections[0], connect: { rule: 'out-degree' as const, k: 7 } };
    expect(draftOfProjection(p)).toMatchObject({ rule: 'out-degree', k: '7' });
    expect(projectionFromDraft(draftOfProjection(p))).toEqual({ ok: true, value: p });
  });

  it('summarises a projection', () => {
    expect(projectionSummary(izhikevich2003Network().projections[1])).toBe('E \u2192 I, all-to-all, instant');
    expect(projectionSummary(izhikevich2003Network(1000, 100).projections[1])).toBe('E \u2192 I, in-degree 80, instant');
    const out = { ...izhikevich2003Network().projections[1], connect: { rule: 'out-degree' as const, k: 5 } };
    expect(projectionSummary(out)).toBe('E \u2192 I, out-degree 5, instant');
  });
});
