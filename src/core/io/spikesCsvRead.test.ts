import { describe, expect, it } from 'vitest';
import { defaultExperiment } from '../experiment/examples.ts';
import { simulate } from '../../../test/helpers.ts';
import { parseSpikesCsv, spikesToCsv } from './spikesCsv.ts';

const errorsOf = (text: string): string[] => {
  const result = parseSpikesCsv(text);
  return result.ok ? [] : result.errors;
};

describe('reading a spikes CSV', () => {
  it('reads back exactly what the lab writes, for a real run', () => {
    const sim = simulate(defaultExperiment());
    sim.run(600);
    const { neurons, times } = sim.spikes.drain();
    expect(neurons.length).toBeGreaterThan(20);
    const result = parseSpikesCsv(spikesToCsv(neurons, times, sim.net.ids));
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const { spikes } = result;
    expect(spikes.length).toBe(neurons.length);
    expect(Array.from(spikes.times)).toEqual(Array.from(times, (t) => Number(t.toFixed(6))));
    expect(Array.from(spikes.neurons, (k) => spikes.names[k])).toEqual(Array.from(neurons, (n) => sim.net.ids[n]));
  });

  it('takes the columns in either order, unsorted rows, empty lines and CRLF line ends', () => {
    const result = parseSpikesCsv('neuron,time_ms\r\nb,7.5\r\n\r\na,2\r\nb,1\r\n');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.spikes.names).toEqual(['b', 'a']);
    expect(Array.from(result.spikes.times)).toEqual([7.5, 2, 1]);
    expect(Array.from(result.spikes.neurons)).toEqual([0, 1, 0]);
  });

  it('names the row of every problem', () => {
    expect(errorsOf('')).toEqual(['the file is empty (expected the header "time_ms,neuron" and one spike per row)']);
    expect(errorsOf('t,neuron\n1,a\n')).toEqual(['row 1: expected the header "time_ms,neuron", got "t,neuron"']);
    expect(errorsOf('1.5,a\n2,b\n')).toEqual(['row 1: expected the header "time_ms,neuron", got "1.5,a"']);
    expect(errorsOf('time_ms,neuron,v\n1,a,3\n')).toEqual(['row 1: expected the header "time_ms,neuron", got "time_ms,neuron,v"']);
    expect(errorsOf('time_ms,neuron\n1,a\n\nabc,b\n')).toEqual(['row 4, column "time_ms": expected a time in ms, got "abc"']);
    expect(errorsOf('time_ms,neuron\n-1,a\n')).toEqual(['row 2, column "time_ms": a spike time cannot be negative, got "-1"']);
    expect(errorsOf('time_ms,neuron\n1,\n')).toEqual(['row 2, column "neuron": the neuron name is empty']);
    expect(errorsOf('time_ms,neuron\n1,a,b\n2\n')).toEqual(['row 2: expected 2 columns (time_ms,neuron), got 3', 'row 3: expected 2 columns (time_ms,neuron), got 1']);
    expect(errorsOf('time_ms,neuron\n,a\n')).toEqual(['row 2, column "time_ms": expected a time in ms, got ""']);
  });

  it('lists at most 20 problems, and cuts long cells in messages', () => {
    const errors = errorsOf(`time_ms,neuron\n${'x,a\n'.repeat(100)}`);
    expect(errors).toHaveLength(20);
    expect(errors[19]).toBe('row 21, column "time_ms": expected a time in ms, got "x"');
    expect(errorsOf(`time_ms,neuron\n${'9'.repeat(50)}z,a\n`)[0]).toBe(`row 2, column "time_ms": expected a time in ms, got "${'9'.repeat(37)}..."`);
  });
});
