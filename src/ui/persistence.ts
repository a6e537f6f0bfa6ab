/**
 * Keeping work: the experiment is saved to localStorage after every change, and restored on the next
 * start (a reload or a crashed tab); a share link (#experiment=...) takes precedence over it.
 *
 * The last AUTOSAVES_KEPT distinct documents are kept, newest first, each under its own key, and only
 * documents the loader opens are written. A stored one that cannot be opened (damaged, or refused by
 * this version) is never deleted by the lab: the start says so and offers it as a download, and it
 * stays until the person deletes it.
 */
import { create } from 'zustand';
import { defaultExperiment } from '../core/experiment/examples.ts';
import type { Experiment } from '../core/experiment/types.ts';
import { parseExperimentJson, serializeExperiment } from '../core/experiment/validate.ts';
import { codeFromHash, decodeExperiment } from '../core/io/shareLink.ts';
import { useLabStore } from './store.ts';

/** Autosaves are `${AUTOSAVE_PREFIX}${saved at, ms since 1970}`; the version names this layout. */
export const AUTOSAVE_PREFIX = 'spiking-lab/autosave/v1/';
/** The one autosave of earlier versions of the lab: still read, as the oldest, and never written. */
export const LEGACY_AUTOSAVE_KEY = 'spiking-lab/autosave';
export const AUTOSAVES_KEPT = 5;
const AUTOSAVE_DELAY_MS = 300;

export interface StoredAutosave {
  key: string;
  /** ms since 1970; null for the legacy autosave, whose time was not kept. */
  savedAt: number | null;
  /** The document exactly as stored. */
  text: string;
}

export interface UnopenedAutosave extends StoredAutosave {
  /** The loader's reasons, one per field. */
  errors: string[];
}

export interface RestoredExperiment {
  experiment: Experiment;
  source: 'link' | 'autosave' | 'default';
  /** When source is 'autosave': the one opened. */
  opened?: StoredAutosave;
  /** Why the link could not be used (then the autosave or the default was). */
  problem?: string;
  /** Stored autosaves the loader refuses, newest first: reported, and left in storage. */
  unopened: UnopenedAutosave[];
}

/** The stored autosaves, newest first (the legacy one last); a storage that cannot be read has none. */
export function listAutosaves(storage: Storage | null): StoredAutosave[] {
  if (!storage) return [];
  try {
    const found: StoredAutosave[] = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      const stamp = key?.startsWith(AUTOSAVE_PREFIX) ? Number(key.slice(AUTOSAVE_PREFIX.length)) : NaN;
      const text = key === null ? null : storage.getItem(key);
      if (key !== null && text !== null && Number.isSafeInteger(stamp)) found.push({ key, savedAt: stamp, text });
    }
    found.sort((x, y) => (y.savedAt ?? 0) - (x.savedAt ?? 0));
    const legacy = storage.getItem(LEGACY_AUTOSAVE_KEY);
    if (legacy !== null) found.push({ key: LEGACY_AUTOSAVE_KEY, savedAt: null, text: legacy });
    return found;
  } catch {
    return []; // storage disabled (private mode, policy): nothing to restore
  }
}

/** Whether the loader opens a stored autosave; remembered per key, as the lab never rewrites one. */
const openedBefore = new Map<string, { text: string; ok: boolean }>();
function opens(saved: StoredAutosave): boolean {
  const known = openedBefore.get(saved.key);
  if (known?.text === saved.text) return known.ok;
  const ok = parseExperimentJson(saved.text).ok;
  openedBefore.set(saved.key, { text: saved.text, ok });
  return ok;
}

/**
 * Stores `text` (a document the loader opens) as the newest autosave and keeps it and the
 * AUTOSAVES_KEPT - 1 newest others that open; one that does not open is never removed. When the storage
 * is full, the oldest that opens gives way, but never the last one. Returns false when not stored.
 */
export function writeAutosave(storage: Storage, text: string, now = Date.now()): boolean {
  const saved = listAutosaves(storage);
  if (saved[0]?.text === text) return true;
  const good = saved.filter(opens); // newest first
  const key = `${AUTOSAVE_PREFIX}${Math.max(now, (saved[0]?.savedAt ?? 0) + 1)}`;
  for (;;) {
    try {
      storage.setItem(key, text);
      break;
    } catch {
      const oldest = good.length >= 2 ? good.pop() : undefined;
      if (!oldest) return false;
      storage.removeItem(oldest.key);
    }
  }
  let kept = 1;
  for (const s of good) {
    // An older copy of this same document adds nothing.
    if (s.text === text || kept >= AUTOSAVES_KEPT) storage.removeItem(s.key);
    else kept++;
  }
  return true;
}

/**
 * The experiment to open with: a share link in the URL, else the newest autosave that opens, else the
 * default. Autosaves that do not open are listed in `unopened` and left where they are.
 */
export async function restoreExperiment(location: Location, storage: Storage | null): Promise<RestoredExperiment> {
  let problem: string | undefined;
  let linked: Experiment | undefined;
  const code = codeFromHash(location.hash);
  if (code !== null) {
    const decoded = await decodeExperiment(code);
    if (decoded.ok) linked = decoded.experiment;
    else problem = `The shared link could not be opened: ${decoded.errors.slice(0, 5).join('; ')}`;
  }
  const unopened: UnopenedAutosave[] = [];
  let restored: { experiment: Experiment; opened: StoredAutosave } | undefined;
  for (const saved of listAutosaves(storage)) {
    const parsed = parseExperimentJson(saved.text);
    openedBefore.set(saved.key, { text: saved.text, ok: parsed.ok });
    if (!parsed.ok) unopened.push({ ...saved, errors: parsed.errors });
    else restored ??= { experiment: parsed.experiment, opened: saved };
  }
  const rest = { unopened, ...(problem !== undefined && { problem }) };
  if (linked) return { experiment: linked, source: 'link', ...rest };
  if (restored) return { ...restored, source: 'autosave', ...rest };
  return { experiment: defaultExperiment(), source: 'default', ...rest };
}

/**
 * Autosaves `experiment` now, unless the loader would refuse it: then the stored ones stay as they are
 * and the error banner gives the loader's reasons. Returns whether it was stored.
 */
export function autosave(storage: Storage, experiment: Experiment): boolean {
  const lab = useLabStore.getState();
  const text = serializeExperiment(experiment);
  const checked = parseExperimentJson(text);
  if (!checked.ok) {
    lab.showError('autosave', ['This experiment was not autosaved: it would not open again.', ...checked.errors.slice(0, 5)].join('\n'));
    return false;
  }
  let stored: boolean;
  try {
    stored = writeAutosave(storage, text);
  } catch {
    stored = false; // storage disabled (policy)
  }
  if (!stored) {
    lab.showError('autosave', 'This experiment could not be autosaved (the browser storage is full or disabled). Save it as a file to keep it.');
  } else if (lab.lastError?.context === 'autosave') {
    lab.dismissError();
  }
  return stored;
}

/** Saves the store's experiment whenever it changes (debounced). Returns a function that stops it. */
export function startAutosave(storage: Storage | null): () => void {
  if (!storage) return () => undefined;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let saved: Experiment | null = null;
  const save = () => {
    timer = null;
    const { experiment } = useLabStore.getState();
    if (experiment === saved) return;
    saved = experiment;
    autosave(storage, experiment);
  };
  const unsubscribe = useLabStore.subscribe((state, previous) => {
    if (state.experiment === previous.experiment) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(save, AUTOSAVE_DELAY_MS);
  });
  // A tab that is closed or reloaded within the delay still saves.
  const flush = () => {
    if (timer !== null) {
      clearTimeout(timer);
      save();
    }
  };
  window.addEventListener('pagehide', flush);
  return () => {
    unsubscribe();
    window.removeEventListener('pagehide', flush);
  };
}

/** What the start-up notice shows: the autosaves that could not be opened, and what was opened instead. */
export interface AutosaveNoticeState {
  unopened: UnopenedAutosave[];
  openedInstead: RestoredExperiment['source'];
  openedSavedAt: number | null;
  storage: Storage | null;
  dismissed: boolean;
}

export const useAutosaveNotice = create<AutosaveNoticeState>()(() => ({
  unopened: [], openedInstead: 'default', openedSavedAt: null, storage: null, dismissed: false,
}));

/** Hands the start's findings to the notice. */
export function reportUnopenedAutosaves(restored: RestoredExperiment, storage: Storage | null): void {
  useAutosaveNotice.setState({
    unopened: restored.unopened,
    openedInstead: restored.source,
    openedSavedAt: restored.opened?.savedAt ?? null,
    storage,
    dismissed: false,
  });
}

/** The person's choice: delete an unopened autosave from the browser's storage. */
export function deleteUnopenedAutosave(key: string): void {
  const { storage, unopened } = useAutosaveNotice.getState();
  try {
    storage?.removeItem(key);
  } catch {
    return; // storage disabled since the start: the autosave stays listed
  }
  useAutosaveNotice.setState({ unopened: unopened.filter((u) => u.key !== key) });
}
