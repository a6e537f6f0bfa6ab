import { describe, expect, it } from 'vitest';
import { experiment, neuron } from '../../../test/helpers.ts';
import type { Experiment } from './types.ts';
import { parseExperimentJson, serializeExperiment, validateElement, validateExperiment } from './validate.ts';

const RULE = { rule: 'stdp', pairing: 'nearest', update: 'multiplicative', aPlus: 0.01, aMinus: 0.012, tauPlus: 17, tauMinus: 34, wMax: 2 } as const;

function plastic(overrides: Record<string, unknown> = {}, weight: unknown = 1): unknown {
  return {
    ...experiment({
      neurons: [neuron('a'), neuron('b')],
      populations: [{ id: 'P', size: 3, model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -70 }],
    }),
    synapseTypes: [{ id: 'exc', kind: 'expConductance', gbase: 1, tau: 5, erev: 0, plasticity: { ...RULE, ...overrides } }],
    connections: [{ pre: 'a', post: 'b', synapse: 'exc', weight, delay: 1 }],
  };
}

function errors(x: unknown): string[] {
  const result = validateExperiment(x);
  return result.ok ? [] : result.errors;
}

describe('plasticity in the experiment format', () => {
  it('reads a rule on a conductance or current type, and writes it back unchanged', () => {
    const result = validateExperiment(plastic());
    if (!result.ok) throw new Error(result.errors.join('; '));
    const type = result.experiment.synapseTypes[0];
    expect(type.kind === 'expConductance' && type.plasticity).toEqual(RULE);
    const again = parseExperimentJson(serializeExperiment(result.experiment));
    expect(again.ok && again.experiment).toEqual(result.experiment);
    const current = { ...experiment({ neurons: [neuron('a'), neuron('b')] }), synapseTypes: [{ id: 'c', kind: 'current', plasticity: RULE }], connections: [{ pre: 'a', post: 'b', synapse: 'c', weight: 0.5, delay: 1 }] };
    expect(errors(current)).toEqual([]);
  });

  it('names the field of each bad value', () => {
    expect(errors(plastic({ pairing: 'closest' }))).toEqual(['synapseTypes[0].plasticity.pairing: must be one of "all-to-all", "nearest", got "closest"']);
    expect(errors(plastic({ update: undefined }))).toEqual(['synapseTypes[0].plasticity.update: missing, expected one of "additive", "multiplicative"']);
    expect(errors(plastic({ aMinus: -0.1 }))).toEqual(['synapseTypes[0].plasticity.aMinus: must be >= 0 (in units of weight), got -0.1']);
    expect(errors(plastic({ tauPlus: 0 }))).toEqual(['synapseTypes[0].plasticity.tauPlus: must be > 0 and at most 3600000 ms, got 0']);
    expect(errors(plastic({ wMax: 0 }))).toEqual(['synapseTypes[0].plasticity.wMax: must be > 0 (the largest weight), got 0']);
    expect(errors(plastic({ rule: 'bcm' }))).toEqual(['synapseTypes[0].plasticity.rule: must be one of "stdp", got "bcm"']);
    expect(errors(plastic({ tau: 3 }))).toEqual(['synapseTypes[0].plasticity.tau: unknown field']);
  });

  it('keeps weights of plastic synapses within [0, wMax], for connections and projection distributions', () => {
    expect(errors(plastic({}, 2.5))).toEqual(['connections[0].weight: must be between 0 and 2 (the wMax of the plastic synapse type "exc"), got 2.5']);
    const withProjection = (weight: unknown): Experiment => {
      const base = plastic() as Experiment;
      return { ...base, projections: [{ id: 'pp', pre: 'P', post: 'P', synapse: 'exc', connect: { rule: 'all-to-all' }, weight: weight as Experiment['projections'][number]['weight'], delay: 1 }] };
    };
    expect(errors(withProjection({ dist: 'uniform', min: 0, max: 3 }))).toEqual(['projections[0].weight: must be between 0 and 2 (the wMax of the plastic synapse type "exc"), got a uniform distribution from 0 to 3']);
    expect(errors(withProjection({ dist: 'uniform', min: 0, max: 2 }))).toEqual([]);
    // A live edit of a connection's weight is held to the same rule.
    const valid = validateExperiment(plastic());
    if (!valid.ok) throw new Error('invalid');
    expect(validateElement(valid.experiment, { kind: 'connection', value: { pre: 'a', post: 'b', synapse: 'exc', weight: 3, delay: 1 } })).toEqual([
      'weight: must be between 0 and 2 (the wMax of the plastic synapse type "exc"), got 3',
    ]);
  });

  it('refuses plasticity on write-up synapses, saying why', () => {
    const x = { ...experiment({ neurons: [neuron('a')] }), synapseTypes: [{ id: 'w', kind: 'writeup', gbase: 1, tau: 5, effect: 'excitatory', plasticity: RULE }] };
    expect(errors(x)).toEqual(['synapseTypes[0].plasticity: not available for "writeup" synapses (their conductance depends on v_pre); use an expConductance or current synapse type']);
  });
});
