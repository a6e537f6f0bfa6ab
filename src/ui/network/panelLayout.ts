/**
 * How the main column is shared between the top panel (the network diagram, phase plane, f-I curve,
 * firing map or rhythms) and the plots: whether the top panel is open, and its share of the height
 * (a draggable separator). The plots come first: the panel starts closed, its tab strip one click
 * away, and the person's choice is remembered in localStorage. Presentation mode (plots and transport
 * only, for a projector) lives here too, but is not remembered: a reload is back to the lab.
 */
import { create } from 'zustand';

/** v2: the panel's default changed from open to closed (plots first); earlier choices do not carry over. */
const KEY = 'spiking-lab/main-layout/v2';
/** Opened, the panel gets the room it had before the plots came first (the f-I legend fits unscrolled). */
export const DEFAULT_SHARE = 0.6;
export const MIN_SHARE = 0.2;
export const MAX_SHARE = 0.85;

export interface PanelLayoutState {
  /** The top panel's share of the column height when open (MIN_SHARE..MAX_SHARE). */
  share: number;
  /** The top panel is shown (else only its tab strip). */
  open: boolean;
  presenting: boolean;
  setShare(share: number): void;
  setOpen(open: boolean): void;
  setPresenting(presenting: boolean): void;
}

type Remembered = Pick<PanelLayoutState, 'share' | 'open'>;
const DEFAULTS: Remembered = { share: DEFAULT_SHARE, open: false };

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

/** The remembered layout, or the defaults for what is missing or not of the right type. */
export function parseLayout(raw: string | null | undefined): Remembered {
  if (!raw) return DEFAULTS;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return DEFAULTS;
    const share = 'share' in parsed && typeof parsed.share === 'number' ? clampShare(parsed.share) : DEFAULT_SHARE;
    const open = 'open' in parsed && parsed.open === true;
    return { share, open };
  } catch {
    return DEFAULTS;
  }
}

function load(): Remembered {
  try {
    return parseLayout(storage()?.getItem(KEY));
  } catch {
    return DEFAULTS;
  }
}

export function clampShare(share: number): number {
  return Number.isFinite(share) ? Math.min(MAX_SHARE, Math.max(MIN_SHARE, share)) : DEFAULT_SHARE;
}

function save(state: Remembered): void {
  try {
    storage()?.setItem(KEY, JSON.stringify({ share: state.share, open: state.open }));
  } catch {
    // storage full or disabled: the layout is not remembered
  }
}

export const usePanelLayout = create<PanelLayoutState>()((set, get) => ({
  ...load(),
  presenting: false,
  setShare(share) {
    set({ share: clampShare(share) });
    save(get());
  },
  setOpen(open) {
    set({ open });
    save(get());
  },
  setPresenting(presenting) {
    set({ presenting });
  },
}));

export const LAYOUT_STORAGE_KEY = KEY;
