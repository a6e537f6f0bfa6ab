import { describe, expect, it } from 'vitest';
import { PLASTIC_CELL, plasticNetwork } from '../../test/plasticNetwork.ts';
import { manualEnvironment } from '../../test/manualHost.ts';
import { compileExperiment } from '../core/engine/compile.ts';
import { learnedWeightsOf, type LearnedWeights } from '../core/engine/learnedWeights.ts';
import type { Experiment } from '../core/experiment/types.ts';
import { SimulationHost } from './host.ts';
import type { WorkerEvent } from './protocol.ts';

function host() {
  const h = manualEnvironment<WorkerEvent>();
  const sim = new SimulationHost(h.env);
  const weightsNow = (): LearnedWeights => {
    sim.handle({ type: 'learnedWeights' });
    const last = h.of('learnedWeights').pop();
    if (!last) throw new Error('no weights sent');
    return last.weights;
  };
  return { ...h, sim, weightsNow };
}

describe('the Worker keeps learned weights', () => {
  it('through an edit that rebuilds the network without changing its synapses; Reset weights goes back to the experiment\u2019s', () => {
    const h = host();
    const e = plasticNetwork();
    h.sim.handle({ type: 'load', experiment: e });
    h.sim.handle({ type: 'step', ms: 2000 });
    h.runTasks();
    const learned = h.weightsNow();
    const asBuilt = learnedWeightsOf(e, compileExperiment(e));
    expect(learned).not.toEqual(asBuilt);

    const edited: Experiment = { ...e, neurons: [{ id: 'extra', ...PLASTIC_CELL }] };
    h.sim.handle({ type: 'load', experiment: edited, continueRun: true });
    h.runTasks();
    const loaded = h.of('loaded').pop();
    expect(loaded?.continued).toBe(true);
    expect(loaded?.learned).toEqual({ kept: 14, total: 14 });
    expect(h.weightsNow()).toEqual(learned);

    h.sim.handle({ type: 'resetWeights' });
    expect(h.weightsNow()).toEqual(asBuilt);
  });

  it('but not through opening an experiment anew (a load that restarts the run)', () => {
    const h = host();
    const e = plasticNetwork();
    h.sim.handle({ type: 'load', experiment: e });
    h.sim.handle({ type: 'step', ms: 2000 });
    h.runTasks();
    h.sim.handle({ type: 'load', experiment: e });
    h.runTasks();
    expect(h.of('loaded').pop()?.learned).toEqual({ kept: 0, total: 14 });
    expect(h.weightsNow()).toEqual(learnedWeightsOf(e, compileExperiment(e)));
  });
});
