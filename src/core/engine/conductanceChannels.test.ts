import { describe, expect, it } from 'vitest';
import { experiment, neuron, simulate } from '../../../test/helpers.ts';
import { CELL_2007_PRESETS } from '../experiment/cellModels.ts';
import type { Experiment, SynapseTypeSpec } from '../experiment/types.ts';
import { validateExperiment } from '../experiment/validate.ts';
import { expTwoPeakFactor } from './conductanceChannels.ts';

function checked(e: Experiment): Experiment {
  const r = validateExperiment(e);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.experiment;
}

/**
 * One spike of `pre` (a 2003 cell kicked by a 0.5 ms pulse at 10 ms) onto `post` through `type` with
 * weight w and a 1 ms delay: post's g trace and the arrival time.
 */
function oneSpike(type: SynapseTypeSpec, w: number, dt: number): { times: number[]; g: number[]; arrival: number } {
  const e = checked(experiment({
    dt, scheme: 'euler',
    // A large d keeps pre from firing twice while the kick lasts.
    neurons: [neuron('pre', { d: 100 }), neuron('post')],
    synapseTypes: [type],
    connections: [{ pre: 'pre', post: 'post', synapse: type.id, weight: w, delay: 1 }],
    inputs: [{ id: 'kick', kind: 'pulse', target: 'pre', start: 10, duration: 0.5, amplitude: 300 }],
    recording: { watch: ['post'], variables: ['g'] },
  }));
  const sim = simulate(e, ['post'], ['g']);
  sim.run(Math.round(60 / dt));
  const { times: spikeTimes, neurons } = sim.spikes.drain();
  const pre = Array.from(spikeTimes).filter((_, k) => neurons[k] === 0);
  expect(pre).toHaveLength(1);
  return { times: Array.from(sim.traces.times.subarray(0, sim.traces.count)), g: Array.from(sim.traces.values.subarray(0, sim.traces.count)), arrival: pre[0] + 1 };
}

describe('the expTwo and alpha conductances', () => {
  it('expTwoConductance: one spike gives g = gbase w wf (e^(-t/tauDecay) - e^(-t/tauRise)), peaking at gbase w', () => {
    const gbase = 0.8;
    const w = 1.5;
    const { times, g, arrival } = oneSpike({ id: 's', kind: 'expTwoConductance', gbase, tauRise: 0.5, tauDecay: 5, erev: 0 }, w, 0.1);
    const wf = expTwoPeakFactor(0.5, 5);
    const analytic = (t: number) => (t < 0 ? 0 : gbase * w * wf * (Math.exp(-t / 5) - Math.exp(-t / 0.5)));
    times.forEach((t, k) => expect(g[k]).toBeCloseTo(analytic(t - arrival), 12));
    // The analytic peak, ln(10) 0.5 5 / 4.5 = 1.279 ms after the arrival, is gbase w; the samples around it reach it to 0.1%.
    const peakTime = (Math.log(10) * 0.5 * 5) / 4.5;
    expect(analytic(peakTime)).toBeCloseTo(gbase * w, 12);
    expect(Math.max(...g)).toBeLessThanOrEqual(gbase * w);
    expect(Math.max(...g)).toBeGreaterThan(0.999 * gbase * w);
  });

  it('alphaConductance: one spike gives g = gbase w (t/tau) e^(1 - t/tau), gbase w at t = tau', () => {
    const gbase = 0.6;
    const w = 2;
    const tau = 2;
    const { times, g, arrival } = oneSpike({ id: 'a', kind: 'alphaConductance', gbase, tau, erev: -80 }, w, 0.1);
    const analytic = (t: number) => (t < 0 ? 0 : gbase * w * (t / tau) * Math.exp(1 - t / tau));
    times.forEach((t, k) => expect(g[k]).toBeCloseTo(analytic(t - arrival), 12));
    const atPeak = times.findIndex((t) => Math.abs(t - arrival - tau) < 1e-9);
    expect(g[atPeak]).toBeCloseTo(gbase * w, 12);
    expect(Math.max(...g)).toBeCloseTo(gbase * w, 12);
  });

  it('is exact at any step: the g samples at 0.5 ms and at 0.1 ms lie on the same curve', () => {
    for (const type of [
      { id: 's', kind: 'expTwoConductance', gbase: 1, tauRise: 1, tauDecay: 8, erev: 0 },
      { id: 'a', kind: 'alphaConductance', gbase: 1, tau: 3, erev: 0 },
    ] as const) {
      const coarse = oneSpike(type, 1, 0.5);
      const fine = oneSpike(type, 1, 0.1);
      // The pre cell crosses at a different moment at each step; compare at equal times since the arrival.
      coarse.times.forEach((t, k) => {
        const since = t - coarse.arrival;
        const j = fine.times.findIndex((tf) => Math.abs(tf - fine.arrival - since) < 1e-9);
        if (j >= 0) expect(coarse.g[k]).toBeCloseTo(fine.g[j], 12);
      });
    }
  });

  it('drives a 2007 RS cell to the same spikes as the step shrinks (expTwo and alpha)', () => {
    const rs = CELL_2007_PRESETS[0];
    const run = (type: SynapseTypeSpec, dt: number) => {
      const e = checked(experiment({
        dt, scheme: 'euler',
        neurons: [neuron('pre'), { id: 'post', model: 'izhikevich2007', ...rs.params, v0: rs.v0 }],
        synapseTypes: [type],
        connections: [{ pre: 'pre', post: 'post', synapse: type.id, weight: 1, delay: 1 }],
        inputs: [{ id: 'drive', kind: 'constant', target: 'pre', amplitude: 10 }],
      }));
      const sim = simulate(e);
      sim.run(Math.round(500 / dt));
      const { times, neurons } = sim.spikes.drain();
      // Up to 400 ms: a spike near the end of the run may fall on either side of it.
      return Array.from(times).filter((t, k) => neurons[k] === 1 && t < 400);
    };
    for (const type of [
      { id: 's', kind: 'expTwoConductance', gbase: 20, tauRise: 1, tauDecay: 10, erev: 0 },
      { id: 'a', kind: 'alphaConductance', gbase: 20, tau: 3, erev: 0 },
    ] as const) {
      const reference = run(type, 0.01);
      expect(reference.length).toBeGreaterThan(3);
      const error = (dt: number) => {
        const spikes = run(type, dt);
        expect(spikes).toHaveLength(reference.length);
        return Math.max(...spikes.map((t, k) => Math.abs(t - reference[k])));
      };
      const errors = [0.1, 0.05, 0.025].map(error);
      // Measured (expTwo, 19 spikes to 400 ms): 4.65, 2.15, 0.83 ms from the 0.01 ms run: first order, as the
      // Euler step of the cell (the conductances themselves are exact, above).
      expect(errors[1]).toBeLessThan(errors[0]);
      expect(errors[2]).toBeLessThan(errors[1]);
      expect(errors[2]).toBeLessThan(errors[0] / 3);
    }
  });
});
