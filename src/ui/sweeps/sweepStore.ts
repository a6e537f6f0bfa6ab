/**
 * What the sweep panels remember while the page is open: the lab's top tab, the forms as typed and the
 * chosen overlays. Kept outside the panels so switching tabs (which unmounts them) loses nothing.
 */
import { create } from 'zustand';
import type { MapPlane } from '../../core/analysis/sweeps.ts';
import { FI_DEFAULTS, type FIField, type FIForm } from './fiSettings.ts';
import { MAP_DEFAULTS, type MapForm, type PlaneField } from './mapSettings.ts';

/** What the top of the lab's main column shows. */
export type TopTab = 'network' | 'phase' | 'fi' | 'map' | 'rhythms' | 'plasticity' | 'compare';

export interface SweepState {
  topTab: TopTab;
  fiForm: FIForm;
  /** Ids of the overlay curves shown (OVERLAY_CELLS). */
  overlays: string[];
  /** Also draw the selected neuron's onset rate (from its first interspike interval). */
  showOnset: boolean;
  mapForm: MapForm;
  setTopTab(tab: TopTab): void;
  setFIField(field: FIField, text: string): void;
  setOverlay(id: string, on: boolean): void;
  setShowOnset(on: boolean): void;
  resetFI(): void;
  setMapPlane(plane: MapPlane): void;
  setMapRange(field: PlaneField, text: string): void;
  setMapField(field: 'resolution' | 'amplitude' | 'duration', text: string): void;
  resetMap(): void;
}

export const useSweepStore = create<SweepState>()((set) => ({
  topTab: 'network',
  fiForm: { ...FI_DEFAULTS },
  overlays: [],
  showOnset: false,
  mapForm: structuredClone(MAP_DEFAULTS),
  setTopTab: (topTab) => set({ topTab }),
  setFIField: (field, text) => set((s) => ({ fiForm: { ...s.fiForm, [field]: text } })),
  setOverlay: (id, on) =>
    set((s) => ({ overlays: on ? (s.overlays.includes(id) ? s.overlays : [...s.overlays, id]) : s.overlays.filter((o) => o !== id) })),
  setShowOnset: (showOnset) => set({ showOnset }),
  resetFI: () => set({ fiForm: { ...FI_DEFAULTS } }),
  setMapPlane: (plane) => set((s) => ({ mapForm: { ...s.mapForm, plane } })),
  setMapRange: (field, text) =>
    set((s) => {
      const plane = s.mapForm.plane;
      return { mapForm: { ...s.mapForm, ranges: { ...s.mapForm.ranges, [plane]: { ...s.mapForm.ranges[plane], [field]: text } } } };
    }),
  setMapField: (field, text) => set((s) => ({ mapForm: { ...s.mapForm, [field]: text } })),
  // The plane stays: "Defaults" resets the numbers of the plane in view.
  resetMap: () =>
    set((s) => ({
      mapForm: {
        ...structuredClone(MAP_DEFAULTS),
        plane: s.mapForm.plane,
      },
    })),
}));
