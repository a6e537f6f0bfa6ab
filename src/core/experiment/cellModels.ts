import type { Izhikevich2007NeuronSpec, Izhikevich2007Params } from './types.ts';

export interface Cell2007Preset {
  name: string;
  title: string;
  /** Where the values come from. */
  source: string;
  params: Omit<Izhikevich2007Params, 'v0'>;
  /** Initial potential: the preset's resting potential vr. */
  v0: number;
}

/**
 * Canonical izhikevich2007Cell presets from Izhikevich (2007), Dynamical Systems in Neuroscience, ch. 8:
 * RS (Fig. 8.12, as NeuroML's documentation writes it), IB (Fig. 8.19) and CH (Fig. 8.23). The chapter's
 * LTS and FS interneurons are left out on purpose: LTS makes vpeak and c depend on u, FS makes u's
 * equation cubic in v, and the izhikevich2007Cell has neither.
 */
export const CELL_2007_PRESETS: readonly Cell2007Preset[] = [
  {
    name: 'RS',
    title: 'Regular spiking (2007 ch. 8)',
    source: 'Izhikevich 2007, Fig. 8.12; NeuroML izhikevich2007Cell example',
    params: { C: 100, k: 0.7, vr: -60, vt: -40, vpeak: 35, a: 0.03, b: -2, c: -50, d: 100 },
    v0: -60,
  },
  {
    name: 'IB',
    title: 'Intrinsically bursting (2007 ch. 8)',
    source: 'Izhikevich 2007, Fig. 8.19 (layer 5 pyramidal cell)',
    params: { C: 150, k: 1.2, vr: -75, vt: -45, vpeak: 50, a: 0.01, b: 5, c: -56, d: 130 },
    v0: -75,
  },
  {
    name: 'CH',
    title: 'Chattering (2007 ch. 8)',
    source: 'Izhikevich 2007, Fig. 8.23 (cat visual cortex)',
    params: { C: 50, k: 1.5, vr: -60, vt: -40, vpeak: 25, a: 0.03, b: 1, c: -40, d: 150 },
    v0: -60,
  },
];

/** A 2007 neuron with the RS preset at rest (what the editor adds). */
export function rs2007Neuron(id: string, position?: { x: number; y: number }): Izhikevich2007NeuronSpec {
  const preset = CELL_2007_PRESETS[0];
  return { id, model: 'izhikevich2007', ...preset.params, v0: preset.v0, ...(position !== undefined && { position }) };
}
