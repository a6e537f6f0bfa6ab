import type { DeliveryKernel } from '../wasm/deliveryKernel.ts';
import type { InputSpec, IntegrationScheme, NeuronRole, PlasticitySpec, RandomDraws, SynapseKind } from '../experiment/types.ts';
import type { CompiledPlasticity } from './stdp.ts';

/**
 * An experiment compiled for the step loop: struct-of-arrays neuron parameters, synapses in
 * compressed sparse rows by presynaptic neuron, and every random draw of the build already made.
 *
 * Cells compile to one quadratic integrate-and-fire kernel,
 *   dv/dt = p2 v^2 + p1 v + p0 - u + I,   du/dt = a (b (v - vb) - ur u),   v >= vpeak: v <- c, u <- u + d,
 * so the Izhikevich 2003 cell is (p2, p1, p0, vb, ur) = (0.04, 5, 140, 0, 1) and other quadratic cells
 * (the 2004 variants, NeuroML's izhikevich2007Cell) need no new step loop.
 */
export interface CompiledNetwork {
  neuronCount: number;
  ids: string[];
  indexOf: Map<string, number>;
  roles: Uint8Array;
  groups: NeuronGroup[];
  dt: number;
  scheme: IntegrationScheme;
  seed: number;
  /** How the inputs draw their random numbers. */
  randomDraws: RandomDraws;
  cells: CellArrays;
  synapseTypes: CompiledSynapseType[];
  synapses: SynapseRows;
  /** CSR index of experiment.connections[k]. */
  connectionSynapse: Int32Array;
  inputs: CompiledInput[];
  /**
   * Set when this is one part of a network split by postsynaptic neuron (partitionNetwork): the part
   * steps only its own neurons and holds only the synapses onto them.
   */
  partition?: NetworkPartition;
  /** The plastic synapses and their build-time weights, when a synapse type has plasticity (stdp.ts). */
  plasticity?: CompiledPlasticity;
  /**
   * With plasticity: per projection, the index in the rows of each synapse it made, in the order it
   * made them (ProjectionSpec.weights' order); empty for a projection of a type without plasticity.
   */
  projectionSynapses?: Int32Array[];
}

export interface NetworkPartition {
  /** The part owns neurons lo .. hi - 1. */
  lo: number;
  hi: number;
  /**
   * The shortest delay (steps) of the whole network when it was split: spikes need exchanging between
   * parts only this often. A live edit may not shorten a delay below it.
   */
  minDelay: number;
}

export interface NeuronGroup {
  id: string;
  label: string;
  start: number;
  size: number;
  role: NeuronRole;
  /** True for a population, false for a single neuron. */
  population: boolean;
}

export interface CellArrays {
  p2: Float64Array;
  p1: Float64Array;
  p0: Float64Array;
  a: Float64Array;
  b: Float64Array;
  vb: Float64Array;
  /** Coefficient of the restoring -u term in du/dt: 1, or 0 for the 2004 accommodation variant. */
  ur: Float64Array;
  c: Float64Array;
  d: Float64Array;
  vpeak: Float64Array;
  v0: Float64Array;
  u0: Float64Array;
  /**
   * 1 / C, 1/pF: divides u and the input currents in dv/dt. 1 for the 2003 cell (C = 1 pF); for the
   * izhikevich2007 cell, whose u and currents are in pA, the kernel's p2, p1, p0 are k, -k (vr + vt)
   * and k vr vt over C (izhikevich2007.ts).
   */
  invC: Float64Array;
}

export interface CompiledSynapseType {
  id: string;
  kind: SynapseKind;
  gbase: number;
  tau: number;
  /** Rise and decay time constants, ms (expTwoConductance only; 1 for the other kinds). */
  tauRise: number;
  tauDecay: number;
  /** Reversal potential (conductance kinds but writeup). */
  erev: number;
  /** +1 excitatory, -1 inhibitory (writeup only). */
  sign: number;
  /** How long an arriving spike's weight acts as a current, ms (current only). */
  pulse: number;
  /** Spike-timing-dependent plasticity of this type's synapses. */
  plasticity?: PlasticitySpec;
}

export interface SynapseRows {
  /** Synapses of presynaptic neuron i are rowStart[i] .. rowStart[i + 1] - 1. */
  rowStart: Int32Array;
  post: Int32Array;
  /** As written in the experiment (float64), so runs stay comparable with other simulators given the same weights. */
  weight: Float64Array;
  /**
   * Delay in whole steps, >= 1, in the narrowest array that holds the longest delay (1 byte per synapse
   * for delays up to 255 steps); `widenedDelays` makes room for a longer one.
   */
  delaySteps: DelayArray;
  /** Index into synapseTypes: one byte per synapse while there are at most 256 types. */
  type: Uint8Array | Uint16Array;
  /** The WebAssembly delivery whose memory holds post and weight (synapseArrays), when they are there. */
  delivery?: DeliveryKernel;
}

export type DelayArray = Uint8Array | Uint16Array | Int32Array;

/** An array of n delays (steps) wide enough for delays up to `longest` steps. */
export function delayArray(n: number, longest: number): DelayArray {
  if (longest <= 0xff) return new Uint8Array(n);
  if (longest <= 0xffff) return new Uint16Array(n);
  return new Int32Array(n);
}

/** `delays` itself when it holds `steps`, else a wider copy. */
export function widenedDelays(delays: DelayArray, steps: number): DelayArray {
  const widest = delays instanceof Uint8Array ? 0xff : delays instanceof Uint16Array ? 0xffff : 0x7fffffff;
  if (steps <= widest) return delays;
  const wider = delayArray(delays.length, steps);
  wider.set(delays);
  return wider;
}

export type CompiledInput =
  | { spec: InputSpec & { kind: 'constant' | 'pulse' | 'noise' | 'recorded' | 'sine' | 'spikeSource' }; targets: Int32Array }
  | { spec: InputSpec & { kind: 'poisson' }; targets: Int32Array; synapseType: number };

export class CompileError extends Error {}

/** The paper's step: what a noise hold or a current pulse is when the experiment does not say. */
export const PAPER_STEP_MS = 1;

/** A span of time (a delay, a noise hold, a current pulse) in whole steps: rounded, at least one. */
export function wholeSteps(ms: number, dt: number): number {
  return Math.max(1, Math.round(ms / dt));
}

/** Old neuron index -> new index by id, -1 for a neuron an edit removed (a continued run keeps its spikes). */
export function indexRenumbering(oldIds: readonly string[], newIds: readonly string[]): Int32Array {
  const newIndex = new Map(newIds.map((id, i) => [id, i]));
  return Int32Array.from(oldIds, (id) => newIndex.get(id) ?? -1);
}
