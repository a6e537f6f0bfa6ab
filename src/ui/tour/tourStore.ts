/**
 * The first-run tour's state: which step is shown, and whether the person has finished or skipped it
 * (remembered in localStorage, so it shows once; the header's Tour button shows it again).
 */
import { create } from 'zustand';

/** localStorage key; its value is TOUR_SEEN once the tour was finished or skipped. */
export const TOUR_KEY = 'spiking-lab/tour';
export const TOUR_SEEN = 'seen';

export interface TourState {
  /** The step shown, or null while the tour is closed. */
  step: number | null;
  storage: Storage | null;
}

export const useTourStore = create<TourState>()(() => ({ step: null, storage: null }));

export function tourSeen(storage: Storage | null): boolean {
  try {
    return storage?.getItem(TOUR_KEY) === TOUR_SEEN;
  } catch {
    return false;
  }
}

/** Keys of everything the lab stores (autosaves, preferences, the tour) start with this. */
const LAB_PREFIX = 'spiking-lab/';

/**
 * A first visit: nothing of the lab in storage yet (no autosave, no preference, no tour). Read it before
 * the lab starts writing; a person with autosaved work has used the lab before.
 */
export function isFirstVisit(storage: Storage | null): boolean {
  try {
    if (!storage) return false;
    for (let i = 0; i < storage.length; i++) if (storage.key(i)?.startsWith(LAB_PREFIX)) return false;
    return true;
  } catch {
    return false;
  }
}

/** Keeps `storage` for remembering; opens the tour on a first run when it has not been seen. */
export function startTour(storage: Storage | null, { firstRun }: { firstRun: boolean }): void {
  useTourStore.setState({ storage, step: firstRun && !tourSeen(storage) ? 0 : null });
}

export function openTour(): void {
  useTourStore.setState({ step: 0 });
}

export function goToStep(step: number): void {
  useTourStore.setState({ step });
}

/** Closes the tour (finished, skipped or Escape) and remembers that it was seen. */
export function closeTour(): void {
  const { storage } = useTourStore.getState();
  useTourStore.setState({ step: null });
  try {
    storage?.setItem(TOUR_KEY, TOUR_SEEN);
  } catch {
    // Storage full or blocked: the tour then shows again next time, which is harmless.
  }
}
