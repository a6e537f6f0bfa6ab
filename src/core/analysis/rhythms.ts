import { spectralPeak, welchSpectrum, type PowerSpectrum } from './spectrum.ts';

/** The bands the rhythm plot shades, Hz (the usual EEG limits). */
export const ALPHA_BAND: readonly [number, number] = [8, 13];
export const GAMMA_BAND: readonly [number, number] = [30, 80];
/** Below this the spectrum holds the rate's slow drift rather than a rhythm. */
const LOWEST_RHYTHM_HZ = 4;
/** Welch segment of the rate, ms: 512 ms resolves 2 Hz, and a 2 s window averages 7 half-overlapping segments. */
const SEGMENT_MS = 512;

export interface Rhythms {
  spectrum: PowerSpectrum;
  /** The strongest rhythm from 4 Hz up to the Nyquist frequency. */
  peak: { frequency: number; power: number };
  /** The strongest frequency within the gamma band. */
  gamma: { frequency: number; power: number } | null;
}

/**
 * The power spectrum of a population rate (Hz per neuron, bins of `binMs`) by Welch's method, and its
 * peaks. Null while the rate is shorter than one segment.
 */
export function rhythmsOf(rates: ArrayLike<number>, binMs: number): Rhythms | null {
  const segment = 2 ** Math.round(Math.log2(SEGMENT_MS / binMs));
  const spectrum = welchSpectrum(rates, 1000 / binMs, segment);
  if (!spectrum) return null;
  const peak = spectralPeak(spectrum, LOWEST_RHYTHM_HZ, Number.POSITIVE_INFINITY);
  if (!peak) return null;
  return { spectrum, peak, gamma: spectralPeak(spectrum, GAMMA_BAND[0], GAMMA_BAND[1]) };
}
