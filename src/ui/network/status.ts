/**
 * What the network editor last did or could not do: shown in its status line and announced to screen
 * readers through a visually hidden live region.
 */
import { create } from 'zustand';

export type StatusTone = 'info' | 'warning';

export interface NetworkStatusState {
  message: string | null;
  tone: StatusTone;
  /** Bumped on every announcement, so the same words said twice are announced twice. */
  seq: number;
  announce(message: string, tone?: StatusTone): void;
  clearStatus(): void;
}

/** How long a message stays in the status line before the usual hint returns, ms. */
const SHOW_MS = { info: 6000, warning: 12000 } as const;
let timer: ReturnType<typeof setTimeout> | null = null;

export const useNetworkStatus = create<NetworkStatusState>()((set, get) => ({
  message: null,
  tone: 'info',
  seq: 0,
  announce(message, tone = 'info') {
    set({ message, tone, seq: get().seq + 1 });
    if (timer !== null) clearTimeout(timer);
    const seq = get().seq;
    timer = setTimeout(() => {
      timer = null;
      if (get().seq === seq) set({ message: null, tone: 'info' });
    }, SHOW_MS[tone]);
  },
  clearStatus() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    set({ message: null, tone: 'info' });
  },
}));

export function announce(message: string, tone: StatusTone = 'info'): void {
  useNetworkStatus.getState().announce(message, tone);
}
