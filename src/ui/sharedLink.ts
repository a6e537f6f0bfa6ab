/**
 * A share link opened in a running lab (pasted into the address bar: only the #fragment changes) or at
 * start: it never replaces the person's work without asking. The work counts as unsaved unless it is
 * the default experiment or already the link's own; then the link opens at once.
 */
import { create } from 'zustand';
import { defaultExperiment } from '../core/experiment/examples.ts';
import type { Experiment } from '../core/experiment/types.ts';
import { serializeExperiment } from '../core/experiment/validate.ts';
import { codeFromHash, decodeExperiment } from '../core/io/shareLink.ts';
import { useIrisStore } from './iris/irisStore.ts';
import { useLabStore } from './store.ts';

export interface SharedLinkOffer {
  /** The link's experiment, waiting for the person's answer; null: no question open. */
  linked: Experiment | null;
  /** What else the link does once its experiment opens (a lesson link shows its text). */
  afterOpen: (() => void) | null;
}

export const useSharedLinkOffer = create<SharedLinkOffer>()(() => ({ linked: null, afterOpen: null }));

/** Whether opening `linked` would replace work that is not already the default or the link's own. */
export function replacesWork(current: Experiment, linked: Experiment): boolean {
  const text = serializeExperiment(current);
  return text !== serializeExperiment(linked) && text !== serializeExperiment(defaultExperiment());
}

/** Opens `linked` now (an undoable step), or asks first when it would replace the person's work. */
export function offerSharedExperiment(linked: Experiment, afterOpen: (() => void) | null = null): void {
  // The link opens in the lab, and the lab's view is where its question is asked (not the Iris view).
  if (useIrisStore.getState().view !== 'lab') useIrisStore.getState().setView('lab');
  const lab = useLabStore.getState();
  if (replacesWork(lab.pendingExperiment ?? lab.experiment, linked)) useSharedLinkOffer.setState({ linked, afterOpen });
  else openSharedExperiment(linked, afterOpen);
}

export function openSharedExperiment(linked: Experiment, afterOpen: (() => void) | null = useSharedLinkOffer.getState().afterOpen): void {
  useSharedLinkOffer.setState({ linked: null, afterOpen: null });
  const lab = useLabStore.getState();
  if (lab.lastError && (lab.lastError.context === 'open' || lab.lastError.context === 'load')) lab.dismissError();
  lab.loadExperiment(linked, 'open a shared link');
  afterOpen?.();
}

export function declineSharedExperiment(): void {
  useSharedLinkOffer.setState({ linked: null, afterOpen: null });
}

/** The link has done its work: later reloads bring back the edited experiment, not the link's. */
export function forgetLinkInUrl(): void {
  history.replaceState(null, '', window.location.pathname + window.location.search);
}

/** Reads a link put into the address bar of the open lab; a bad one gets a message and changes nothing. */
async function onHashChange(): Promise<void> {
  const code = codeFromHash(window.location.hash);
  if (code === null) return;
  forgetLinkInUrl();
  const decoded = await decodeExperiment(code);
  if (!decoded.ok) {
    useLabStore.getState().showError('open', `The shared link could not be opened: ${decoded.errors.slice(0, 5).join('; ')}`);
    return;
  }
  offerSharedExperiment(decoded.experiment);
}

/** Watches the address bar for share links. Returns a function that stops it. */
export function watchSharedLinks(): () => void {
  const listener = () => void onHashChange();
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}
