import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli/export.ts';
import { defaultExperiment } from '../src/core/experiment/examples.ts';

let dir = '';
afterEach(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
  dir = '';
});

function run(args: string[]): { code: number; log: string[] } {
  const log: string[] = [];
  return { code: main(args, (line) => log.push(line)), log };
}

describe('npm run export -- <experiment.json> --neuron <folder>', () => {
  it('writes the NEURON folder, creating it, and says how to run it', () => {
    dir = mkdtempSync(join(tmpdir(), 'export-cli-'));
    const file = join(dir, 'x.json');
    writeFileSync(file, JSON.stringify(defaultExperiment()));
    const out = join(dir, 'deep', 'folder');
    const { code, log } = run([file, '--neuron', out]);
    expect(code).toBe(0);
    for (const path of ['README.md', 'run.py', 'mechanisms/IzhikevichLab.mod', 'network.json', 'synapses.txt', 'inputs/follower-noise.txt']) {
      expect(existsSync(join(out, path)), path).toBe(true);
    }
    expect(readFileSync(join(out, 'synapses.txt'), 'utf8')).toBe('0 1 0 1 2\n0 2 1 1 2\n');
    expect(log[0]).toContain('mpiexec -n 2 python3 run.py');
    expect(log.some((line) => line.startsWith('note: Noise is written out'))).toBe(true);
  });

  it('refuses an invalid experiment, naming the field, and writes nothing', () => {
    dir = mkdtempSync(join(tmpdir(), 'export-cli-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...defaultExperiment(), simulation: { ...defaultExperiment().simulation, dt: -1 } }));
    const { code, log } = run([file, '--neuron', join(dir, 'out')]);
    expect(code).toBe(1);
    expect(log.join('\n')).toMatch(/simulation\.dt/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('explains its usage when the format or the folder is missing', () => {
    expect(run(['x.json']).code).toBe(2);
    expect(run(['x.json', '--neuron']).log.join('\n')).toContain('--neuron needs a folder');
    expect(run(['x.json', '--neuroml-typo', 'd']).log.join('\n')).toContain('unknown option --neuroml-typo');
  });
});
