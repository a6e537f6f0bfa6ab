/**
 * Keeping work: the experiment is saved to localStorage after every change, and restored on the next
 * start (a reload or a crashed tab); a share link (#experiment=...) takes precedence over it.
 */
import { defaultExperiment } from '../core/experiment/examples.ts';
import type { Experiment } from '../core/experiment/types.ts';
import { parseExperimentJson, serializeExperiment } from '../core/experiment/validate.ts';
import { codeFromHash, decodeExperiment } from '../core/io/shareLink.ts';
import { useLabStore } from './store.ts';

export const AUTOSAVE_KEY = 'spiking-lab/autosave';
const AUTOSAVE_DELAY_MS = 300;

export interface RestoredExperiment {
  experiment: Experiment;
  source: 'link' | 'autosave' | 'default';
  /** Why a link or the autosave could not be used (then the next source was). */
  problem?: string;
}

/** The experiment to open with: a share link in the URL, else the autosave, else the default. */
export async function restoreExperiment(location: Location, storage: Storage | null): Promise<RestoredExperiment> {
  const problems: string[] = [];
  const code = codeFromHash(location.hash);
  if (code !== null) {
    const decoded = await decodeExperiment(code);
    if (decoded.ok) return { experiment: decoded.experiment, source: 'link' };
    problems.push(`The shared link could not be opened: ${decoded.errors.slice(0, 5).join('; ')}`);
  }
  const saved = readAutosave(storage);
  if (saved) {
    const parsed = parseExperimentJson(saved);
    if (parsed.ok) return { experiment: parsed.experiment, source: 'autosave', ...(problems.length ? { problem: problems.join('\n') } : {}) };
    problems.push(`The autosaved experiment could not be restored: ${parsed.errors.slice(0, 5).join('; ')}`);
  }
  return { experiment: defaultExperiment(), source: 'default', ...(problems.length ? { problem: problems.join('\n') } : {}) };
}

function readAutosave(storage: Storage | null): string | null {
  try {
    return storage?.getItem(AUTOSAVE_KEY) ?? null;
  } catch {
    return null; // storage disabled (private mode, policy): nothing to restore
  }
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
    try {
      storage.setItem(AUTOSAVE_KEY, serializeExperiment(experiment));
    } catch {
      useLabStore.getState().showError('autosave', 'This experiment could not be autosaved (the browser storage is full or disabled). Save it as a file to keep it.');
    }
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
