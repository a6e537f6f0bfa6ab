import { describe, expect, it } from 'vitest';
import { FIRING_CLASSES } from '../../core/analysis/sweeps.ts';
import { classColor, curveColor, FIRING_CLASS_COLORS, rgbOf, textColorOn } from './colors.ts';
import { overlaysFor, OWN_CURVE } from './fiSettings.ts';

describe('colours', () => {
  it('gives every firing class its own colour', () => {
    const colours = FIRING_CLASSES.map((c) => FIRING_CLASS_COLORS[c]);
    expect(new Set(colours).size).toBe(FIRING_CLASSES.length);
    expect(classColor(FIRING_CLASSES.indexOf('tonic-bursting'))).toBe(FIRING_CLASS_COLORS['tonic-bursting']);
    expect(classColor(200)).toBe('#000000');
  });

  it('gives every curve shown together its own colour (the overlays of one model)', () => {
    for (const model of ['izhikevich2003', 'izhikevich2007'] as const) {
      const ids = [OWN_CURVE, ...overlaysFor(model).map((o) => o.id)];
      expect(new Set(ids.map(curveColor)).size).toBe(ids.length);
      expect(ids.map(curveColor)).not.toContain('#7f7f7f');
    }
    // The 2007 presets wear their 2003 namesakes' colours.
    expect(curveColor('RS2007')).toBe(curveColor('RS'));
  });

  it('reads #rrggbb and picks readable text', () => {
    expect(rgbOf('#2f6db5')).toEqual([0x2f, 0x6d, 0xb5]);
    expect(() => rgbOf('blue')).toThrow();
    expect(textColorOn('#2f6db5')).toBe('#ffffff');
    expect(textColorOn('#e9ebef')).toBe('#1d2330');
  });
});
