import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/sim.ts';

function sim(args: string[]) {
  const pieces: string[] = [];
  const stderr: string[] = [];
  const status = main(args, { stdout: (text) => pieces.push(text), stderr: (line) => stderr.push(line) });
  return { status, stdout: pieces.join(''), stderr };
}

const perNeuron = (csv: string): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const line of csv.trim().split('\n').slice(1)) {
    const neuron = line.split(',')[1];
    counts[neuron] = (counts[neuron] ?? 0) + 1;
  }
  return counts;
};

describe('npm run sim with NeuroML files', () => {
  it('runs a LEMS file holding its network, printing what it skipped on standard error', () => {
    const result = sim(['test/fixtures/neuroml/LEMS_NML2_Ex2_Izh.xml']);
    expect(result.status).toBe(0);
    expect(result.stderr[0]).toBe('skipped: <Simulation id="sim1"> (line 50): the step 0.005 ms is not one the lab runs (1/k ms, k = 1..100); it runs at 0.01 ms instead');
    expect(result.stderr[1]).toMatch(/^net1: 53 spikes from 4 neurons in 200 ms simulated/);
    expect(perNeuron(result.stdout)).toEqual({ 'izpopBurst': 29, 'izpopTonic': 9, 'izpopMixed': 8, 'izpopClass1': 7 });
  });

  it('takes --duration over the file\'s length', () => {
    const result = sim(['test/fixtures/neuroml/LEMS_NML2_Ex2_Izh.xml', '--duration', '50']);
    expect(result.status).toBe(0);
    expect(result.stderr[1]).toMatch(/^net1: \d+ spikes from 4 neurons in 50 ms simulated/);
    expect(Math.max(...result.stdout.trim().split('\n').slice(1).map((l) => Number(l.split(',')[0])))).toBeLessThan(50);
  });

  it('refuses a broken document with the line, and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spiking-lab-nml-'));
    const file = join(dir, 'broken.nml');
    writeFileSync(file, '<neuroml>\n  <network id="n">\n</neuroml>\n');
    const result = sim([file]);
    expect(result.status).toBe(1);
    expect(result.stderr.join('\n')).toContain(`${file} could not be imported as NeuroML 2:\n  ${file}, line 2: not well-formed XML`);
  });
});
