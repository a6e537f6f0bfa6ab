import type { CompiledSynapseType } from './network.ts';

/**
 * The linear conductance synapses as channels of summed state, one state per channel and neuron, in
 * units of weight (gbase applied when read). A spike adds its weight to the type's entry channel.
 * - expConductance: one channel, s <- s E (E = exp(-dt / tau)), g = gbase s.
 * - expTwoConductance: A (rise) and D = B - A, so only A takes arrivals (A and B take the same ones):
 *   A <- A Er,  D <- D Ed + (Ed - Er) A,  g = gbase wf D.
 * - alphaConductance: A and g / gbase:  A <- A E,  g <- E (g + e (dt / tau) A).
 * All exact over a step. The channel G of the step is the exact mean of g over it (as for
 * expConductance): gbase (mean * s) summed over a type's channels, A's mean carrying the part of g it
 * feeds in during the step. A type's output channel comes just before its entry channel, so a decay
 * loop in channel order updates the output from the entry's state at the start of the step.
 */
export function channelCount(kind: CompiledSynapseType['kind']): number {
  if (kind === 'expConductance') return 1;
  return kind === 'expTwoConductance' || kind === 'alphaConductance' ? 2 : 0;
}

/** The constants of one channel for steps of dt. */
export interface ChannelConstants {
  /** Multiplies mean * state into the step's G (nS). */
  gbase: number;
  /** The state's factor in the mean conductance over a step. */
  mean: number;
  /** exp(-dt / tau) of the channel's own state. */
  decay: number;
  /** What the channel takes from the entry channel (the next one) per step; 0 for none. */
  feed: number;
  /** Multiplies the state into the conductance at an instant (for the g trace). */
  gNow: number;
}

/** NeuroML expTwoSynapse's weight factor: one spike's g = gbase wf (e^(-t/tauDecay) - e^(-t/tauRise)) peaks at gbase. */
export function expTwoPeakFactor(tauRise: number, tauDecay: number, exp: (x: number) => number = Math.exp): number {
  const peakTime = (Math.log(tauDecay / tauRise) * tauRise * tauDecay) / (tauDecay - tauRise);
  return 1 / (exp(-peakTime / tauDecay) - exp(-peakTime / tauRise));
}

/** The constants of channel `index` (0 = output, 1 = entry for two-channel kinds) of `type` at step dt. */
export function channelConstants(type: CompiledSynapseType, index: number, dt: number, exp: (x: number) => number): ChannelConstants {
  switch (type.kind) {
    case 'expTwoConductance': {
      const wf = expTwoPeakFactor(type.tauRise, type.tauDecay, exp);
      const rise = exp(-dt / type.tauRise);
      const decay = exp(-dt / type.tauDecay);
      const riseMean = (type.tauRise / dt) * (1 - rise);
      const decayMean = (type.tauDecay / dt) * (1 - decay);
      return index === 0
        ? { gbase: type.gbase * wf, mean: decayMean, decay, feed: decay - rise, gNow: type.gbase * wf }
        : { gbase: type.gbase * wf, mean: decayMean - riseMean, decay: rise, feed: 0, gNow: 0 };
    }
    case 'alphaConductance': {
      const decay = exp(-dt / type.tau);
      const x = dt / type.tau;
      const mean = (1 - decay) / x;
      // (1 / dt) times the integral over the step of (s / tau) e^(-s / tau): the part of g an entry A feeds in.
      const fedMean = (1 - decay * (1 + x)) / x;
      return index === 0
        ? { gbase: type.gbase, mean, decay, feed: decay * Math.E * x, gNow: type.gbase }
        : { gbase: type.gbase, mean: Math.E * fedMean, decay, feed: 0, gNow: 0 };
    }
    default: {
      const decay = exp(-dt / type.tau);
      return { gbase: type.gbase, mean: (type.tau / dt) * (1 - decay), decay, feed: 0, gNow: type.gbase };
    }
  }
}
