import { describe, expect, it } from 'vitest';
import { PopulationRate } from '../analysis/populationRate.ts';
import { GAMMA_BAND, rhythmsOf } from '../analysis/rhythms.ts';
import { izhikevich2003Network } from '../experiment/examples.ts';
import { compileExperiment } from './compile.ts';
import { Simulation } from './simulation.ts';

/**
 * The 2003 network's firing rates with the draws new experiments use (counter-ziggurat), against the
 * paper and Brian2 (issue 10). Slow: seconds of a 1,000-neuron and a 100,000-neuron network, hence the
 * generous timeouts (never a wall-clock assert).
 */

/** Runs `ms` of the network; the mean rate per neuron over [fromMs, ms) and the population rate there. */
function run(size: number, inDegree: number, ms: number, fromMs: number) {
  const exp = izhikevich2003Network(size, inDegree);
  expect(exp.simulation.randomDraws).toBe('counter-ziggurat');
  const sim = new Simulation(compileExperiment(exp));
  const rate = new PopulationRate(size, 1, ms - fromMs, fromMs);
  let spikes = 0;
  while (sim.time < ms) {
    sim.run(100);
    const { times } = sim.spikes.drain();
    if (sim.time <= fromMs) continue;
    rate.add(times, sim.time);
    for (let k = 0; k < times.length; k++) if (times[k] >= fromMs) spikes++;
  }
  return { hz: spikes / size / ((ms - fromMs) / 1000), rates: rate.rates() };
}

describe('the 2003 network fires at its rates (counter-ziggurat draws)', () => {
  it('N = 1,000, all-to-all: 6.5-7.8 Hz over 10 s', { timeout: 300_000 }, () => {
    const { hz } = run(1000, 1000, 10_000, 0);
    // Measured 7.22 Hz (the polar-stream draws: 7.17 Hz).
    expect(hz).toBeGreaterThan(6.5);
    expect(hz).toBeLessThan(7.8);
  });

  it('N = 100,000, K = 100: 16-20 Hz over the second second, with a spectral peak in the gamma band', { timeout: 300_000 }, () => {
    const { hz, rates } = run(100_000, 100, 2000, 1000);
    // Measured 16.09 Hz, close to the bound; over 1-3 s the polar-stream draws give 16.47 Hz; Brian2 15-19 Hz
    // per second. A change of the build (another wiring for the same seed) moves it by a few tenths.
    expect(hz).toBeGreaterThan(16);
    expect(hz).toBeLessThan(20);
    const rhythms = rhythmsOf(rates, 1);
    if (!rhythms) throw new Error('no spectrum from 1,000 ms of rate');
    const { power, df } = rhythms.spectrum;
    const gamma = rhythms.gamma;
    if (!gamma) throw new Error('no gamma band in the spectrum');
    // A peak, not the band's slope: inside the band, above both neighbouring bins, and far above the
    // spectrum's floor (100-500 Hz). Measured: 33.1 Hz (a harmonic of the ~6.4 Hz rhythm), power 31 against
    // a floor of about 0.1.
    const bin = Math.round(gamma.frequency / df);
    expect(gamma.frequency).toBeGreaterThan(GAMMA_BAND[0] + df);
    expect(gamma.frequency).toBeLessThan(GAMMA_BAND[1] - df);
    expect(power[bin]).toBeGreaterThan(power[bin - 1]);
    expect(power[bin]).toBeGreaterThan(power[bin + 1]);
    const floor = Array.from(power.subarray(Math.round(100 / df), Math.round(500 / df))).sort((x, y) => x - y);
    expect(power[bin]).toBeGreaterThan(20 * floor[floor.length >> 1]);
  });
});
