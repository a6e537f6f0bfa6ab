import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { defaultExperiment } from '../src/core/experiment/examples.ts';
import { spikesToCsv } from '../src/core/io/spikesCsv.ts';

const cli = (args: string[]) => spawnSync('npx', ['tsx', 'src/cli/sim.ts', ...args], { encoding: 'utf8' });

describe('npm run sim', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spiking-lab-cli-'));

  it('writes the same spikes as the engine for the same experiment and seed', () => {
    const out = join(dir, 'spikes.csv');
    execFileSync('npx', ['tsx', 'src/cli/sim.ts', 'public/experiments/default.json', '--duration', '500', '--seed', '5', '--out', out]);
    const exp = defaultExperiment();
    exp.simulation.seed = 5;
    const sim = new Simulation(compileExperiment(exp));
    sim.run(500);
    const { neurons, times } = sim.spikes.drain();
    const csv = readFileSync(out, 'utf8');
    expect(csv.startsWith('time_ms,neuron\n')).toBe(true);
    expect(csv.split('\n').length).toBeGreaterThan(20);
    expect(csv).toBe(spikesToCsv(neurons, times, sim.net.ids));
  });

  it('adds a recorded current from --current', () => {
    const drive = join(dir, 'drive.csv');
    writeFileSync(drive, ['follower', ...Array.from({ length: 50 }, (_, k) => (k === 20 ? '200' : '0'))].join('\n'));
    const result = cli(['public/experiments/default.json', '--duration', '50', '--current', drive]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('\n20,follower\n');
  });

  it('rejects a broken experiment with the field at fault', () => {
    const bad = join(dir, 'bad.json');
    const exp = JSON.parse(readFileSync('public/experiments/default.json', 'utf8')) as { synapseTypes: { tau?: number }[] };
    exp.synapseTypes[0].tau = -5;
    writeFileSync(bad, JSON.stringify(exp));
    const result = cli([bad]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('synapseTypes[0].tau: must be > 0 ms, got -5');
    expect(cli(['public/experiments/default.json', '--seed', '-1']).stderr).toContain('--seed: expected an integer');
  });
});
