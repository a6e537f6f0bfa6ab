import { describe, expect, it } from 'vitest';
import { experiment as makeExperiment, simulate } from '../../../test/helpers.ts';
import { conductanceNetwork, neuromlFaithful } from '../../../test/neuromlRoundTrip.ts';
import { GALLERY } from '../experiment/gallery.ts';
import type { Experiment } from '../experiment/types.ts';
import { validateExperiment } from '../experiment/validate.ts';
import { exportNeuroML } from './export.ts';
import { importNeuroML } from './import.ts';
import { LAB_GROUP_TAG } from './labGroups.ts';

/** The network document and the LEMS file the export writes for `experiment`. */
function exported(experiment: Experiment): { nml: { path: string; text: string }; lems: { path: string; text: string } } {
  const out = exportNeuroML(experiment);
  const nml = out.files.find((f) => f.path.endsWith('.net.nml'));
  const lems = out.files.find((f) => f.path.startsWith('LEMS_'));
  if (!nml || !lems) throw new Error(`no files: ${out.notes.join('; ')}`);
  return { nml, lems };
}

/** lab -> NeuroML (exportNeuroML) -> lab (importNeuroML, the network with its LEMS file, or `edit`ed). */
function roundTrip(experiment: Experiment, edit: (nml: string) => string = (x) => x): { experiment: Experiment; skipped: string[] } {
  const { nml, lems } = exported(experiment);
  const result = importNeuroML(lems.text, lems.path, { includes: [{ text: edit(nml.text), fileName: nml.path }] });
  if (!result.ok) throw new Error(result.message);
  return result;
}

function spikes(experiment: Experiment, ms: number): string {
  const sim = simulate(experiment);
  sim.run(Math.round(ms / experiment.simulation.dt));
  const { neurons, times } = sim.spikes.drain();
  return Array.from(times, (t, k) => `${t.toFixed(6)} ${sim.net.ids[neurons[k]]}`).join('\n');
}

/** The experiment as the lab's validator leaves it (the form an import returns). */
function validated(experiment: Experiment): Experiment {
  const checked = validateExperiment(experiment);
  if (!checked.ok) throw new Error(checked.errors.join('; '));
  return checked.experiment;
}

describe('round trip lab -> NeuroML -> lab', () => {
  for (const entry of GALLERY) {
    it(`${entry.id}: the same neurons and populations, run settings, and the spikes of all the export keeps`, () => {
      const original = entry.make();
      const back = roundTrip(original);
      expect(back.skipped).toEqual([]);
      expect(back.experiment.simulation).toEqual(validated(original).simulation);
      expect(back.experiment.neurons).toEqual(validated(original).neurons);
      expect(back.experiment.populations).toEqual(validated(original).populations);
      const kept = neuromlFaithful(original);
      const expected = spikes(kept, 1000);
      expect(spikes(back.experiment, 1000)).toBe(expected);
    });
  }

  it('a population with drawn parameters comes back as that population (size, distributions, label, position), with the same synapses and spikes', () => {
    const original = conductanceNetwork();
    const { nml } = exported(original);
    // Written for other simulators cell by cell: 200 populations of one, each with its drawn cell.
    expect(nml.text.match(/<population /g)?.length).toBe(200);
    expect(nml.text).toContain('<population id="E_159" component="E_159_cell" size="1" type="population">');
    const back = roundTrip(original);
    expect(back.skipped).toEqual([]);
    expect(back.experiment.populations).toEqual(validated(original).populations);
    expect(back.experiment.neurons).toEqual([]);
    expect(back.experiment.inputs).toEqual(original.inputs);
    const expected = spikes(original, 1000);
    expect(expected.split('\n').length).toBeGreaterThan(1000);
    expect(spikes(back.experiment, 1000)).toBe(expected);
  });

  it('an izhikevich2007 population with drawn parameters is exported cell by cell and comes back as itself', () => {
    const original = makeExperiment({
      dt: 0.1, scheme: 'euler', seed: 3,
      populations: [{
        id: 'rs', size: 20, model: 'izhikevich2007', label: 'RS cells', position: { x: 10, y: 20 },
        C: 100, k: 0.7, vr: -60, vt: { dist: 'normal', mean: -40, sd: 2 }, vpeak: 35, a: 0.03, b: -2, c: { dist: 'uniform', min: -55, max: -45 }, d: 100, v0: -60,
      }],
      inputs: [{ id: 'step', kind: 'pulse', target: 'rs', start: 50, duration: 800, amplitude: 100 }],
    });
    const { nml } = exported(original);
    expect(nml.text.match(/<izhikevich2007Cell /g)?.length).toBe(20);
    const back = roundTrip(original);
    expect(back.skipped).toEqual([]);
    expect(back.experiment.populations).toEqual(validated(original).populations);
    const expected = spikes(original, 1000);
    expect(expected.split('\n').length).toBeGreaterThan(100);
    expect(spikes(back.experiment, 1000)).toBe(expected);
  });

  it('a file whose cells were edited since the lab wrote it is read as written, and says why', () => {
    const original = conductanceNetwork();
    // One drawn cell changed by hand: the population's spec no longer gives the file's cells.
    const back = roundTrip(original, (text) => text.replace(/(<izhikevich2007Cell id="E_3_cell"[^>]* d=")[^"]+"/, '$1 7.5pA"'));
    expect(back.experiment.populations.map((p) => p.id)).toEqual(['I']);
    expect(back.experiment.neurons).toHaveLength(160);
    expect(back.experiment.neurons[3]).toMatchObject({ id: 'E_3', model: 'izhikevich2007', d: 7.5 });
    expect(back.skipped).toEqual([expect.stringMatching(/^<population id="E_0"> \(line \d+ of .*\): its spikingLab_group .* \(neuron 3: d would be .*pA, the file has {2}7\.5pA\), so it is imported as the file writes it$/)]);
  });

  it('a file without the lab\'s tags (as from elsewhere) is read cell by cell, as before', () => {
    const back = roundTrip(conductanceNetwork(), (text) => text.split('\n').filter((line) => !line.includes(LAB_GROUP_TAG)).join('\n'));
    expect(back.experiment.populations).toEqual([]);
    expect(back.experiment.neurons).toHaveLength(200);
  });
});
