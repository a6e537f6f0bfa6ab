import type { Experiment } from './types.ts';

/**
 * Brings a checked document of an older format version to the current one, keeping what it meant:
 * the same file gives the same spikes after the migration as before it.
 *
 * Version 1 redrew noise every step and let a current synapse act for one step, so both depended on
 * the step. Version 2 holds noise for `hold` ms and makes a current synapse act for `pulse` ms (1 ms
 * when absent); a version 1 file gets hold = pulse = its dt, which is what it meant (at dt = 1 the
 * defaults already say that).
 *
 * Version 3 names the inputs' random draws in simulation.randomDraws; files of versions 1 and 2 were
 * run with 'polar-stream', which the validator gives them as it reads their simulation settings (the
 * field is required from version 3 on, so it cannot be left for this function to fill in).
 */
export function migrate(experiment: Experiment, fromVersion: number): Experiment {
  if (fromVersion !== 1) return experiment;
  const { dt } = experiment.simulation;
  if (dt === 1) return experiment;
  return {
    ...experiment,
    synapseTypes: experiment.synapseTypes.map((s) => (s.kind === 'current' && s.pulse === undefined ? { ...s, pulse: dt } : s)),
    inputs: experiment.inputs.map((i) => (i.kind === 'noise' && i.hold === undefined ? { ...i, hold: dt } : i)),
  };
}
