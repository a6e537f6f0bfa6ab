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
import { exportNeuroML } from './export.ts';

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
