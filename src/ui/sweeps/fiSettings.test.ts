import { describe, expect, it } from 'vitest';
import { CELL_PRESETS } from '../../core/experiment/presets.ts';
import { curveKey, curveSpecs, FI_DEFAULTS, fiDefaults, OVERLAY_CELLS, overlaysFor, OWN_CURVE, parseFIForm } from './fiSettings.ts';

const numerics = { dt: 1, scheme: 'izhikevich2003' } as const;

describe('parseFIForm', () => {
  it('accepts the defaults', () => {
    expect(parseFIForm(FI_DEFAULTS)).toEqual({ ok: true, value: { from: 0, to: 25, points: 51, duration: 1000, settle: 200 } });
  });

  it('gives a 2007 cell its own range, pA in the hundreds (0-400 in 5 pA steps), and takes currents up to 10 nA', () => {
    expect(parseFIForm(fiDefaults('izhikevich2007'), 'izhikevich2007')).toEqual({ ok: true, value: { from: 0, to: 400, points: 81, duration: 1000, settle: 200 } });
    const wide = { ...FI_DEFAULTS, to: '5000' };
    expect(parseFIForm(wide, 'izhikevich2007').ok).toBe(true);
    const parsed = parseFIForm(wide);
    expect(parsed.ok ? null : parsed.errors.to).toBe('To (pA): must be from -1000 to 1000, got 5000');
  });

  it('names each field at fault, all at once', () => {
    const parsed = parseFIForm({ from: 'a', to: '25', points: '1.5', duration: '10', settle: '0' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.from).toBe('From (pA): "a" is not a number');
    expect(parsed.errors.points).toBe('Points: must be a whole number, got 1.5');
    expect(parsed.errors.duration).toBe('Run (ms): must be from 50 to 20000, got 10');
    expect(parsed.errors.to).toBeUndefined();
  });

  it('wants To above From and some time to count spikes in', () => {
    const parsed = parseFIForm({ ...FI_DEFAULTS, from: '10', to: '5', settle: '990' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.to).toBe('To (pA): must be more than From (10 pA), got 5');
    expect(parsed.errors.settle).toMatch(/^Count after \(ms\): must end at least 20 ms before the run does/);
  });
});

describe('overlays and requests', () => {
  it('offers every named class and the class 1 and class 2 cells of the 2004 paper, and for 2007 cells the chapter\'s presets', () => {
    expect(overlaysFor('izhikevich2003').map((o) => o.id)).toEqual([...CELL_PRESETS.map((p) => p.name), 'class1', 'class2']);
    expect(overlaysFor('izhikevich2007').map((o) => o.id)).toEqual(['RS2007', 'IB2007', 'CH2007']);
    expect(OVERLAY_CELLS.find((o) => o.id === 'RS2007')?.cell).toEqual({ model: 'izhikevich2007', C: 100, k: 0.7, vr: -60, vt: -40, vpeak: 35, a: 0.03, b: -2, c: -50, d: 100, v0: -60 });
    const class1 = OVERLAY_CELLS.find((o) => o.id === 'class1');
    expect(class1?.cell).toEqual({ a: 0.02, b: -0.1, c: -55, d: 6, v0: -60, equation: { p1: 4.1, p0: 108 } });
    const class2 = OVERLAY_CELLS.find((o) => o.id === 'class2');
    expect(class2?.cell).toMatchObject({ a: 0.2, b: 0.26, c: -65, d: 0 });
  });

  it('puts the selected neuron first, then the chosen overlays in menu order', () => {
    const settings = { from: 0, to: 20, points: 41, duration: 1000, settle: 200 };
    const own = { name: 'Driver', cell: { a: 0.02, b: 0.2, c: -65, d: 8, v0: -70 } };
    const specs = curveSpecs(own, ['class2', 'FS'], numerics, settings);
    expect(specs.map((s) => s.id)).toEqual([OWN_CURVE, 'FS', 'class2']);
    expect(specs[0].request).toEqual({ label: 'Driver', cell: own.cell, numerics, currents: { from: 0, to: 20, count: 41 }, duration: 1000, settle: 200 });
    expect(curveSpecs(null, ['FS'], numerics, settings).map((s) => s.id)).toEqual(['FS']);
  });

  it('compares a 2007 cell with the 2007 presets only, however many overlays are ticked', () => {
    const settings = { from: 0, to: 400, points: 81, duration: 1000, settle: 200 };
    const own = { name: 'RS cell', cell: { model: 'izhikevich2007' as const, C: 100, k: 0.7, vr: -60, vt: -40, vpeak: 35, a: 0.03, b: -2, c: -50, d: 100, v0: -60 } };
    const specs = curveSpecs(own, ['FS', 'CH2007', 'class1'], numerics, settings, 'izhikevich2007');
    expect(specs.map((s) => s.id)).toEqual([OWN_CURVE, 'CH2007']);
    expect(specs[0].request.cell).toEqual(own.cell);
    expect(curveSpecs(null, ['FS', 'CH2007'], numerics, settings).map((s) => s.id)).toEqual(['FS']);
  });

  it('keys a curve by what it depends on, not by its name', () => {
    const settings = { from: 0, to: 20, points: 41, duration: 1000, settle: 200 };
    const cell = { a: 0.1, b: 0.2, c: -65, d: 2, v0: -70 };
    const [a] = curveSpecs({ name: 'Pacer', cell }, [], numerics, settings);
    const [b] = curveSpecs({ name: 'Other', cell: { ...cell } }, [], numerics, settings);
    const [c] = curveSpecs({ name: 'Pacer', cell }, [], { dt: 0.5, scheme: 'euler' }, settings);
    expect(curveKey(a.request)).toBe(curveKey(b.request));
    expect(curveKey(a.request)).not.toBe(curveKey(c.request));
  });
});
