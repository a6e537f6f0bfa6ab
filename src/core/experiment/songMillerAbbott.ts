import { CURRENT_RANDOM_DRAWS, EXPERIMENT_FORMAT, EXPERIMENT_VERSION, type Experiment, type PopulationSpec } from './types.ts';

/** Knobs of the Song, Miller & Abbott example; the gallery uses the defaults. */
export interface SongOptions {
  /** Plastic excitatory inputs, of which the first `correlated` share extra common spikes. */
  inputs?: number;
  correlated?: number;
  /** Rate of every input, Hz. */
  rate?: number;
  /** A+ as a fraction of wMax, and A- / A+. */
  aPlus?: number;
  ratio?: number;
  seed?: number;
  duration?: number;
}

export const SONG_DEFAULTS = { inputs: 1000, correlated: 100, rate: 10, aPlus: 0.01, ratio: 1.2, seed: 1, duration: 300_000 } as const;

/** Share of a correlated input's spikes that are common to its group (a common source's spike, relayed). */
const CORRELATION = 0.2;
/** The plastic synapses' largest weight: their conductance is gbase * weight, so the weight is g / g_max. */
const W_MAX = 1;

/**
 * Song, Miller & Abbott (2000), "Competitive Hebbian learning through spike-timing-dependent synaptic
 * plasticity": one neuron driven by 1,000 excitatory Poisson inputs (about 10 Hz) through synapses with
 * additive STDP (tau 20 ms) and 200 inhibitory inputs without plasticity. A- / A+ is 1.2 rather than
 * the paper's 1.05, and A+ 1% of wMax rather than 0.5%: the RS cell responds to single inputs faster
 * than their integrate-and-fire cell, which strengthens the causal (potentiating) side, and at 1.05 or
 * 1.1 the weights split far more slowly (bench/song.ts; numbers in the README). The weights
 * start uniform in [0, wMax] and go to a bimodal distribution, most near 0 or wMax, while the output
 * rate settles low: the inputs compete to make the neuron fire. The first `correlated` inputs share a
 * fifth of their spikes (a common source's, relayed); they win, nearly all at wMax.
 *
 * The inputs are neurons (RS cells), each firing on the spikes of its own Poisson source through a
 * fast strong synapse, so each input spike is one Poisson event a millisecond or two later; the output
 * is an RS cell, conductance-based like the paper's integrate-and-fire neuron.
 */
export function songMillerAbbott(options: SongOptions = {}): Experiment {
  const { inputs, correlated, rate, aPlus, ratio, seed, duration } = { ...SONG_DEFAULTS, ...options };
  const relay = (id: string, label: string, size: number, x: number, y: number): PopulationSpec => ({
    id, label, size, model: 'izhikevich2003', a: 0.1, b: 0.2, c: -65, d: 2, v0: -70, role: 'excitatory', position: { x, y },
  });
  const name = 'STDP: Song, Miller & Abbott (2000)';
  return {
    format: EXPERIMENT_FORMAT,
    version: EXPERIMENT_VERSION,
    name,
    description:
      `One neuron driven by ${inputs.toLocaleString('en-US')} excitatory inputs firing at ${rate} Hz through plastic synapses ` +
      `(additive STDP, A- / A+ = ${ratio}, tau 20 ms) and by 200 inhibitory ones. The weights start spread evenly from 0 to wMax; ` +
      'within a few hundred simulated seconds most end near 0 or near wMax (a bimodal distribution: watch the Plasticity tab) and the ' +
      `output rate settles. The first ${correlated} inputs share a fifth of their spikes: they win, ending near wMax.`,
    simulation: { dt: 0.5, scheme: 'izhikevich2003', duration, seed, randomDraws: CURRENT_RANDOM_DRAWS },
    neurons: [
      { id: 'out', label: 'Output neuron', model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -70, role: 'excitatory', position: { x: 300, y: 0 } },
      { id: 'common', label: 'Common source', model: 'izhikevich2003', a: 0.1, b: 0.2, c: -65, d: 2, v0: -70, role: 'excitatory', position: { x: -300, y: -150 } },
    ],
    populations: [relay('corr', 'Correlated inputs', correlated, 0, -150), relay('ind', 'Independent inputs', inputs - correlated, 0, 100)],
    synapseTypes: [
      { id: 'relay', label: 'Relay (a source spike makes an input spike)', kind: 'expConductance', gbase: 1, tau: 1, erev: 0 },
      {
        // Fewer inputs drive the neuron as hard as 1,000 do (the test's faster setting, songMillerAbbott.test.ts).
        id: 'plastic', label: 'Excitatory with STDP', kind: 'expConductance', gbase: (0.02 * SONG_DEFAULTS.inputs) / inputs, tau: 5, erev: 0,
        plasticity: { rule: 'stdp', pairing: 'all-to-all', update: 'additive', aPlus: aPlus * W_MAX, aMinus: aPlus * ratio * W_MAX, tauPlus: 20, tauMinus: 20, wMax: W_MAX },
      },
      { id: 'inhibitory', label: 'Inhibitory', kind: 'expConductance', gbase: 0.05, tau: 5, erev: -70 },
    ],
    connections: [],
    projections: [
      { id: 'common-to-corr', pre: 'common', post: 'corr', synapse: 'relay', connect: { rule: 'all-to-all' }, weight: 1, delay: 1 },
      { id: 'corr-to-out', pre: 'corr', post: 'out', synapse: 'plastic', connect: { rule: 'all-to-all' }, weight: { dist: 'uniform', min: 0, max: W_MAX }, delay: 1 },
      { id: 'ind-to-out', pre: 'ind', post: 'out', synapse: 'plastic', connect: { rule: 'all-to-all' }, weight: { dist: 'uniform', min: 0, max: W_MAX }, delay: 1 },
    ],
    inputs: [
      { id: 'corr-own', kind: 'poisson', target: 'corr', rate: rate * (1 - CORRELATION), synapse: 'relay', weight: 1 },
      { id: 'common-source', kind: 'poisson', target: 'common', rate: rate * CORRELATION, synapse: 'relay', weight: 1 },
      { id: 'ind-own', kind: 'poisson', target: 'ind', rate, synapse: 'relay', weight: 1 },
      // 200 inhibitory trains of 10 Hz onto one neuron are one Poisson train of 2,000 Hz.
      { id: 'inhibition', kind: 'poisson', target: 'out', rate: 200 * 10, synapse: 'inhibitory', weight: 1 },
    ],
    recording: { watch: ['out'], variables: ['v', 'g'] },
  };
}

/** What the weights of a Song run show: the share near the bounds, the groups' means, the output rate. */
export interface SongMeasure {
  /** Share of plastic weights within the outer 20% of [0, wMax] (below 0.1 wMax or above 0.9 wMax). */
  outer: number;
  correlatedMean: number;
  independentMean: number;
}

/** Measures plastic weights (those of corr-to-out first, then ind-to-out, as the build orders them by presynaptic neuron). */
export function measureSong(weights: ArrayLike<number>, correlated: number, wMax = W_MAX): SongMeasure {
  let outer = 0;
  let corr = 0;
  let ind = 0;
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k] / wMax;
    if (w < 0.1 || w > 0.9) outer++;
    if (k < correlated) corr += w;
    else ind += w;
  }
  return { outer: outer / weights.length, correlatedMean: corr / correlated, independentMean: ind / (weights.length - correlated) };
}
