import type { Experiment } from '../src/core/experiment/types.ts';
import { validateExperiment } from '../src/core/experiment/validate.ts';
import { experiment } from './helpers.ts';

export const PLASTIC_RULE = { rule: 'stdp', pairing: 'all-to-all', update: 'additive', aPlus: 0.05, aMinus: 0.05, tauPlus: 20, tauMinus: 20, wMax: 2 } as const;
export const PLASTIC_CELL = { model: 'izhikevich2003' as const, a: 0.02, b: 0.2, c: -65, d: 8, v0: -70 };

/**
 * Poisson-driven inputs onto driven outputs, learning within a second or two: two plastic connections
 * In[0] -> Out[0] and Out[1], and a plastic all-to-all projection In -> Out (12 synapses, drawn weights and delays).
 */
export function plasticNetwork(): Experiment {
  const checked = validateExperiment(experiment({
    dt: 0.5,
    populations: [{ id: 'In', size: 6, ...PLASTIC_CELL }, { id: 'Out', size: 2, ...PLASTIC_CELL }],
    synapseTypes: [
      { id: 'drive', kind: 'expConductance', gbase: 1, tau: 2, erev: 0 },
      { id: 'plastic', kind: 'expConductance', gbase: 0.5, tau: 5, erev: 0, plasticity: PLASTIC_RULE },
    ],
    connections: [
      { pre: 'In[0]', post: 'Out[0]', synapse: 'plastic', weight: 1, delay: 1 },
      { pre: 'In[0]', post: 'Out[1]', synapse: 'plastic', weight: 1, delay: 2 },
    ],
    projections: [{ id: 'learn', pre: 'In', post: 'Out', synapse: 'plastic', connect: { rule: 'all-to-all' }, weight: { dist: 'uniform', min: 0, max: 2 }, delay: { dist: 'uniform', min: 1, max: 4 } }],
    inputs: [{ id: 'poisson', kind: 'poisson', target: 'In', rate: 40, synapse: 'drive', weight: 2 }, { id: 'push', kind: 'constant', target: 'Out', amplitude: 6 }],
  }));
  if (!checked.ok) throw new Error(checked.errors.join('; '));
  return checked.experiment;
}
