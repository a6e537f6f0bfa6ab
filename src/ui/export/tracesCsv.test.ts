import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { Frame } from '../../worker/protocol.ts';
import { TraceRing } from '../liveData.ts';
import { tracesToCsv } from './tracesCsv.ts';

function frame(times: number[], values: number[][], watch: string[], variables: Frame['variables']): Frame {
  return {
    spikeNeurons: new Int32Array(0),
    spikeTimes: new Float64Array(0),
    traceTimes: Float64Array.from(times),
    traces: Float32Array.from(values.flat()),
    watch,
    variables,
    time: times[times.length - 1],
    rhythm: null,
    raster: { viewId: -1, mode: 'spikes', complete: true, replace: false, totalSpikes: 0, density: null, groupSpikes: null },
    plasticity: null,
    status: { state: 'running', time: times[times.length - 1], achievedSpeed: 1, speed: 1, busy: 0.1 },
  };
}

describe('tracesToCsv', () => {
  it('writes time_ms and one column per neuron and variable with its unit, values as recorded', () => {
    const ring = new TraceRing(8);
    // Per sample: E0 v, E0 iext, I1 v, I1 iext (the frame's neuron-major order).
    ring.push(frame([0.1, 0.2, 0.30000000000000004], [[-65, 0, -70.123456789, 5], [-64.5, 10, -69.9, 5], [30, 10, -69.8, 5]], ['E0', 'I1'], ['v', 'iext']));
    const csv = tracesToCsv(ring, ['E0', 'I1'], ['v', 'iext']);
    const parsed = Papa.parse<string[]>(csv.trim());
    expect(parsed.data[0]).toEqual(['time_ms', 'E0 v (mV)', 'E0 I_in (pA)', 'I1 v (mV)', 'I1 I_in (pA)']);
    // Float32 values keep their 7 significant digits; times print on the step grid.
    expect(parsed.data.slice(1)).toEqual([
      ['0.1', '-65', '0', '-70.12346', '5'],
      ['0.2', '-64.5', '10', '-69.9', '5'],
      ['0.3', '30', '10', '-69.8', '5'],
    ]);
  });

  it('starts at the oldest sample a wrapped ring holds, and leaves a series not yet recorded empty', () => {
    const ring = new TraceRing(3);
    ring.push(frame([1, 2], [[1], [2]], ['E0'], ['v']));
    // u is watched from t = 3 on: earlier rows have no u.
    ring.push(frame([3, 4], [[3, -13], [4, -14]], ['E0'], ['v', 'u']));
    const rows = Papa.parse<string[]>(tracesToCsv(ring, ['E0'], ['v', 'u']).trim()).data;
    expect(rows).toEqual([
      ['time_ms', 'E0 v (mV)', 'E0 u'],
      ['2', '2', ''],
      ['3', '3', '-13'],
      ['4', '4', '-14'],
    ]);
  });

  it('quotes a neuron id that holds a comma', () => {
    const ring = new TraceRing(2);
    ring.push(frame([1], [[-60]], ['a,b'], ['v']));
    expect(tracesToCsv(ring, ['a,b'], ['v']).split('\n')[0]).toBe('time_ms,"a,b v (mV)"');
  });
});
