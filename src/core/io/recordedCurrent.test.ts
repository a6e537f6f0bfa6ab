import { describe, expect, it } from 'vitest';
import { parseRecordedCurrentCsv } from './recordedCurrent.ts';
import { formatTime, spikesToCsv } from './spikesCsv.ts';
import { experiment, neuron, simulate, spikeTimes } from '../../../test/helpers.ts';

const ids = new Set(['driver', 'follower', 'E[3]']);

describe('recorded current CSV', () => {
  it('reads one column per neuron and one row per step', () => {
    const result = parseRecordedCurrentCsv('time_ms,driver,E[3]\n0,1.5,0\n1,2,-3\n2,0,4e1\n', ids, 1);
    expect(result).toEqual({
      ok: true,
      steps: 3,
      inputs: [
        { id: 'recorded-driver', kind: 'recorded', target: 'driver', values: [1.5, 2, 0], source: 'recorded current' },
        { id: 'recorded-E_3_', kind: 'recorded', target: 'E[3]', values: [0, -3, 40], source: 'recorded current' },
      ],
    });
  });

  it('names the row and column of every problem', () => {
    const bad = (text: string, dt = 1) => {
      const result = parseRecordedCurrentCsv(text, ids, dt);
      return result.ok ? [] : result.errors;
    };
    expect(bad('')).toEqual(['the file is empty']);
    expect(bad('driver,nobody\n1,2\n')).toContain('row 1, column 2: unknown neuron "nobody"');
    expect(bad('driver\n1\nabc\n')).toEqual(['row 3, column "driver": expected a number, got "abc"']);
    expect(bad('driver,follower\n1,2\n3\n')).toEqual(['row 3: expected 2 columns, got 1']);
    expect(bad('driver,follower\n1,\n')).toEqual(['row 2, column "follower": expected a number, got ""']);
    expect(bad('time_ms,driver\n0,1\n0.5,1\n')).toEqual(['row 3, column "time_ms": expected 1 (one row per 1 ms step from 0), got "0.5"']);
    expect(bad('driver\n')).toEqual(['no data rows after the header']);
    expect(bad('driver,driver\n1,1\n')).toEqual(['row 1, column 2: neuron "driver" appears twice']);
  });

  it('reads a neuron named like the time column ("t", "time") as that neuron (found by the property tests)', () => {
    const ids = new Set(['t', 'time']);
    expect(parseRecordedCurrentCsv('t\n1.5\n2\n', ids, 1)).toMatchObject({ ok: true, steps: 2, inputs: [{ target: 't', values: [1.5, 2] }] });
    expect(parseRecordedCurrentCsv('time_ms,t,time\n0,1,3\n1,2,4\n', ids, 1)).toMatchObject({
      ok: true, steps: 2, inputs: [{ target: 't', values: [1, 2] }, { target: 'time', values: [3, 4] }],
    });
  });

  it('drives the engine: a 200 pA row fires the neuron in that step', () => {
    const rows = ['n', ...Array.from({ length: 30 }, (_, k) => (k === 12 ? '200' : '0'))].join('\n');
    const parsed = parseRecordedCurrentCsv(rows, new Set(['n']), 1);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const sim = simulate(experiment({ neurons: [neuron('n')], inputs: parsed.inputs }));
    expect(spikeTimes(sim, 'n', 50)).toEqual([12]);
  });
});

describe('spikes CSV', () => {
  it('writes time_ms,neuron with ids and grid times', () => {
    expect(spikesToCsv(Int32Array.from([0, 2]), Float64Array.from([0.1 * 3, 12]), ['a', 'b', 'E[0]'])).toBe('time_ms,neuron\n0.3,a\n12,E[0]\n');
    expect(formatTime(0.30000000000000004)).toBe('0.3');
  });
});
