import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { fft, spectralPeak, welchSpectrum } from './spectrum.ts';

const sine = (n: number, rateHz: number, freqHz: number, amplitude: number, offset = 0) =>
  Float64Array.from({ length: n }, (_, i) => offset + amplitude * Math.sin((2 * Math.PI * freqHz * i) / rateHz));

describe('fft', () => {
  it('matches the DFT of a cosine: N/2 at +-k, zero elsewhere', () => {
    const n = 64;
    const re = Float64Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * 5 * i) / n));
    const im = new Float64Array(n);
    fft(re, im);
    for (let k = 0; k < n; k++) {
      expect(re[k]).toBeCloseTo(k === 5 || k === n - 5 ? n / 2 : 0, 9);
      expect(im[k]).toBeCloseTo(0, 9);
    }
  });

  it('matches a direct DFT of an arbitrary signal and keeps Parseval: sum |x|^2 = sum |X|^2 / N', () => {
    const n = 32;
    const random = new Random(7, 'fft');
    const x = Float64Array.from({ length: n }, () => random.uniform() - 0.5);
    const re = Float64Array.from(x);
    const im = new Float64Array(n);
    fft(re, im);
    for (const k of [0, 1, 7, 16, 31]) {
      let dr = 0;
      let di = 0;
      for (let t = 0; t < n; t++) {
        dr += x[t] * Math.cos((-2 * Math.PI * k * t) / n);
        di += x[t] * Math.sin((-2 * Math.PI * k * t) / n);
      }
      expect(re[k]).toBeCloseTo(dr, 10);
      expect(im[k]).toBeCloseTo(di, 10);
    }
    const timeEnergy = x.reduce((s, v) => s + v * v, 0);
    const freqEnergy = re.reduce((s, v, k) => s + v * v + im[k] * im[k], 0) / n;
    expect(freqEnergy).toBeCloseTo(timeEnergy, 10);
  });

  it('refuses a length that is not a power of two', () => {
    expect(() => fft(new Float64Array(12), new Float64Array(12))).toThrow(/power of two/);
  });
});

describe('welchSpectrum', () => {
  it('puts a sine\'s peak at its frequency, also between bins, and ignores the mean', () => {
    for (const freq of [10, 40, 37.3]) {
      const spectrum = welchSpectrum(sine(2048, 1000, freq, 3, 50), 1000, 512);
      expect(spectrum?.segments).toBe(7);
      expect(spectrum?.df).toBeCloseTo(1000 / 512, 12);
      const peak = spectrum ? spectralPeak(spectrum, 1, 200) : null;
      expect(Math.abs((peak?.frequency ?? 0) - freq)).toBeLessThan(0.15);
    }
  });

  it('keeps Parseval: the density integrates to the variance (A^2 / 2 for a sine on a bin; sigma^2 for white noise)', () => {
    const s = welchSpectrum(sine(4096, 1000, 31.25, 2, 7), 1000, 256);
    const total = s ? s.power.reduce((a, b) => a + b, 0) * s.df : 0;
    expect(total).toBeCloseTo(2, 9);

    const random = new Random(3, 'noise');
    const noise = Float64Array.from({ length: 1 << 15 }, () => 1.5 * random.normal());
    const w = welchSpectrum(noise, 1000, 512);
    const noisePower = w ? w.power.reduce((a, b) => a + b, 0) * w.df : 0;
    expect(noisePower).toBeGreaterThan(1.5 * 1.5 * 0.95);
    expect(noisePower).toBeLessThan(1.5 * 1.5 * 1.05);
    // White: flat at sigma^2 / (rate / 2) per Hz, one-sided.
    const mid = w ? w.power.slice(10, 240).reduce((a, b) => a + b, 0) / 230 : 0;
    expect(mid / ((1.5 * 1.5) / 500)).toBeGreaterThan(0.9);
    expect(mid / ((1.5 * 1.5) / 500)).toBeLessThan(1.1);
  });

  it('is null for a signal shorter than one segment', () => {
    expect(welchSpectrum(new Float64Array(100), 1000, 128)).toBeNull();
  });
});

describe('spectralPeak', () => {
  it('finds the largest bin within the range only', () => {
    const power = Float64Array.from([0, 9, 1, 2, 5, 2, 1]);
    expect(spectralPeak({ df: 2, power }, 4, 12)?.frequency).toBeCloseTo(8, 9);
    expect(spectralPeak({ df: 2, power }, 0, 3)?.frequency).toBeLessThan(3);
    expect(spectralPeak({ df: 2, power }, 13, 20)).toBeNull();
  });
});
