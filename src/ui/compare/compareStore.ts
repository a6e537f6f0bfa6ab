/**
 * The other run the Compare tab shows beside the lab's: kept outside the panel so switching tabs
 * (which unmounts it) keeps the file, and so "Run on NEURON" can open NEURON's spikes.csv into it.
 */
import { create } from 'zustand';
import type { SpikeTrains } from '../../core/io/spikesCsv.ts';

/** How far apart two spikes of a neuron may be and still be the same spike, in steps of dt. */
export type ToleranceSteps = 0 | 1 | 2;
export const TOLERANCE_STEPS: readonly ToleranceSteps[] = [0, 1, 2];

export interface OtherRun {
  fileName: string;
  spikes: SpikeTrains;
  /** Latest spike time in the file, ms (0 for a file without spikes). */
  lastSpike: number;
}

export interface CompareState {
  other: OtherRun | null;
  toleranceSteps: ToleranceSteps;
  /** Why the latest file could not be opened (the comparison shown before it stays), or null. */
  error: string | null;
  setOther(fileName: string, spikes: SpikeTrains): void;
  clear(): void;
  setError(message: string): void;
  setToleranceSteps(steps: ToleranceSteps): void;
}

export const useCompareStore = create<CompareState>()((set) => ({
  other: null,
  toleranceSteps: 0,
  error: null,
  setOther: (fileName, spikes) => {
    let lastSpike = 0;
    for (let k = 0; k < spikes.length; k++) if (spikes.times[k] > lastSpike) lastSpike = spikes.times[k];
    set({ other: { fileName, spikes, lastSpike }, error: null });
  },
  clear: () => set({ other: null, error: null }),
  setError: (error) => set({ error }),
  setToleranceSteps: (toleranceSteps) => set({ toleranceSteps }),
}));
