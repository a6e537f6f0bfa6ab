import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../engine/compile.ts';
import { Simulation } from '../engine/simulation.ts';
import { FICurveRun, RHEOBASE_TOLERANCE, SweepError, computeFICurve, fiCurveWork, sweepExperiment, sweepNeuron } from './fICurve.ts';
import type { FICurveRequest, SweepCell, SweepNumerics } from './sweeps.ts';

const RS: SweepCell = { a: 0.02, b: 0.2, c: -65, d: 8, v0: -70 };
/** Izhikevich (2004), Fig. 1G: dv/dt = 0.04 v^2 + 4.1 v + 108 - u + I. */
const CLASS1: SweepCell = { a: 0.02, b: -0.1, c: -55, d: 6, v0: -60, equation: { p1: 4.1, p0: 108 } };
/** Fig. 1H. */
const CLASS2: SweepCell = { a: 0.2, b: 0.26, c: -65, d: 0, v0: -64 };
const EULER: SweepNumerics = { dt: 0.25, scheme: 'euler' };
const HALF_STEPS: SweepNumerics = { dt: 1, scheme: 'izhikevich2003' };

function request(cell: SweepCell, numerics: SweepNumerics, from: number, to: number, count: number, duration = 1000, settle = 200): FICurveRequest {
  return { label: 'test', cell, numerics, currents: { from, to, count }, duration, settle };
}

/** Spike times of one copy of `cell` under a constant current, run alone (v0, u0 overridable). */
function spikesAlone(cell: SweepCell, numerics: SweepNumerics, current: number, duration: number): number[] {
  const e = sweepExperiment('one', [sweepNeuron('n', cell)], [{ id: 'i', kind: 'constant', target: 'n', amplitude: current }], numerics, duration);
  const sim = new Simulation(compileExperiment(e));
  sim.run(Math.round(duration / numerics.dt));
  return Array.from(sim.spikes.drain().times);
}

/** The lower (resting) fixed point of the 2003 cell at current I: 0.04 v^2 + (5 - b) v + 140 + I = 0. */
function restOf(b: number, I: number): { v0: number; u0: number } {
  const v = (-(5 - b) - Math.sqrt((5 - b) ** 2 - 0.16 * (140 + I))) / 0.08;
  return { v0: v, u0: b * v };
}

describe('f-I curves', () => {
  it('count the rate after settle and the onset rate exactly as a lone run of the cell does', () => {
    const curve = computeFICurve(request(RS, EULER, 0, 20, 41));
    expect(curve.currents.length).toBe(41);
    for (const k of [8, 20, 40]) {
      const I = curve.currents[k];
      const t = spikesAlone(RS, EULER, I, 1000);
      // Rate: spikes in [200, 1000) per 0.8 s.
      expect(curve.rates[k]).toBe(t.filter((x) => x >= 200).length / 0.8);
      expect(curve.onsetRates[k]).toBe(1000 / (t[1] - t[0]));
    }
    // Below 3.5 pA nothing, from 4 pA on a rate that grows with I (RS at 20 pA: 35 spikes in 0.8 s).
    for (let k = 0; k <= 7; k++) expect(curve.rates[k]).toBe(0);
    expect(curve.rates[40]).toBe(43.75);
    expect(curve.rates[40]).toBeGreaterThan(curve.rates[20]);
    expect(curve.rates[20]).toBeGreaterThan(curve.rates[8]);
    // The onset rate is much higher than the steady one: RS adapts (first ISI 3 ms at 20 pA).
    expect(curve.onsetRates[40]).toBeCloseTo(1000 / 3, 9);
  });

  it('finds the RS rheobase just below the Hopf point 3.7975 pA, where rest and spiking coexist', () => {
    // Fixed points of 0.04 v^2 + 5 v + 140 - u + I = 0 with u = 0.2 v merge at (4.8)^2 = 0.16 (140 + I):
    // the saddle-node, I = 4. Rest loses stability where the Jacobian's trace 0.08 v + 5 - a vanishes,
    // v = -62.25, I = 3.7975 (the Hopf point). That Hopf bifurcation is subcritical: a spiking orbit
    // already exists a little below it, and a cell started at v0 = -70 (the rest at I = 0) is thrown onto
    // it. So the least current with sustained firing from v0 = -70 lies just below 3.7975 pA.
    for (const numerics of [EULER, HALF_STEPS]) {
      const curve = computeFICurve(request(RS, numerics, 0, 10, 21));
      const rheobase = curve.rheobase;
      if (rheobase === null) throw new Error('RS must fire by 10 pA');
      expect(rheobase).toBeGreaterThan(3.75);
      expect(rheobase).toBeLessThan(3.7975);
      // The bracket: it fires after settle at the rheobase, not 0.01 pA below.
      expect(spikesAlone(RS, numerics, rheobase, 1000).filter((t) => t >= 200).length).toBeGreaterThan(0);
      expect(spikesAlone(RS, numerics, rheobase - RHEOBASE_TOLERANCE, 1000).filter((t) => t >= 200)).toEqual([]);
      // Bistability: started 0.1 mV off its own rest for that current (a stable focus below the Hopf point)
      // the same cell stays silent for the whole second, while above the Hopf point (3.85 pA, where the
      // focus grows by exp(0.0125 t), t in ms) the same nudge grows into spiking.
      const nudged = (I: number) => {
        const rest = restOf(0.2, I);
        return { ...RS, v0: rest.v0 + 0.1, u0: rest.u0 };
      };
      expect(spikesAlone(nudged(rheobase), numerics, rheobase, 1000)).toEqual([]);
      expect(spikesAlone(nudged(3.85), numerics, 3.85, 1000).length).toBeGreaterThan(0);
    }
  });

  it('shows class 1 excitability (Fig. 1G): onset at the saddle-node 2.25 pA, from an arbitrarily low rate', () => {
    // u = -0.1 v on the u-nullcline, so fixed points solve 0.04 v^2 + 4.2 v + 108 + I = 0; they merge
    // where 4.2^2 = 17.64 = 0.16 (108 + I): I = 2.25, at v = -52.5. Rest is stable up to there (trace
    // 0.08 v + 4.08 < 0 for v < -52.5), so the rheobase cannot lie below 2.25; above it, the time spent
    // near the vanished fixed point grows without bound as I falls to 2.25: a 1 s run sees onset at
    // 2.2625, a 4 s run at 2.2563.
    const curve = computeFICurve(request(CLASS1, EULER, 2, 4, 41));
    expect(curve.rheobase).toBeGreaterThanOrEqual(2.25);
    expect(curve.rheobase).toBeLessThan(2.27);
    const long = computeFICurve(request(CLASS1, EULER, 2, 2.5, 11, 4000, 1000));
    expect(long.rheobase).toBeGreaterThanOrEqual(2.25);
    expect(long.rheobase).toBeLessThan(curve.rheobase ?? 0);
    // Just above it (2.30 pA) the cell fires at under 3 Hz (onset rate 1.86 Hz), and the rate rises with I.
    const k230 = 6;
    expect(curve.currents[k230]).toBeCloseTo(2.3, 12);
    expect(curve.rates[k230]).toBeGreaterThan(0);
    expect(curve.rates[k230]).toBeLessThan(3);
    expect(curve.onsetRates[k230]).toBeLessThan(2);
    expect(curve.rates[40]).toBeGreaterThan(3 * curve.rates[k230]);
  });

  it('follows the square-root law of a saddle-node on a circle near the class 1 onset', () => {
    // At the saddle-node the Jacobian [[-0.1, -1], [-0.002, -0.02]] has eigenvalue 0 with right vector
    // (1, -0.1) and left vector (1, -50). Along it, v = -52.5 + s, ds/dt = (0.04 s^2 + dI) / (1 + 5), so
    // the bottleneck takes T = pi / sqrt((0.04 / 6) (dI / 6)) = 30 pi / sqrt(dI) ms = 94.25 / sqrt(dI) ms.
    // The rest of the cycle (spike, reset) adds a roughly fixed time, so 1000 / ISI divided by sqrt(dI)
    // must rise towards 1000 / (30 pi) = 10.61 Hz / sqrt(pA) as dI shrinks.
    const dIs = [0.0025, 0.01, 0.02];
    const curve = computeFICurve({ ...request(CLASS1, EULER, 2.25 + dIs[0], 2.25 + dIs[2], 8, 20000, 1000) });
    // currents 2.2525, 2.2550, ... 2.2700: dI = 0.0025 is k = 0, 0.01 is k = 3, 0.02 is k = 7.
    const ratio = (k: number) => curve.onsetRates[k] / Math.sqrt(curve.currents[k] - 2.25);
    const limit = 1000 / (30 * Math.PI);
    expect(limit).toBeCloseTo(10.61, 2);
    expect(ratio(0)).toBeGreaterThan(ratio(3));
    expect(ratio(3)).toBeGreaterThan(ratio(7));
    expect(ratio(0)).toBeLessThan(limit);
    expect(ratio(0)).toBeGreaterThan(0.9 * limit); // 9.90
    // The extra time per cycle, T - 94.25 / sqrt(dI), is about the same (130 +- 10 ms) at each dI.
    for (const k of [0, 3, 7]) {
      const extra = 1000 / curve.onsetRates[k] - (30 * Math.PI) / Math.sqrt(curve.currents[k] - 2.25);
      expect(extra).toBeGreaterThan(120);
      expect(extra).toBeLessThan(140);
    }
    // The lowest current already fires, so the rheobase is `from`.
    expect(curve.rheobase).toBe(curve.currents[0]);
  });

  it('shows class 2 excitability (Fig. 1H): firing starts at a clearly non-zero rate', () => {
    // Trace 0.08 v + 5 - 0.2 vanishes at v = -60, where 144 - 300 + 140 + 15.6 + I = 0: Hopf at I = 0.4;
    // the saddle-node is at (4.74)^2 = 0.16 (140 + I), I = 0.4225. As for RS the Hopf point is
    // subcritical, so from v0 = -64 the cell already fires from 0.28 pA. The linearization there rotates
    // at sqrt(det) = sqrt(0.2 (0.26 + 4.8 - 5)) = 0.11 rad/ms, i.e. 17.4 Hz: the cell's natural rhythm,
    // and it cannot fire much slower than that.
    const curve = computeFICurve(request(CLASS2, EULER, 0, 1, 21));
    expect(curve.rheobase).toBeGreaterThan(0.25);
    expect(curve.rheobase).toBeLessThan(0.3);
    const first = Array.from(curve.rates).findIndex((r) => r > 0);
    expect(curve.currents[first]).toBeCloseTo(0.3, 12);
    // 27.5 Hz at the first current that fires (0.3 pA), against under 3 Hz for class 1 just above onset.
    expect(curve.rates[first]).toBe(27.5);
    expect(curve.rates[first]).toBeGreaterThan(Math.sqrt(0.2 * 0.06) / (2 * Math.PI) * 1000);
    expect(curve.rates[first - 1]).toBe(0);
  });

  it('reports rheobase = from when the first current fires, and null when none does', () => {
    expect(computeFICurve(request(RS, EULER, 5, 10, 6)).rheobase).toBe(5);
    expect(computeFICurve(request(RS, EULER, 0, 3, 4)).rheobase).toBeNull();
    const single = computeFICurve(request(RS, EULER, 10, 10, 1));
    expect(single.rheobase).toBe(10);
    expect(single.currents).toEqual(Float64Array.of(10));
  });

  it('runs in chunks with the same result, counting work up to its total', () => {
    const r = request(RS, EULER, 0, 20, 41);
    const whole = computeFICurve(r);
    const run = new FICurveRun(r);
    // 4000 steps of the sweep and 6 bisections (0.5 pA -> 0.0078 pA) of 4000 steps each.
    expect(run.total).toBe(4000 * 7);
    expect(fiCurveWork(r)).toBe(run.total);
    let chunks = 0;
    let last = 0;
    while (!run.advance(777)) {
      chunks++;
      expect(run.done).toBeGreaterThan(last);
      expect(run.done).toBeLessThanOrEqual(run.total);
      last = run.done;
    }
    expect(chunks).toBeGreaterThan(10);
    expect(run.done).toBe(run.total);
    expect(run.result()).toEqual(whole);
  });

  it('fails with a message naming the current when a state blows up', () => {
    // u <- u + dt a (b v - u) with dt a = 5 multiplies u's deviation by -4 each step: it overflows.
    const bad = request({ ...RS, a: 5 }, HALF_STEPS, 0, 10, 3);
    expect(() => computeFICurve(bad)).toThrow(SweepError);
    // The largest current (10 pA) overflows first.
    expect(() => computeFICurve(bad)).toThrow(/^At I = 10 pA: Stopped at t = 12\.00 ms: neuron "n2" has v = Infinity/);
  });
});
