import * as d3 from 'd3';

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#e15759', '#76b7b2', '#edc948', '#9c755f', '#ff9da7', '#bab0ac'];

/** Colour of class k (species). */
export function classColor(k: number): string {
  return k < 0 ? '#9aa1ad' : PALETTE[k % PALETTE.length];
}

/** The decision map's lighter tint of class k. */
export function classTint(k: number): string {
  if (k < 0) return '#e4e6ea';
  const c = d3.hsl(classColor(k));
  return d3.interpolateRgb(c.formatHex(), '#ffffff')(0.72);
}

export const NO_ANSWER_LABEL = 'no answer';

export function className(names: readonly string[], k: number): string {
  return k < 0 ? NO_ANSWER_LABEL : (names[k] ?? `class ${k}`);
}
