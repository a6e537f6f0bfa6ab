import { describe, expect, it } from 'vitest';
import { experiment, simulate } from '../../../test/helpers.ts';
import type { Experiment, SpikeSourceSpec } from '../experiment/types.ts';
import { validateExperiment } from '../experiment/validate.ts';
import { RELAY_PARAMS, type SpikeProcessSpec } from '../neuroml/spikeSources.ts';
import { compileExperiment } from './compile.ts';
import { PartitionedSimulation } from './partition.ts';
import { Simulation } from './simulation.ts';
import { SpikeTrains } from './spikeSources.ts';

type Process = SpikeProcessSpec;

const DT = 0.1;
const SIZE = 200;

/** SIZE relay cells (as the NeuroML import makes them) fired by one spikeSource input. */
function sourced(process: Process, seed = 7): Experiment {
  return experiment({
    dt: DT, scheme: 'euler', seed,
    populations: [{ id: 'src', model: 'izhikevich2003', size: SIZE, ...RELAY_PARAMS }],
    inputs: [{ id: 'train', kind: 'spikeSource', target: 'src', ...process }],
  });
}

/** Each neuron's spike times (ms) over `ms`. */
function trains(exp: Experiment, ms: number): number[][] {
  const sim = simulate(exp);
  sim.run(Math.round(ms / DT));
  const { neurons, times } = sim.spikes.drain();
  const out: number[][] = Array.from({ length: SIZE }, () => []);
  neurons.forEach((i, k) => out[i].push(times[k]));
  return out;
}

function intervals(perNeuron: number[][]): number[] {
  return perNeuron.flatMap((times) => times.slice(1).map((t, k) => t - times[k]));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('spikeSource inputs (NeuroML spikeGeneratorPoisson, spikeGeneratorRefPoisson, spikeGeneratorRandom)', () => {
  it('are valid inputs, and a field out of range is refused by name', () => {
    expect(validateExperiment(sourced({ process: 'poisson', rate: 20 })).ok).toBe(true);
    const bad = (process: object, message: string) => {
      const result = validateExperiment(sourced(process as Process));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.errors.join('\n')).toContain(message);
    };
    bad({ process: 'poisson', rate: 0 }, 'inputs[0].rate: must be above 0');
    bad({ process: 'refPoisson', rate: 50, minISI: 25 }, 'inputs[0].minISI: must be at most the mean interval 1000 / rate = 20 ms, got 25');
    bad({ process: 'uniform', minISI: 30, maxISI: 10 }, 'inputs[0].maxISI: must be at least minISI (30 ms), got 10');
    bad({ process: 'poisson', rate: 5, maxISI: 10 }, 'inputs[0].maxISI: not used by a "poisson" spike source');
    bad({ process: 'gamma', rate: 5 }, 'inputs[0].process: must be one of');
    const version3 = validateExperiment({ ...sourced({ process: 'poisson', rate: 20 }), version: 3 });
    expect(version3.ok ? [] : version3.errors).toContain('inputs[0].kind: "spikeSource" needs version 4 of the format, this file is version 3');
  });

  it('fire every relay cell exactly in the steps of its train, one spike per step at most', () => {
    const spec: SpikeSourceSpec = { id: 'train', kind: 'spikeSource', target: 'src', process: 'poisson', rate: 300 };
    const fired = trains(sourced(spec), 2000);
    const trainsOf = new SpikeTrains(7, spec, SIZE, DT);
    trainsOf.seek(0, 0, SIZE);
    const expected: number[][] = Array.from({ length: SIZE }, () => []);
    for (let step = 0; step < 20_000; step++) for (let j = 0; j < SIZE; j++) if (trainsOf.fires(j, step)) expected[j].push(step);
    // 300 Hz at 0.1 ms: about 4% of spikes find their step taken and wait one.
    expect(fired.map((times) => times.map((t) => Math.round(t / DT)))).toEqual(expected);
    expect(expected.flat().length).toBeGreaterThan(110_000);
  });

  it('Poisson: the mean rate over 10 s of 200 trains is the rate, the intervals exponential (CV 1)', () => {
    const isi = intervals(trains(sourced({ process: 'poisson', rate: 20 }), 10_000));
    const count = isi.length + SIZE;
    // 40,000 spikes expected, sd 200: within 4 sd.
    expect(Math.abs(count - 40_000)).toBeLessThan(800);
    const m = mean(isi);
    const cv = Math.sqrt(mean(isi.map((x) => (x - m) ** 2))) / m;
    expect(m).toBeGreaterThan(49);
    expect(m).toBeLessThan(51);
    expect(cv).toBeGreaterThan(0.97);
    expect(cv).toBeLessThan(1.03);
  });

  it('RefPoisson: never an interval below minimumISI, and the rate is averageRate (its LEMS mean interval is 1 / averageRate), not the dead-time rate', () => {
    const isi = intervals(trains(sourced({ process: 'refPoisson', rate: 50, minISI: 10 }), 10_000));
    const shortest = Math.min(...isi);
    expect(shortest).toBeGreaterThanOrEqual(10 - 1e-9);
    expect(shortest).toBeLessThan(10.2);
    // 100,000 spikes expected; intervals 10 ms + exponential of mean 10 ms (CV 0.5): count sd about 160.
    const count = isi.length + SIZE;
    expect(Math.abs(count - 100_000)).toBeLessThan(700);
    // A dead time of 10 ms after a 50 Hz Poisson process would give 50 / (1 + 0.5) = 33.3 Hz.
    expect(mean(isi)).toBeGreaterThan(19.9);
    expect(mean(isi)).toBeLessThan(20.1);
  });

  it('Random: every interval within [minISI, maxISI], uniform (mean and quartiles of U[10, 30] ms)', () => {
    const isi = intervals(trains(sourced({ process: 'uniform', minISI: 10, maxISI: 30 }), 10_000)).sort((a, b) => a - b);
    expect(isi[0]).toBeGreaterThanOrEqual(10 - 1e-9);
    expect(isi[isi.length - 1]).toBeLessThanOrEqual(30 + 1e-9);
    expect(isi.length).toBeGreaterThan(99_000);
    // Mean 20 ms (sd 5.77 ms over 10^5 intervals: se 0.02 ms); quartiles 15, 20, 25 ms.
    expect(mean(isi)).toBeGreaterThan(19.9);
    expect(mean(isi)).toBeLessThan(20.1);
    for (const [q, at] of [[0.25, 15], [0.5, 20], [0.75, 25]]) expect(Math.abs(isi[Math.floor(q * isi.length)] - at)).toBeLessThan(0.3);
  });

  it('are the same for the same seed, other for another, and the same split across parts or continued in another Simulation', () => {
    const exp = sourced({ process: 'refPoisson', rate: 40, minISI: 5 });
    const run = (sim: { run(steps: number): number; spikes: { drain(): { neurons: Int32Array; times: Float64Array } } }, steps: number) => {
      sim.run(steps);
      const { neurons, times } = sim.spikes.drain();
      return Array.from(neurons, (i, k) => `${i}@${times[k].toFixed(6)}`).sort();
    };
    const whole = run(simulate(exp), 5000);
    expect(whole.length).toBeGreaterThan(3000);
    expect(run(simulate(exp), 5000)).toEqual(whole);
    expect(run(simulate({ ...exp, simulation: { ...exp.simulation, seed: 8 } }), 5000)).not.toEqual(whole);
    expect(run(new PartitionedSimulation(compileExperiment(exp), 3), 5000)).toEqual(whole);
    const first = simulate(exp);
    const before = run(first, 2345);
    const next = new Simulation(compileExperiment(exp));
    expect(next.continueExactly([first.runState()])).toBe(true);
    expect([...before, ...run(next, 5000 - 2345)].sort()).toEqual(whole);
  });
});
