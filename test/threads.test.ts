import { describe, expect, it } from 'vitest';
import { ThreadedNetwork } from '../bench/threads.ts';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { izhikevich2003Network } from '../src/core/experiment/examples.ts';

describe('a network split across two Node threads', () => {
  it('gives the same spikes, in the same order, as one Simulation', async () => {
    const experiment = izhikevich2003Network(2000, 100);
    for (const projection of experiment.projections) projection.delay = { dist: 'uniform', min: 0.5, max: 6.5 };
    const one = new Simulation(compileExperiment(experiment));
    one.run(400);
    const reference = one.spikes.drain();
    expect(reference.neurons.length).toBeGreaterThan(1000);
    const threads = await ThreadedNetwork.start(experiment, 2);
    try {
      // In two runs, as the bench does: the threads keep their state between them.
      const first = await threads.run(150);
      const second = await threads.run(250);
      expect(first.steps + second.steps).toBe(400);
      expect({ neurons: Int32Array.from([...first.neurons, ...second.neurons]), times: Float64Array.from([...first.times, ...second.times]) }).toEqual(reference);
    } finally {
      await threads.close();
    }
  });
});
