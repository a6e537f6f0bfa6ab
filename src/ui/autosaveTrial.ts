/**
 * Opening an autosave on trial: one the index does not know as built (saved by an earlier version of
 * the lab, which autosaved before building) may be too large to build. While it builds, the page
 * offers the last good autosave instead; if the build fails, or takes longer than TRIAL_LIMIT_MS, that
 * one is opened and the page says so. The index names the one on trial, so a start that never finishes
 * (the tab closed, froze or crashed) opens the last good one next time. The one on trial is never
 * deleted: it is set aside and offered as a download.
 */
import { create } from 'zustand';
import { onFirstBuildCancelled, postCommand, useLabStore } from './store.ts';
import {
  updateAutosaveIndex, useAutosaveNotice, type FallbackExperiment, type StoredAutosave,
} from './persistence.ts';

/** How long an autosave on trial may take to build before the last good one is opened instead. */
export const TRIAL_LIMIT_MS = 30_000;

export interface AutosaveTrialState {
  /** The autosave being opened on trial, until it is built or set aside. */
  trying: StoredAutosave | null;
  /** What opens instead: the last good autosave's time (null: the default experiment). */
  fallbackSavedAt: number | null;
  fallbackIsDefault: boolean;
  /** Opens the fallback now (the person's choice). */
  openFallback: (() => void) | null;
}

export const useAutosaveTrial = create<AutosaveTrialState>()(() => ({
  trying: null, fallbackSavedAt: null, fallbackIsDefault: true, openFallback: null,
}));

export type TrialEnd = 'built' | 'failed' | 'slow' | 'chosen' | 'cancelled';

const WHY: Record<Exclude<TrialEnd, 'built'>, string> = {
  failed: 'it could not be built',
  slow: `it was still building after ${TRIAL_LIMIT_MS / 1000} s`,
  chosen: 'you chose the last good one while it was building',
  cancelled: 'its build was cancelled',
};

/**
 * Watches the start's build of `trying` (the store's experiment, being loaded). Returns a promise of
 * how the trial ended; on anything but 'built', the fallback has been asked to load.
 */
export function startAutosaveTrial(storage: Storage, trying: StoredAutosave, fallback: FallbackExperiment): Promise<TrialEnd> {
  updateAutosaveIndex(storage, () => ({ trying: trying.key }));
  return new Promise((resolve) => {
    let ended = false;
    const end = (how: TrialEnd, detail?: string) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      unsubscribe();
      // Until the fallback is asked to load, a cancel of the first build opens nothing else (not the starter).
      onFirstBuildCancelled(how === 'built' ? null : () => undefined);
      useAutosaveTrial.setState({ trying: null, openFallback: null });
      if (how === 'built') {
        updateAutosaveIndex(storage, (i) => ({ trying: null, built: [...i.built, trying.key] }));
        resolve(how);
        return;
      }
      updateAutosaveIndex(storage, (i) => ({ trying: null, unbuilt: [...i.unbuilt, trying.key] }));
      const notice = useAutosaveNotice.getState();
      const reason = `${WHY[how]}${detail ? ` (${detail})` : ''}`;
      useAutosaveNotice.setState({
        unopened: [{ ...trying, errors: [reason] }, ...notice.unopened],
        openedInstead: fallback.opened ? 'autosave' : 'default',
        openedSavedAt: fallback.opened?.savedAt ?? null,
        storage,
        dismissed: false,
      });
      openWhenIdle(fallback);
      resolve(how);
    };
    /** Whether the start's load has been posted (it is the first load of the page, so the first answered). */
    let posted = false;
    const check = () => {
      const lab = useLabStore.getState();
      if (lab.network !== null) end('built');
      else if (lab.lastError?.context === 'load') {
        const message = lab.lastError.message;
        lab.dismissError();
        end('failed', message);
      } else if (posted && lab.loadsInFlight === 0) {
        // Answered, neither built nor refused: cancelled, unless the rest of the answer is still to come.
        setTimeout(() => {
          const now = useLabStore.getState();
          if (now.network === null && now.loadsInFlight === 0 && now.lastError?.context !== 'load') end('cancelled');
        }, 0);
      }
      posted ||= lab.loadsInFlight > 0;
    };
    const unsubscribe = useLabStore.subscribe(check);
    // The progress bar's Cancel of this first build opens the last good one, not the starter.
    onFirstBuildCancelled(() => end('cancelled'));
    const timer = setTimeout(() => end('slow'), TRIAL_LIMIT_MS);
    useAutosaveTrial.setState({
      trying,
      fallbackSavedAt: fallback.opened?.savedAt ?? null,
      fallbackIsDefault: fallback.opened === null,
      openFallback: () => end('chosen'),
    });
    check();
  });
}

/** Stops the build in progress, then loads `fallback` once the Worker has answered every load. */
function openWhenIdle(fallback: FallbackExperiment): void {
  const load = () => {
    onFirstBuildCancelled(null);
    useLabStore.getState().loadExperiment(fallback.experiment);
  };
  // Loads wait a task: the store may be in the middle of handling the Worker's answer.
  if (useLabStore.getState().loadsInFlight === 0) {
    setTimeout(load, 0);
    return;
  }
  postCommand({ type: 'cancel' });
  const unsubscribe = useLabStore.subscribe((state) => {
    if (state.loadsInFlight > 0) return;
    unsubscribe();
    setTimeout(load, 0);
  });
}
