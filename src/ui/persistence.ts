/**
 * Keeping work: the experiment is saved to localStorage once the Worker has built it after a change,
 * and restored on the next start (a reload or a crashed tab); a share link (#experiment=...) takes
 * precedence over it.
 *
 * The last AUTOSAVES_KEPT distinct documents are kept, newest first, each under its own key, and only
 * documents the loader opens are written. A write is atomic: the document goes under a new key, then
 * the index (AUTOSAVE_INDEX_KEY) switches to it; the index names the last good (built) one. A stored
 * one that cannot be opened (damaged, or refused by this version, e.g. saved by a newer one) is never
 * overwritten or deleted by the lab: the start says so and offers it as a download, and it stays until
 * the person deletes it. One the index does not know as built is opened on trial (autosaveTrial.ts).
 */
import { create } from 'zustand';
import { defaultExperiment } from '../core/experiment/examples.ts';
import type { Experiment } from '../core/experiment/types.ts';
import { parseExperimentJson, serializeExperiment } from '../core/experiment/validate.ts';
import { codeFromHash, decodeExperiment } from '../core/io/shareLink.ts';
import { replacesWork } from './sharedLink.ts';
import { useLabStore } from './store.ts';

/** Autosaves are `${AUTOSAVE_PREFIX}${saved at, ms since 1970}`; the version names this layout. */
export const AUTOSAVE_PREFIX = 'spiking-lab/autosave/v1/';
/** The one autosave of earlier versions of the lab: still read, as the oldest, and never written. */
export const LEGACY_AUTOSAVE_KEY = 'spiking-lab/autosave';
export const AUTOSAVES_KEPT = 5;
/** Which autosaves this lab has seen built, the last good one, and the one on trial. */
export const AUTOSAVE_INDEX_KEY = 'spiking-lab/autosave-index/v1';
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

/** What is opened when an autosave on trial does not build: the last good autosave, or the default. */
export interface FallbackExperiment {
  experiment: Experiment;
  /** The autosave, or none (the default experiment). */
  opened: StoredAutosave | null;
}

export interface RestoredExperiment {
  experiment: Experiment;
  source: 'link' | 'autosave' | 'default';
  /** When source is 'autosave': the one opened. */
  opened?: StoredAutosave;
  /** When the opened autosave was never seen built: what to open if it does not build. */
  fallback?: FallbackExperiment;
  /** Why the link could not be used (then the autosave or the default was). */
  problem?: string;
  /** Stored autosaves the loader refuses or that did not build, newest first: reported, and left in storage. */
  unopened: UnopenedAutosave[];
  /**
   * A link's experiment that would replace the person's work (the newest autosave): the work opens,
   * and the person is asked before the link replaces it.
   */
  linkToConfirm?: Experiment;
}

/** The index: which autosaves were built, the last good one, the one on trial and those set aside. */
export interface AutosaveIndex {
  /** The last good autosave: the newest one the Worker built. */
  current: string | null;
  built: string[];
  /** Autosaves opened on trial that did not build (or whose start never finished): kept, never opened at start. */
  unbuilt: string[];
  /** The autosave being opened on trial now; still here at the next start means that start never finished. */
  trying: string | null;
}

const EMPTY_INDEX: AutosaveIndex = { current: null, built: [], unbuilt: [], trying: null };

const keyList = (x: unknown): string[] => (Array.isArray(x) ? x.filter((k): k is string => typeof k === 'string') : []);

/** The stored index; one that is missing or cannot be read counts as empty (it holds no work, only keys). */
export function readAutosaveIndex(storage: Storage): AutosaveIndex {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage.getItem(AUTOSAVE_INDEX_KEY) ?? 'null');
  } catch {
    return EMPTY_INDEX;
  }
  if (typeof parsed !== 'object' || parsed === null) return EMPTY_INDEX;
  const record = new Map<string, unknown>(Object.entries(parsed));
  const current = record.get('current');
  const trying = record.get('trying');
  return {
    current: typeof current === 'string' ? current : null,
    built: keyList(record.get('built')),
    unbuilt: keyList(record.get('unbuilt')),
    trying: typeof trying === 'string' ? trying : null,
  };
}

/** Stores the index, keeping only keys still in storage; false when the storage refuses it. */
export function writeAutosaveIndex(storage: Storage, index: AutosaveIndex): boolean {
  const present = (k: string) => storage.getItem(k) !== null;
  const kept: AutosaveIndex = {
    current: index.current !== null && present(index.current) ? index.current : null,
    built: [...new Set(index.built)].filter(present),
    unbuilt: [...new Set(index.unbuilt)].filter(present),
    trying: index.trying,
  };
  try {
    storage.setItem(AUTOSAVE_INDEX_KEY, JSON.stringify(kept));
    return true;
  } catch {
    return false;
  }
}

/** Changes the index (read, change, write); false when it could not be stored. */
export function updateAutosaveIndex(storage: Storage, change: (index: AutosaveIndex) => Partial<AutosaveIndex>): boolean {
  try {
    const index = readAutosaveIndex(storage);
    return writeAutosaveIndex(storage, { ...index, ...change(index) });
  } catch {
    return false; // storage disabled since the start
  }
}

/** Why an autosave on trial was set aside, as the start-up notice lists it. */
export const UNBUILT_REASON = 'it did not finish building when the lab last opened it';

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

/** What became of an autosave: stored, or not, because the storage is full or refuses writes. */
export type AutosaveOutcome = 'stored' | 'full' | 'unavailable';

function isQuotaError(err: unknown): boolean {
  return err instanceof DOMException && (err.name === 'QuotaExceededError' || err.name === 'NS_ERROR_DOM_QUOTA_REACHED');
}

/**
 * Stores `text` (a document the loader opens and the Worker has built) as the newest autosave, then
 * switches the index to it, and keeps it and the AUTOSAVES_KEPT - 1 newest others that open. One that
 * does not open, or is set aside as unbuilt, is never removed. When the storage is full, the oldest
 * that opens give way, but never the last good one; if the new one still does not fit, they are put
 * back, nothing changes and the result says why.
 */
export function writeAutosave(storage: Storage, text: string, now = Date.now()): AutosaveOutcome {
  const saved = listAutosaves(storage);
  const index = readAutosaveIndex(storage);
  const setAside = new Set(index.unbuilt);
  // Newest first; only these may give way (to the ring or to a full storage).
  const good = saved.filter((s) => !setAside.has(s.key) && opens(s));
  if (saved[0]?.text === text && !setAside.has(saved[0].key)) {
    const newest = saved[0].key;
    if (index.current !== newest || !index.built.includes(newest)) {
      writeAutosaveIndex(storage, { ...index, current: newest, built: [...index.built, newest] });
    }
    return 'stored';
  }
  const key = `${AUTOSAVE_PREFIX}${Math.max(now, (saved[0]?.savedAt ?? 0) + 1)}`;
  /** Autosaves dropped to make room: put back if the new one does not fit after all. */
  const dropped: StoredAutosave[] = [];
  /** Stores one item, making room by dropping the oldest good autosaves (never the last good one). */
  const store = (itemKey: string, value: string): AutosaveOutcome => {
    for (;;) {
      try {
        storage.setItem(itemKey, value);
        return 'stored';
      } catch (err) {
        if (!isQuotaError(err)) return 'unavailable';
        const oldest = good.length >= 2 ? good.pop() : undefined;
        if (!oldest) return 'full';
        storage.removeItem(oldest.key);
        dropped.push(oldest);
      }
    }
  };
  /** Nothing is lost by a write that fails: the new document goes, the dropped ones come back. */
  const undo = (outcome: AutosaveOutcome): AutosaveOutcome => {
    storage.removeItem(key);
    for (const s of dropped.reverse()) {
      try {
        storage.setItem(s.key, s.text);
      } catch {
        // Their room was freed by removing them just now, so this fails only if another tab took it.
      }
    }
    return outcome;
  };
  const written = store(key, text);
  if (written !== 'stored') return undo(written);
  // The switch: until the index names the new document, the last good one stays the one opened.
  const switched = { ...index, current: key, built: [...index.built, key] };
  const pointed = store(AUTOSAVE_INDEX_KEY, JSON.stringify(switched));
  if (pointed !== 'stored') return undo(pointed);
  let kept = 1;
  for (const s of good) {
    // An older copy of this same document adds nothing.
    if (s.text === text || kept >= AUTOSAVES_KEPT) storage.removeItem(s.key);
    else kept++;
  }
  writeAutosaveIndex(storage, switched); // drops the keys just removed
  return 'stored';
}

/**
 * The experiment to open with: a share link in the URL (unless it would replace the person's work:
 * then that opens and the link waits for an answer), else the newest autosave that opens, else the
 * default. Autosaves that do not open are listed in `unopened` and left where they are. An autosave the
 * index does not know as built comes with a `fallback` (the last good one); one whose trial never
 * finished (the index still names it as trying) is set aside as unbuilt and the next one is opened.
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
  const index = storage ? safeIndex(storage) : EMPTY_INDEX;
  const unbuilt = new Set(index.unbuilt);
  const unfinished = index.trying;
  if (storage && unfinished !== null) {
    // The last start opened this one on trial and never saw it built (the tab closed, froze or crashed).
    unbuilt.add(unfinished);
    updateAutosaveIndex(storage, (i) => ({ unbuilt: [...i.unbuilt, unfinished], trying: null }));
  }
  const unopened: UnopenedAutosave[] = [];
  const opening: { experiment: Experiment; opened: StoredAutosave }[] = [];
  for (const saved of listAutosaves(storage)) {
    const parsed = parseExperimentJson(saved.text);
    openedBefore.set(saved.key, { text: saved.text, ok: parsed.ok });
    if (!parsed.ok) unopened.push({ ...saved, errors: parsed.errors });
    else if (unbuilt.has(saved.key)) unopened.push({ ...saved, errors: [UNBUILT_REASON] });
    else opening.push({ experiment: parsed.experiment, opened: saved });
  }
  unopened.sort((x, y) => (y.savedAt ?? 0) - (x.savedAt ?? 0));
  const rest = { unopened, ...(problem !== undefined && { problem }) };
  const [restored] = opening;
  if (linked && !(restored && replacesWork(restored.experiment, linked))) return { experiment: linked, source: 'link', ...rest };
  const link = linked && { linkToConfirm: linked };
  if (!restored) return { experiment: defaultExperiment(), source: 'default', ...rest };
  if (index.built.includes(restored.opened.key)) return { ...restored, source: 'autosave', ...rest, ...link };
  const lastGood = opening.find((o) => o.opened.key === index.current) ?? opening[1];
  const fallback: FallbackExperiment = lastGood ?? { experiment: defaultExperiment(), opened: null };
  return { ...restored, source: 'autosave', fallback, ...rest, ...link };
}

function safeIndex(storage: Storage): AutosaveIndex {
  try {
    return readAutosaveIndex(storage);
  } catch {
    return EMPTY_INDEX; // storage disabled (policy)
  }
}

/**
 * Autosaves `experiment` (built by the Worker) now, unless the loader would refuse it: then the stored
 * ones stay as they are and the error banner gives the loader's reasons. When the storage is full or
 * refuses, the banner says so (the stored ones stay). Returns whether it was stored.
 */
export function autosave(storage: Storage, experiment: Experiment): boolean {
  const lab = useLabStore.getState();
  const text = serializeExperiment(experiment);
  const checked = parseExperimentJson(text);
  if (!checked.ok) {
    lab.showError('autosave', ['This experiment was not autosaved: it would not open again.', ...checked.errors.slice(0, 5)].join('\n'));
    return false;
  }
  let outcome: AutosaveOutcome;
  try {
    outcome = writeAutosave(storage, text);
  } catch {
    outcome = 'unavailable'; // storage disabled (policy)
  }
  if (outcome !== 'stored') lab.showError('autosave', AUTOSAVE_FAILED[outcome]);
  else if (lab.lastError?.context === 'autosave') lab.dismissError();
  return outcome === 'stored';
}

export const AUTOSAVE_FAILED: Record<Exclude<AutosaveOutcome, 'stored'>, string> = {
  full: 'This experiment could not be autosaved: the browser\'s storage for this site is full. Your work is still open here; use Save to keep it as a file.',
  unavailable: 'This experiment could not be autosaved: the browser refuses to store it (storage disabled). Your work is still open here; use Save to keep it as a file.',
};

/** Whether the store's experiment is the one the Worker has built (with live edits, which need no build). */
export function experimentBuilt(state: { network: unknown; loadsInFlight: number }): boolean {
  return state.network !== null && state.loadsInFlight === 0;
}

/**
 * Saves the store's experiment whenever it changes and the Worker has built it (debounced): one that
 * never builds (too large, refused by the Worker) is never stored, so a reload cannot start it again.
 * Returns a function that stops it.
 */
export function startAutosave(storage: Storage | null): () => void {
  if (!storage) return () => undefined;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let saved: Experiment | null = null;
  const save = () => {
    timer = null;
    const state = useLabStore.getState();
    if (!experimentBuilt(state) || state.experiment === saved) return;
    saved = state.experiment;
    autosave(storage, state.experiment);
  };
  const unsubscribe = useLabStore.subscribe((state, previous) => {
    const changed = state.experiment !== previous.experiment || experimentBuilt(state) !== experimentBuilt(previous);
    if (!changed || !experimentBuilt(state)) return;
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
  if (storage) updateAutosaveIndex(storage, () => ({}));
  useAutosaveNotice.setState({ unopened: unopened.filter((u) => u.key !== key) });
}
