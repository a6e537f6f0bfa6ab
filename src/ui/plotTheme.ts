import * as d3 from 'd3';
import type { TraceVariable } from '../core/experiment/types.ts';

/** Colour of the i-th watched neuron's traces. */
export function traceColor(index: number): string {
  const scheme = d3.schemeTableau10;
  return scheme[index % scheme.length];
}

export const ROLE_COLORS = {
  excitatory: '#1f5fbf',
  inhibitory: '#d33a2c',
} as const;

export const VARIABLE_LABELS: Record<TraceVariable, string> = {
  v: 'v (mV)',
  u: 'u',
  g: 'g (nS)',
  isyn: 'I_syn (pA)',
  iext: 'I_in (pA)',
};

export const VARIABLE_DESCRIPTIONS: Record<TraceVariable, string> = {
  v: 'Membrane potential',
  u: 'Recovery variable',
  g: 'Total synaptic conductance',
  isyn: 'Synaptic current',
  iext: 'Input current',
};

/** The plots' time window (the Worker's raster density scrolls with the same one). */
export { timeWindow } from '../core/analysis/rasterDensity.ts';

/** Shared by the traces and the raster so their time axes line up. */
export const PLOT_MARGIN = { left: 96, right: 44, top: 8, bottom: 26 } as const;
const NARROW_MARGIN = { left: 72, right: 30, top: 8, bottom: 26 } as const;

/**
 * The margins of a plot this wide, px: on a phone the labels get less room and the data more. labelRoom
 * (groupLabelRoom: the widest group label, px) widens the left margin so the raster's labels show whole,
 * up to a third of the width; the traces take the same margin so the two time axes stay aligned.
 */
export function plotMargin(width: number, labelRoom = 0): { left: number; right: number; top: number; bottom: number } {
  const base = width < 520 ? NARROW_MARGIN : PLOT_MARGIN;
  const left = Math.max(base.left, Math.min(Math.ceil(labelRoom) + 14, Math.floor(width / 3)));
  return left === base.left ? base : { ...base, left };
}
