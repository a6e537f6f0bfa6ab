import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../experiment/examples.ts';
import { parseSpikesCsv, spikesToCsv, type SpikeTrains } from '../io/spikesCsv.ts';
import { simulate } from '../../../test/helpers.ts';
import { compareSpikes, type LabSpikes } from './compareSpikes.ts';

/** The default experiment run for 600 ms at dt = 1: driver, follower and pacer all fire. */
function labRun(): LabSpikes {
  const sim = simulate(defaultExperiment());
  sim.run(600);
  const { neurons, times } = sim.spikes.drain();
  return { neurons, times, length: neurons.length, ids: sim.net.ids };
}

function read(text: string): SpikeTrains {
  const result = parseSpikesCsv(text);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.spikes;
}

/** The lab's CSV as lines (no header), to edit like a file from elsewhere. */
function csvLines(lab: LabSpikes): string[] {
  return spikesToCsv(lab.neurons, lab.times, lab.ids).trim().split('\n').slice(1);
}

const withHeader = (lines: string[]) => `time_ms,neuron\n${lines.join('\n')}\n`;

describe('comparing the lab run with another run', () => {
  const lab = labRun();
  const lines = csvLines(lab);
  const countOf = (id: string) => lines.filter((l) => l.endsWith(`,${id}`)).length;

  it('finds the lab\'s own export identical, spike for spike', () => {
    expect(countOf('driver')).toBeGreaterThan(5);
    expect(countOf('follower')).toBeGreaterThan(2);
    expect(countOf('pacer')).toBeGreaterThan(5);
    const result = compareSpikes(lab, read(withHeader(lines)), { until: 600, tolerance: 0 });
    expect(result.identical).toBe(true);
    expect(result.first).toBeNull();
    expect(result.labSpikes).toBe(lines.length);
    expect(result.otherSpikes).toBe(lines.length);
    expect(result.matched).toBe(lines.length);
    expect(result.counts.map((c) => [c.neuron, c.lab, c.other])).toEqual(['driver', 'follower', 'pacer'].map((id) => [id, countOf(id), countOf(id)]));
    expect(result.differing).toEqual([]);
  });

  it('is identical whatever order the other file lists the spikes in', () => {
    const result = compareSpikes(lab, read(withHeader(lines.slice().reverse())), { until: 600, tolerance: 0 });
    expect(result.identical).toBe(true);
  });

  it('names one shifted spike as the first difference, lab time against other time', () => {
    const k = lines.findIndex((l) => l.endsWith(',pacer') && Number(l.split(',')[0]) > 200);
    const [time] = lines[k].split(',');
    const moved = lines.slice();
    moved[k] = `${Number(time) + 3},pacer`;
    const result = compareSpikes(lab, read(withHeader(moved)), { until: 600, tolerance: 0 });
    expect(result.identical).toBe(false);
    expect(result.first).toEqual({ time: Number(time), neuron: 'pacer', lab: Number(time), other: Number(time) + 3 });
    // Counts are equal; the train differs in one spike only: the rest still pair up.
    expect(result.differing).toEqual([{ neuron: 'pacer', lab: countOf('pacer'), other: countOf('pacer'), matched: countOf('pacer') - 1 }]);
    expect(result.matched).toBe(lines.length - 1);
    expect(Array.from(result.labUnmatched).reduce((s, x) => s + x, 0)).toBe(1);
    expect(Array.from(result.otherUnmatched).reduce((s, x) => s + x, 0)).toBe(1);
  });

  it('pairs the rest of a train after a spike the other run lacks: one difference, not every later spike', () => {
    const k = lines.findIndex((l) => l.endsWith(',driver') && Number(l.split(',')[0]) > 150);
    const time = Number(lines[k].split(',')[0]);
    const result = compareSpikes(lab, read(withHeader(lines.filter((_, i) => i !== k))), { until: 600, tolerance: 0 });
    expect(result.differing).toEqual([{ neuron: 'driver', lab: countOf('driver'), other: countOf('driver') - 1, matched: countOf('driver') - 1 }]);
    expect(result.first).toEqual({ time, neuron: 'driver', lab: time, other: null });
    expect(Array.from(result.labUnmatched).reduce((s, x) => s + x, 0)).toBe(1);
    expect(result.matched).toBe(lines.length - 1);
  });

  it('takes a shift of one step as the same spike with a tolerance of one step, and two steps as a difference', () => {
    const k = lines.findIndex((l) => l.endsWith(',driver'));
    const [time] = lines[k].split(',');
    const byOne = lines.slice();
    byOne[k] = `${Number(time) + 1},driver`;
    expect(compareSpikes(lab, read(withHeader(byOne)), { until: 600, tolerance: 1 }).identical).toBe(true);
    expect(compareSpikes(lab, read(withHeader(byOne)), { until: 600, tolerance: 0 }).first).toEqual({ time: Number(time), neuron: 'driver', lab: Number(time), other: Number(time) + 1 });
    const byTwo = lines.slice();
    byTwo[k] = `${Number(time) + 2},driver`;
    const result = compareSpikes(lab, read(withHeader(byTwo)), { until: 600, tolerance: 1 });
    expect(result.first).toEqual({ time: Number(time), neuron: 'driver', lab: Number(time), other: Number(time) + 2 });
  });

  it('lists a neuron missing from the other file with its counts, its first spike as the first difference', () => {
    const withoutFollower = lines.filter((l) => !l.endsWith(',follower'));
    const firstFollower = Number(lines.find((l) => l.endsWith(',follower'))?.split(',')[0]);
    const result = compareSpikes(lab, read(withHeader(withoutFollower)), { until: 600, tolerance: 0 });
    expect(result.differing).toEqual([{ neuron: 'follower', lab: countOf('follower'), other: 0, matched: 0 }]);
    expect(result.first).toEqual({ time: firstFollower, neuron: 'follower', lab: firstFollower, other: null });
    expect(result.unknown).toEqual([]);
  });

  it('lists names that are not lab neurons, with their spikes, and never calls such a file identical', () => {
    const extra = [...lines, '5,ghost', '700,ghost', '9,E[3]'];
    const result = compareSpikes(lab, read(withHeader(extra)), { until: 600, tolerance: 0 });
    expect(result.identical).toBe(false);
    expect(result.differing).toEqual([]);
    expect(result.unknown).toEqual([{ neuron: 'ghost', spikes: 1 }, { neuron: 'E[3]', spikes: 1 }]);
    expect(result.first).toEqual({ time: 5, neuron: 'ghost', lab: null, other: 5 });
    expect(result.otherSpikes).toBe(lines.length + 2);
  });

  it('compares only the span: spikes after `until` are left out on both sides', () => {
    const cut = 300;
    const early = lines.filter((l) => Number(l.split(',')[0]) <= cut);
    const result = compareSpikes(lab, read(withHeader(early)), { until: cut, tolerance: 0 });
    expect(result.identical).toBe(true);
    expect(result.labSpikes).toBe(early.length);
    expect(early.length).toBeLessThan(lines.length);
  });
});
