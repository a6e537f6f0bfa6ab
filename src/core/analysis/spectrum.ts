/**
 * Power spectra of sampled signals (the population rate's rhythms): an in-place radix-2 FFT and
 * Welch's averaged, Hann-windowed periodogram. Pure functions over typed arrays.
 */

/** In-place discrete Fourier transform X_k = sum_n x_n e^(-2 pi i k n / N); N must be a power of two. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (im.length !== n) throw new Error(`fft: real and imaginary parts differ in length (${n} and ${im.length})`);
  if (n === 0 || (n & (n - 1)) !== 0) throw new Error(`fft: the length must be a power of two, got ${n}`);
  // Bit-reversal permutation, then butterflies of doubling size.
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]; re[i] = re[j]; re[j] = t;
      t = im[i]; im[i] = im[j]; im[j] = t;
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const angle = (-2 * Math.PI) / size;
    for (let k = 0; k < half; k++) {
      const wr = Math.cos(angle * k);
      const wi = Math.sin(angle * k);
      for (let start = k; start < n; start += size) {
        const odd = start + half;
        const tr = wr * re[odd] - wi * im[odd];
        const ti = wr * im[odd] + wi * re[odd];
        re[odd] = re[start] - tr;
        im[odd] = im[start] - ti;
        re[start] += tr;
        im[start] += ti;
      }
    }
  }
}

export interface PowerSpectrum {
  /** Frequency step between bins, Hz; bin k is at k * df, from 0 to the Nyquist frequency. */
  df: number;
  /**
   * One-sided power spectral density, (signal unit)^2 per Hz: its sum times df is the variance of the
   * signal (the mean is removed first), so a sine of amplitude A puts A^2 / 2 under its peak.
   */
  power: Float64Array;
  /** Segments averaged. */
  segments: number;
}

/**
 * Welch's method: the mean-removed signal is cut into segments of `segmentLength` samples (a power of
 * two) overlapping by half, each multiplied by a Hann window, and their periodograms averaged. Longer
 * segments resolve finer frequencies (df = rate / segmentLength); more segments give a steadier estimate.
 * Returns null when the signal is shorter than one segment.
 */
export function welchSpectrum(signal: ArrayLike<number>, sampleRateHz: number, segmentLength: number): PowerSpectrum | null {
  const n = signal.length;
  if (n < segmentLength) return null;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += signal[i];
  mean /= n;

  const window = new Float64Array(segmentLength);
  let windowPower = 0;
  for (let i = 0; i < segmentLength; i++) {
    // The periodic Hann window, which tiles exactly at half overlap.
    window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / segmentLength);
    windowPower += window[i] * window[i];
  }
  const hop = segmentLength >> 1;
  const bins = (segmentLength >> 1) + 1;
  const power = new Float64Array(bins);
  const re = new Float64Array(segmentLength);
  const im = new Float64Array(segmentLength);
  let segments = 0;
  for (let start = 0; start + segmentLength <= n; start += hop) {
    for (let i = 0; i < segmentLength; i++) {
      re[i] = (signal[start + i] - mean) * window[i];
      im[i] = 0;
    }
    fft(re, im);
    for (let k = 0; k < bins; k++) power[k] += re[k] * re[k] + im[k] * im[k];
    segments++;
  }
  // Density scaling: divide by the rate and the window's power; double every bin that has a mirror.
  const scale = 1 / (sampleRateHz * windowPower * segments);
  for (let k = 0; k < bins; k++) {
    const mirrored = k > 0 && k < bins - 1;
    power[k] *= mirrored ? 2 * scale : scale;
  }
  return { df: sampleRateHz / segmentLength, power, segments };
}

/**
 * The bin of greatest power with frequency in [fromHz, toHz], refined by a parabola through it and
 * its neighbours (so a peak between two bins is placed between them). Null when the range holds no bin.
 */
export function spectralPeak(spectrum: { df: number; power: ArrayLike<number> }, fromHz: number, toHz: number): { frequency: number; power: number } | null {
  const { df, power } = spectrum;
  const first = Math.max(0, Math.ceil(fromHz / df - 1e-9));
  const last = Math.min(power.length - 1, Math.floor(toHz / df + 1e-9));
  if (last < first) return null;
  let best = first;
  for (let k = first + 1; k <= last; k++) if (power[k] > power[best]) best = k;
  let offset = 0;
  if (best > 0 && best < power.length - 1) {
    const left = power[best - 1];
    const right = power[best + 1];
    const curvature = left - 2 * power[best] + right;
    if (curvature < 0) offset = Math.max(-0.5, Math.min(0.5, (0.5 * (left - right)) / curvature));
  }
  return { frequency: (best + offset) * df, power: power[best] };
}
