import { describe, expect, it } from 'vitest';
import { CELL_2007_PRESETS } from '../../core/experiment/cellModels.ts';
import { MAP_DEFAULTS, MAP_ONSET_MS, mapDefaults, mapKey, mapRequest, mapRules, parseMapForm, type MapForm } from './mapSettings.ts';

const numerics = { dt: 1, scheme: 'izhikevich2003' } as const;
const cell = { a: 0.02, b: 0.2, c: -65, d: 8, v0: -70 };

describe('parseMapForm', () => {
  it('accepts the defaults of both planes', () => {
    expect(parseMapForm({ ...MAP_DEFAULTS, plane: 'ab' }).ok).toBe(true);
    expect(parseMapForm({ ...MAP_DEFAULTS, plane: 'cd' })).toEqual({
      ok: true,
      value: { plane: 'cd', x: { from: -80, to: -40 }, y: { from: 0, to: 10 }, resolution: 41, amplitude: 10, duration: 500 },
    });
  });

  it('labels the range fields after the parameters of the plane', () => {
    expect(mapRules('ab').xFrom.label).toBe('a from');
    expect(mapRules('ab').yTo.label).toBe('b to');
    expect(mapRules('cd').xFrom.label).toBe('c from (mV)');
    expect(mapRules('cd').yFrom.label).toBe('d from');
  });

  it('names the fields at fault', () => {
    const form: MapForm = {
      ...MAP_DEFAULTS,
      plane: 'cd',
      ranges: { ...MAP_DEFAULTS.ranges, cd: { xFrom: '-40', xTo: '-60', yFrom: 'x', yTo: '10' } },
      resolution: '500',
      amplitude: '',
    };
    const parsed = parseMapForm(form);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toEqual({
      xTo: 'c to (mV): must be more than c from (-40), got -60',
      yFrom: 'd from: "x" is not a number',
      resolution: 'Points per axis: must be from 2 to 120, got 500',
      amplitude: 'Input (pA): enter a number',
    });
  });

  it('puts the named cells on grid points by default', () => {
    const ab = parseMapForm({ ...MAP_DEFAULTS, plane: 'ab' });
    const cd = parseMapForm(MAP_DEFAULTS);
    if (!ab.ok || !cd.ok) throw new Error('defaults do not parse');
    const onGrid = (r: { from: number; to: number }, n: number, v: number) => {
      const k = ((v - r.from) / (r.to - r.from)) * (n - 1);
      return Math.abs(k - Math.round(k)) < 1e-9;
    };
    for (const v of [0.02, 0.1]) expect(onGrid(ab.value.x, 41, v)).toBe(true);
    for (const v of [-0.1, 0.2, 0.25, 0.26]) expect(onGrid(ab.value.y, 41, v)).toBe(true);
    for (const v of [-65, -55, -50]) expect(onGrid(cd.value.x, 41, v)).toBe(true);
    for (const v of [8, 4, 2]) expect(onGrid(cd.value.y, 41, v)).toBe(true);
  });

  it('gives a 2007 cell its own ranges, in its units, with the chapter\'s presets on grid points', () => {
    const defaults = mapDefaults('izhikevich2007');
    const ab = parseMapForm(defaults, 'izhikevich2007');
    const cd = parseMapForm({ ...defaults, plane: 'cd' }, 'izhikevich2007');
    if (!ab.ok || !cd.ok) throw new Error('2007 defaults do not parse');
    expect(ab.value).toEqual({ plane: 'ab', x: { from: 0, to: 0.1 }, y: { from: -10, to: 10 }, resolution: 41, amplitude: 100, duration: 500 });
    const onGrid = (r: { from: number; to: number }, v: number) => {
      const k = ((v - r.from) / (r.to - r.from)) * 40;
      return Math.abs(k - Math.round(k)) < 1e-9;
    };
    for (const preset of CELL_2007_PRESETS) {
      expect(onGrid(ab.value.x, preset.params.a)).toBe(true);
      expect(onGrid(ab.value.y, preset.params.b)).toBe(true);
      expect(onGrid(cd.value.x, preset.params.c)).toBe(true);
      expect(onGrid(cd.value.y, preset.params.d)).toBe(true);
    }
    expect(mapRules('ab', 'izhikevich2007').yFrom.label).toBe('b from (nS)');
    expect(mapRules('cd', 'izhikevich2007').yTo.label).toBe('d to (pA)');
    expect(mapRules('ab', 'izhikevich2007').xFrom.label).toBe('a from (/ms)');
    // b = -10 nS is a 2007 cell's b; for the 2003 cell it is out of bounds.
    const parsed2003 = parseMapForm(defaults);
    expect(parsed2003.ok ? null : parsed2003.errors.yFrom).toBe('b from: must be from -1 to 1, got -10');
  });

  it('takes a negative a (the inhibition-induced patterns have a = -0.02), and refuses one below -1', () => {
    const withA = (xFrom: string) => parseMapForm({ ...MAP_DEFAULTS, plane: 'ab', ranges: { ...MAP_DEFAULTS.ranges, ab: { ...MAP_DEFAULTS.ranges.ab, xFrom } } });
    expect(withA('-0.1').ok).toBe(true);
    const parsed = withA('-1.5');
    expect(parsed.ok ? null : parsed.errors.xFrom).toBe('a from: must be from -1 to 1, got -1.5');
  });
});

describe('mapRequest and mapKey', () => {
  const parsed = parseMapForm({ ...MAP_DEFAULTS, plane: 'ab' });
  if (!parsed.ok) throw new Error('defaults do not parse');

  it('asks for a square grid and a step from the onset', () => {
    const request = mapRequest(cell, numerics, parsed.value);
    expect(request.x).toEqual({ from: 0, to: 0.2, count: 41 });
    expect(request.y).toEqual({ from: -0.1, to: 0.3, count: 41 });
    expect(request.onset).toBe(MAP_ONSET_MS);
    expect(request.amplitude).toBe(10);
  });

  it('ignores the parameters the map varies, and only those', () => {
    const key = mapKey(mapRequest(cell, numerics, parsed.value));
    expect(mapKey(mapRequest({ ...cell, a: 0.1, b: 0.25 }, numerics, parsed.value))).toBe(key);
    expect(mapKey(mapRequest({ ...cell, c: -50 }, numerics, parsed.value))).not.toBe(key);
    expect(mapKey(mapRequest(cell, { dt: 0.5, scheme: 'euler' }, parsed.value))).not.toBe(key);
  });
});
