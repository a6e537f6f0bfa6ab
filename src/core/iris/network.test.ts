import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateExperiment } from '../experiment/validate.ts';
import { parseDatasetCsv, type Dataset } from './dataset.ts';
import { fitEncoder } from './encoding.ts';
import { NO_ANSWER } from './metrics.ts';
import {
  DEFAULT_NETWORK,
  ReplayNetwork,
  classifierExperiment,
  firstOutputIndex,
  presentSample,
  readout,
  readoutFromSpikes,
  simulateInputs,
} from './network.ts';
import { initialModel, withSettings } from './train.ts';

function iris(): Dataset {
  const result = parseDatasetCsv(readFileSync(new URL('../../../public/data/iris.csv', import.meta.url), 'utf8'));
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.dataset;
}

describe('readout', () => {
  const read = (counts: number[], first: number[]) => readout(Int32Array.from(counts), Float64Array.from(first));

  it('answers with the output that fired most', () => {
    expect(read([1, 6, 2], [5, 9, 3])).toMatchObject({ answer: 1, decidedBy: 'count' });
  });

  it('breaks a tie on count by the earliest first spike', () => {
    expect(read([3, 5, 5], [10, 30, 20])).toMatchObject({ answer: 2, decidedBy: 'first-spike' });
    expect(read([5, 5, 5], [12, 11, 13])).toMatchObject({ answer: 1, decidedBy: 'first-spike' });
  });

  it('gives no answer when no output fired, or counts and first spikes tie', () => {
    expect(read([0, 0, 0], [Infinity, Infinity, Infinity])).toMatchObject({ answer: NO_ANSWER, decidedBy: 'silent' });
    expect(read([4, 4, 1], [12, 12, 3])).toMatchObject({ answer: NO_ANSWER, decidedBy: 'tie' });
  });

  it('reads counts and first spikes from a spike list, ignoring other neurons', () => {
    // Outputs are neurons 4, 5, 6; neuron 2 is an input.
    const neurons = [2, 5, 4, 5, 6, 4, 6];
    const times = [0, 3, 7, 9, 2, 15, 18];
    const result = readoutFromSpikes(neurons, times, neurons.length, 4, 3);
    expect(Array.from(result.counts)).toEqual([2, 2, 2]);
    expect(Array.from(result.firstSpike)).toEqual([7, 3, 2]);
    expect(result).toMatchObject({ answer: 2, decidedBy: 'first-spike' });
  });
});

describe('input layer', () => {
  it('fires regular-spiking cells as the engine does for the encoded currents', () => {
    // Direct encoding on [0, 1] -> 0 .. 40 pA: x = 0, 0.25, 1 drive 0, 10 and 40 pA.
    const encoder = fitEncoder([Float64Array.of(0), Float64Array.of(1)], [0, 1], ['x'], { kind: 'direct', iMin: 0, iMax: 40 });
    const spikes = simulateInputs(encoder, DEFAULT_NETWORK, [[0], [0.25], [1]]);
    expect(spikes.steps).toBe(200);
    expect(Array.from(spikes.trains[0][0])).toEqual([]);
    expect(Array.from(spikes.trains[1][0])).toEqual([3, 30, 78, 140, 194]);
    expect(spikes.trains[2][0].length).toBe(17);
    expect(Array.from(spikes.counts[2])).toEqual([17]);
  });
});

describe('replay network', () => {
  it('spikes exactly like the full network with real input cells, with and without a hidden layer', () => {
    const data = iris();
    const rows = Array.from({ length: 150 }, (_, r) => r);
    for (const hidden of [0, 4]) {
      const settings = withSettings({ network: { hidden }, training: { initialWeight: 1.5, hiddenInitialWeight: 1.5, seed: 3 } });
      const model = initialModel(data, rows, settings);
      const samples = [0, 60, 120, 149];
      const inputs = simulateInputs(model.encoder, model.network, samples.map((r) => data.X[r]));
      const replay = new ReplayNetwork(model);
      const out = replay.newPresentation();
      let outputSpikes = 0;
      samples.forEach((r, k) => {
        const full = presentSample(model, data.X[r]);
        // The cached input trains are the full network's input spikes.
        for (let i = 0; i < model.encoder.inputCount; i++) {
          const steps: number[] = [];
          full.neurons.forEach((n, s) => n === i && steps.push(full.times[s]));
          expect(Array.from(inputs.trains[k][i])).toEqual(steps);
        }
        replay.present(inputs.trains[k], out);
        expect(Array.from(out.outputCounts)).toEqual(Array.from(full.readout.counts));
        expect(Array.from(out.firstSpike)).toEqual(Array.from(full.readout.firstSpike));
        for (let h = 0; h < hidden; h++) {
          expect(out.hiddenCounts[h]).toBe(full.neurons.filter((n) => n === model.encoder.inputCount + h).length);
        }
        outputSpikes += full.readout.counts.reduce((a, b) => a + b, 0);
      });
      expect(outputSpikes).toBeGreaterThan(20);
      expect(firstOutputIndex(model)).toBe(model.encoder.inputCount + hidden);
    }
  });

  it('builds an experiment the lab can load: inputs, outputs named after the classes, signed weights as pairs', () => {
    const data = iris();
    const model = initialModel(data, [0, 1, 50, 51, 100, 101], withSettings({}));
    model.outputWeights[0] = -0.75;
    const experiment = classifierExperiment(model, data.X[0]);
    expect(validateExperiment(experiment).ok).toBe(true);
    expect(experiment.neurons.length).toBe(24 + 3);
    expect(experiment.neurons.slice(24).map((n) => n.label)).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(experiment.connections.length).toBe(2 * 24 * 3);
    expect(experiment.connections.slice(0, 2)).toEqual([
      { pre: 'in_0', post: 'out_0', synapse: 'exc', weight: 0, delay: 1 },
      { pre: 'in_0', post: 'out_0', synapse: 'inh', weight: 0.75, delay: 1 },
    ]);
    expect(experiment.inputs[0]).toMatchObject({ id: 'I_in_0', kind: 'constant', target: 'in_0' });
  });
});
