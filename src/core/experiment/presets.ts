import type { Izhikevich2003Params } from './types.ts';

export type CellClass = 'RS' | 'IB' | 'CH' | 'FS' | 'LTS' | 'TC' | 'RZ';

export interface CellPreset {
  name: CellClass;
  title: string;
  params: Pick<Izhikevich2003Params, 'a' | 'b' | 'c' | 'd'>;
}

/** The named cortical and thalamic classes of Izhikevich (2003), Fig. 2. */
export const CELL_PRESETS: readonly CellPreset[] = [
  { name: 'RS', title: 'Regular spiking', params: { a: 0.02, b: 0.2, c: -65, d: 8 } },
  { name: 'IB', title: 'Intrinsically bursting', params: { a: 0.02, b: 0.2, c: -55, d: 4 } },
  { name: 'CH', title: 'Chattering', params: { a: 0.02, b: 0.2, c: -50, d: 2 } },
  { name: 'FS', title: 'Fast spiking', params: { a: 0.1, b: 0.2, c: -65, d: 2 } },
  { name: 'LTS', title: 'Low-threshold spiking', params: { a: 0.02, b: 0.25, c: -65, d: 2 } },
  { name: 'TC', title: 'Thalamo-cortical', params: { a: 0.02, b: 0.25, c: -65, d: 0.05 } },
  { name: 'RZ', title: 'Resonator', params: { a: 0.1, b: 0.26, c: -65, d: 2 } },
];

/** The preset whose a, b, c, d equal these exactly, if any. */
export function matchPreset(p: Pick<Izhikevich2003Params, 'a' | 'b' | 'c' | 'd'>): CellPreset | undefined {
  return CELL_PRESETS.find(
    (preset) =>
      preset.params.a === p.a && preset.params.b === p.b && preset.params.c === p.c && preset.params.d === p.d,
  );
}
