import { describe, expect, it } from 'vitest';
import { izhikevich2003Network } from '../experiment/examples.ts';
import type { Experiment, RandomDraws } from '../experiment/types.ts';
import { conductanceNetwork, experiment, simulate } from '../../../test/helpers.ts';
import type { Simulation } from './simulation.ts';

/**
 * Pins the step loop's output bit for bit: hashes of every spike and every trace sample, recorded from
 * the step loop before it was specialised for speed. An optimisation must not change a single bit; a
 * change of the model that is meant to change them updates the hashes (and says why). Pinned for both
 * random draw schemes: 'polar-stream' (files of format versions 1 and 2, hashes unchanged since before
 * version 3) and 'counter-ziggurat' (new experiments).
 */

/** FNV-1a over the 32-bit words of the arrays (float64 values hash their exact bits). */
function hashOf(...arrays: (Float64Array | Int32Array)[]): string {
  let h = 0x811c9dc5;
  for (const array of arrays) {
    const words = new Int32Array(array.buffer, array.byteOffset, array.byteLength / 4);
    for (let k = 0; k < words.length; k++) {
      h ^= words[k];
      h = Math.imul(h, 0x01000193);
    }
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * With `ahead`, each step's inputs are prepared after the step before (Simulation.prepareInputs, as a part
 * of a split run does while it waits for the other parts), before the edits of `between`.
 */
function runHashed(sim: Simulation, steps: number, ahead: boolean, between?: (sim: Simulation, step: number) => void) {
  const neurons: number[] = [];
  const times: number[] = [];
  const traces: number[] = [];
  for (let k = 0; k < steps; k++) {
    if (ahead) sim.prepareInputs();
    between?.(sim, k);
    sim.step();
    const s = sim.spikes.drain();
    neurons.push(...s.neurons);
    times.push(...s.times);
    traces.push(...sim.traces.drain().values);
  }
  return {
    spikes: neurons.length,
    hash: hashOf(Int32Array.from(neurons), Float64Array.from(times), Float64Array.from(traces)),
  };
}

/** Write-up synapses, current synapses with a 3-step pulse, Euler at dt 0.5. */
function mixedNetwork(randomDraws: RandomDraws): Experiment {
  return experiment({
    randomDraws,
    seed: 9,
    dt: 0.5,
    scheme: 'euler',
    populations: [{ id: 'P', size: 30, model: 'izhikevich2003', role: 'excitatory', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 }],
    neurons: [{ id: 'x', model: 'izhikevich2003', a: 0.1, b: 0.2, c: -65, d: 2, v0: -70 }],
    synapseTypes: [
      { id: 'w', kind: 'writeup', gbase: 0.5, tau: 4, effect: 'excitatory' },
      { id: 'c', kind: 'current', pulse: 1.5 },
    ],
    projections: [
      { id: 'PP', pre: 'P', post: 'P', synapse: 'w', connect: { rule: 'probability', p: 0.2 }, weight: { dist: 'uniform', min: 0, max: 0.2 }, delay: { dist: 'uniform', min: 0.5, max: 4 } },
      { id: 'Px', pre: 'P', post: 'x', synapse: 'c', connect: { rule: 'all-to-all' }, weight: 1, delay: 1 },
    ],
    connections: [{ pre: 'x', post: 'P[0]', synapse: 'c', weight: 4, delay: 2 }],
    inputs: [
      { id: 'noise', kind: 'noise', target: 'P', mean: 3, sd: 3, hold: 2 },
      { id: 'bias', kind: 'constant', target: 'P', amplitude: 1 },
      { id: 'bias2', kind: 'constant', target: 'P[2]', amplitude: 2 },
    ],
  });
}

/** Constant inputs before and after a noise input (the leading ones are summed once, not every step). */
function constantsFirst(randomDraws: RandomDraws): Experiment {
  return experiment({
    randomDraws,
    seed: 3,
    populations: [{ id: 'P', size: 20, model: 'izhikevich2003', role: 'excitatory', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 }],
    inputs: [
      { id: 'base', kind: 'constant', target: 'P', amplitude: 1.1 },
      { id: 'extra', kind: 'constant', target: 'P[1]', amplitude: 0.7 },
      { id: 'noise', kind: 'noise', target: 'P', mean: 1.3, sd: 2.9 },
      { id: 'late', kind: 'constant', target: 'P[2]', amplitude: 0.3 },
    ],
  });
}

/** The 2003 network with its draws set. */
function network2003(randomDraws: RandomDraws): Experiment {
  const exp = izhikevich2003Network();
  return { ...exp, simulation: { ...exp.simulation, randomDraws } };
}

const PINNED: Record<RandomDraws, { network2003: Pin; conductance: Pin; mixed: Pin; constants: Pin }> = {
  'polar-stream': {
    network2003: { spikes: 7513, hash: '4ce32200' },
    conductance: { spikes: 1735, hash: '93068d71' },
    mixed: { spikes: 450, hash: 'fce1dc04' },
    constants: { spikes: 127, hash: '913bdc01' },
  },
  'counter-ziggurat': {
    network2003: { spikes: 7483, hash: '852d779a' },
    conductance: { spikes: 1715, hash: '32454e74' },
    mixed: { spikes: 438, hash: '9a1edecc' },
    constants: { spikes: 125, hash: '57568799' },
  },
};

interface Pin {
  spikes: number;
  hash: string;
}

const CASES = (Object.entries(PINNED) as [RandomDraws, (typeof PINNED)[RandomDraws]][]).flatMap(([draws, pins]) => [false, true].map((ahead) => [draws, ahead, pins] as const));

describe.each(CASES)('the step loop gives the same spikes and traces, bit for bit (%s, inputs prepared ahead: %s)', (draws, ahead, pins) => {
  it('the 2003 network, N = 1,000, 1,000 steps at dt 1', () => {
    const sim = simulate(network2003(draws), ['E[0]', 'E[5]', 'I[0]'], ['v', 'u', 'isyn', 'iext']);
    expect(runHashed(sim, 1000, ahead)).toEqual(pins.network2003);
  });

  it('a conductance network with delays of 1-20 steps, with live edits and a change of watched neurons', () => {
    const sim = simulate(conductanceNetwork({ randomDraws: draws }), ['E[0]', 'E[3]', 'I[1]'], ['v', 'u', 'g', 'isyn', 'iext']);
    const result = runHashed(sim, 1000, ahead, (s, step) => {
      if (step === 300) s.applyEdit({ kind: 'input', input: 'tonic', param: 'amplitude', value: 6 });
      if (step === 500) s.applyEdit({ kind: 'synapseType', synapse: 'ampa', param: 'tau', value: 3 });
      if (step === 600) s.watch(Int32Array.from([7, 85]), ['v', 'isyn', 'g']);
    });
    expect(result).toEqual(pins.conductance);
  });

  it('write-up and current synapses, Euler at dt 0.5, a delay edited past the ring', () => {
    const sim = simulate(mixedNetwork(draws), ['P[0]', 'P[2]', 'x'], ['v', 'u', 'g', 'isyn', 'iext']);
    const result = runHashed(sim, 2000, ahead, (s, step) => {
      if (step === 700) s.applyEdit({ kind: 'input', input: 'bias', param: 'amplitude', value: 2.5 });
      if (step === 900) s.applyEdit({ kind: 'connection', index: 0, param: 'delay', value: 15 });
      if (step === 1200) s.applyEdit({ kind: 'neuron', neuron: 'P[4]', param: 'd', value: 4 });
    });
    expect(result).toEqual(pins.mixed);
  });

  it('constant inputs before and after another input, edited live', () => {
    const sim = simulate(constantsFirst(draws), ['P[0]', 'P[1]', 'P[2]'], ['v', 'iext']);
    const result = runHashed(sim, 1000, ahead, (s, step) => {
      if (step === 400) s.applyEdit({ kind: 'input', input: 'extra', param: 'amplitude', value: 3.3 });
      if (step === 700) s.applyEdit({ kind: 'input', input: 'late', param: 'amplitude', value: 2.1 });
    });
    expect(result).toEqual(pins.constants);
  });
});
