import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../engine/compile.ts';
import { Simulation } from '../engine/simulation.ts';
import { measureSong, songMillerAbbott, SONG_DEFAULTS, type SongMeasure, type SongOptions } from './songMillerAbbott.ts';
import { validateExperiment } from './validate.ts';

/** Runs the example for `seconds` (whole 10 s blocks): the weights at the start and end, and the output rate of each block (Hz). */
function runSong(options: SongOptions, seconds: number): { start: SongMeasure; end: SongMeasure; weights: number[]; rates: number[] } {
  const checked = validateExperiment(songMillerAbbott(options));
  if (!checked.ok) throw new Error(checked.errors.join('; '));
  const sim = new Simulation(compileExperiment(checked.experiment));
  const plastic = sim.net.plasticity;
  if (!plastic) throw new Error('no plastic synapses');
  const out = sim.net.indexOf.get('out');
  const correlated = options.correlated ?? SONG_DEFAULTS.correlated;
  const weights = () => Array.from(plastic.synapse, (s) => sim.net.synapses.weight[s]);
  const start = measureSong(weights(), correlated);
  const rates: number[] = [];
  for (let block = 0; block < seconds / 10; block++) {
    sim.run(Math.round(10_000 / sim.net.dt));
    const spikes = sim.spikes.drain();
    rates.push(spikes.neurons.filter((i) => i === out).length / 10);
  }
  return { start, end: measureSong(weights(), correlated), weights: weights(), rates };
}

describe('Song, Miller & Abbott (2000) with the lab\'s STDP', () => {
  /**
   * The gallery's example itself over its first 40 simulated seconds (about 10 s of work on a quiet
   * machine; its full run, past 80% in the outer 20% at 170 s, is `npm run bench:song`).
   */
  it('splits the weights towards 0 and wMax, lets the correlated group win and brings the output rate down', { timeout: 600_000 }, () => {
    const { start, end, weights, rates } = runSong({}, 40);
    // Built uniform in [0, wMax]: about 20% in the outer 20%, both groups at about half.
    expect(start.outer).toBeGreaterThan(0.15);
    expect(start.outer).toBeLessThan(0.25);
    expect(Math.abs(start.correlatedMean - 0.5)).toBeLessThan(0.1);
    expect(weights.every((w) => w >= 0 && w <= 1)).toBe(true);
    // The correlated inputs win (nearly all at wMax); the independent ones mostly lose.
    expect(end.correlatedMean).toBeGreaterThan(0.9);
    expect(end.independentMean).toBeLessThan(0.3);
    // Weights leave the middle of the range for its ends.
    expect(end.outer).toBeGreaterThan(0.45);
    // The output rate comes down as the competition goes on.
    expect(rates[3]).toBeLessThan(0.75 * rates[0]);
  });

  /**
   * The test: more than 80% of the weights in the outer 20% of the range. The gallery's 1,000
   * inputs pass 80% at 170 simulated seconds, a minute or more of a busy 2-core machine. The same
   * experiment with 250 inputs (25 correlated; gbase 4x, so the output neuron is driven as hard) and the
   * same rule (A+ 1% of wMax, A- / A+ 1.2) passes it at the same 170 s for about a third of the work per
   * simulated second (README). A larger learning rate is no shortcut: with A+ at 2% of wMax or more
   * the weights keep diffusing and the outer share levels off below 70% (bench:song --a-plus).
   */
  it('ends bimodal, more than 80% of the weights in the outer 20% of [0, wMax], the correlated group at wMax (250 inputs, 200 s)', { timeout: 900_000 }, () => {
    const { end, weights, rates } = runSong({ inputs: 250, correlated: 25 }, 200);
    expect(end.outer).toBeGreaterThan(0.8);
    expect(end.correlatedMean).toBeGreaterThan(0.95);
    expect(end.independentMean).toBeLessThan(0.15);
    expect(weights.every((w) => w >= 0 && w <= 1)).toBe(true);
    // The output rate settles well below where it started: the last 50 s average under 60% of the first 10 s.
    const last = rates.slice(-5).reduce((a, b) => a + b, 0) / 5;
    expect(last).toBeLessThan(0.6 * rates[0]);
  });
});
