/**
 * What the sweep panels remember while the page is open: the lab's top tab, the forms as typed (one per
 * cell model, whose units and ranges differ) and the chosen overlays. Kept outside the panels so
 * switching tabs (which unmounts them) loses nothing.
 */
import { create } from 'zustand';
import type { MapPlane } from '../../core/analysis/sweeps.ts';
import type { CellModel } from '../../core/experiment/types.ts';
import { fiDefaults, type FIField, type FIForm } from './fiSettings.ts';
import { mapDefaults, type MapForm, type PlaneField } from './mapSettings.ts';

/** What the top of the lab's main column shows. */
export type TopTab = 'network' | 'phase' | 'fi' | 'map' | 'rhythms' | 'plasticity' | 'compare';

export interface SweepState {
  topTab: TopTab;
  fiForms: Record<CellModel, FIForm>;
  /** Ids of the overlay curves shown (OVERLAY_CELLS). */
  overlays: string[];
  /** Also draw the selected neuron's onset rate (from its first interspike interval). */
  showOnset: boolean;
  mapForms: Record<CellModel, MapForm>;
  setTopTab(tab: TopTab): void;
  setFIField(model: CellModel, field: FIField, text: string): void;
  setOverlay(id: string, on: boolean): void;
  setShowOnset(on: boolean): void;
  resetFI(model: CellModel): void;
  setMapPlane(model: CellModel, plane: MapPlane): void;
  setMapRange(model: CellModel, field: PlaneField, text: string): void;
  setMapField(model: CellModel, field: 'resolution' | 'amplitude' | 'duration', text: string): void;
  resetMap(model: CellModel): void;
}

export const useSweepStore = create<SweepState>()((set) => {
  const setMapForm = (model: CellModel, change: (form: MapForm) => MapForm) =>
    set((s) => ({ mapForms: { ...s.mapForms, [model]: change(s.mapForms[model]) } }));
  return {
    topTab: 'network',
    fiForms: { izhikevich2003: fiDefaults('izhikevich2003'), izhikevich2007: fiDefaults('izhikevich2007') },
    overlays: [],
    showOnset: false,
    mapForms: { izhikevich2003: mapDefaults('izhikevich2003'), izhikevich2007: mapDefaults('izhikevich2007') },
    setTopTab: (topTab) => set({ topTab }),
    setFIField: (model, field, text) => set((s) => ({ fiForms: { ...s.fiForms, [model]: { ...s.fiForms[model], [field]: text } } })),
    setOverlay: (id, on) =>
      set((s) => ({ overlays: on ? (s.overlays.includes(id) ? s.overlays : [...s.overlays, id]) : s.overlays.filter((o) => o !== id) })),
    setShowOnset: (showOnset) => set({ showOnset }),
    resetFI: (model) => set((s) => ({ fiForms: { ...s.fiForms, [model]: fiDefaults(model) } })),
    setMapPlane: (model, plane) => setMapForm(model, (form) => ({ ...form, plane })),
    setMapRange: (model, field, text) =>
      setMapForm(model, (form) => ({ ...form, ranges: { ...form.ranges, [form.plane]: { ...form.ranges[form.plane], [field]: text } } })),
    setMapField: (model, field, text) => setMapForm(model, (form) => ({ ...form, [field]: text })),
    // The plane stays: "Defaults" resets the numbers of the plane in view.
    resetMap: (model) => setMapForm(model, (form) => ({ ...mapDefaults(model), plane: form.plane })),
  };
});
