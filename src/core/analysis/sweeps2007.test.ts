import { describe, expect, it } from 'vitest';
import { experiment, simulate, spikeTimes } from '../../../test/helpers.ts';
import { CELL_2007_PRESETS } from '../experiment/cellModels.ts';
import type { Izhikevich2007NeuronSpec, Izhikevich2007Params } from '../experiment/types.ts';
import { validateCell } from '../experiment/validate.ts';
import { RHEOBASE_TOLERANCE, computeFICurve } from './fICurve.ts';
import { classifySpikeTrain } from './firingClass.ts';
import { computeFiringMap } from './firingMap.ts';
import { cellParams, fixedPoints } from './phasePlane.ts';
import { rateQuantisation } from './rateQuantisation.ts';
import { FIRING_CLASSES, rangeValues, sweepCellOf, type FICurveRequest, type SweepCell, type SweepNumerics } from './sweeps.ts';

/**
 * The f-I curve, rheobase and firing map of izhikevich2007 cells, in their own units (C pF, u and I pA),
 * run by the engine's 2007 kernel. The chapter's RS cell: C 100 pF, k 0.7 nS/mV, vr -60, vt -40 mV,
 * a 0.03 /ms, b -2 nS, c -50 mV, d 100 pA, vpeak 35 mV.
 */
const RS_PARAMS: Izhikevich2007Params = { ...CELL_2007_PRESETS[0].params, v0: CELL_2007_PRESETS[0].v0 };
const RS: SweepCell = { model: 'izhikevich2007', ...RS_PARAMS };
const EULER: SweepNumerics = { dt: 0.1, scheme: 'euler' };

function request(cell: SweepCell, numerics: SweepNumerics, from: number, to: number, count: number, duration = 1000, settle = 200): FICurveRequest {
  return { label: 'test', cell, numerics, currents: { from, to, count }, duration, settle };
}

/**
 * The saddle-node current of the 2007 cell. At rest u = b (v - vr), so the fixed points solve
 * k (v - vr)(v - vt) - b (v - vr) + I = 0, i.e. with x = v - vr: k x^2 - (k (vt - vr) + b) x + I = 0.
 * They merge where the discriminant vanishes: I = (k (vt - vr) + b)^2 / (4 k), at x = (k (vt - vr) + b) / (2 k).
 */
function saddleNodeCurrent(p: Izhikevich2007Params): number {
  return (p.k * (p.vt - p.vr) + p.b) ** 2 / (4 * p.k);
}

describe('f-I curves of izhikevich2007 cells', () => {
  const rheobase = saddleNodeCurrent(RS_PARAMS);

  it('puts the RS saddle-node at (0.7 * 20 - 2)^2 / 2.8 = 51.43 pA, where the engine kernel\'s fixed points merge', () => {
    expect(rheobase).toBeCloseTo(144 / 2.8, 12);
    // The phase plane's fixed points, from izhikevich2007Kernel (the engine's own terms): two below, none above.
    const kernel = cellParams({ model: 'izhikevich2007', ...RS_PARAMS });
    expect(fixedPoints(kernel, rheobase - 0.01)).toHaveLength(2);
    expect(fixedPoints(kernel, rheobase + 0.01)).toHaveLength(0);
    // b = -2 nS < a C = 3 nS: rest is stable up to the saddle-node (no Hopf point before it).
    expect(fixedPoints(kernel, rheobase - 0.01)[0].kind).toBe('stable');
  });

  it('finds the RS rheobase just above the saddle-node, closer the longer it counts', () => {
    // Just above I_rh the cell passes the ghost of the vanished fixed point slowly. Along the centre
    // direction (1, b) (left vector (a C, -1)), v = v* + z and dz/dt = a (k z^2 + dI) / (a C - b), so the
    // passage takes T = pi (a C - b) / (a sqrt(k dI)): a spike within a window T needs dI of at least
    // (pi (a C - b) / (a T))^2 / k, i.e. 0.017 pA for a 4800 ms window and 0.61 pA for 800 ms.
    const { a, C, b, k } = RS_PARAMS;
    const needed = (window: number) => (Math.PI * (a * C - b) / (a * window)) ** 2 / k;
    expect(needed(4800)).toBeCloseTo(0.017, 3);
    // Measured: 51.4453 pA (5 s) and 51.8066 pA (1 s) at each step and scheme; a fixed point of the ODE is
    // one of the step too, so the step does not move the saddle-node.
    for (const numerics of [EULER, { dt: 0.1, scheme: 'izhikevich2003' } as const]) {
      const long = computeFICurve(request(RS, numerics, 0, 100, 11, 5000, 200)).rheobase;
      if (long === null) throw new Error('RS must fire by 100 pA');
      expect(long).toBeGreaterThan(rheobase);
      expect(long - rheobase).toBeLessThan(needed(4800) + RHEOBASE_TOLERANCE);
    }
    for (const numerics of [EULER, { dt: 0.01, scheme: 'euler' } as const]) {
      const short = computeFICurve(request(RS, numerics, 0, 100, 11, 1000, 200)).rheobase;
      if (short === null) throw new Error('RS must fire by 100 pA');
      expect(short).toBeGreaterThan(rheobase + needed(4800) + RHEOBASE_TOLERANCE);
      expect(short - rheobase).toBeLessThan(needed(800));
    }
  });

  it('gives the rates of a direct engine run of the RS cell at 60, 100, 200 and 400 pA', () => {
    const curve = computeFICurve(request(RS, EULER, 0, 400, 81));
    for (const [I, measured] of [[60, 3.75], [100, 12.5], [200, 35], [400, 70]] as const) {
      const k = curve.currents.indexOf(I);
      expect(k).toBeGreaterThanOrEqual(0);
      // The neuron as a file would write it: not through the sweep's own builders.
      const neuron: Izhikevich2007NeuronSpec = { id: 'rs', model: 'izhikevich2007', ...RS_PARAMS };
      const e = experiment({ dt: EULER.dt, scheme: EULER.scheme, neurons: [neuron], inputs: [{ id: 'I', kind: 'constant', target: 'rs', amplitude: I }] });
      const spikes = spikeTimes(simulate(e), 'rs', 1000);
      expect(curve.rates[k]).toBe(spikes.filter((t) => t >= 200).length / 0.8);
      expect(curve.onsetRates[k]).toBe(1000 / (spikes[1] - spikes[0]));
      expect(curve.rates[k]).toBe(measured);
    }
    // Silent below the saddle-node (50 pA), firing from the next point (55 pA, 2.5 Hz) on, faster with I;
    // RS adapts: its first interval is shorter than the steady ones (98 Hz against 70 Hz at 400 pA).
    expect(curve.onsetRates[80]).toBeGreaterThan(curve.rates[80] * 1.3);
    expect(curve.rates[10]).toBe(0);
    expect(curve.rates[11]).toBeGreaterThan(0);
    expect(curve.rheobase).toBeGreaterThan(rheobase);
    expect(curve.rheobase).toBeLessThan(55);
    for (let k = 12; k < 81; k++) expect(curve.rates[k]).toBeGreaterThanOrEqual(curve.rates[k - 1]);
  });

  it('warns of stair-steps when the step, not the cell, sets the RS cell\'s fast rates (dt 1 ms, up to 2 nA)', () => {
    const at = (dt: number) => computeFICurve(request(RS, { dt, scheme: 'izhikevich2003' }, 0, 2000, 41));
    const coarse = at(1);
    // Measured: locked at 200 Hz (5 steps per spike) from 1600 pA; the offered step puts 20 steps in the
    // fastest interval (222.5 Hz: 0.2 ms), and at that step the curve no longer locks.
    expect(rateQuantisation(coarse.currents, coarse.rates, 1, 800)).toEqual({ rate: 200, steps: 5, current: 1600, finerDt: 0.2 });
    const fine = at(0.2);
    expect(rateQuantisation(fine.currents, fine.rates, 0.2, 800)).toBeNull();
  });

  it('puts the chapter\'s CH cell\'s onset at its saddle-node too, (1.5 * 20 + 1)^2 / 6 = 160.17 pA', () => {
    // b = 1 nS < a C = 1.5 nS: a saddle-node, as for RS (measured 160.166 pA at 5 s).
    const ch = CELL_2007_PRESETS[2];
    expect(ch.name).toBe('CH');
    const params = { ...ch.params, v0: ch.v0 };
    const curve = computeFICurve(request({ model: 'izhikevich2007', ...params }, EULER, 100, 300, 41, 5000, 200));
    expect(Math.abs((curve.rheobase ?? 0) - saddleNodeCurrent(params))).toBeLessThan(0.02);
  });
});

describe('firing maps of izhikevich2007 cells', () => {
  it('maps the RS cell over (a, b) in its units: tonic up to the b where 100 pA no longer clears the saddle-node', () => {
    // Tonic firing for 100 pA needs (k (vt - vr) + b)^2 / (4 k) < 100: b < sqrt(280) - 14 = 2.733 nS.
    const bMax = Math.sqrt(4 * RS_PARAMS.k * 100) - RS_PARAMS.k * (RS_PARAMS.vt - RS_PARAMS.vr);
    expect(bMax).toBeCloseTo(2.733, 3);
    const map = computeFiringMap({ cell: RS, numerics: EULER, plane: 'ab', x: { from: 0.01, to: 0.05, count: 5 }, y: { from: -10, to: 10, count: 41 }, amplitude: 100, onset: 50, duration: 500 });
    const bs = rangeValues(map.request.y);
    const classAt = (ix: number, iy: number) => FIRING_CLASSES[map.classes[iy * 5 + ix]];
    // The RS cell's own a (0.03) is column 2.
    bs.forEach((b, iy) => {
      if (b < bMax) expect(classAt(2, iy)).toBe('tonic-spiking');
      else expect(['silent', 'phasic-spiking']).toContain(classAt(2, iy));
    });
    // More b, more recovery current against the input: fewer spikes (measured 23 at b = -10, 6 at -2, 2 at 2.5).
    const countAt = (b: number) => map.spikeCounts[Math.round((b + 10) / 0.5) * 5 + 2];
    expect([countAt(-10), countAt(-2), countAt(2.5)]).toEqual([23, 6, 2]);
  });

  it('gives each point the class of the same 2007 cell run alone', () => {
    const map = computeFiringMap({ cell: RS, numerics: EULER, plane: 'cd', x: { from: -60, to: -30, count: 4 }, y: { from: 50, to: 200, count: 4 }, amplitude: 100, onset: 50, duration: 500 });
    const xs = rangeValues(map.request.x);
    const ys = rangeValues(map.request.y);
    const seen = new Set<string>();
    for (let iy = 0; iy < 4; iy++) {
      for (let ix = 0; ix < 4; ix++) {
        const neuron: Izhikevich2007NeuronSpec = { id: 'n', model: 'izhikevich2007', ...RS_PARAMS, c: xs[ix], d: ys[iy] };
        const e = experiment({ dt: EULER.dt, scheme: EULER.scheme, neurons: [neuron], inputs: [{ id: 's', kind: 'pulse', target: 'n', start: 50, amplitude: 100 }] });
        const after = spikeTimes(simulate(e), 'n', 500).filter((t) => t >= 50);
        const k = iy * 4 + ix;
        expect(map.spikeCounts[k]).toBe(after.length);
        expect(FIRING_CLASSES[map.classes[k]]).toBe(classifySpikeTrain(Float64Array.from(after), 50, 500));
        seen.add(FIRING_CLASSES[map.classes[k]]);
      }
    }
    // High resets with large jumps of u burst (c -30 mV, d 200 pA), the RS cell's own corner spikes tonically.
    expect(seen).toContain('tonic-bursting');
    expect(seen).toContain('tonic-spiking');
  });
});

describe('a lone 2007 cell (what the analysis Worker accepts)', () => {
  it('keeps the model and the 2007 parameters, and refuses a 2003 field or a bad C', () => {
    const neuron: Izhikevich2007NeuronSpec = { id: 'x', label: 'X', model: 'izhikevich2007', ...RS_PARAMS };
    const cell = sweepCellOf(neuron);
    expect(cell).toEqual(RS);
    expect(validateCell(cell, 'cell')).toEqual({ ok: true, cell: RS });
    const withU0 = validateCell({ ...cell, u0: 0 }, 'cell');
    expect(withU0.ok ? [] : withU0.errors[0]).toMatch(/^cell\.u0: /);
    expect(validateCell({ ...cell, C: 0 }, 'cell')).toEqual({ ok: false, errors: ['cell.C: must be > 0 pF, got 0'] });
    expect(validateCell({ ...cell, model: 'hh' }, 'cell')).toEqual({ ok: false, errors: ['cell.model: must be one of "izhikevich2003", "izhikevich2007", got "hh"'] });
  });
});
