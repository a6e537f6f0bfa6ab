import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../engine/compile.ts';
import { Simulation } from '../engine/simulation.ts';
import { measureSong, songMillerAbbott, SONG_DEFAULTS } from './songMillerAbbott.ts';
import { validateExperiment } from './validate.ts';

/**
 * The gallery's Song, Miller & Abbott example over its first 40 simulated seconds (about 10 s of work
 * on a quiet machine; the full 300 s, where more than 80% of the weights end in the outer 20% of the
 * range, is `npm run bench:song`, its numbers in the README).
 */
describe('Song, Miller & Abbott (2000) with the lab\'s STDP', () => {
  it('splits the weights towards 0 and wMax, lets the correlated group win and brings the output rate down', { timeout: 600_000 }, () => {
    const checked = validateExperiment(songMillerAbbott());
    if (!checked.ok) throw new Error(checked.errors.join('; '));
    const sim = new Simulation(compileExperiment(checked.experiment));
    const plastic = sim.net.plasticity;
    if (!plastic) throw new Error('no plastic synapses');
    const out = sim.net.indexOf.get('out');
    const weights = () => Array.from(plastic.synapse, (s) => sim.net.synapses.weight[s]);
    const start = measureSong(weights(), SONG_DEFAULTS.correlated);
    // Built uniform in [0, wMax]: about 20% in the outer 20%, both groups at about half.
    expect(start.outer).toBeGreaterThan(0.15);
    expect(start.outer).toBeLessThan(0.25);
    expect(Math.abs(start.correlatedMean - 0.5)).toBeLessThan(0.1);

    const rates: number[] = [];
    for (let block = 0; block < 4; block++) {
      sim.run(Math.round(10_000 / sim.net.dt));
      const spikes = sim.spikes.drain();
      rates.push(spikes.neurons.filter((i) => i === out).length / 10);
    }
    const end = measureSong(weights(), SONG_DEFAULTS.correlated);
    expect(weights().every((w) => w >= 0 && w <= 1)).toBe(true);
    // The correlated inputs win (nearly all at wMax); the independent ones mostly lose.
    expect(end.correlatedMean).toBeGreaterThan(0.9);
    expect(end.independentMean).toBeLessThan(0.3);
    // Weights leave the middle of the range for its ends.
    expect(end.outer).toBeGreaterThan(0.45);
    // The output rate comes down as the competition goes on.
    expect(rates[3]).toBeLessThan(0.75 * rates[0]);
  });
});
