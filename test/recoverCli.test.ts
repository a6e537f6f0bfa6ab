import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/recover.ts';

function run(args: string[]): { code: number; stdout: string; stderr: string[] } {
  let stdout = '';
  const stderr: string[] = [];
  const code = main(args, { stdout: (text) => (stdout += text), stderr: (line) => stderr.push(line) });
  return { code, stdout, stderr };
}

describe('npm run recover', () => {
  it('names a bad setting and runs nothing', () => {
    const { code, stdout, stderr } = run(['--p', '2', '--n', 'many']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.join('\n')).toContain('p: expected a connection probability above 0, at most 1, got 2');
    expect(stderr.join('\n')).toContain('n: expected a whole number of neurons from 2 to 200, got text that is no number');
  });

  it('writes the recording and the weights as CSV and ends with the one summary line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'recover-'));
    const files = { spikes: join(dir, 's.csv'), voltages: join(dir, 'v.csv'), weights: join(dir, 'w.csv') };
    const { code, stdout, stderr } = run(['--n', '5', '--seconds', '2', '--seed', '3', '--refit', '1', '--spikes', files.spikes, '--voltages', files.voltages, '--weights', files.weights]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^recover: voltage r -?\d\.\d{4} spikes auc \d\.\d{4} time \d+\.\d s\n$/);
    // An estimate per refit second.
    expect(stderr.filter((line) => / s {2}\d+\.\d Hz {2}voltage r /.test(line))).toHaveLength(2);
    const voltages = readFileSync(files.voltages, 'utf8').trimEnd().split('\n');
    expect(voltages[0]).toBe('time_ms,E[0] v (mV),E[1] v (mV),E[2] v (mV),E[3] v (mV),I[0] v (mV)');
    expect(voltages).toHaveLength(1 + 2000);
    expect(voltages[2000].split(',')).toHaveLength(6);
    expect(readFileSync(files.spikes, 'utf8').split('\n')[0]).toBe('time_ms,neuron');
    const weights = readFileSync(files.weights, 'utf8').trimEnd().split('\n');
    expect(weights).toHaveLength(1 + 5 * 4);
  }, 600_000);
});
