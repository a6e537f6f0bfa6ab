import { describe, expect, it } from 'vitest';
import { experiment, neuron, simulate, spikeTimes } from '../../../test/helpers.ts';
import { pulsePhase, type Simulation } from './simulation.ts';

const constantDrive = (target: string, amplitude: number) => ({ id: `drive-${target}`, kind: 'constant' as const, target, amplitude });

describe('Izhikevich 2003 neuron', () => {
  it('rests at -70 mV, the stable root of 0.04 v^2 + 4.8 v + 140 = 0, with a=0.02, b=0.2 and no input', () => {
    // Fixed points solve 0.04 v^2 + (5 - b) v + 140 = 0: v = (-4.8 +- sqrt(4.8^2 - 22.4)) / 0.08 = -70 or -50.
    // Start away from rest (v0 = -65, u0 = -13); the slow eigenvalue (-0.027/ms) leaves < 1e-9 after 1 s.
    for (const scheme of ['izhikevich2003', 'euler'] as const) {
      const sim = simulate(experiment({ scheme, dt: scheme === 'euler' ? 0.1 : 1, neurons: [neuron('n', { v0: -65 })] }));
      sim.run(Math.round(1000 / sim.net.dt));
      expect(sim.spikes.count).toBe(0);
      expect(sim.v[0]).toBeCloseTo(-70, 6);
      expect(sim.u[0]).toBeCloseTo(-14, 6);
    }
  });

  it('stays silent well below I = 3.7975 and fires repetitively above it, faster for larger I', () => {
    // Rest loses stability where the Jacobian's trace 0.08 v + 5 - a vanishes: v = -62.25 mV, where
    // the steady current is I = -(0.04 v^2 + 4.8 v + 140) = 3.7975.
    for (const { scheme, dt } of [
      { scheme: 'izhikevich2003' as const, dt: 1 },
      { scheme: 'euler' as const, dt: 0.1 },
    ]) {
      const rate = (I: number) => {
        const sim = simulate(experiment({ scheme, dt, neurons: [neuron('n')], inputs: [constantDrive('n', I)] }));
        const times = spikeTimes(sim, 'n', 2000);
        return times.filter((t) => t >= 1000).length; // spikes per second, after the transient
      };
      expect(rate(3)).toBe(0);
      expect(rate(3.5)).toBe(0);
      const rates = [4.5, 6, 10, 15, 25].map(rate);
      expect(rates[0]).toBeGreaterThanOrEqual(2);
      for (let k = 1; k < rates.length; k++) expect(rates[k]).toBeGreaterThan(rates[k - 1]);
    }
  });

  it('resets v to exactly c and raises u by exactly d at each spike', () => {
    // With a = 0, u changes only at spikes, so after k spikes u = u0 + k d exactly.
    const sim = simulate(experiment({ neurons: [neuron('n', { a: 0, c: -55.5, d: 2.25, v0: -70, u0: -14 })], inputs: [constantDrive('n', 20)] }));
    let spikes = 0;
    for (let step = 0; step < 500; step++) {
      sim.step();
      if (sim.spikes.count > spikes) {
        spikes = sim.spikes.count;
        expect(sim.v[0]).toBe(-55.5);
        expect(sim.u[0]).toBe(-14 + spikes * 2.25);
      }
    }
    expect(spikes).toBeGreaterThan(5);
  });

  it('matches the 2003 paper script (two 0.5 ms half-steps for v, one 1 ms step for u) spike for spike', () => {
    // The paper's loop, for one neuron with a constant input (Izhikevich 2003, Fig. 3 code).
    const paper = (a: number, b: number, c: number, d: number, I: number) => {
      let v = -65;
      let u = b * v;
      const fired: number[] = [];
      for (let t = 0; t < 1000; t++) {
        // MATLAB's 0.04*v.^2 squares first.
        v = v + 0.5 * (0.04 * (v * v) + 5 * v + 140 - u + I);
        v = v + 0.5 * (0.04 * (v * v) + 5 * v + 140 - u + I);
        u = u + a * (b * v - u);
        if (v >= 30) {
          fired.push(t);
          v = c;
          u = u + d;
        }
      }
      return fired;
    };
    for (const [a, b, c, d, I] of [
      [0.02, 0.2, -65, 8, 10],
      [0.02, 0.2, -50, 2, 10],
      [0.1, 0.2, -65, 2, 6],
      [0.02, 0.25, -65, 0.05, 3],
    ]) {
      const sim = simulate(experiment({ neurons: [neuron('n', { a, b, c, d, v0: -65 })], inputs: [constantDrive('n', I)] }));
      const expected = paper(a, b, c, d, I);
      expect(expected.length).toBeGreaterThan(3);
      expect(spikeTimes(sim, 'n', 1000)).toEqual(expected);
    }
  });

  it('matches the 2004 figure script (forward Euler, u from the new v) for tonic spiking at 0.25 ms', () => {
    // Izhikevich (2004) Fig. 1A script: a=0.02 b=0.2 c=-65 d=6, V=-70, I=14 for t > 10 ms, tau = 0.25.
    const tau = 0.25;
    const script: number[] = [];
    let V = -70;
    let u = 0.2 * V;
    for (let k = 0; k * tau <= 100; k++) {
      const t = k * tau;
      const I = t > 10 ? 14 : 0;
      V = V + tau * (0.04 * (V * V) + 5 * V + 140 - u + I);
      u = u + tau * 0.02 * (0.2 * V - u);
      if (V > 30) {
        script.push(t);
        V = -65;
        u = u + 6;
      }
    }
    const sim = simulate(
      experiment({
        scheme: 'euler',
        dt: tau,
        neurons: [neuron('n', { d: 6 })],
        inputs: [{ id: 'step', kind: 'pulse', target: 'n', start: 10 + tau, amplitude: 14 }],
      }),
    );
    expect(script.length).toBeGreaterThan(3);
    expect(spikeTimes(sim, 'n', 100 + tau)).toEqual(script);
  });

  it('stops with a message naming the neuron and the time when a state overflows', () => {
    const sim = simulate(experiment({ neurons: [neuron('calm'), neuron('wild')], inputs: [{ id: 'huge', kind: 'pulse', target: 'wild', start: 5, amplitude: 1e300 }] }));
    const ran = sim.run(100);
    expect(ran).toBeLessThan(100);
    expect(sim.failure?.neuronId).toBe('wild');
    expect(sim.failure?.time).toBe(5);
    expect(sim.failure?.message).toMatch(/t = 5\.00 ms: neuron "wild" has v = (Infinity|NaN)/);
    sim.step();
    expect(sim.stepIndex).toBe(ran); // a failed simulation does not step on
  });

  it('finishes the failing step for every other neuron, so the state it stops in is one moment in time', () => {
    // "wild" (neuron 0) blows up at t = 5 ms; "calm" (neuron 1), unconnected, fires on its own drive and a
    // Poisson input through a conductance. After the run stops, calm must be exactly where it is when
    // simulated alone for as many steps: stepped, its spikes delivered and its conductance decayed.
    const synapseTypes = [{ id: 'E', kind: 'expConductance' as const, gbase: 0.5, tau: 5, erev: 0 }];
    const calmInputs = [
      { id: 'drive', kind: 'constant' as const, target: 'calm', amplitude: 10 },
      { id: 'bg', kind: 'poisson' as const, target: 'calm', rate: 200, synapse: 'E', weight: 1 },
    ];
    const both = simulate(
      experiment({
        neurons: [neuron('wild'), neuron('calm')],
        synapseTypes,
        inputs: [{ id: 'huge', kind: 'pulse', target: 'wild', start: 5, amplitude: 1e300 }, ...calmInputs],
      }),
      ['wild', 'calm'],
      ['v', 'u', 'g'],
    );
    both.run(100);
    expect(both.failure?.neuronId).toBe('wild');
    expect(both.failure?.time).toBe(5);
    // Steps 0 .. 5, the failing one (from t = 5 ms) included.
    const alone = simulate(experiment({ neurons: [neuron('calm')], synapseTypes, inputs: calmInputs }), ['calm'], ['v', 'u', 'g']);
    alone.run(6);
    expect([both.v[1], both.u[1], both.conductance(1)]).toEqual([alone.v[0], alone.u[0], alone.conductance(0)]);
    expect(both.stepIndex).toBe(6);
    expect(alone.conductance(0)).toBeGreaterThan(0); // the Poisson input did arrive
    const calmSpikes = (sim: Simulation, i: number) => {
      const { neurons, times } = sim.spikes.drain();
      return Array.from(times).filter((_, k) => neurons[k] === i);
    };
    expect(calmSpikes(both, 1)).toEqual(calmSpikes(alone, 0));
    // The last trace sample is that moment: calm's state, and a gap (not an infinite axis) for wild.
    const trace = both.traces.drain();
    expect(trace.times[trace.times.length - 1]).toBe(6);
    const last = Array.from(trace.values.slice(-6));
    expect(last.slice(0, 2).every(Number.isNaN)).toBe(true);
    expect(last.slice(3)).toEqual(Array.from(alone.traces.drain().values.slice(-3)));
  });

  it('lets a recorded current act during exactly the step it is listed for', () => {
    // 200 pA in step 10 alone: the first half-step takes v from -70 to -70 + 0.5 * 200 = 30, the second past 30.
    const values = new Array<number>(20).fill(0);
    values[10] = 200;
    const sim = simulate(experiment({ neurons: [neuron('n')], inputs: [{ id: 'rec', kind: 'recorded', target: 'n', values }] }));
    expect(spikeTimes(sim, 'n', 100)).toEqual([10]);
  });

  it('turns a pulse train on and off at its edges', () => {
    // 1 ms pulses every 10 ms from 20 ms, each strong enough to cause one spike in its step.
    const sim = simulate(
      experiment({
        neurons: [neuron('n')],
        inputs: [{ id: 'train', kind: 'pulse', target: 'n', start: 20, duration: 1, period: 10, amplitude: 200 }],
      }),
    );
    expect(spikeTimes(sim, 'n', 65)).toEqual([20, 30, 40, 50, 60]);
  });

  it('turns a pulse with a slope into a ramp, restarting at each pulse of a train, like the same recorded current', () => {
    // I = amplitude + slope * (time since the pulse began), during the pulse only. The recorded input
    // below is that formula evaluated per step by hand; both must drive the neuron identically.
    for (const period of [undefined, 200]) {
      const ramp = { id: 'ramp', kind: 'pulse' as const, target: 'n', start: 100, duration: 150, amplitude: 2, slope: 0.08, ...(period !== undefined && { period }) };
      const values = Array.from({ length: 1000 }, (_, t) => {
        if (t < 100) return 0;
        const phase = period === undefined ? t - 100 : (t - 100) % period;
        return phase < 150 ? 2 + 0.08 * phase : 0;
      });
      const byRamp = spikeTimes(simulate(experiment({ neurons: [neuron('n')], inputs: [ramp] })), 'n', 1000);
      const byRecording = spikeTimes(simulate(experiment({ neurons: [neuron('n')], inputs: [{ id: 'rec', kind: 'recorded', target: 'n', values }] })), 'n', 1000);
      expect(byRamp.length).toBeGreaterThan(period === undefined ? 2 : 6);
      expect(byRamp).toEqual(byRecording);
      expect(byRamp[0]).toBeGreaterThan(100);
    }
  });

  it('measures a pulse phase from its start, on the step grid, and -1 outside the pulse', () => {
    expect(pulsePhase(30, undefined, undefined, 29.75, 0.25)).toBe(-1);
    expect(pulsePhase(30, undefined, undefined, 30, 0.25)).toBe(0);
    expect(pulsePhase(30, undefined, undefined, 31.5, 0.25)).toBe(1.5);
    expect(pulsePhase(300, 12.5, undefined, 312, 0.5)).toBe(12);
    expect(pulsePhase(300, 12.5, undefined, 312.5, 0.5)).toBe(-1);
    expect(pulsePhase(10, 5, 20, 32, 1)).toBe(2);
    expect(pulsePhase(10, 5, 20, 35, 1)).toBe(-1);
    // t = 91 * 0.1 is 9.100000000000001 in floating point: still the pulse's first step, phase 0.
    expect(pulsePhase(9.1, 1.9, undefined, 91 * 0.1, 0.1)).toBeCloseTo(0, 12);
    expect(pulsePhase(9.1, 1.9, undefined, 90 * 0.1, 0.1)).toBe(-1);
  });

  it('uses the 2004 class 1 variant 0.04 v^2 + 4.1 v + 108: rest moves to -60 mV', () => {
    // With b = -0.1 the fixed points solve 0.04 v^2 + 4.2 v + 108 = 0: v = (-4.2 +- 0.6) / 0.08 = -60 or -45.
    // At -60 the Jacobian has eigenvalues -0.017 and -0.703 /ms: after 2 s the start (-65 mV) is forgotten.
    const cell = { a: 0.02, b: -0.1, c: -55, d: 6, v0: -65 };
    const sim = simulate(experiment({ scheme: 'euler', dt: 0.25, neurons: [neuron('n', { ...cell, equation: { p1: 4.1, p0: 108 } })] }));
    sim.run(8000);
    expect(sim.spikes.count).toBe(0);
    expect(sim.v[0]).toBeCloseTo(-60, 6);
    expect(sim.u[0]).toBeCloseTo(6, 6);
    // The 2003 equations with the same cell rest elsewhere: 0.04 v^2 + 5.1 v + 140 = 0 at v = -87.5 (stable:
    // trace -2.02, determinant 0.038) or -40.
    const plain = simulate(experiment({ scheme: 'euler', dt: 0.25, neurons: [neuron('n', cell)] }));
    plain.run(8000);
    expect(plain.spikes.count).toBe(0);
    expect(plain.v[0]).toBeCloseTo(-87.5, 6);
  });

  it('without the restoring -u term (accommodation) settles back to v = vb whatever the constant input', () => {
    // du/dt = a b (v + 65) vanishes only at v = -65, so a constant I = 2 is absorbed by u: u -> -16 + 2.
    // At v = -65 the Jacobian [[-0.2, -1], [0.02, 0]] has eigenvalues -0.1 +- 0.1i /ms: settled after 1 s.
    // (The sudden onset of I may cause one spike at the start; none after it.)
    const cell = { a: 0.02, b: 1, c: -55, d: 4, v0: -65, u0: -16 };
    const drive = [{ id: 'drive', kind: 'constant' as const, target: 'n', amplitude: 2 }];
    const sim = simulate(experiment({ scheme: 'euler', dt: 0.5, neurons: [neuron('n', { ...cell, equation: { vb: -65, uRestoring: false } })], inputs: drive }));
    expect(spikeTimes(sim, 'n', 1000).filter((t) => t > 100)).toEqual([]);
    expect(sim.v[0]).toBeCloseTo(-65, 6);
    expect(sim.u[0]).toBeCloseTo(-14, 6);
    // The 2003 equations (u -> b v = v) give the same cell no fixed point under I = 2
    // (0.04 v^2 + 4 v + 142 > 0 everywhere): it keeps firing.
    const restoring = simulate(experiment({ scheme: 'euler', dt: 0.5, neurons: [neuron('n', cell)], inputs: drive }));
    expect(spikeTimes(restoring, 'n', 1000).filter((t) => t > 500).length).toBeGreaterThan(3);
  });

  it('gives the same spikes when the default equation is spelt out as when it is absent', () => {
    const drive = [{ id: 'drive', kind: 'constant' as const, target: 'n', amplitude: 10 }];
    const plain = spikeTimes(simulate(experiment({ neurons: [neuron('n')], inputs: drive })), 'n', 1000);
    const spelt = spikeTimes(simulate(experiment({ neurons: [neuron('n', { equation: { p1: 5, p0: 140, vb: 0, uRestoring: true } })], inputs: drive })), 'n', 1000);
    expect(plain.length).toBeGreaterThan(5);
    expect(spelt).toEqual(plain);
  });
});
