import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/sim.ts';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { defaultExperiment } from '../src/core/experiment/examples.ts';
import { parseExperimentJson } from '../src/core/experiment/validate.ts';
import { SpikesCsvWriter, spikesToCsv } from '../src/core/io/spikesCsv.ts';

/** Runs the command in this process (a spawned tsx takes seconds on a busy machine). */
function sim(args: string[]) {
  const pieces: string[] = [];
  const stderr: string[] = [];
  const status = main(args, { stdout: (text) => pieces.push(text), stderr: (line) => stderr.push(line) });
  return { status, stdout: pieces.join(''), pieces, stderr: stderr.join('\n') };
}

function engineCsv(seed: number, duration: number, file = 'public/experiments/default.json'): string {
  const parsed = parseExperimentJson(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const exp = parsed.experiment;
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

  it('streams the spikes as the run goes: the same text, in pieces, never the whole CSV at once', () => {
    const file = 'public/experiments/izhikevich2003-network.json';
    const whole = engineCsv(3, 3000, file);
    const streamed = sim([file, '--duration', '3000', '--seed', '3']);
    expect(streamed.status).toBe(0);
    expect(streamed.stdout).toBe(whole);
    // The header, then one piece per 1,000 steps (1 ms each).
    expect(streamed.pieces).toHaveLength(4);
    expect(streamed.pieces[0]).toBe('time_ms,neuron\n');
    expect(Math.max(...streamed.pieces.map((piece) => piece.length))).toBeLessThan(whole.length / 2);
    const out = join(dir, 'streamed.csv');
    expect(sim([file, '--duration', '3000', '--seed', '3', '--out', out]).status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(whole);
  });

  it('writes no piece of more than the chunk\'s spikes', () => {
    const n = 1003;
    const neurons = Int32Array.from({ length: n }, (_, k) => k % 3);
    const times = Float64Array.from({ length: n }, (_, k) => k * 0.1);
    const pieces: string[] = [];
    const writer = new SpikesCsvWriter((text) => pieces.push(text), ['a', 'b', 'E[0]'], 100);
    writer.add(neurons.subarray(0, 500), times.subarray(0, 500));
    writer.add(neurons.subarray(500), times.subarray(500));
    expect(pieces.join('')).toBe(spikesToCsv(neurons, times, ['a', 'b', 'E[0]']));
    expect(pieces).toHaveLength(1 + 5 + 6);
    expect(Math.max(...pieces.slice(1).map((piece) => piece.split('\n').length - 1))).toBe(100);
    expect(writer.spikes).toBe(n);
  });

  it('holds experiments to the memory budget; --budget-mib raises or lowers it', () => {
    // 64 neurons x 5 variables at 0.01 ms: the page's trace ring would need 1.2 GiB, over the default 1 GiB.
    const traced = join(dir, 'traced.json');
    const exp = defaultExperiment();
    exp.simulation = { ...exp.simulation, dt: 0.01, scheme: 'euler', duration: 5 };
    exp.populations.push({ id: 'P', size: 64, model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 });
    exp.recording = { watch: Array.from({ length: 64 }, (_, i) => `P[${i}]`), variables: ['v', 'u', 'g', 'isyn', 'iext'] };
    writeFileSync(traced, JSON.stringify(exp));
    const refused = sim([traced]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('is not a valid experiment (--budget-mib raises the memory limit):');
    expect(refused.stderr).toContain('recording.watch: traces of 64 neurons x 5 variables');
    expect(refused.stderr).toContain('the limit is 1.0 GiB of memory');
    expect(refused.stdout).toBe('');
    const raised = sim([traced, '--budget-mib', '2048']);
    expect(raised.status).toBe(0);
    expect(raised.stdout.startsWith('time_ms,neuron\n')).toBe(true);
    const lowered = sim(['public/experiments/izhikevich2003-network.json', '--budget-mib', '16']);
    expect(lowered.status).toBe(1);
    expect(lowered.stderr).toContain('projections[0]: projection "EE"');
    expect(lowered.stderr).toContain('the limit is 16 MiB of memory');
    expect(sim(['public/experiments/default.json', '--budget-mib', '0']).stderr).toBe('--budget-mib: expected a positive number of MiB, got "0"');
  });

  it('refuses a delay past 10 s or a --duration past an hour with the field, not a stack trace', () => {
    const far = join(dir, 'far.json');
    const exp = defaultExperiment();
    exp.connections[0].delay = 1e9;
    writeFileSync(far, JSON.stringify(exp));
    const refused = sim([far]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('far.json is not a valid experiment:\n  connections[0].delay: must be at most 10000 ms (10 s), got 1000000000');
    const long = sim(['public/experiments/default.json', '--duration', '3600001']);
    expect(long.status).toBe(1);
    expect(long.stderr).toContain('simulation.duration: must be at most 3600000 ms (one hour), got 3600001');
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
