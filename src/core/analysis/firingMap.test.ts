import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../engine/compile.ts';
import { Simulation } from '../engine/simulation.ts';
import { PATTERNS } from '../experiment/patterns.ts';
import { SweepError, sweepExperiment, sweepNeuron } from './fICurve.ts';
import { classifySpikeTrain } from './firingClass.ts';
import { FiringMapRun, computeFiringMap } from './firingMap.ts';
import { FIRING_CLASSES, rangeValues, type FiringClass, type FiringMap, type FiringMapRequest, type SweepCell } from './sweeps.ts';

const EULER = { dt: 0.25, scheme: 'euler' } as const;
const RS: SweepCell = { a: 0.02, b: 0.2, c: -65, d: 8, v0: -70 };

/** The class at the grid point whose x and y values are (closest to) the given ones. */
function classAt(map: FiringMap, x: number, y: number): FiringClass {
  const nearest = (values: Float64Array, v: number) => {
    let best = 0;
    values.forEach((w, k) => {
      if (Math.abs(w - v) < Math.abs(values[best] - v)) best = k;
    });
    expect(Math.abs(values[best] - v)).toBeLessThan(1e-9);
    return best;
  };
  const ix = nearest(rangeValues(map.request.x), x);
  const iy = nearest(rangeValues(map.request.y), y);
  return FIRING_CLASSES[map.classes[iy * map.request.x.count + ix]];
}

function classesIn(map: FiringMap): Set<FiringClass> {
  return new Set(Array.from(map.classes, (c) => FIRING_CLASSES[c]));
}

/** Spike times of one copy of `cell` under a step of `amplitude` from `onset`, run alone. */
function spikesAlone(cell: SweepCell, amplitude: number, onset: number, duration: number): number[] {
  const e = sweepExperiment('one', [sweepNeuron('n', cell)], [{ id: 's', kind: 'pulse', target: 'n', start: onset, amplitude }], EULER, duration);
  const sim = new Simulation(compileExperiment(e));
  sim.run(Math.round(duration / EULER.dt));
  return Array.from(sim.spikes.drain().times);
}

describe('firing maps', () => {
  // The six step patterns of Izhikevich (2004), Fig. 1, and their classes (firingClass.test.ts).
  const EXPECTED: [string, FiringClass][] = [
    ['tonic-spiking', 'tonic-spiking'],
    ['phasic-spiking', 'phasic-spiking'],
    ['tonic-bursting', 'tonic-bursting'],
    ['phasic-bursting', 'phasic-bursting'],
    ['mixed-mode', 'mixed-mode'],
    ['spike-frequency-adaptation', 'adapting-spiking'],
  ];

  it.each(EXPECTED)('gives the class of pattern %s at its own (a, b) and (c, d)', (id, expected) => {
    const pattern = PATTERNS.find((p) => p.id === id);
    if (!pattern) throw new Error(`test bug: no pattern ${id}`);
    const e = pattern.make();
    const [neuron] = e.neurons;
    const [step] = e.inputs;
    if (step.kind !== 'pulse') throw new Error('test bug');
    const cell: SweepCell = { a: neuron.a, b: neuron.b, c: neuron.c, d: neuron.d, v0: neuron.v0 };
    const numerics = { dt: e.simulation.dt, scheme: e.simulation.scheme }; // the pattern's own step
    const base = { cell, numerics, amplitude: step.amplitude, onset: step.start, duration: e.simulation.duration };
    // The pattern's point is the first of each range (exactly `from`), among other cells.
    const ab = computeFiringMap({ ...base, plane: 'ab', x: { from: neuron.a, to: neuron.a + 0.06, count: 4 }, y: { from: neuron.b, to: neuron.b - 0.1, count: 3 } });
    const cd = computeFiringMap({ ...base, plane: 'cd', x: { from: neuron.c, to: neuron.c + 10, count: 3 }, y: { from: neuron.d, to: neuron.d + 4, count: 3 } });
    const sim = new Simulation(compileExperiment(e));
    sim.run(Math.round(e.simulation.duration / e.simulation.dt));
    const afterOnset = Array.from(sim.spikes.drain().times).filter((t) => t >= step.start).length;
    for (const map of [ab, cd]) {
      expect(FIRING_CLASSES[map.classes[0]]).toBe(expected);
      expect(map.spikeCounts[0]).toBe(afterOnset);
    }
  });

  it('finds tonic bursting (chattering) at small a in the (a, b) plane of c = -50, d = 2', () => {
    const map = computeFiringMap({
      cell: { ...RS, c: -50, d: 2 },
      numerics: EULER,
      plane: 'ab',
      x: { from: 0.01, to: 0.1, count: 19 },
      y: { from: 0.15, to: 0.3, count: 16 },
      amplitude: 10,
      onset: 50,
      duration: 500,
    });
    // CH of Izhikevich (2003), a = 0.02, b = 0.2: bursts. With a = 0.1 u recovers five times faster, the
    // reset of u (d = 2) is gone before the next spike and the same cell fires single spikes.
    expect(classAt(map, 0.02, 0.2)).toBe('tonic-bursting');
    expect(classAt(map, 0.1, 0.2)).toBe('tonic-spiking');
    const seen = classesIn(map);
    expect(seen.has('tonic-bursting')).toBe(true);
    expect(seen.has('tonic-spiking')).toBe(true);
    // b > 0.267 leaves no rest at all ((5 - b)^2 < 0.16 * 140): those cells fire even before the step,
    // yet every point fires after it.
    expect(Array.from(map.spikeCounts).every((n) => n > 0)).toBe(true);
  });

  it('finds RS, IB and CH behaviour where Izhikevich (2003) puts them in the (c, d) plane', () => {
    const map = computeFiringMap({
      cell: RS,
      numerics: EULER,
      plane: 'cd',
      x: { from: -65, to: -45, count: 21 },
      y: { from: 0, to: 8, count: 17 },
      amplitude: 10,
      onset: 50,
      duration: 500,
    });
    expect(classAt(map, -65, 8)).toBe('tonic-spiking'); // RS: an onset doublet, then regular spikes
    expect(classAt(map, -55, 4)).toBe('mixed-mode'); // IB: a burst of three, then single spikes
    expect(classAt(map, -50, 2)).toBe('tonic-bursting'); // CH
    // A low reset with a small jump of u: ISIs 4.25, 5.75, 9.75, 18.5, then about 20.5 ms (20.5 / 5.75 > 3).
    expect(classAt(map, -65, 2)).toBe('adapting-spiking');
    expect(classesIn(map)).toEqual(new Set(['tonic-spiking', 'adapting-spiking', 'tonic-bursting', 'mixed-mode']));
  });

  it('matches a lone run of the point, starting at u0 = b v0 with the point\'s own b', () => {
    const request: FiringMapRequest = {
      cell: RS, numerics: EULER, plane: 'ab',
      x: { from: 0.02, to: 0.1, count: 5 }, y: { from: 0.1, to: 0.25, count: 4 },
      amplitude: 10, onset: 50, duration: 500,
    };
    const map = computeFiringMap(request);
    const xs = rangeValues(request.x);
    const ys = rangeValues(request.y);
    for (const [ix, iy] of [[0, 0], [2, 1], [4, 3], [1, 3]]) {
      const t = spikesAlone({ ...RS, a: xs[ix], b: ys[iy] }, 10, 50, 500);
      const k = iy * xs.length + ix;
      expect(map.spikeCounts[k]).toBe(t.filter((x) => x >= 50).length);
      expect(FIRING_CLASSES[map.classes[k]]).toBe(classifySpikeTrain(t, 50, 500));
    }
  });

  it('is silent everywhere without input, from rest', () => {
    // Every b in 0.1 .. 0.25 has a stable rest ((5 - b)^2 > 0.16 * 140 = 22.4 needs b < 0.267); the cells
    // start at v0 = -70 (u0 = b v0), drift there during the 50 ms before onset and stay.
    for (const request of [
      { plane: 'ab' as const, x: { from: 0.01, to: 0.1, count: 10 }, y: { from: 0.1, to: 0.25, count: 7 } },
      { plane: 'cd' as const, x: { from: -65, to: -45, count: 5 }, y: { from: 0, to: 8, count: 5 } },
    ]) {
      const map = computeFiringMap({ cell: RS, numerics: EULER, amplitude: 0, onset: 50, duration: 500, ...request });
      expect(classesIn(map)).toEqual(new Set(['silent']));
      expect(Array.from(map.spikeCounts).every((n) => n === 0)).toBe(true);
    }
  });

  it('runs in chunks with the same result', () => {
    const request: FiringMapRequest = {
      cell: { ...RS, c: -55, d: 4 }, numerics: EULER, plane: 'cd',
      x: { from: -65, to: -45, count: 6 }, y: { from: 0, to: 8, count: 5 },
      amplitude: 10, onset: 50, duration: 300,
    };
    const whole = computeFiringMap(request);
    const run = new FiringMapRun(request);
    // 1200 steps, then classifying the 30 points counted as 40 units (one point per unit here).
    expect(run.total).toBe(1240);
    let chunks = 0;
    while (!run.advance(50)) {
      chunks++;
      if (run.done === 1200) break;
    }
    expect(chunks).toBe(24); // 24 chunks of 50 steps; classifying has not begun
    expect(run.advance(10)).toBe(false);
    expect(run.done).toBe(1210);
    expect(run.advance(10)).toBe(false);
    expect(run.advance(10)).toBe(true);
    expect(run.done).toBe(run.total);
    expect(run.result()).toEqual(whole);
  });

  it('fails with a message naming the grid point when a state blows up', () => {
    // dt a = 5 (a = 5 at 1 ms steps) makes u's update overshoot by a factor -4 each step.
    const request: FiringMapRequest = {
      cell: RS, numerics: { dt: 1, scheme: 'izhikevich2003' }, plane: 'ab',
      x: { from: 0.02, to: 5, count: 2 }, y: { from: 0.2, to: 0.2, count: 1 },
      amplitude: 10, onset: 10, duration: 200,
    };
    expect(() => computeFiringMap(request)).toThrow(SweepError);
    expect(() => computeFiringMap(request)).toThrow(/^At a = 5, b = 0\.2: Stopped at t = /);
  });
});
