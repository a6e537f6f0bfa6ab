import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../experiment/examples.ts';
import { cellParams, derivatives, fixedPoints, inputCurrentAt, receivesSynapticInput, uNullcline, vectorField, vNullcline } from './phasePlane.ts';
import { experiment, neuron, simulate } from '../../../test/helpers.ts';
import { PATTERNS } from '../experiment/patterns.ts';

const RS = cellParams({ a: 0.02, b: 0.2 });

describe('phase plane of the quadratic cell', () => {
  it('has the regular-spiking nullclines', () => {
    expect(vNullcline(RS, 0, -70)).toBeCloseTo(0.04 * 4900 - 350 + 140, 10);
    expect(vNullcline(RS, 5, 0)).toBe(145);
    expect(uNullcline(RS, -65)).toBeCloseTo(-13, 12);
  });

  it('finds a stable rest at -70 mV and a saddle at -50 mV with no input', () => {
    const fps = fixedPoints(RS, 0);
    expect(fps).toHaveLength(2);
    expect(fps[0].v).toBeCloseTo(-70, 9);
    expect(fps[0].u).toBeCloseTo(-14, 9);
    expect(fps[0].kind).toBe('stable');
    expect(fps[1].v).toBeCloseTo(-50, 9);
    expect(fps[1].u).toBeCloseTo(-10, 9);
    expect(fps[1].kind).toBe('saddle');
    for (const fp of fps) {
      const [dv, du] = derivatives(RS, 0, fp.v, fp.u);
      expect(Math.abs(dv)).toBeLessThan(1e-9);
      expect(Math.abs(du)).toBeLessThan(1e-9);
    }
  });

  it('merges them at I = 4 (one double root at -60 mV) and has none at I = 5', () => {
    const merged = fixedPoints(RS, 4);
    expect(merged).toHaveLength(1);
    expect(merged[0].v).toBeCloseTo(-60, 6);
    expect(merged[0].double).toBe(true);
    expect(fixedPoints(RS, 5)).toHaveLength(0);
  });

  it('loses stability where the trace vanishes (v = -62.25, I = 3.7975): a Hopf point', () => {
    const at = fixedPoints(RS, 3.7975);
    expect(at[0].v).toBeCloseTo(-62.25, 6);
    expect(Math.abs(at[0].trace)).toBeLessThan(1e-9);
    const before = fixedPoints(RS, 3.79);
    const after = fixedPoints(RS, 3.80);
    expect(before[0].kind).toBe('stable');
    expect(before[0].v).toBeLessThan(-62.25);
    expect(after[0].kind).toBe('unstable');
    expect(after[0].v).toBeGreaterThan(-62.25);
    expect(after[0].det).toBeGreaterThan(0);
    expect(after[1].kind).toBe('saddle');
  });

  it('uses the vertical u-nullcline v = vb when u is not restoring (accommodation)', () => {
    const p = cellParams({ a: 0.02, b: 1, equation: { vb: -65, uRestoring: false } });
    expect(Number.isNaN(uNullcline(p, -60))).toBe(true);
    const fps = fixedPoints(p, 0);
    expect(fps).toHaveLength(1);
    expect(fps[0].v).toBe(-65);
    expect(fps[0].u).toBeCloseTo(vNullcline(p, 0, -65), 12);
    // trace 2 p2 vb + p1 = -0.2 < 0, det a b > 0
    expect(fps[0].kind).toBe('stable');
  });

  it('samples the vector field on a grid', () => {
    const field = vectorField(RS, 0, [-90, 40], [-20, 20], 13, 4);
    expect(field).toHaveLength(52);
    const first = field[0];
    expect(first.v).toBeCloseTo(-85, 12);
    expect(first.u).toBeCloseTo(-15, 12);
    expect(first.dv).toBeCloseTo(0.04 * 85 * 85 - 425 + 140 + 15, 9);
    expect(first.du).toBeCloseTo(0.02 * (0.2 * -85 + 15), 12);
  });

  it("sums the neuron's constant and active pulse inputs at a time", () => {
    const exp = defaultExperiment();
    expect(inputCurrentAt(exp, 'driver', 50)).toBe(0);
    expect(inputCurrentAt(exp, 'driver', 150)).toBe(10);
    const extra = { ...exp, inputs: [...exp.inputs, { id: 'bias', kind: 'constant' as const, target: 'driver', amplitude: 2 }] };
    expect(inputCurrentAt(extra, 'driver', 150)).toBe(12);
  });

  it('gives the current the engine applies in every step: ramps, pulses and recorded values', () => {
    // The engine's 'iext' sample at the end of step n is the input it used in step n, which starts at
    // t = n dt; inputCurrentAt at that time must give the same number for every deterministic input.
    const ramps = PATTERNS.find((p) => p.id === 'accommodation');
    const pulses = PATTERNS.find((p) => p.id === 'resonator');
    if (!ramps || !pulses) throw new Error('pattern missing');
    const recorded = experiment({
      dt: 0.5,
      neurons: [neuron('n')],
      inputs: [
        { id: 'rec', kind: 'recorded', target: 'n', values: [0, 1, 2, 3, -4, 5.5] },
        { id: 'train', kind: 'pulse', target: 'n', start: 1, duration: 0.5, period: 2, amplitude: 2 },
      ],
    });
    for (const exp of [ramps.make(), pulses.make(), recorded]) {
      const id = exp.neurons[0].id;
      const sim = simulate(exp, [id], ['iext']);
      const steps = Math.round(Math.min(exp.simulation.duration, 400) / exp.simulation.dt);
      sim.run(steps);
      let nonZero = 0;
      for (let n = 0; n < steps; n++) {
        const t = n * exp.simulation.dt;
        expect(inputCurrentAt(exp, id, t), `${exp.name} at ${t} ms`).toBeCloseTo(sim.traces.values[n], 9);
        if (sim.traces.values[n] !== 0) nonZero++;
      }
      expect(nonZero).toBeGreaterThan(3);
    }
  });

  it('knows which neurons get synaptic input', () => {
    const exp = defaultExperiment();
    expect(receivesSynapticInput(exp, 'driver')).toBe(false);
    expect(receivesSynapticInput(exp, 'follower')).toBe(true);
    expect(receivesSynapticInput(exp, 'pacer')).toBe(true);
    const poisson = experiment({
      neurons: [neuron('n')],
      synapseTypes: [{ id: 'AMPA', kind: 'expConductance', gbase: 1, tau: 5, erev: 0 }],
      inputs: [{ id: 'p', kind: 'poisson', target: 'n', rate: 10, synapse: 'AMPA', weight: 1 }],
    });
    expect(receivesSynapticInput(poisson, 'n')).toBe(true);
  });
});

describe('phase plane of the izhikevich2007 cell', () => {
  // The 2007 RS cell (C 100 pF, k 0.7, vr -60, vt -40, a 0.03, b -2): u and I in pA.
  const rs2007 = { model: 'izhikevich2007' as const, id: 'rs', C: 100, k: 0.7, vr: -60, vt: -40, vpeak: 35, a: 0.03, b: -2, c: -50, d: 100, v0: -60 };
  const p = cellParams(rs2007);

  it('puts its nullclines where C dv/dt = k (v - vr)(v - vt) - u + I and du/dt = a (b (v - vr) - u) vanish', () => {
    for (const v of [-80, -60, -45, 0]) {
      expect(vNullcline(p, 30, v)).toBeCloseTo(0.7 * (v + 60) * (v + 40) + 30, 9);
      expect(uNullcline(p, v)).toBeCloseTo(-2 * (v + 60), 12);
    }
  });

  it('finds the stable rest at vr and the saddle at vt + b / k with no input', () => {
    const fps = fixedPoints(p, 0);
    expect(fps.map((f) => f.kind)).toEqual(['stable', 'saddle']);
    expect(fps[0].v).toBeCloseTo(-60, 9);
    expect(fps[0].u).toBeCloseTo(0, 9);
    expect(fps[1].v).toBeCloseTo(-40 - 2 / 0.7, 9);
    // Jacobian at rest: [[k (2 vr - vr - vt) / C, -1 / C], [a b, -a]]: trace -0.17, det 0.0036.
    expect(fps[0].trace).toBeCloseTo(-0.17, 12);
    expect(fps[0].det).toBeCloseTo(0.0036, 12);
  });

  it('has the flow the engine steps: one Euler step moves v by dt dv/dt, then u by dt du/dt at the new v', () => {
    const dt = 0.01;
    const I = 70;
    const e = experiment({ dt, scheme: 'euler', neurons: [{ ...rs2007, v0: -52 }], inputs: [{ id: 'I', kind: 'constant', target: 'rs', amplitude: I }] });
    const sim = simulate(e);
    sim.run(40);
    const v = sim.v[0];
    const u = sim.u[0];
    expect(u).not.toBe(0);
    const [dv] = derivatives(p, I, v, u);
    sim.run(1);
    expect(sim.v[0] - v).toBeCloseTo(dt * dv, 12);
    // u steps from the new v, as the 2004 code does.
    const [, du] = derivatives(p, I, sim.v[0], u);
    expect(sim.u[0] - u).toBeCloseTo(dt * du, 12);
  });
});
