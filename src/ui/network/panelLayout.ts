/**
 * How the main column is shared between the network view and the plots: the network view's share of
 * the height (a draggable separator) and whether it is hidden. Remembered in localStorage.
 */
import { create } from 'zustand';

const KEY = 'spiking-lab/network-layout';
export const DEFAULT_SHARE = 0.62;
export const MIN_SHARE = 0.2;
export const MAX_SHARE = 0.85;

export interface PanelLayoutState {
  /** The network view's share of the column height (MIN_SHARE..MAX_SHARE). */
  share: number;
  hidden: boolean;
  setShare(share: number): void;
  setHidden(hidden: boolean): void;
}

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

function load(): Pick<PanelLayoutState, 'share' | 'hidden'> {
  try {
    const raw = storage()?.getItem(KEY);
    if (raw) {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null) {
        const share = 'share' in parsed && typeof parsed.share === 'number' ? parsed.share : DEFAULT_SHARE;
        const hidden = 'hidden' in parsed && parsed.hidden === true;
        return { share: clampShare(share), hidden };
      }
    }
  } catch {
    // unreadable: defaults
  }
  return { share: DEFAULT_SHARE, hidden: false };
}

export function clampShare(share: number): number {
  return Number.isFinite(share) ? Math.min(MAX_SHARE, Math.max(MIN_SHARE, share)) : DEFAULT_SHARE;
}

function save(state: Pick<PanelLayoutState, 'share' | 'hidden'>): void {
  try {
    storage()?.setItem(KEY, JSON.stringify({ share: state.share, hidden: state.hidden }));
  } catch {
    // storage full or disabled: the layout is not remembered
  }
}

export const usePanelLayout = create<PanelLayoutState>()((set, get) => ({
  ...load(),
  setShare(share) {
    set({ share: clampShare(share) });
    save(get());
  },
  setHidden(hidden) {
    set({ hidden });
    save(get());
  },
}));
