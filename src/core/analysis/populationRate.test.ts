import { describe, expect, it } from 'vitest';
import { PopulationRate } from './populationRate.ts';

describe('PopulationRate', () => {
  it('counts spikes in 1 ms bins in Hz per neuron and keeps the bin in progress for the next call', () => {
    const rate = new PopulationRate(10, 1, 100);
    // dt 0.25: after 2.5 ms, bins 0 and 1 are complete; bin 2 is half run.
    rate.add([0, 0.75, 1, 1.25, 2, 2.25], 2.5);
    expect(Array.from(rate.rates())).toEqual([200, 200]);
    rate.add([2.5, 3.75], 4);
    // 3 spikes in bin 2 and 1 in bin 3 among 10 neurons in 1 ms: 300 and 100 Hz per neuron.
    expect(Array.from(rate.rates())).toEqual([200, 200, 300, 100]);
    expect(rate.endMs).toBe(4);
  });

  it('keeps only the window, zeroing bins that time passed without spikes', () => {
    const rate = new PopulationRate(1, 2, 4);
    rate.add([1], 2);
    rate.add([], 10);
    // Bins of 2 ms: [0,2) had the spike, then four empty bins; the window shows the last four.
    expect(Array.from(rate.rates())).toEqual([0, 0, 0, 0]);
    rate.add([10.5, 11, 13], 14);
    expect(Array.from(rate.rates())).toEqual([0, 0, 1000, 500]);
    expect(rate.length).toBe(4);
  });

  it('starts over at clear and counts nothing before its start', () => {
    const rate = new PopulationRate(2, 1, 10, 5);
    rate.add([3, 5, 6], 7);
    expect(Array.from(rate.rates())).toEqual([500, 500]);
    rate.clear();
    expect(rate.length).toBe(0);
    rate.add([0], 1);
    expect(Array.from(rate.rates())).toEqual([500]);
  });
});
