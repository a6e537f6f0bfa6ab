import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../test/helpers.ts';
import type { Experiment } from '../experiment/types.ts';
import { importNeuroML } from './import.ts';

/**
 * Published NeuroML 2 models written by others (test/fixtures/neuroml/SOURCE.md), imported and run,
 * against spike times computed independently from the LEMS definitions as jLEMS steps them
 * (test/fixtures/neuroml/reference.py, reference-spikes.json).
 */
const DIR = 'test/fixtures/neuroml';
const read = (name: string) => ({ text: readFileSync(`${DIR}/${name}`, 'utf8'), fileName: name });
const reference = JSON.parse(readFileSync(`${DIR}/reference-spikes.json`, 'utf8')) as Record<string, number[] | number[][]>;

function spikesOf(experiment: Experiment, ids: string[]): number[][] {
  const sim = simulate(experiment);
  sim.run(Math.round(experiment.simulation.duration / experiment.simulation.dt));
  const { neurons, times } = sim.spikes.drain();
  return ids.map((id) => {
    const i = sim.net.indexOf.get(id);
    return Array.from(times).filter((_, k) => neurons[k] === i);
  });
}

/** Largest distance between matched spikes; the trains must have the same length. */
function largestShift(lab: number[], ref: number[]): number {
  expect(lab.length).toBe(ref.length);
  return Math.max(0, ...lab.map((t, k) => Math.abs(t - ref[k])));
}

describe('LEMS_NML2_Ex2_Izh.xml (NeuroML2 LEMSexamples): four 2003 cells of figure1.m in a LEMS file', () => {
  const result = importNeuroML(read('LEMS_NML2_Ex2_Izh.xml').text, 'LEMS_NML2_Ex2_Izh.xml');
  if (!result.ok) throw new Error(result.message);
  const e = result.experiment;

  it('imports the four cells, their pulses and the ramp, with the Simulation\'s length and recorded traces', () => {
    // Populations of one are single neurons of the lab (editable one by one).
    expect(e.populations).toEqual([]);
    expect(e.neurons).toEqual([
      { id: 'izpopBurst', model: 'izhikevich2003', a: 0.02, b: 0.2, c: -50, d: 2, v0: -70, vpeak: 30 },
      { id: 'izpopTonic', model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 6, v0: -70, vpeak: 30 },
      { id: 'izpopMixed', model: 'izhikevich2003', a: 0.02, b: 0.2, c: -55, d: 4, v0: -70, vpeak: 30 },
      { id: 'izpopClass1', model: 'izhikevich2003', a: 0.02, b: -0.1, c: -55, d: 6, v0: -60, vpeak: 30 },
    ]);
    expect(e.simulation).toMatchObject({ duration: 200, dt: 0.01 });
    expect(e.recording).toEqual({ watch: ['izpopBurst', 'izpopTonic', 'izpopMixed'], variables: ['v', 'u', 'iext'] });
    // Its step, 0.005 ms, is finer than the lab's finest: the one thing not taken as written.
    expect(result.skipped).toEqual(['<Simulation id="sim1"> (line 50): the step 0.005 ms is not one the lab runs (1/k ms, k = 1..100); it runs at 0.01 ms instead']);
  });

  it('fires as the LEMS definitions do: the same spikes per cell, the first within one step of the reference', () => {
    const lab = spikesOf(e, ['izpopBurst', 'izpopTonic', 'izpopMixed', 'izpopClass1']);
    // Bursting 29, tonic 9, mixed 8, class 1 (the ramp) 7, as at the file's own step, 0.005 ms.
    expect(lab.map((s) => s.length)).toEqual([29, 9, 8, 7]);
    expect((reference['ex2_0.005'] as number[][]).map((s) => s.length)).toEqual([29, 9, 8, 7]);
    const ref = reference['ex2_0.01'] as number[][];
    for (let c = 0; c < 4; c++) {
      // The first spike shows the input's onset and size were read exactly (the lab stamps a spike at
      // the start of the step that crosses, the reference at its end).
      expect(Math.abs(lab[c][0] - ref[c][0])).toBeLessThanOrEqual(0.0100001);
      // Later spikes drift a little: jLEMS steps u from the old v, the lab's Euler from the new one.
      expect(largestShift(lab[c], ref[c])).toBeLessThan(0.4);
    }
  });
});
