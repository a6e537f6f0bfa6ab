import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../../test/helpers.ts';
import type { Experiment } from '../experiment/types.ts';
import { engineStepsNeuroMLKinds } from './engineSupport.ts';
import { importNeuroML } from './import.ts';

/**
 * Published NeuroML 2 models written by others (test/fixtures/neuroml/SOURCE.md), imported and run,
 * against spike times computed independently from the LEMS definitions as jLEMS steps them
 * (test/fixtures/neuroml/reference.py, reference-spikes.json).
 */
const DIR = 'test/fixtures/neuroml';
const read = (name: string) => ({ text: readFileSync(`${DIR}/${name}`, 'utf8'), fileName: name });
const reference = JSON.parse(readFileSync(`${DIR}/reference-spikes.json`, 'utf8')) as Record<string, number[] | number[][]>;

function spikesOf(experiment: Experiment, ids: string[], dt = experiment.simulation.dt): number[][] {
  const sim = simulate({ ...experiment, simulation: { ...experiment.simulation, dt } });
  sim.run(Math.round(experiment.simulation.duration / dt));
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

describe('the NeuroML documentation\'s izhikevich2007 examples (NeuroML/Documentation, CC BY 4.0)', () => {
  const single = () => {
    const nml = read('izhikevich2007_single_cell_network.nml');
    const result = importNeuroML(read('LEMS_example-single-izhikevich2007cell-sim.xml').text, 'LEMS_example-single-izhikevich2007cell-sim.xml', { includes: [nml] });
    if (!result.ok) throw new Error(result.message);
    return result;
  };
  const network = () => {
    const nml = read('izhikevich2007_network.nml');
    const result = importNeuroML(read('LEMS_example_izhikevich2007network_sim.xml').text, 'LEMS_example_izhikevich2007network_sim.xml', { includes: [nml] });
    if (!result.ok) throw new Error(result.message);
    return result;
  };

  it('the single RS cell at 70 pA: its cell, pulse and Simulation', () => {
    const result = single();
    const e = result.experiment;
    expect(e.neurons).toEqual([{ id: 'IzhPop0', model: 'izhikevich2007', C: 100, k: 0.7, vr: -60, vt: -40, vpeak: 35, a: 0.03, b: -2, c: -50, d: 100, v0: -60 }]);
    expect(e.inputs).toEqual([{ id: 'pulseGen_0-IzhPop0', kind: 'pulse', target: 'IzhPop0', start: 0, duration: 1000, amplitude: 70 }]);
    expect(e.simulation).toMatchObject({ duration: 1000, dt: 0.1, seed: 123 });
    expect(e.recording).toEqual({ watch: ['IzhPop0'], variables: ['v'] });
    // The file's Simulation targets "IzhNet", its network is "IzNet": said, and the one network imported.
    expect(result.skipped).toEqual(['<Simulation id="example-single-izhikevich2007cell-sim"> (line 19): its target "IzhNet" is no network of the document; <network id="IzNet"> (line 4 of izhikevich2007_single_cell_network.nml) is imported']);
  });

  it.runIf(engineStepsNeuroMLKinds())('the single RS cell at 70 pA fires 7 times in 1 s, the first at 100 ms, as the documentation\'s plot and the reference', () => {
    // At the file's step (0.1 ms) the lab's Euler step (u from the new v) and jLEMS's (u from the old v)
    // differ by first-order errors that add up to about 2 ms by the seventh spike; at 0.01 ms both are
    // within 0.15 ms of the converged times (0.001 ms: 100.02 ... 987.07 ms), and so of each other.
    const [lab] = spikesOf(single().experiment, ['IzhPop0']);
    const ref = reference['single_0.1'] as number[];
    expect(ref.length).toBe(7);
    expect(Math.abs(lab[0] - ref[0])).toBeLessThanOrEqual(0.2000001);
    expect(largestShift(lab, ref)).toBeLessThan(2.5);
    const [fine] = spikesOf(single().experiment, ['IzhPop0'], 0.01);
    expect(largestShift(fine, reference['single_0.01'] as number[])).toBeLessThan(0.25);
  });

  it('the two-population network with its LEMS file: populations, synapse, connections, Simulation', () => {
    const result = network();
    const e = result.experiment;
    expect(e.populations.map((p) => [p.id, p.model, p.size])).toEqual([['IzPop0', 'izhikevich2007', 5], ['IzPop1', 'izhikevich2007', 5]]);
    expect(e.synapseTypes).toEqual([{ id: 'syn0', kind: 'expConductance', gbase: 65, tau: 3, erev: 0 }]);
    expect(e.connections).toHaveLength(9);
    expect(e.connections[0]).toEqual({ pre: 'IzPop0[0]', post: 'IzPop1[0]', synapse: 'syn0', weight: 1, delay: 0.1 });
    expect(e.simulation).toMatchObject({ duration: 1000, dt: 0.1, seed: 123 });
    expect(result.skipped).toEqual(['<projection id="proj"> (line 12 of izhikevich2007_network.nml): 9 connection(s) without a delay arrive one step (0.1 ms) after the spike: the lab\'s shortest delay']);
  });

  it.runIf(engineStepsNeuroMLKinds())('the two-population network fires as the reference: the same spikes per cell', () => {
    const e = network().experiment;
    const ids = [0, 1, 2, 3, 4].map((i) => `IzPop0[${i}]`).concat([0, 1, 2, 3, 4].map((i) => `IzPop1[${i}]`));
    // The same spikes per cell at the file's step; the same times within 0.5 ms at 0.01 ms (at 0.1 ms
    // the two Euler steps drift apart by up to 4 ms over the second, as for the single cell).
    const lab = spikesOf(e, ids);
    const ref = reference['network_0.1'] as number[][];
    expect(lab.map((s) => s.length)).toEqual(ref.map((s) => s.length));
    expect(ref.map((s) => s.length)).toEqual([13, 8, 0, 0, 9, 13, 30, 0, 21, 0]);
    const fine = spikesOf(e, ids, 0.01);
    const fineRef = reference['network_0.01'] as number[][];
    for (let c = 0; c < ids.length; c++) expect(largestShift(fine[c], fineRef[c])).toBeLessThan(0.5);
  });

  it('the getting-started network wired by synapticConnection imports its 15 connections', () => {
    const result = importNeuroML(read('getting-started-izhikevich2008_network-with-inputs.nml').text, 'getting-started.nml');
    if (!result.ok) throw new Error(result.message);
    expect(result.experiment.connections).toHaveLength(15);
    expect(result.experiment.connections[3]).toEqual({ pre: 'IzPop0[1]', post: 'IzPop1[0]', synapse: 'syn0', weight: 1, delay: 0.025 });
    expect(result.experiment.inputs.map((i) => i.kind === 'pulse' && i.amplitude)).toEqual([63.943, 89.218, 2.654, 80.943, 95.721]);
  });
});
