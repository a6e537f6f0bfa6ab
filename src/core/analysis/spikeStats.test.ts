import { describe, expect, it } from 'vitest';
import { Random } from '../random.ts';
import { SpikeTrainStats, trainStats } from './spikeStats.ts';

const sum = (a: Float64Array): number => a.reduce((s, x) => s + x, 0);
const nonEmptyBins = (a: Float64Array): number[] => Array.from(a.keys()).filter((k) => a[k] > 0);

describe('spike-train measurements', () => {
  it('a regular train: CV 0, one ISI bin, rate 1000 / ISI', () => {
    // 40 spikes every 12.3 ms on a 0.1 ms step grid (times as the engine writes them: k * dt sums).
    const times = Array.from({ length: 40 }, (_, k) => Number((5 + k * 12.3).toFixed(1)));
    const stats = trainStats(times, 50, 1);
    const isi = stats.isi();
    expect(isi.intervals).toBe(39);
    expect(isi.meanMs).toBeCloseTo(12.3, 9);
    expect(isi.cv).toBe(0);
    const hist = stats.isiHistogram();
    expect(nonEmptyBins(hist.counts)).toEqual([12]);
    expect(hist.counts[12]).toBe(39);
    // The train lasts 5 + 39 * 12.3 = 484.7 ms; measured over 500 ms, 40 spikes are 80 Hz.
    expect(stats.meanRate(500)).toBeCloseTo(80, 9);
  });

  it('a seeded Poisson train at 20 Hz has CV 1 within 0.05 and its rate within 5 %', () => {
    const random = new Random(12345, 'poisson-cv');
    const rate = 20 / 1000;
    const times: number[] = [];
    let t = 0;
    for (;;) {
      t += -Math.log(1 - random.uniform()) / rate;
      if (t >= 200_000) break;
      times.push(t);
    }
    const stats = trainStats(times, 100, 5);
    // About 4,000 intervals: the CV's sampling error is about 0.016, so 0.05 is three of them.
    expect(stats.isi().intervals).toBeGreaterThan(3500);
    expect(Math.abs(stats.isi().cv - 1)).toBeLessThan(0.05);
    expect(Math.abs(stats.meanRate(200_000) - 20)).toBeLessThan(1);
    // The ISI histogram falls off as exp(-rate * isi): the first 5 ms bin holds about 1 - e^-0.1 = 9.5 % of the intervals.
    const hist = stats.isiHistogram();
    expect(hist.counts[0] / stats.isi().intervals).toBeGreaterThan(0.08);
    expect(hist.counts[0] / stats.isi().intervals).toBeLessThan(0.11);
  });

  it('PSTH counts sum to the spikes, bin by bin, and the rate is per neuron', () => {
    const neurons = [0, 1, 2, 0, 1, 0, 3];
    const times = [0, 4.9, 5, 12, 19.99, 20, 21];
    // Neurons 0-2: neuron 3 is outside.
    const stats = new SpikeTrainStats(0, 3, 5, 1);
    stats.add(neurons, times);
    const psth = stats.psth(25);
    expect(Array.from(psth.counts)).toEqual([2, 1, 1, 1, 1]);
    expect(sum(psth.counts)).toBe(6);
    expect(stats.spikes).toBe(6);
    // 2 spikes among 3 neurons in 5 ms: 133.3 Hz per neuron.
    expect(stats.psthRate(25).counts[0]).toBeCloseTo(2000 / 15, 9);
  });

  it('pools each neuron\u2019s own intervals for a population', () => {
    // Neuron 0 every 10 ms, neuron 1 every 30 ms: interleaved, their ISIs are 10 and 30, never the gaps between them.
    const neurons: number[] = [];
    const times: number[] = [];
    for (let t = 0; t <= 90; t += 10) {
      neurons.push(0);
      times.push(t);
      if (t % 30 === 0) {
        neurons.push(1);
        times.push(t + 1);
      }
    }
    const stats = new SpikeTrainStats(0, 2, 10, 1);
    stats.add(neurons, times);
    const hist = stats.isiHistogram();
    expect(nonEmptyBins(hist.counts)).toEqual([10, 30]);
    expect(hist.counts[10]).toBe(9);
    expect(hist.counts[30]).toBe(3);
    // Mean (9 * 10 + 3 * 30) / 12 = 15; sd sqrt((9 * 25 + 3 * 225) / 12) = 8.66.
    expect(stats.isi().meanMs).toBeCloseTo(15, 9);
    expect(stats.isi().cv).toBeCloseTo(Math.sqrt(75) / 15, 9);
  });

  it('takes spikes a piece at a time with the same result', () => {
    const neurons = [0, 0, 0, 0, 0];
    const times = [1, 3, 8, 9, 30];
    const whole = new SpikeTrainStats(0, 1, 5, 1);
    whole.add(neurons, times);
    const pieces = new SpikeTrainStats(0, 1, 5, 1);
    pieces.add(neurons, times, 0, 2);
    pieces.add(neurons, times, 2, 5);
    expect(pieces.isi()).toEqual(whole.isi());
    expect(Array.from(pieces.psth(31).counts)).toEqual(Array.from(whole.psth(31).counts));
    expect(Array.from(pieces.isiHistogram().counts)).toEqual(Array.from(whole.isiHistogram().counts));
  });

  it('no spikes or one spike: no intervals, CV undefined, and the PSTH still spans the record', () => {
    const none = trainStats([], 10, 1);
    expect(none.isi()).toEqual({ intervals: 0, meanMs: Number.NaN, sdMs: Number.NaN, cv: Number.NaN });
    expect(none.meanRate(1000)).toBe(0);
    expect(Array.from(none.psth(30).counts)).toEqual([0, 0, 0]);
    expect(none.isiHistogram().counts.length).toBe(0);

    const one = trainStats([12], 10, 1);
    expect(one.isi().intervals).toBe(0);
    expect(Number.isNaN(one.isi().cv)).toBe(true);
    expect(one.meanRate(1000)).toBe(1);
    expect(Array.from(one.psth(30).counts)).toEqual([0, 1, 0]);
    // Nothing measured yet: no rate rather than a division by zero.
    expect(one.meanRate(0)).toBe(0);
  });

  it('refuses bins that are not positive', () => {
    expect(() => new SpikeTrainStats(0, 1, 0, 1)).toThrow(RangeError);
    expect(() => new SpikeTrainStats(0, 1, 1, Number.NaN)).toThrow(RangeError);
  });
});
