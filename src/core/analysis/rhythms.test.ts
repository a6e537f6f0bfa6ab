import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../engine/compile.ts';
import { Simulation } from '../engine/simulation.ts';
import { izhikevich2003Network } from '../experiment/examples.ts';
import { PopulationRate } from './populationRate.ts';
import { rhythmsOf } from './rhythms.ts';

/** Mean spectral density over [from, to] Hz. */
function bandPower(spectrum: { df: number; power: Float64Array }, from: number, to: number): number {
  let sum = 0;
  let bins = 0;
  spectrum.power.forEach((p, k) => {
    if (k * spectrum.df >= from && k * spectrum.df <= to) {
      sum += p;
      bins++;
    }
  });
  return sum / bins;
}

describe('rhythms of the 2003 network (1,000 neurons, 9 s after a 1 s transient)', () => {
  // Measured over seeds 1-6 (polar-stream draws): the strongest rhythm at 7.8-8.1 Hz (the paper's "alpha
  // ~10 Hz"), and a broad gamma hump whose top lies at 27-37 Hz, 10-12x the power at 60-100 Hz, with a
  // trough at 12-16 Hz between. Over seeds 1-14 the 28-40 Hz power is 1.5-3.2x the trough with the
  // polar-stream draws and 1.33-3.8x with the counter-ziggurat draws (seed 2: 1.39), 9.5-13x the 60-100 Hz
  // power with both: the ratio varies with the seed more than with the draws.
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: the strongest rhythm is alpha-range (~8 Hz), with a second peak in the gamma band`, () => {
      const experiment = izhikevich2003Network();
      experiment.simulation.seed = seed;
      const sim = new Simulation(compileExperiment(experiment));
      sim.run(1000);
      sim.spikes.drain();
      const rate = new PopulationRate(1000, 1, 9000, sim.time);
      sim.run(9000);
      rate.add(sim.spikes.drain().times, sim.time);
      const rhythms = rhythmsOf(rate.rates(), 1);
      if (!rhythms) throw new Error('no spectrum');
      const { spectrum, peak, gamma } = rhythms;
      expect(peak.frequency).toBeGreaterThan(7);
      expect(peak.frequency).toBeLessThan(9.5);
      expect(gamma?.frequency).toBeGreaterThanOrEqual(30);
      expect(gamma?.frequency).toBeLessThan(45);
      const gammaPower = bandPower(spectrum, 28, 40);
      // A second peak, not alpha's tail: the spectrum dips between the two and rises again.
      const trough = Math.min(...spectrum.power.filter((_, k) => k * spectrum.df >= 10 && k * spectrum.df <= 20));
      expect(gammaPower).toBeGreaterThan(1.25 * trough);
      expect(gammaPower).toBeGreaterThan(5 * bandPower(spectrum, 60, 100));
    });
  }
});
