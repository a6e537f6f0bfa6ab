import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/export.ts';
import { defaultExperiment } from '../src/core/experiment/examples.ts';
import { exportNeuroML } from '../src/core/neuroml/export.ts';

/** Runs the command in this process (a spawned tsx takes seconds on a busy machine). */
function run(args: string[]) {
  const stderr: string[] = [];
  const status = main(args, { stdout: () => {}, stderr: (line) => stderr.push(line) });
  return { status, stderr: stderr.join('\n') };
}

describe('npm run export -- --neuroml', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spiking-lab-export-'));

  it('writes the network and the LEMS file into the folder, and the notes on stderr', () => {
    const folder = join(dir, 'made', 'by', 'export');
    const result = run(['public/experiments/default.json', '--neuroml', folder]);
    expect(result.status).toBe(0);
    expect(readdirSync(folder).sort()).toEqual(['Excite_one_inhibit_another.net.nml', 'LEMS_Excite_one_inhibit_another.xml']);
    const expected = exportNeuroML(defaultExperiment());
    for (const file of expected.files) expect(readFileSync(join(folder, file.path), 'utf8')).toBe(file.text);
    for (const note of expected.notes) expect(result.stderr).toContain(`note: ${note}`);
    expect(result.stderr).toMatch(/Gaussian noise current/);
    const schema = new URL('./fixtures/neuroml/NeuroML_v2.3.1.xsd', import.meta.url).pathname;
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', schema, join(folder, 'Excite_one_inhibit_another.net.nml')], { stdio: 'pipe' });
  });

  it('says what is wrong with its arguments or its input', () => {
    expect(run(['public/experiments/default.json']).stderr).toMatch(/^usage: npm run export -- <experiment.json> \[--neuroml <folder>\]/);
    expect(run(['public/experiments/default.json', '--neuroml'])).toMatchObject({ status: 2, stderr: expect.stringMatching(/--neuroml needs a folder/) });
    expect(run(['public/experiments/default.json', '--nueroml', dir])).toMatchObject({ status: 2, stderr: expect.stringMatching(/unknown option --nueroml/) });
    expect(run(['no-such-file.json', '--neuroml', dir])).toMatchObject({ status: 1, stderr: expect.stringMatching(/cannot read no-such-file.json/) });
    expect(run(['package.json', '--neuroml', dir])).toMatchObject({ status: 1, stderr: expect.stringMatching(/package.json is not a valid experiment/) });
  });

  it('fails, writing nothing, when no part of the network can be written', () => {
    const folder = join(dir, 'nothing');
    const result = run(['public/patterns/accommodation.json', '--neuroml', folder]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/nothing written to .*nothing/);
  });
});
