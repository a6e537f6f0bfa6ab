import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { experiment, neuron, simulate } from '../../../test/helpers.ts';
import type { Experiment } from '../experiment/types.ts';
import { exportNeuroML } from './export.ts';
import { importNeuroML } from './import.ts';
import { RELAY_PARAMS } from './spikeSources.ts';

const SCHEMA = new URL('../../../test/fixtures/neuroml/NeuroML_v2.3.1.xsd', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'nml-sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RS = '<izhikevich2007Cell id="rs" C="100pF" v0="-60mV" k="0.7nS_per_mV" vr="-60mV" vt="-40mV" vpeak="35mV" a="0.03per_ms" b="-2nS" c="-50mV" d="100pA"/>';

/** The three random sources in a hand-written document, out of the schema's order (line numbers from 1). */
const DOCUMENT = `<neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="doc">
<spikeGeneratorRandom id="rnd" minISI="10 ms" maxISI="30 ms"/>
${RS}
<expOneSynapse id="ampa" gbase="1nS" erev="0mV" tauDecay="2ms"/>
<spikeGeneratorPoisson id="pois" averageRate="50 Hz"/>
<network id="net">
  <property tag="recommended_dt_ms" value="0.1"/>
  <population id="drivers" component="pois" size="10"/>
  <population id="ref" component="refp" size="1"/>
  <population id="rand" component="rnd" size="3"/>
  <population id="cell" component="rs" size="1"/>
  <projection id="p" presynapticPopulation="drivers" postsynapticPopulation="cell" synapse="ampa">
    <connectionWD id="0" preCellId="../drivers[0]" postCellId="../cell[0]" weight="20" delay="1ms"/>
  </projection>
</network>
<spikeGeneratorRefPoisson id="refp" averageRate="0.05 per_ms" minimumISI="5ms"/>
</neuroml>
`;

function spikesOf(exp: Experiment, ms: number): string[] {
  const sim = simulate(exp);
  sim.run(Math.round(ms / exp.simulation.dt));
  const { neurons, times } = sim.spikes.drain();
  return Array.from(times, (t, k) => `${t.toFixed(6)} ${sim.net.ids[neurons[k]]}`);
}

function schemaErrors(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMA, path], { stdio: 'pipe' });
    return '';
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e);
  }
}

describe('NeuroML random spike sources (spikeGeneratorPoisson, spikeGeneratorRefPoisson, spikeGeneratorRandom)', () => {
  it('are imported from a hand-written document as relay cells fired by spikeSource inputs, nothing skipped', () => {
    const result = importNeuroML(DOCUMENT, 'sources.nml');
    if (!result.ok) throw new Error(result.message);
    expect(result.skipped).toEqual([]);
    const { experiment: e } = result;
    expect(e.populations.map((p) => [p.id, p.size])).toEqual([['drivers', 10], ['rand', 3]]);
    expect(e.populations[0]).toMatchObject({ model: 'izhikevich2003', ...RELAY_PARAMS });
    expect(e.neurons.map((n) => n.id)).toEqual(['ref', 'cell']);
    expect(e.inputs).toEqual([
      { id: 'pois', kind: 'spikeSource', target: 'drivers', process: 'poisson', rate: 50 },
      { id: 'refp', kind: 'spikeSource', target: 'ref', process: 'refPoisson', rate: 50, minISI: 5 },
      { id: 'rnd', kind: 'spikeSource', target: 'rand', process: 'uniform', minISI: 10, maxISI: 30 },
    ]);
    // The sources fire at their rates over 10 s (50, 50 and 1 / 20 ms = 50 Hz), and drivers[0] drives the cell.
    const spikes = spikesOf({ ...e, simulation: { ...e.simulation, duration: 10_000 } }, 10_000);
    const count = (prefix: string) => spikes.filter((s) => s.split(' ')[1].startsWith(prefix)).length;
    expect(count('drivers') / 10 / 10).toBeGreaterThan(47);
    expect(count('drivers') / 10 / 10).toBeLessThan(53);
    expect(count('ref') / 10).toBeGreaterThan(46);
    expect(count('ref') / 10).toBeLessThan(54);
    expect(count('rand') / 3 / 10).toBeGreaterThan(49);
    expect(count('rand') / 3 / 10).toBeLessThan(51);
    expect(count('cell')).toBeGreaterThan(10);
  });

  it('name a broken source with its line, skip the populations built on it, and import the rest', () => {
    const text = DOCUMENT.replace('minimumISI="5ms"', 'minimumISI="25ms"').replace('maxISI="30 ms"', 'maxISI="5 ms"');
    const result = importNeuroML(text, 'broken.nml');
    if (!result.ok) throw new Error(result.message);
    expect(result.skipped).toEqual([
      '<spikeGeneratorRandom id="rnd"> (line 2): needs 0 <= minISI <= maxISI and maxISI > 0, got 10 and 5 ms',
      '<spikeGeneratorRefPoisson id="refp"> (line 16): minimumISI must be between 0 and the mean interval 1 / averageRate = 20 ms, got 25 ms',
      '<population id="ref"> (line 9): refers to the cell "refp", which was not imported (it could not be read)',
      '<population id="rand"> (line 10): refers to the cell "rnd", which was not imported (it could not be read)',
    ]);
    expect(result.experiment.inputs.map((i) => i.id)).toEqual(['pois']);
  });

  it('skip a source faster than the lab runs (above 10 kHz) by name, with the lab\'s rule, and import the rest', () => {
    const result = importNeuroML(DOCUMENT.replace('minimumISI="5ms"', 'minimumISI="0ms"').replace('averageRate="0.05 per_ms"', 'averageRate="50 per_ms"'), 'fast.nml');
    if (!result.ok) throw new Error(result.message);
    expect(result.skipped[0]).toBe('<spikeGeneratorRefPoisson id="refp"> (line 16): rate: must be above 0 and at most 10000 Hz, got 50000');
    expect(result.experiment.inputs.map((i) => i.id)).toEqual(['pois', 'rnd']);
  });

  it('are exported as the same elements (valid against the v2.3.1 schema), and read back as the same inputs, so the same spikes', () => {
    const original = experiment({
      dt: 0.1, scheme: 'euler', seed: 42,
      neurons: [{ id: 'one-source', model: 'izhikevich2003', ...RELAY_PARAMS }, neuron('target')],
      populations: [
        { id: 'pois', model: 'izhikevich2003', size: 5, ...RELAY_PARAMS },
        { id: 'rand', model: 'izhikevich2003', size: 4, ...RELAY_PARAMS },
      ],
      synapseTypes: [{ id: 'ampa', kind: 'expConductance', gbase: 1, tau: 2, erev: 0 }],
      projections: [{ id: 'drive', pre: 'pois', post: 'target', synapse: 'ampa', connect: { rule: 'all-to-all' }, weight: 3, delay: 1 }],
      connections: [{ pre: 'one-source', post: 'target', synapse: 'ampa', weight: 5, delay: 2 }],
      inputs: [
        { id: 'bg', kind: 'spikeSource', target: 'pois', process: 'poisson', rate: 40 },
        { id: 'refractory', kind: 'spikeSource', target: 'one-source', process: 'refPoisson', rate: 30, minISI: 8 },
        { id: 'even', kind: 'spikeSource', target: 'rand', process: 'uniform', minISI: 15, maxISI: 25 },
      ],
    });
    const { files, notes } = exportNeuroML(original);
    const [nml, lems] = files;
    expect(nml.text).toContain('<spikeGeneratorRandom id="even" maxISI="25ms" minISI="15ms"/>');
    expect(nml.text).toContain('<spikeGeneratorPoisson id="bg" averageRate="40Hz"/>');
    expect(nml.text).toContain('<spikeGeneratorRefPoisson id="refractory" averageRate="30Hz" minimumISI="8ms"/>');
    expect(nml.text).toContain('<population id="pois" component="bg" size="5" type="population"/>');
    expect(notes.join('\n')).toContain('Input bg (Poisson spikes at 40 Hz) is written as spikeGeneratorPoisson population pois');
    expect(schemaErrors(nml.path, nml.text)).toBe('');
    const back = importNeuroML(lems.text, lems.path, { includes: [{ text: nml.text, fileName: nml.path }] });
    if (!back.ok) throw new Error(back.message);
    expect(back.skipped).toEqual([]);
    // In the order of their populations (the lab's neurons, then its populations), each as it was.
    const byId = (inputs: Experiment['inputs']) => [...inputs].sort((x, y) => x.id.localeCompare(y.id));
    expect(byId(back.experiment.inputs)).toEqual(byId(original.inputs));
    const spikes = spikesOf(original, 2000);
    expect(spikes.filter((s) => s.endsWith(' target')).length).toBeGreaterThan(5);
    expect(spikesOf(back.experiment, 2000)).toEqual(spikes);
  });

  it('is left out of the export, and said so, when it drives neurons with dynamics of their own', () => {
    const e = experiment({ neurons: [neuron('n')], inputs: [{ id: 'kick', kind: 'spikeSource', target: 'n', process: 'poisson', rate: 5 }] });
    const { files, notes } = exportNeuroML(e);
    expect(files[0].text).not.toContain('spikeGenerator');
    expect(notes).toContain('Input kick (Poisson spikes at 5 Hz): NeuroML writes a random spike source as a population of its own, and n is not a whole group of relay cells driven by this input alone; it is left out.');
  });
});
