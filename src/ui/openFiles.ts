import { create } from 'zustand';
import { readPickedFile } from './files.ts';
import { readOpenedFiles } from './neuromlFiles.ts';
import { useLabStore } from './store.ts';

/** What the last NeuroML import left out, shown until dismissed or until another file opens. */
export const useImportNotice = create<{ notice: { names: string; skipped: string[] } | null; dismiss(): void }>((set) => ({
  notice: null,
  dismiss: () => set({ notice: null }),
}));

/**
 * Opens picked or dropped files (an experiment JSON, or NeuroML files) through the validator and loads
 * the experiment, recorded for undo (Undo brings back what was open); on any problem the current experiment and its run
 * stay as they are and the error banner says what is wrong.
 */
export async function openFiles(files: readonly File[]): Promise<void> {
  const store = useLabStore.getState();
  const read: { bytes: Uint8Array; name: string }[] = [];
  for (const file of files) {
    const bytes = await readPickedFile(file);
    if (!bytes.ok) {
      store.showError('open', bytes.message);
      return;
    }
    read.push({ bytes: bytes.value, name: file.name });
  }
  const result = readOpenedFiles(read);
  if (!result.ok) {
    store.showError('open', result.message);
    return;
  }
  if (useLabStore.getState().pendingExperiment) {
    store.showError('open', `Could not open ${result.value.names}: another experiment is still loading; try again in a moment.`);
    return;
  }
  const current = useLabStore.getState().lastError;
  if (current && (current.context === 'open' || current.context === 'load')) store.dismissError();
  const { skipped, names } = result.value;
  useImportNotice.setState({ notice: skipped.length > 0 ? { names, skipped } : null });
  store.loadExperiment(result.value.experiment, `open ${names}`);
}
