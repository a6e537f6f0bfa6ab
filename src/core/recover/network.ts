import { compileExperiment } from '../engine/compile.ts';
import type { CompiledNetwork } from '../engine/network.ts';
import {
  CURRENT_RANDOM_DRAWS,
  EXPERIMENT_FORMAT,
  EXPERIMENT_VERSION,
  type Experiment,
  type InputSpec,
  type SynapseTypeSpec,
} from '../experiment/types.ts';
import { validateExperiment } from '../experiment/validate.ts';

/** Peak conductance of one synapse (gbase = 1 nS, so the weight is the conductance), drawn uniformly. */
export interface WeightRange {
  min: number;
  max: number;
}

export type RecoverDrive =
  /** Independent Gaussian current per neuron, redrawn every ms. */
  | { kind: 'noise'; mean: number; sd: number }
  /** Independent Poisson spike trains per neuron through an excitatory conductance of `weight` nS. */
  | { kind: 'poisson'; rate: number; weight: number };

/** A random network whose wiring is to be recovered from its recording. */
export interface RecoverSettings {
  n: number;
  /** Probability of each ordered pair (no autapses). */
  p: number;
  excitatoryFraction: number;
  excitatoryWeight: WeightRange;
  inhibitoryWeight: WeightRange;
  drive: RecoverDrive;
  /** Simulated seconds to record. */
  seconds: number;
  seed: number;
}

/**
 * The reference case of issue 15 (N = 50, p = 0.2, 60 s, noise drive). Weights are large enough that
 * one spike moves its target by a few mV; the noise keeps the network asynchronous at moderate rates.
 */
export const REFERENCE_SETTINGS: RecoverSettings = {
  n: 50,
  p: 0.2,
  excitatoryFraction: 0.8,
  excitatoryWeight: { min: 0.05, max: 0.15 },
  inhibitoryWeight: { min: 0.2, max: 0.6 },
  drive: { kind: 'noise', mean: 3, sd: 6 },
  seconds: 60,
  seed: 1,
};

/**
 * Where the spikes-only estimator fails (README, "Where it fails"): strong excitation drives the network
 * itself into partly synchronous firing at about 50 Hz, and the GLM's AUC falls to about 0.78.
 */
export const STRONGLY_RECURRENT_SETTINGS: RecoverSettings = { ...REFERENCE_SETTINGS, excitatoryWeight: { min: 0.4, max: 0.8 }, seconds: 30 };

/**
 * What the estimators are told about the network: everything except who connects to whom and how strongly.
 * The synapse kinetics below are the ones buildRecoverExperiment writes.
 */
export const RECOVER_DT = 1;
export const SYNAPSE_DELAY_MS = 1;
export const EXCITATORY_SYNAPSE = { id: 'exc', kind: 'expConductance', gbase: 1, tau: 5, erev: 0, label: 'Excitatory (AMPA-like)' } as const;
export const INHIBITORY_SYNAPSE = { id: 'inh', kind: 'expConductance', gbase: 1, tau: 10, erev: -80, label: 'Inhibitory (GABA-A-like)' } as const;
const DRIVE_SYNAPSE = { id: 'drive', kind: 'expConductance', gbase: 1, tau: 5, erev: 0, label: 'Poisson drive' } as const;

/** Excitatory and inhibitory neuron counts. */
export function populationSizes(settings: RecoverSettings): { excitatory: number; inhibitory: number } {
  const excitatory = Math.round(settings.n * settings.excitatoryFraction);
  return { excitatory, inhibitory: settings.n - excitatory };
}

/**
 * The network as a lab experiment: regular-spiking excitatory and fast-spiking inhibitory Izhikevich
 * cells, random wiring with probability p between every pair of groups, one fixed delay, Euler steps of
 * 1 ms (one forward step per sample: the voltage estimator inverts exactly that step).
 */
export function buildRecoverExperiment(settings: RecoverSettings): Experiment {
  const { excitatory, inhibitory } = populationSizes(settings);
  const groups = [
    { id: 'E', size: excitatory, synapse: EXCITATORY_SYNAPSE.id, weight: settings.excitatoryWeight },
    { id: 'I', size: inhibitory, synapse: INHIBITORY_SYNAPSE.id, weight: settings.inhibitoryWeight },
  ].filter((g) => g.size > 0);
  const synapseTypes: SynapseTypeSpec[] = [{ ...EXCITATORY_SYNAPSE }, { ...INHIBITORY_SYNAPSE }];
  const inputs: InputSpec[] = [];
  for (const g of groups) {
    if (settings.drive.kind === 'noise') {
      inputs.push({ id: `noise_${g.id}`, kind: 'noise', target: g.id, mean: settings.drive.mean, sd: settings.drive.sd, hold: 1 });
    } else {
      inputs.push({ id: `poisson_${g.id}`, kind: 'poisson', target: g.id, rate: settings.drive.rate, synapse: DRIVE_SYNAPSE.id, weight: settings.drive.weight });
    }
  }
  if (settings.drive.kind === 'poisson') synapseTypes.push({ ...DRIVE_SYNAPSE });
  return {
    format: EXPERIMENT_FORMAT,
    version: EXPERIMENT_VERSION,
    name: `Recover the wiring: N = ${settings.n}, p = ${settings.p}`,
    description: 'A random excitatory-inhibitory network whose weights the "Recover the wiring" view estimates from its recording.',
    simulation: { dt: RECOVER_DT, scheme: 'euler', duration: settings.seconds * 1000, seed: settings.seed, randomDraws: CURRENT_RANDOM_DRAWS },
    neurons: [],
    populations: groups.map((g) =>
      g.id === 'E'
        ? { id: 'E', size: g.size, model: 'izhikevich2003', role: 'excitatory', label: 'Excitatory', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 }
        : { id: 'I', size: g.size, model: 'izhikevich2003', role: 'inhibitory', label: 'Inhibitory', a: 0.1, b: 0.2, c: -65, d: 2, v0: -65 },
    ),
    synapseTypes,
    connections: [],
    projections: groups.flatMap((pre) =>
      groups.map((post) => ({
        id: `${pre.id}${post.id}`,
        pre: pre.id,
        post: post.id,
        synapse: pre.synapse,
        connect: { rule: 'probability' as const, p: settings.p },
        autapses: false,
        weight: { dist: 'uniform' as const, min: pre.weight.min, max: pre.weight.max },
        delay: SYNAPSE_DELAY_MS,
      })),
    ),
    inputs,
    recording: { watch: [], variables: ['v'] },
  };
}

/** The built experiment through the lab's validator, compiled. Throws with the validator's messages. */
export function compileRecoverNetwork(settings: RecoverSettings): { experiment: Experiment; net: CompiledNetwork } {
  const checked = validateExperiment(buildRecoverExperiment(settings));
  if (!checked.ok) throw new Error(`the network is not a valid experiment:\n  ${checked.errors.join('\n  ')}`);
  return { experiment: checked.experiment, net: compileExperiment(checked.experiment) };
}

/**
 * The hidden truth: peak conductance (gbase * weight, nS) of the synapse from pre onto post at
 * [post * n + pre], 0 where there is none; and +1 / -1 per presynaptic neuron for excitatory / inhibitory.
 */
export function trueWeights(net: CompiledNetwork): { weights: Float64Array; sign: Int8Array } {
  const n = net.neuronCount;
  const weights = new Float64Array(n * n);
  const sign = new Int8Array(n);
  const { rowStart, post, weight, type } = net.synapses;
  for (let pre = 0; pre < n; pre++) {
    sign[pre] = net.roles[pre] === 1 ? -1 : 1;
    for (let s = rowStart[pre]; s < rowStart[pre + 1]; s++) {
      weights[post[s] * n + pre] += net.synapseTypes[type[s]].gbase * weight[s];
    }
  }
  return { weights, sign };
}
