import { describe, expect, it } from 'vitest';
import { experiment, neuron, simulate, spikeTimes } from '../../../test/helpers.ts';
import { izhikevich2003To2007 } from '../experiment/cellMapping.ts';
import { CELL_2007_PRESETS } from '../experiment/cellModels.ts';
import { CELL_PRESETS } from '../experiment/presets.ts';
import type { Experiment, Izhikevich2007NeuronSpec, Izhikevich2007Params, NeuronSpec } from '../experiment/types.ts';
import { validateExperiment } from '../experiment/validate.ts';

const RS: Izhikevich2007Params = { ...CELL_2007_PRESETS[0].params, v0: CELL_2007_PRESETS[0].v0 };

function cell2007(id: string, p: Izhikevich2007Params): Izhikevich2007NeuronSpec {
  return { id, model: 'izhikevich2007', ...p };
}

/** Spike times of an izhikevich2007Cell under a constant current, by classical RK4 at step h (independent of the engine). */
function rk4Spikes(p: Izhikevich2007Params, current: number, ms: number, h: number): number[] {
  const f = (v: number, u: number): [number, number] => [(p.k * (v - p.vr) * (v - p.vt) - u + current) / p.C, p.a * (p.b * (v - p.vr) - u)];
  let v = p.v0;
  let u = 0;
  const spikes: number[] = [];
  const steps = Math.round(ms / h);
  for (let n = 0; n < steps; n++) {
    const [k1v, k1u] = f(v, u);
    const [k2v, k2u] = f(v + (h / 2) * k1v, u + (h / 2) * k1u);
    const [k3v, k3u] = f(v + (h / 2) * k2v, u + (h / 2) * k2u);
    const [k4v, k4u] = f(v + h * k3v, u + h * k3u);
    const vNext = v + (h / 6) * (k1v + 2 * k2v + 2 * k3v + k4v);
    const uNext = u + (h / 6) * (k1u + 2 * k2u + 2 * k3u + k4u);
    if (vNext >= p.vpeak) {
      // The crossing, by linear interpolation within the step.
      spikes.push(n * h + (h * (p.vpeak - v)) / (vNext - v));
      v = p.c;
      u = uNext + p.d;
    } else {
      v = vNext;
      u = uNext;
    }
  }
  return spikes;
}

function checked(e: Experiment): Experiment {
  const r = validateExperiment(e);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.experiment;
}

describe('the izhikevich2007 cell', () => {
  it('fires the RS cell as an independent RK4 integration does (70 pA, 1 s, the NeuroML example)', () => {
    const reference = rk4Spikes(RS, 70, 1000, 0.0005);
    // Measured: 7 spikes, the first near 106 ms (NeuroML's documentation shows regular spiking at 0.07 nA).
    expect(reference.length).toBeGreaterThanOrEqual(5);
    for (const scheme of ['euler', 'izhikevich2003'] as const) {
      const e = checked(experiment({ dt: 0.01, scheme, neurons: [cell2007('rs', RS)], inputs: [{ id: 'I', kind: 'constant', target: 'rs', amplitude: 70 }] }));
      const lab = spikeTimes(simulate(e), 'rs', 1000);
      expect(lab).toHaveLength(reference.length);
      // A spike is recorded at the start of the step that crosses vpeak: up to one step early, and the
      // first-order schemes drift by a fraction of a ms over the second.
      lab.forEach((t, k) => expect(Math.abs(t - reference[k])).toBeLessThan(0.5));
    }
  });

  it('starts with u = 0 and steps u in pA (the u trace of a cell at rest stays 0; at v0 above vr it grows by a b (v0 - vr) per ms)', () => {
    const e = checked(experiment({ dt: 0.1, scheme: 'euler', neurons: [cell2007('rs', { ...RS, v0: -50 })], recording: { watch: ['rs'], variables: ['v', 'u'] } }));
    const sim = simulate(e, ['rs'], ['v', 'u']);
    sim.run(1);
    // One Euler step from v0 = -50, u = 0: v += dt (k (v - vr)(v - vt) - u) / C, then u += dt a (b (v1 - vr) - 0).
    const v1 = -50 + (0.1 * (0.7 * 10 * -10)) / 100;
    expect(sim.traces.values[0]).toBeCloseTo(v1, 12);
    expect(sim.traces.values[1]).toBeCloseTo(0.1 * 0.03 * (-2 * (v1 + 60)), 12);
  });

  it('draws a 2007 population\'s parameters per neuron', () => {
    const e = checked(experiment({
      populations: [{ id: 'P', size: 50, model: 'izhikevich2007', C: 100, k: 0.7, vr: -60, vt: -40, vpeak: 35, a: 0.03, b: -2, c: { dist: 'uniform', min: -55, max: -45 }, d: 100, v0: -60 }],
    }));
    const sim = simulate(e);
    const c = sim.net.cells.c;
    expect(Math.min(...c)).toBeGreaterThanOrEqual(-55);
    expect(Math.max(...c)).toBeLessThan(-45);
    expect(new Set(c).size).toBe(50);
    expect(Array.from(sim.net.cells.invC)).toEqual(new Array(50).fill(1 / 100));
  });
});

describe('the 2003 -> 2007 mapping in the engine', () => {
  type Scheme = 'euler' | 'izhikevich2003';

  function presetOf(name: string) {
    const preset = CELL_PRESETS.find((p) => p.name === name);
    if (!preset) throw new Error(name);
    return preset;
  }

  /**
   * Two neurons side by side over 1 s, each with its own step of `amplitudes` pA from 50 ms: their spike
   * times, and (with `withU`) the 2003 recovery variable of each at each of the first one's spikes.
   */
  function runTwo(scheme: Scheme, dt: number, pair: [NeuronSpec, NeuronSpec], amplitudes: [number, number], toU: (u: number, k: 0 | 1) => number = (u) => u) {
    const e = checked(experiment({
      dt, scheme, neurons: pair,
      inputs: [{ id: 'I', kind: 'pulse', target: pair[0].id, start: 50, amplitude: amplitudes[0] }, { id: 'J', kind: 'pulse', target: pair[1].id, start: 50, amplitude: amplitudes[1] }],
    }));
    const sim = simulate(e, pair.map((n) => n.id), ['u']);
    const spikes: [number[], number[]] = [[], []];
    const uAtSpikes: [number, number][] = [];
    for (let n = Math.round(1000 / dt); n > 0; n--) {
      sim.run(1);
      const u = sim.traces.values;
      const { neurons, times } = sim.spikes.drain();
      for (let k = 0; k < neurons.length; k++) spikes[neurons[k]].push(times[k]);
      if (neurons.includes(0)) uAtSpikes.push([toU(u[0], 0), toU(u[1], 1)]);
      sim.traces.count = 0;
    }
    return { first: spikes[0], second: spikes[1], uAtSpikes };
  }

  /** A 2003 preset (started where the mapped cell's u = 0 puts it) and its mapped 2007 cell, 10 pA from 50 ms. */
  function mappedPair(name: string, scheme: Scheme, dt: number) {
    const preset = presetOf(name);
    const mapping = izhikevich2003To2007({ ...preset.params, v0: -65 });
    if (!mapping.ok) throw new Error(mapping.reason);
    const { b, vr } = mapping.cell;
    // The mapped initial state: the 2003 neuron starts at u0 = b vr, where the 2007 cell's u(0) = 0 puts it
    // (from the 2003 default u0 = b v0 the first spikes differ, unless v0 = vr: the notes' caveat).
    // The 2007 cell's u is U - b vr.
    return runTwo(scheme, dt, [neuron('old', { ...preset.params, v0: -65, u0: mapping.startU }), cell2007('new', mapping.cell)], [10, 10], (u, k) => (k === 0 ? u : u + b * vr));
  }

  /** The same 2003 preset twice, the second's input larger by `nudge` pA: rounding-size differences. */
  function nudgedPair(name: string, scheme: Scheme, dt: number, nudge: number) {
    const preset = presetOf(name);
    return runTwo(scheme, dt, [neuron('a', { ...preset.params, v0: -65 }), neuron('b', { ...preset.params, v0: -65 })], [10, 10 + nudge]);
  }

  const worst = ({ first, second }: { first: number[]; second: number[] }) => Math.max(...first.map((t, k) => Math.abs(t - second[k])));
  const firstDifference = ({ first, second }: { first: number[]; second: number[] }, dt: number) => first.find((t, k) => Math.abs(t - second[k]) > dt / 2);

  // Measured (10 pA): identical spike times for RS, IB, CH, TC and RZ at Euler 0.01 ms (22 to 260 spikes),
  // and for all but RZ with the 2003 scheme at 0.1 ms (RZ there: see below).
  for (const name of ['RS', 'IB', 'CH', 'TC', 'RZ']) {
    it(`${name}: the mapped cell fires at the 2003 cell's steps over 1 s`, () => {
      const runs: [Scheme, number][] = [['euler', 0.01], ...(name === 'RZ' ? [] : [['izhikevich2003', 0.1] as [Scheme, number]])];
      for (const [scheme, dt] of runs) {
        const spikes = mappedPair(name, scheme, dt);
        expect(spikes.first.length).toBeGreaterThan(15);
        expect(spikes.second).toHaveLength(spikes.first.length);
        expect(worst(spikes)).toBeLessThanOrEqual(dt * (1 + 1e-9));
      }
    });
  }

  // FS and LTS (at Euler 0.01 ms) and RZ (at the 2003 half-steps, 0.1 ms) fire at the 2003 cell's steps for
  // hundreds of ms, then drift apart by several steps: measured at 10 pA, FS the same 129 spikes at the same
  // steps up to 358.57 ms, then at most 0.10 ms apart; LTS the same 74 spikes up to 737.38 ms, then at most
  // 0.08 ms; RZ the same up to 326.3 ms, then at most 1 ms. The next two tests show why.
  for (const [name, scheme, dt, sameUntil, within] of [['FS', 'euler', 0.01, 350, 0.15], ['LTS', 'euler', 0.01, 700, 0.15], ['RZ', 'izhikevich2003', 0.1, 320, 1.5]] as const) {
    it(`${name} (${scheme} ${dt} ms): the mapped cell fires at the 2003 cell's steps up to ${sameUntil} ms, then within ${within} ms`, () => {
      const spikes = mappedPair(name, scheme, dt);
      expect(spikes.first.length).toBeGreaterThan(50);
      expect(spikes.second).toHaveLength(spikes.first.length);
      const early = spikes.first.filter((t) => t < sameUntil);
      early.forEach((t, k) => expect(Math.abs(t - spikes.second[k])).toBeLessThanOrEqual(dt * (1 + 1e-9)));
      expect(worst(spikes)).toBeLessThanOrEqual(within);
    });
  }

  // Why: these quantised orbits amplify any difference. With the spike on a fixed step, the Euler map from one
  // spike's u to the next multiplies a difference in u by about -1.95 per spike for FS at 0.01 ms (the ODE's
  // own map by 0.085: stable), so the last-bit difference between the two cells' arithmetic (the mapped cell
  // computes 154 - (U + 14) where the 2003 cell computes 140 - U) grows from 1e-14 to a step's worth of u in
  // about 40 spikes; after that the two are different, equally valid discretisations of one orbit.
  it('FS: the difference in U between the 2003 cell and the mapped cell doubles at each spike until it moves a spike', () => {
    const { uAtSpikes, first } = mappedPair('FS', 'euler', 0.01);
    const ratios: number[] = [];
    for (let k = 1; k < uAtSpikes.length; k++) {
      const before = uAtSpikes[k - 1][0] - uAtSpikes[k - 1][1];
      const after = uAtSpikes[k][0] - uAtSpikes[k][1];
      // From well above the last bit of U to well below a step's worth of it.
      if (Math.abs(before) > 1e-12 && Math.abs(after) < 1e-4 && first[k] < 358) ratios.push(after / before);
    }
    expect(ratios.length).toBeGreaterThan(20);
    for (const r of ratios) {
      expect(r).toBeLessThan(-1.5);
      expect(r).toBeGreaterThan(-2.5);
    }
  });

  it('FS, LTS and RZ: the 2003 cell against itself with its input changed by 1e-14 pA drifts as far, so one step is out of reach', () => {
    // Measured: FS first differs at 373.40 ms (at most 0.09 ms apart), LTS at 777.65 ms (0.08 ms), RZ at
    // 0.1 ms half-steps ends with a spike more. No computation of these cells that rounds differently from
    // the 2003 cell's own can stay within one step of it over 1 s; the mapped cell does as well as that.
    for (const [name, scheme, dt] of [['FS', 'euler', 0.01], ['LTS', 'euler', 0.01], ['RZ', 'izhikevich2003', 0.1]] as const) {
      const spikes = nudgedPair(name, scheme, dt, 1e-14);
      const n = Math.min(spikes.first.length, spikes.second.length);
      const shared = { first: spikes.first.slice(0, n), second: spikes.second.slice(0, n) };
      const firstDiff = firstDifference(shared, dt);
      expect(firstDiff).toBeDefined();
      expect(firstDiff).toBeGreaterThan(250);
      expect(spikes.first.length !== spikes.second.length || worst(shared) > dt * 1.5).toBe(true);
    }
    // The cells the mapping keeps within one step keep it against a nudge too: their orbits damp differences.
    for (const name of ['RS', 'IB', 'CH', 'TC', 'RZ']) {
      const spikes = nudgedPair(name, 'euler', 0.01, 1e-14);
      expect(spikes.second).toEqual(spikes.first);
    }
  });
});
