import { FIRING_CLASSES, type FiringClass } from '../../core/analysis/sweeps.ts';
import { OWN_CURVE } from './fiSettings.ts';

/**
 * One colour per firing class, chosen so neighbours in a map tell apart and the families read at a
 * glance: silence pale grey, single-spike answers in pale tints, spiking in blues and greens, bursting
 * in warm colours.
 */
export const FIRING_CLASS_COLORS: Record<FiringClass, string> = {
  'silent': '#e9ebef',
  'phasic-spiking': '#a9cbe8',
  'phasic-bursting': '#d8b8e0',
  'tonic-spiking': '#2f6db5',
  'adapting-spiking': '#4fa36b',
  'tonic-bursting': '#e0602f',
  'mixed-mode': '#f2b233',
};

/** The colour of class index `k` of a map (FIRING_CLASSES order); an unknown index is drawn black, so it shows. */
export function classColor(k: number): string {
  const cls = FIRING_CLASSES[k];
  return cls === undefined ? '#000000' : FIRING_CLASS_COLORS[cls];
}

/** [r, g, b] of a #rrggbb colour, for writing pixels. */
export function rgbOf(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
}

/** Dark or white text, whichever reads better on `hex` (WCAG relative luminance). */
export function textColorOn(hex: string): '#1d2330' | '#ffffff' {
  const lin = rgbOf(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
  // Contrast against white (1.05 / (L + 0.05)) beats contrast against #1d2330 (L about 0.016) below this.
  return luminance < 0.18 ? '#ffffff' : '#1d2330';
}

/**
 * Each f-I curve keeps its colour whatever else is shown: the selected neuron's is the page's ink, each
 * overlay of a model has its own (Tableau 10, minus the blue of the page's accent).
 */
const CURVE_COLORS: Record<string, string> = {
  [OWN_CURVE]: '#1d2330',
  RS: '#e15759',
  IB: '#f28e2b',
  CH: '#b07aa1',
  FS: '#59a14f',
  LTS: '#76b7b2',
  TC: '#9c755f',
  RZ: '#d37295',
  class1: '#4e79a7',
  class2: '#b8860b',
  // The 2007 presets take their 2003 namesakes' colours: the two lists are never shown together.
  RS2007: '#e15759',
  IB2007: '#f28e2b',
  CH2007: '#b07aa1',
};

export function curveColor(id: string): string {
  return CURVE_COLORS[id] ?? '#7f7f7f';
}
