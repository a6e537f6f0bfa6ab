import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/sim.ts';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { defaultExperiment } from '../src/core/experiment/examples.ts';
import { spikesToCsv } from '../src/core/io/spikesCsv.ts';

/** Runs the command in this process (a spawned tsx takes seconds on a busy machine). */
function sim(args: string[]) {
  let stdout = '';
  const stderr: string[] = [];
  const status = main(args, { stdout: (text) => (stdout += text), stderr: (line) => stderr.push(line) });
  return { status, stdout, stderr: stderr.join('\n') };
}

function engineCsv(seed: number, duration: number): string {
  const exp = defaultExperiment();
  exp.simulation.seed = seed;
  const run = new Simulation(compileExperiment(exp));
  run.run(Math.round(duration / exp.simulation.dt));
  const { neurons, times } = run.spikes.drain();
  return spikesToCsv(neurons, times, run.net.ids);
}

describe('npm run sim', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spiking-lab-cli-'));

  it('writes the same spikes as the engine for the same experiment and seed', () => {
    const out = join(dir, 'spikes.csv');
    const result = sim(['public/experiments/default.json', '--duration', '500', '--seed', '5', '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    const csv = readFileSync(out, 'utf8');
    expect(csv.startsWith('time_ms,neuron\n')).toBe(true);
    expect(csv.split('\n').length).toBeGreaterThan(20);
    expect(csv).toBe(engineCsv(5, 500));
    const spikes = csv.trim().split('\n').length - 1;
    expect(result.stderr.startsWith(`Excite one, inhibit another: ${spikes} spikes from 3 neurons in 500 ms simulated`)).toBe(true);
    expect(result.stderr.endsWith(` -> ${out}`)).toBe(true);
  });

  it('writes the spikes to standard output without --out', () => {
    expect(sim(['public/experiments/default.json', '--duration', '300', '--seed', '9']).stdout).toBe(engineCsv(9, 300));
  });

  it('adds a recorded current from --current', () => {
    const drive = join(dir, 'drive.csv');
    writeFileSync(drive, ['follower', ...Array.from({ length: 50 }, (_, k) => (k === 20 ? '200' : '0'))].join('\n'));
    const result = sim(['public/experiments/default.json', '--duration', '50', '--current', drive]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('\n20,follower\n');
    expect(sim(['public/experiments/default.json', '--duration', '50']).stdout).not.toContain('follower');
  });

  it('rejects a broken experiment with the field at fault, and a bad option with its rule', () => {
    const bad = join(dir, 'bad.json');
    const exp = JSON.parse(readFileSync('public/experiments/default.json', 'utf8')) as { synapseTypes: { tau?: number }[] };
    exp.synapseTypes[0].tau = -5;
    writeFileSync(bad, JSON.stringify(exp));
    const broken = sim([bad]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('synapseTypes[0].tau: must be > 0 ms, got -5');
    const badSeed = sim(['public/experiments/default.json', '--seed', '-1']);
    expect(badSeed.status).toBe(2);
    expect(badSeed.stderr).toBe('--seed: expected an integer 0..4294967295, got "-1"');
    expect(sim([join(dir, 'missing.json')]).stderr).toMatch(/^cannot read .*missing\.json: ENOENT/);
  });

  // The one real start, as a person types it: npm, tsx and the file's run-as-a-program guard. Node,
  // npm and tsx start in about 2 s alone and several times that on a busy 2-core machine.
  it('runs as a program: npm run sim prints the spikes', { timeout: 60_000 }, () => {
    const result = spawnSync('npm', ['run', '--silent', 'sim', '--', 'public/experiments/default.json', '--duration', '300', '--seed', '9'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(engineCsv(9, 300));
    expect(result.stderr).toContain('Excite one, inhibit another:');
  });
});
