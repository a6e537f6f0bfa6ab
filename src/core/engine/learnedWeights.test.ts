import { describe, expect, it } from 'vitest';
import { PLASTIC_CELL, PLASTIC_RULE, plasticNetwork } from '../../../test/plasticNetwork.ts';
import { applyEdit, checkEdit } from '../experiment/edits.ts';
import { replaceProjection } from '../experiment/structure.ts';
import type { Experiment } from '../experiment/types.ts';
import { validateExperiment } from '../experiment/validate.ts';
import { compileExperiment } from './compile.ts';
import { carryLearnedWeights, learnedWeightsOf, withLearnedWeights } from './learnedWeights.ts';
import { Simulation } from './simulation.ts';

const RULE = PLASTIC_RULE;
const CELL = PLASTIC_CELL;
const network = plasticNetwork;

function plasticWeights(sim: Simulation): number[] {
  const stdp = sim.stdp;
  if (!stdp) throw new Error('no plasticity');
  return Array.from(stdp.plastic.synapse, (s) => sim.net.synapses.weight[s]);
}

/** A run of `e` for 2 s: its weights have learned. */
function learnedRun(e: Experiment): Simulation {
  const sim = new Simulation(compileExperiment(e));
  sim.run(4000);
  return sim;
}

/** What the Worker does for an edit that rebuilds: a new Simulation continues the run, and takes the learned weights. */
function rebuild(previous: Simulation, edited: Experiment): { sim: Simulation; kept: number; total: number } {
  const sim = new Simulation(compileExperiment(edited));
  expect(sim.continueFrom(previous)).toBe(true);
  const carried = carryLearnedWeights(previous, sim);
  if (!carried) throw new Error('no plasticity');
  return { sim, ...carried };
}

describe('learned weights through a rebuild', () => {
  it('keeps every learned weight when an edit leaves the synapses as they were (here: a new neuron elsewhere)', () => {
    const before = learnedRun(network());
    const learned = plasticWeights(before);
    const initial = Array.from(before.stdp?.plastic.initialWeight ?? []);
    // Learning happened: most weights moved from where the experiment put them.
    expect(learned.filter((w, p) => w !== initial[p]).length).toBeGreaterThan(learned.length / 2);
    const edited: Experiment = { ...network(), neurons: [{ id: 'extra', ...CELL }] };
    const { sim, kept, total } = rebuild(before, edited);
    expect([kept, total]).toEqual([learned.length, learned.length]);
    expect(plasticWeights(sim)).toEqual(learned);
    // Reset weights goes back to the experiment's, the run going on.
    sim.stdp?.restoreInitialWeights();
    expect(plasticWeights(sim)).toEqual(initial);
    expect(sim.time).toBe(2000);
  });

  it('starts a synapse from the experiment when the edit gave it a new weight, the others keeping theirs', () => {
    const before = learnedRun(network());
    const learned = plasticWeights(before);
    const e = network();
    const edited: Experiment = { ...e, connections: e.connections.map((c, k) => (k === 1 ? { ...c, weight: 0.3 } : c)) };
    const { sim, kept, total } = rebuild(before, edited);
    expect([kept, total]).toEqual([learned.length - 1, learned.length]);
    const s = sim.net.connectionSynapse[1];
    const p = sim.stdp?.plastic.synapse.indexOf(s) ?? -1;
    const after = plasticWeights(sim);
    expect(after[p]).toBe(0.3);
    expect(after.filter((_, q) => q !== p)).toEqual(learned.filter((_, q) => q !== p));
  });

  it('follows the same synapse in the Plasticity tab after the rebuild', () => {
    const before = learnedRun(network());
    before.stdp?.watch(5);
    const { sim } = rebuild(before, { ...network(), neurons: [{ id: 'extra', ...CELL }] });
    expect(sim.stdp?.watchedSynapse).toBe(5);
  });
});

describe('keeping learned weights in the experiment', () => {
  it('writes connections\u2019 and projections\u2019 learned weights into the experiment, which builds them again exactly, wiring and delays as before', () => {
    const e = network();
    const before = learnedRun(e);
    const kept = withLearnedWeights(e, learnedWeightsOf(e, before.net));
    const checked = validateExperiment(JSON.parse(JSON.stringify(kept)));
    if (!checked.ok) throw new Error(checked.errors.join('; '));
    expect(checked.experiment.projections[0].weights).toHaveLength(12);
    const again = compileExperiment(checked.experiment);
    const fresh = new Simulation(again);
    expect(plasticWeights(fresh)).toEqual(plasticWeights(before));
    expect(Array.from(again.synapses.delaySteps)).toEqual(Array.from(before.net.synapses.delaySteps));
    expect(Array.from(again.synapses.post)).toEqual(Array.from(before.net.synapses.post));
    // The weights the build starts from (and Reset weights goes back to) are the kept ones now.
    expect(Array.from(fresh.stdp?.plastic.initialWeight ?? [])).toEqual(plasticWeights(before));
  });

  it('writes a projection\u2019s weights in the order it makes its synapses, not the rows\u2019 (in-degree: by target first)', () => {
    const base = network();
    const e: Experiment = { ...base, projections: [{ ...base.projections[0], connect: { rule: 'in-degree', k: 3 } }] };
    const before = learnedRun(e);
    const kept = withLearnedWeights(e, learnedWeightsOf(e, before.net));
    const checked = validateExperiment(kept);
    if (!checked.ok) throw new Error(checked.errors.join('; '));
    expect(checked.experiment.projections[0].weights).toHaveLength(6);
    const again = compileExperiment(checked.experiment);
    expect(Array.from(again.synapses.weight)).toEqual(Array.from(before.net.synapses.weight));
  });

  it('keeps a projection\u2019s kept weights through an edit of its delays, and drops them when its wiring changes', () => {
    const e = network();
    const kept = withLearnedWeights(e, learnedWeightsOf(e, learnedRun(e).net));
    const projection = kept.projections[0];
    const { weights: _, ...plain } = projection;
    expect(replaceProjection(kept, 'learn', { ...plain, delay: 3 }).projections[0].weights).toEqual(projection.weights);
    expect(replaceProjection(kept, 'learn', { ...plain, connect: { rule: 'probability', p: 0.5 } }).projections[0].weights).toBeUndefined();
  });

  it('refuses kept weights that do not fit, naming the field', () => {
    const e = network();
    const kept = withLearnedWeights(e, learnedWeightsOf(e, learnedRun(e).net));
    const withWeights = (weights: unknown) => ({ ...kept, projections: [{ ...kept.projections[0], weights }] });
    const errors = (x: unknown) => {
      const r = validateExperiment(x);
      return r.ok ? [] : r.errors;
    };
    expect(errors(withWeights([1, 2]))).toEqual(['projections[0].weights: has 2 weights but the projection makes 12 synapses (delete "weights" to draw them again)']);
    expect(errors(withWeights([...Array.from({ length: 11 }, () => 1), 2.5]))).toEqual(['projections[0].weights[11]: must be between 0 and 2 (the wMax of the plastic synapse type "plastic"), got 2.5']);
    expect(errors(withWeights('heavy'))).toEqual(['projections[0].weights: expected a list of weights, one per synapse, got "heavy"']);
  });
});

describe('live edits of an STDP rule', () => {
  it('are held to the file validator\u2019s rules, naming the field', () => {
    const e = network();
    expect(checkEdit(e, { kind: 'plasticity', synapse: 'plastic', param: 'aPlus', value: -1 })).toBe('plasticity.aPlus: must be >= 0 (in units of weight), got -1');
    expect(checkEdit(e, { kind: 'plasticity', synapse: 'plastic', param: 'tauMinus', value: 0 })).toBe('plasticity.tauMinus: must be > 0 and at most 3600000 ms, got 0');
    expect(checkEdit(e, { kind: 'plasticity', synapse: 'drive', param: 'aPlus', value: 0.1 })).toBe('synapse type "drive" has no plasticity: turn STDP on first');
    // A lower wMax must still hold the weights the experiment sets.
    expect(checkEdit(e, { kind: 'plasticity', synapse: 'plastic', param: 'wMax', value: 0.5 })).toContain('connections[0].weight: must be between 0 and 0.5');
    expect(applyEdit(e, { kind: 'plasticity', synapse: 'plastic', param: 'aMinus', value: 0.07 }).synapseTypes[1]).toMatchObject({ plasticity: { ...RULE, aMinus: 0.07 } });
  });

  it('change the rule of the running network at once; a lower wMax clips the learned weights', () => {
    const sim = learnedRun(network());
    sim.applyEdit({ kind: 'plasticity', synapse: 'plastic', param: 'aPlus', value: 0 });
    sim.applyEdit({ kind: 'plasticity', synapse: 'plastic', param: 'aMinus', value: 0 });
    const frozen = plasticWeights(sim);
    sim.run(2000);
    // Without amplitudes nothing learns any more.
    expect(plasticWeights(sim)).toEqual(frozen);
    sim.applyEdit({ kind: 'plasticity', synapse: 'plastic', param: 'wMax', value: 1.2 });
    expect(plasticWeights(sim)).toEqual(frozen.map((w) => Math.min(1.2, w)));
    expect(frozen.some((w) => w > 1.2)).toBe(true);
  });
});
