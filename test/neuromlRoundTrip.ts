import { izhikevich2003Network } from '../src/core/experiment/examples.ts';
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

/** The 2003 network (200 neurons) with conductance synapses and Poisson drive instead of noise: drawn cells, all of it exported. */
export function conductanceNetwork(): Experiment {
  const experiment = izhikevich2003Network(200);
  experiment.synapseTypes = [
    { id: 'ampa', kind: 'expConductance', gbase: 1, tau: 5, erev: 0 },
    { id: 'gaba', kind: 'expConductance', gbase: 1, tau: 6, erev: -80 },
  ];
  for (const projection of experiment.projections) {
    const inhibitory = projection.pre === 'I';
    projection.synapse = inhibitory ? 'gaba' : 'ampa';
    projection.connect = { rule: 'probability', p: 0.2 };
    projection.weight = { dist: 'uniform', min: 0, max: inhibitory ? 0.3 : 0.07 };
  }
  experiment.inputs = [
    { id: 'drive-E', kind: 'poisson', target: 'E', rate: 900, synapse: 'ampa', weight: 0.5 },
    { id: 'drive-I', kind: 'poisson', target: 'I', rate: 600, synapse: 'ampa', weight: 0.5 },
  ];
  experiment.simulation.seed = 7;
  return experiment;
}
