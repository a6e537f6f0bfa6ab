import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GALLERY } from '../experiment/gallery.ts';
import { PATTERNS } from '../experiment/patterns.ts';
import type { Experiment } from '../experiment/types.ts';
import { parseExperimentJson } from '../experiment/validate.ts';
import { referenceProblems } from '../../../test/nmlElements.ts';
import { compileExperiment } from '../engine/compile.ts';
import { exportCompiled, exportNeuroML } from './export.ts';

/**
 * Every example the lab ships, exported and checked against the real NeuroML v2.3.1 schema with
 * xmllint (Debian's libxml2-utils; .ci/run installs it), the LEMS file checked to be well formed, and
 * both checked for what jnml -validate checks beyond the schema (ids, references, paths).
 */
const SCHEMA = new URL('../../../test/fixtures/neuroml/NeuroML_v2.3.1.xsd', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'nml-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** xmllint's verdict: '' when valid, else its messages. */
function xmllint(path: string, schema = true): string {
  try {
    execFileSync('xmllint', ['--noout', '--nonet', ...(schema ? ['--schema', SCHEMA] : []), path], { stdio: 'pipe' });
    return '';
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr;
    return stderr ? stderr.toString() : String(error);
  }
}

/** The patterns whose cell neither NeuroML cell can express (u without its restoring term): nothing to write. */
const NOT_EXPRESSIBLE = new Set(['accommodation']);

function checkValid(name: string, experiment: Experiment): void {
  const { files, notes } = exportNeuroML(experiment);
  if (NOT_EXPRESSIBLE.has(name)) {
    expect(files).toEqual([]);
    expect(notes.join(' ')).toMatch(/no exact izhikevich2007Cell form/);
    return;
  }
  expect(files.map((f) => f.path).length, name).toBe(2);
  expect(referenceProblems(files[0].text, files[1].text), name).toEqual([]);
  for (const file of files) {
    const path = join(dir, `${name}-${file.path}`);
    writeFileSync(path, file.text);
    expect(xmllint(path, file.path.endsWith('.net.nml')), `${name}: ${file.path}`).toBe('');
  }
}

function fromPublic(folder: string, file: string): Experiment {
  const parsed = parseExperimentJson(readFileSync(new URL(`../../../public/${folder}/${file}`, import.meta.url), 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.errors.join('; ')}`);
  return parsed.experiment;
}

describe('NeuroML export against the v2.3.1 schema', () => {
  it('the schema itself rejects what the notes say it rejects (the check can fail)', () => {
    const bad = join(dir, 'bad.net.nml');
    writeFileSync(
      bad,
      '<neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="x"><expOneSynapse id="s" gbase="1e+3nS" erev="0mV" tauDecay="5ms"/>' +
        '<network id="n"><population id="p" component="c" size="1"/></network></neuroml>',
    );
    expect(xmllint(bad)).toMatch(/gbase.*not accepted by the pattern/);
  });

  it('the reference check finds a path past the end of a population and a missing cell', () => {
    const net = [
      '<izhikevich2007Cell id="c" C="1pF"/>',
      '<network id="n">',
      '<population id="p" component="c" size="2" type="population"/>',
      '<population id="q" component="nothing" size="1" type="population"/>',
      '<inputList id="i" population="p" component="c">',
      '<input id="0" target="../p[2]" destination="synapses"/>',
    ].join('\n');
    expect(referenceProblems(net, '<Simulation id="s" target="n">')).toEqual(['population q: no cell nothing', 'input: bad cell path ../p[2]']);
  });

  for (const entry of GALLERY) {
    it(`gallery: ${entry.id}`, () => checkValid(entry.id, entry.make()));
  }
  for (const file of readdirSync(new URL('../../../public/experiments/', import.meta.url)).filter((f) => f.endsWith('.json'))) {
    it(`public/experiments/${file}`, () => checkValid(file, fromPublic('experiments', file)));
  }
  for (const pattern of PATTERNS) {
    it(`pattern: ${pattern.id}`, () => checkValid(pattern.id, pattern.make()));
  }
});

describe('the kinds the engine does not step yet, written against the schema', () => {
  it('izhikevich2007 cells, expTwoSynapse and alphaSynapse', () => {
    // Compiled from a stand-in of the same shape: 2003 cells and expConductance types in the same places.
    const standIn: Experiment = {
      ...PATTERNS[0].make(),
      name: 'New kinds',
      neurons: [
        { id: 'a-cell', model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 },
        { id: 'b-cell', model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 },
      ],
      synapseTypes: [
        { id: 'two', kind: 'expConductance', gbase: 1, tau: 5, erev: 0 },
        { id: 'alpha', kind: 'expConductance', gbase: 1, tau: 5, erev: -80 },
      ],
      connections: [
        { pre: 'a-cell', post: 'b-cell', synapse: 'two', weight: 2, delay: 1 },
        { pre: 'b-cell', post: 'a-cell', synapse: 'alpha', weight: 0.5, delay: 2 },
      ],
      inputs: [{ id: 'step', kind: 'pulse', target: 'a-cell', start: 10, amplitude: 400 }],
      recording: { watch: ['a-cell'], variables: ['v'] },
    };
    const experiment: Experiment = {
      ...standIn,
      neurons: [{ id: 'a-cell', model: 'izhikevich2007', C: 100, k: 0.7, vr: -60, vt: -40, vpeak: 35, a: 0.03, b: -2, c: -50, d: 100, v0: -60 }, standIn.neurons[1]],
      synapseTypes: [
        { id: 'two', kind: 'expTwoConductance', gbase: 1.5, tauRise: 0.5, tauDecay: 5, erev: 0 },
        { id: 'alpha', kind: 'alphaConductance', gbase: 2, tau: 3, erev: -80 },
      ],
    };
    const { files, notes } = exportCompiled(experiment, compileExperiment(standIn));
    const net = files[0].text;
    expect(net).toContain('<alphaSynapse id="alpha" gbase="2nS" erev="-80mV" tau="3ms"/>');
    expect(net).toContain('<expTwoSynapse id="two" gbase="1.5nS" erev="0mV" tauDecay="5ms" tauRise="0.5ms"/>');
    expect(net).toContain('<izhikevich2007Cell id="a__hcell_cell" C="100pF" v0="-60mV" k="0.7nS_per_mV" vr="-60mV" vt="-40mV" vpeak="35mV" a="0.03per_ms" b="-2nS" c="-50mV" d="100pA"/>');
    // The 2003 neuron beside it goes through the mapping (b = 0.2: vr = -70, vt = -55).
    expect(net).toMatch(/<izhikevich2007Cell id="b__hcell_cell" C="1pF" v0="-65mV" k="0.04nS_per_mV" vr="-70mV" vt="-55mV"/);
    expect(notes.join(' ')).not.toMatch(/left out/);
    const path = join(dir, files[0].path);
    writeFileSync(path, net);
    expect(xmllint(path)).toBe('');
    expect(referenceProblems(net, files[1].text)).toEqual([]);
  });
});

describe('the population form\'s izhikevich2007 populations, sine and windowed Poisson inputs, against the schema', () => {
  it('a drawn 2007 population (each cell its own population, tagged for the lab), a sine current and a transientPoissonFiringSynapse', () => {
    const experiment: Experiment = {
      ...PATTERNS[0].make(),
      name: 'Drawn 2007',
      neurons: [],
      populations: [{ id: 'ib-cells', size: 4, model: 'izhikevich2007', C: 150, k: 1.2, vr: -75, vt: { dist: 'normal', mean: -45, sd: 2 }, vpeak: 50, a: 0.01, b: 5, c: -56, d: 130, v0: -75 }],
      synapseTypes: [{ id: 'ampa', kind: 'expConductance', gbase: 1, tau: 5, erev: 0 }],
      connections: [],
      projections: [],
      inputs: [
        { id: 'wave', kind: 'sine', target: 'ib-cells', start: 10, amplitude: 300, period: 40, phase: 0 },
        { id: 'burst', kind: 'poisson', target: 'ib-cells[1]', rate: 100, synapse: 'ampa', weight: 2, start: 50, duration: 100 },
      ],
      recording: { watch: ['ib-cells[0]'], variables: ['v'] },
    };
    checkValid('drawn-2007', experiment);
    const net = exportNeuroML(experiment).files[0].text;
    expect(net.match(/<izhikevich2007Cell id="ib__hcells_\d_cell" C="150pF"/g)).toHaveLength(4);
    expect(net).toContain('<sineGenerator id="wave" delay="10ms" phase="0"');
    expect(net).toContain('<transientPoissonFiringSynapse id="burst" averageRate="100Hz" delay="50ms" duration="100ms"');
    expect(net).toMatch(/<property tag="spikingLab_group" value="\{[^"]*&quot;id&quot;:&quot;ib-cells&quot;/);
  });
});
