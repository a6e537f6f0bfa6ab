import { plasticityOf, type Experiment } from '../src/core/experiment/types.ts';

/**
 * What a NeuroML export of `experiment` keeps, as a lab experiment: the experiment without what the
 * export's notes say it leaves out (Gaussian noise and recorded currents; the write-up's and the 2003
 * paper's current synapses, with their connections and Poisson inputs; STDP). The round trip of the
 * export must fire exactly the spikes of this.
 */
export function neuromlFaithful(experiment: Experiment): Experiment {
  const kept = experiment.synapseTypes.filter((t) => t.kind !== 'writeup' && t.kind !== 'current');
  const keptIds = new Set(kept.map((t) => t.id));
  return {
    ...experiment,
    synapseTypes: kept.map((t) => (plasticityOf(t) === undefined ? t : { ...t, plasticity: undefined })),
    connections: experiment.connections.filter((c) => keptIds.has(c.synapse)),
    projections: experiment.projections.filter((p) => keptIds.has(p.synapse)),
    inputs: experiment.inputs.filter((i) => i.kind !== 'noise' && i.kind !== 'recorded' && (i.kind !== 'poisson' || keptIds.has(i.synapse))),
  };
}
