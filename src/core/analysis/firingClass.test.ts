import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../engine/compile.ts';
import { Simulation } from '../engine/simulation.ts';
import { PATTERNS } from '../experiment/patterns.ts';
import type { Experiment } from '../experiment/types.ts';
import { burstThreshold, classifySpikeTrain, groupSizes } from './firingClass.ts';

function pattern(id: string): Experiment {
  const p = PATTERNS.find((q) => q.id === id);
  if (!p) throw new Error(`test bug: no pattern ${id}`);
  return p.make();
}

/** The step's start: the first pulse of the pattern (all six step patterns have exactly one). */
function onsetOf(e: Experiment): number {
  const steps = e.inputs.filter((i) => i.kind === 'pulse');
  expect(steps).toHaveLength(1);
  const [step] = steps;
  if (step.kind !== 'pulse') throw new Error('test bug');
  return step.start;
}

/** Spike times of the pattern's run (rounded to 1e-9 ms against float noise such as 31.500000000000004). */
function run(e: Experiment): number[] {
  const sim = new Simulation(compileExperiment(e));
  const steps = Math.round(e.simulation.duration / e.simulation.dt);
  expect(sim.run(steps)).toBe(steps);
  return Array.from(sim.spikes.drain().times, (t) => Math.round(t * 1e9) / 1e9);
}

const isis = (t: number[]) => t.slice(1).map((x, k) => x - t[k]);

describe('classifySpikeTrain on the firing patterns of Izhikevich (2004), Fig. 1', () => {
  it('(A) tonic spiking: an onset doublet, then a steady rate', () => {
    const e = pattern('tonic-spiking');
    const t = run(e);
    // 14 pA from 10.25 ms: spikes at 13, 17, 31.5, 59.25, 86.75 ms.
    expect(t).toEqual([13, 17, 31.5, 59.25, 86.75]);
    // ISIs 4, 14.5, 27.75, 27.5. The sorted ISIs jump by 14.5 / 4 = 3.6 >= 3, so 13 and 17 form a group,
    // but a group of two at the start is an onset doublet, not a burst of mixed mode (which needs 3).
    // Adaptation is measured from the second ISI: 27.5 / 14.5 = 1.9 < 3, so the rate is steady: tonic.
    // Still firing: the last 13.25 ms of silence is far less than 3 x 27.75 ms.
    expect(isis(t)).toEqual([4, 14.5, 27.75, 27.5]);
    expect(classifySpikeTrain(t, onsetOf(e), e.simulation.duration)).toBe('tonic-spiking');
  });

  it('(B) phasic spiking: one spike, then silence', () => {
    const e = pattern('phasic-spiking');
    const t = run(e);
    // 0.5 pA from 20.25 ms: one spike at 43.75 ms (latency 23.5 ms). The 156.25 ms of silence to the end
    // (200 ms) exceed a quarter of the 179.75 ms window (44.9 ms) and twice the latency (47 ms).
    expect(t).toEqual([43.75]);
    expect(classifySpikeTrain(t, onsetOf(e), e.simulation.duration)).toBe('phasic-spiking');
  });

  it('(C) tonic bursting: bursts separated by long pauses, to the end', () => {
    const e = pattern('tonic-bursting');
    const t = run(e);
    const intervals = isis(t);
    // 15 pA from 22.25 ms: bursts of 10, 6, 6 and 6 spikes. Within them the ISIs run from 1.5 ms up to
    // 7.5 ms; the three pauses are 34 to 34.5 ms. The largest jump in the sorted ISIs is 34 / 7.5 = 4.5.
    expect(Math.max(...intervals.filter((x) => x < 20))).toBe(7.5);
    expect(intervals.filter((x) => x > 20)).toEqual([34.5, 34, 34.25]);
    expect(groupSizes(intervals, burstThreshold(intervals))).toEqual([10, 6, 6, 6]);
    expect(classifySpikeTrain(t, onsetOf(e), e.simulation.duration)).toBe('tonic-bursting');
  });

  it('(D) phasic bursting: one burst, then silence', () => {
    const e = pattern('phasic-bursting');
    const t = run(e);
    // 0.6 pA from 20.2 ms: six spikes from 39 to 67.2 ms (ISIs 3.8 to 9.6 ms), then 132.8 ms of silence:
    // more than a quarter of the window (45), 3 x the longest ISI (28.8) and 2 x the latency (37.6).
    expect(t).toEqual([39, 42.8, 47, 51.8, 57.6, 67.2]);
    expect(classifySpikeTrain(t, onsetOf(e), e.simulation.duration)).toBe('phasic-bursting');
  });

  it('(E) mixed mode: an initial burst, then single spikes at a steady rate', () => {
    const e = pattern('mixed-mode');
    const t = run(e);
    // 10 pA from 16.25 ms: ISIs 2.75, 4.5 | 39.75, 32.25, 32.25. Sorted, 32.25 / 4.5 = 7.2: a burst of
    // three, then single spikes. After the burst the intervals do not grow (32.25 / 39.75 = 0.81 < 1.1).
    expect(isis(t)).toEqual([2.75, 4.5, 39.75, 32.25, 32.25]);
    expect(classifySpikeTrain(t, onsetOf(e), e.simulation.duration)).toBe('mixed-mode');
  });

  it('(F) spike frequency adaptation: a fast start whose intervals keep growing', () => {
    const e = pattern('spike-frequency-adaptation');
    const t = run(e);
    // 30 pA from 8.75 ms: ISIs 2, 2.75, 4.75 | 22.75, 29. Sorted, 22.75 / 4.75 = 4.8: four fast spikes,
    // then single ones, like mixed mode; but the intervals after the fast start still grow (29 / 22.75 =
    // 1.27 >= 1.1): the rate is still falling, so this is adaptation, not a burst.
    expect(isis(t)).toEqual([2, 2.75, 4.75, 22.75, 29]);
    expect(classifySpikeTrain(t, onsetOf(e), e.simulation.duration)).toBe('adapting-spiking');
  });

  it('a step below threshold leaves the tonic-spiking cell silent; a slightly larger one gives one spike', () => {
    const e = pattern('tonic-spiking');
    const step = e.inputs[0];
    if (step.kind !== 'pulse') throw new Error('test bug');
    const withStep = (amplitude: number): Experiment => ({ ...e, inputs: [{ ...step, amplitude }] });
    // At rest u = b v = -14. While u is still there (a = 0.02 makes it slow), v has fixed points as long
    // as 0.04 v^2 + 5 v + 154 + I = 0 has roots: 25 >= 0.16 (154 + I), I <= 2.25 pA. A 2 pA step keeps
    // them, and v only settles a little higher: silent.
    expect(run(withStep(2))).toEqual([]);
    expect(classifySpikeTrain(run(withStep(2)), step.start, e.simulation.duration)).toBe('silent');
    // 3 pA removes them before u catches up: one spike (27.5 ms). After that the cell rests, since 3 pA is
    // below the Hopf point (3.7975) and the saddle-node (4) of the full system: phasic spiking.
    expect(run(withStep(3))).toEqual([27.5]);
    expect(classifySpikeTrain(run(withStep(3)), step.start, e.simulation.duration)).toBe('phasic-spiking');
  });
});

describe('classifySpikeTrain on hand-written trains', () => {
  const regular = (from: number, isi: number, until: number) => {
    const t: number[] = [];
    for (let x = from; x < until; x += isi) t.push(x);
    return t;
  };

  it('is silent without spikes after onset, and ignores spikes outside [onset, duration)', () => {
    expect(classifySpikeTrain([], 0, 100)).toBe('silent');
    expect(classifySpikeTrain([5, 10, 15], 20, 100)).toBe('silent');
    expect(classifySpikeTrain([100, 120], 0, 100)).toBe('silent');
    // The spikes before onset do not make the one after it a train: a lone spike 5 ms after onset, then
    // 95 ms of silence, is phasic.
    expect(classifySpikeTrain([2, 4, 6, 8, 25], 20, 120)).toBe('phasic-spiking');
  });

  it('calls a regular train tonic, and a lone spike near the end tonic too (too early to tell)', () => {
    expect(classifySpikeTrain(regular(12, 10, 200), 10, 200)).toBe('tonic-spiking');
    // Silence of 10 ms after a spike at 90 ms is less than a quarter of the 100 ms window.
    expect(classifySpikeTrain([90], 0, 100)).toBe('tonic-spiking');
    expect(classifySpikeTrain([80, 95], 0, 100)).toBe('tonic-spiking');
  });

  it('calls firing that stops phasic, judged against the train\'s own intervals', () => {
    // Regular 10 ms ISIs from 10 to 100 ms in a 300 ms run: 200 ms of silence > 3 x 10 and > 290 / 4.
    expect(classifySpikeTrain(regular(10, 10, 101), 0, 300)).toBe('phasic-bursting');
    // The same train with 60 ms pauses: 80 ms of silence is less than 3 x 60, so it may go on: tonic.
    expect(classifySpikeTrain([10, 70, 130, 190, 220], 0, 300)).not.toMatch(/^phasic/);
    // One spike 50 ms after onset, 60 ms of silence: not more than twice the latency (100): tonic.
    expect(classifySpikeTrain([50], 0, 110)).toBe('tonic-spiking');
  });

  it('finds bursts where the ISIs fall into two clearly separate sizes', () => {
    expect(burstThreshold([2, 2, 20])).toBeCloseTo(Math.sqrt(40), 12);
    expect(burstThreshold([2, 3, 4, 5])).toBe(0); // every ratio < 3: no bursts
    expect(groupSizes([2, 2, 20, 2], Math.sqrt(40))).toEqual([3, 2]);
    // Triplets every 50 ms (ISIs 3, 3, 44): tonic bursting; doublets every 40 ms too.
    const triplets = [0, 50, 100, 150, 200].flatMap((t0) => [t0 + 10, t0 + 13, t0 + 16]);
    expect(classifySpikeTrain(triplets, 0, 250)).toBe('tonic-bursting');
    const doublets = [0, 40, 80, 120, 160].flatMap((t0) => [t0 + 10, t0 + 14]);
    expect(classifySpikeTrain(doublets, 0, 200)).toBe('tonic-bursting');
  });

  it('tells mixed mode (burst, then a steady rate) from adaptation (intervals still growing)', () => {
    const burst = [10, 12, 14.5, 17.5];
    expect(classifySpikeTrain([...burst, 50, 80, 110, 140, 170], 0, 190)).toBe('mixed-mode');
    // After the same burst the intervals grow 30, 34, 38, 42: last / first = 1.4 >= 1.1.
    expect(classifySpikeTrain([...burst, 47.5, 81.5, 119.5, 161.5], 0, 180)).toBe('adapting-spiking');
    // A burst of two is an onset doublet: the train counts as single spikes (steady here: tonic).
    expect(classifySpikeTrain([10, 13, 50, 80, 110, 140, 170], 0, 190)).toBe('tonic-spiking');
  });

  it('calls single spikes adapting when the ISI grows at least threefold from the second one', () => {
    // ISIs 5, 7, 10, 14, 19, 25: no two sizes (every ratio < 1.5), 25 / 7 = 3.6 >= 3.
    const t = [10, 15, 22, 32, 46, 65, 90];
    expect(classifySpikeTrain(t, 0, 100)).toBe('adapting-spiking');
    // ISIs 5, 6, 7, 8, 9: 9 / 6 = 1.5: tonic.
    expect(classifySpikeTrain([10, 15, 21, 28, 36, 45], 0, 50)).toBe('tonic-spiking');
  });
});
