import { readPickedFile, readSpikesFile } from '../files.ts';
import { usePanelLayout } from '../network/panelLayout.ts';
import { useSweepStore } from '../sweeps/sweepStore.ts';
import { useCompareStore } from './compareStore.ts';

/**
 * Reads a picked spikes CSV into the Compare tab; a file that cannot be read leaves the comparison
 * shown before it and puts the message in the tab. True when it was read.
 */
export async function openOtherRun(file: File): Promise<boolean> {
  const store = useCompareStore.getState();
  const bytes = await readPickedFile(file);
  const result = bytes.ok ? readSpikesFile(bytes.value, file.name) : bytes;
  if (!result.ok) {
    store.setError(result.message);
    return false;
  }
  store.setOther(file.name, result.value);
  return true;
}

/** Opens the Compare tab over the plots. */
export function showCompareTab(): void {
  useSweepStore.getState().setTopTab('compare');
  usePanelLayout.getState().setOpen(true);
}
