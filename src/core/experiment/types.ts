/**
 * The experiment document: one versioned JSON object that describes a whole experiment.
 * Units follow the 2003 paper's dimensionless convention, which equals physical units with C = 1 pF:
 * time in ms, voltage in mV, current in pA (= mV/ms), conductance in nS (= 1/ms).
 * Everything read from outside passes `validateExperiment` (validate.ts) before it becomes this type.
 */

export const EXPERIMENT_FORMAT = 'spiking-lab/experiment';
/**
 * Version 2 made the model independent of the step: noise is held for `hold` ms and a current synapse
 * acts for `pulse` ms (both 1 ms by default, the 2003 paper's step). Version 1 files are migrated on
 * loading with hold = pulse = dt, which is what version 1 meant, so they give the spikes they gave.
 * Version 3 names how the inputs' random numbers are drawn (simulation.randomDraws); version 1 and 2
 * files get the draws they were run with, 'polar-stream'.
 * Version 4 adds the izhikevich2007 cell model and the expTwoConductance and alphaConductance synapse
 * kinds; a version 3 file means what it meant (it cannot hold them).
 */
export const EXPERIMENT_VERSION = 4;

/**
 * How noise and Poisson inputs draw their random numbers (the engine version of the draws):
 * - 'polar-stream': one xoshiro128** stream per input, drawn over its targets in order; normals by
 *   Marsaglia's polar method, Poisson counts by multiplying uniforms (version 1 and 2 files).
 * - 'counter-ziggurat': each draw a pure function of (seed, input, interval, target) from a counter-based
 *   hash (src/core/counterRandom.ts), normals by the ziggurat, Poisson counts by inversion: the same
 *   spikes however the neurons are split across Workers, and faster.
 */
export type RandomDraws = 'polar-stream' | 'counter-ziggurat';
export const RANDOM_DRAWS: readonly RandomDraws[] = ['polar-stream', 'counter-ziggurat'];
/** What new experiments use. */
export const CURRENT_RANDOM_DRAWS: RandomDraws = 'counter-ziggurat';

/**
 * How v is advanced within one step (u always takes one step of dt from the new v):
 * - 'izhikevich2003': two half-steps of dt/2 for v, as in the 2003 network script (stable at dt = 1 ms).
 * - 'euler': one forward-Euler step for v, as in the 2004 figure script (use dt <= 0.5 ms).
 */
export type IntegrationScheme = 'izhikevich2003' | 'euler';
export const INTEGRATION_SCHEMES: readonly IntegrationScheme[] = ['izhikevich2003', 'euler'];
/** Steps the page suggests, ms. A file may use any 1/k ms, k = 1 … 100 (validate.ts, isStepSize). */
export const STEP_SIZES: readonly number[] = [1, 0.5, 0.25, 0.2, 0.1, 0.05, 0.01];

export interface SimulationSettings {
  /** Step, ms: 1/k ms for a whole k from 1 to 100 (1 ms is a whole number of steps). */
  dt: number;
  scheme: IntegrationScheme;
  /** Length of a run, ms (the command line runs this long; the page runs until paused, or see stopAtEnd). */
  duration: number;
  /** Seed of every random draw in the experiment (an integer 0 .. 2^32-1). */
  seed: number;
  /** How the inputs draw their random numbers (see RandomDraws). */
  randomDraws: RandomDraws;
  /**
   * When true the page's Play pauses when the run reaches `duration` (a protocol with an end, like the
   * 2004 figure's panels), and its plots show the run from 0 to `duration`; Play again continues past it.
   */
  stopAtEnd?: boolean;
}

export type NeuronRole = 'excitatory' | 'inhibitory';

/**
 * Izhikevich (2003): dv/dt = 0.04 v^2 + 5 v + 140 - u + I, du/dt = a (b v - u);
 * if v >= vpeak: v <- c, u <- u + d.
 */
export interface Izhikevich2003Params {
  a: number;
  b: number;
  c: number;
  d: number;
  /** Initial membrane potential, mV. */
  v0: number;
  /** Initial recovery variable; b * v0 when absent. */
  u0?: number;
  /** Spike cut-off, mV; 30 when absent. */
  vpeak?: number;
}

/**
 * Variants of the equations used by Izhikevich (2004), Fig. 1:
 *   dv/dt = 0.04 v^2 + p1 v + p0 - u + I,   du/dt = a (b (v - vb) - u)   (uRestoring true, the default)
 *                                           du/dt = a b (v - vb)          (uRestoring false)
 * Absent fields keep the 2003 values p1 = 5, p0 = 140, vb = 0, uRestoring = true. Class 1 excitability
 * and the integrator use p1 = 4.1, p0 = 108; accommodation uses vb = -65, uRestoring = false.
 */
export interface EquationVariant {
  p1?: number;
  p0?: number;
  vb?: number;
  uRestoring?: boolean;
}

/**
 * NeuroML's izhikevich2007Cell (Izhikevich 2007, ch. 8), in physical units:
 *   C dv/dt = k (v - vr)(v - vt) - u + I,   du/dt = a (b (v - vr) - u);   if v >= vpeak: v <- c, u <- u + d.
 * u starts at 0 (as NeuroML's OnStart says). The lab fires at v >= vpeak, NeuroML at v > vpeak: the two
 * differ only when a step lands exactly on vpeak.
 */
export interface Izhikevich2007Params {
  /** Capacitance, pF. */
  C: number;
  /** nS/mV. */
  k: number;
  /** Resting potential, mV. */
  vr: number;
  /** Threshold potential of the quadratic, mV. */
  vt: number;
  /** Spike cut-off, mV. */
  vpeak: number;
  /** Recovery rate, 1/ms. */
  a: number;
  /** nS. */
  b: number;
  /** Reset potential, mV. */
  c: number;
  /** Jump of u after a spike, pA. */
  d: number;
  /** Initial membrane potential, mV. */
  v0: number;
}

/** The cell models of the lab. */
export type CellModel = 'izhikevich2003' | 'izhikevich2007';
export const CELL_MODELS: readonly CellModel[] = ['izhikevich2003', 'izhikevich2007'];

/** What a single neuron has whatever its model. */
interface NeuronDecor {
  /** Unique among neurons and populations: letters, digits, '_' and '-', starting with a letter or '_'. */
  id: string;
  label?: string;
  /** Colours the raster; 'excitatory' when absent. */
  role?: NeuronRole;
  /** Where the editor draws it. */
  position?: { x: number; y: number };
}

export interface Izhikevich2003NeuronSpec extends Izhikevich2003Params, NeuronDecor {
  model: 'izhikevich2003';
  /** Equation variant (Izhikevich 2004); the 2003 equations when absent. */
  equation?: EquationVariant;
}

export interface Izhikevich2007NeuronSpec extends Izhikevich2007Params, NeuronDecor {
  model: 'izhikevich2007';
}

/** A single neuron, by model. */
export type NeuronSpec = Izhikevich2003NeuronSpec | Izhikevich2007NeuronSpec;

/**
 * A number drawn per neuron or per connection:
 * - a plain number: the same for all;
 * - uniform: min + (max - min) * rand;
 * - normal: mean + sd * randn;
 * - r: base + scale * r^power, with one r ~ U[0,1) per neuron shared by all parameters of that
 *   neuron (the 2003 paper's heterogeneity, e.g. c = -65 + 15 r^2).
 */
export type Distribution =
  | number
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'normal'; mean: number; sd: number }
  | { dist: 'r'; base: number; scale: number; power: number };

interface PopulationDecor {
  /** Unique among neurons and populations; its neurons are named `${id}[i]`. */
  id: string;
  size: number;
  label?: string;
  role?: NeuronRole;
  position?: { x: number; y: number };
}

export interface Izhikevich2003PopulationSpec extends PopulationDecor {
  model: 'izhikevich2003';
  a: Distribution;
  b: Distribution;
  c: Distribution;
  d: Distribution;
  v0: Distribution;
  /** b * v0 when absent. */
  u0?: Distribution;
  vpeak?: number;
}

/** A population of izhikevich2007 cells: each parameter drawn per neuron (u starts at 0). */
export interface Izhikevich2007PopulationSpec extends PopulationDecor {
  model: 'izhikevich2007';
  C: Distribution;
  k: Distribution;
  vr: Distribution;
  vt: Distribution;
  vpeak: Distribution;
  a: Distribution;
  b: Distribution;
  c: Distribution;
  d: Distribution;
  v0: Distribution;
}

export type PopulationSpec = Izhikevich2003PopulationSpec | Izhikevich2007PopulationSpec;

/**
 * Synapse kinds. Conductances are in nS, tau in ms, reversal potentials in mV.
 * - expConductance: NeuroML expOneSynapse. Each arriving spike: g += w * gbase; dg/dt = -g / tau;
 *   I = g (erev - v_post). Linear, so all such synapses of one type onto one neuron share one g.
 * - expTwoConductance: NeuroML expTwoSynapse. g = gbase (B - A), dA/dt = -A / tauRise,
 *   dB/dt = -B / tauDecay; each arriving spike adds w * wf to A and B, wf chosen so that one spike's
 *   g peaks at gbase * w (tauRise < tauDecay). Linear: shared per type and neuron.
 * - alphaConductance: NeuroML alphaSynapse. dA/dt = -A / tau, dg/dt = (e A - g) / tau; each arriving
 *   spike adds gbase * w to A, so g = gbase w (t / tau) e^(1 - t / tau), peaking at gbase * w at t = tau.
 * - writeup: the write-up's variant, I = +g |v_pre - v_post| (excitatory) or -g |v_pre - v_post|
 *   (inhibitory), same g dynamics; depends on v_pre, so each synapse keeps its own g.
 * - current: the 2003 paper's synapse; from the step in which a spike arrives, the weight is added to
 *   the target's input current for `pulse` ms (1 ms when absent: the paper's step), so the charge it
 *   delivers, weight * pulse, does not depend on the step.
 */
export type SynapseTypeSpec =
  | { id: string; kind: 'expConductance'; gbase: number; tau: number; erev: number; label?: string; plasticity?: PlasticitySpec }
  | { id: string; kind: 'expTwoConductance'; gbase: number; tauRise: number; tauDecay: number; erev: number; label?: string }
  | { id: string; kind: 'alphaConductance'; gbase: number; tau: number; erev: number; label?: string }
  | { id: string; kind: 'writeup'; gbase: number; tau: number; effect: NeuronRole; label?: string }
  | { id: string; kind: 'current'; label?: string; pulse?: number; plasticity?: PlasticitySpec };

export type SynapseKind = SynapseTypeSpec['kind'];

/** The STDP rule of a synapse type; only conductance (expConductance) and current synapses may be plastic. */
export function plasticityOf(s: SynapseTypeSpec): PlasticitySpec | undefined {
  return s.kind === 'expConductance' || s.kind === 'current' ? s.plasticity : undefined;
}

/**
 * Pair-based spike-timing-dependent plasticity of every synapse of a type (docs/experiment-format.md,
 * "Plasticity"). Weights stay in [0, wMax]; aPlus and aMinus are in the weight's units.
 * - pairing 'all-to-all': each spike adds 1 to its trace (every earlier spike of the partner counts);
 *   'nearest': each spike sets its trace to 1 (only the partner's latest spike counts).
 * - update 'additive' (Song, Miller & Abbott 2000): dw = +aPlus x_pre at a post spike, -aMinus x_post
 *   at a pre spike's arrival; 'multiplicative' (van Rossum, Bi & Turrigiano 2000): depression in
 *   proportion to the weight, -aMinus x_post w / wMax, potentiation as additive.
 */
export interface PlasticitySpec {
  rule: 'stdp';
  pairing: StdpPairing;
  update: StdpUpdate;
  aPlus: number;
  aMinus: number;
  /** Decay of the presynaptic trace (the potentiation window), ms. */
  tauPlus: number;
  /** Decay of the postsynaptic trace (the depression window), ms. */
  tauMinus: number;
  wMax: number;
}
export type StdpPairing = 'all-to-all' | 'nearest';
export const STDP_PAIRINGS: readonly StdpPairing[] = ['all-to-all', 'nearest'];
export type StdpUpdate = 'additive' | 'multiplicative';
export const STDP_UPDATES: readonly StdpUpdate[] = ['additive', 'multiplicative'];

/** One synapse between two single neurons. A neuron reference is a neuron id or `population[i]`. */
export interface ConnectionSpec {
  pre: string;
  post: string;
  synapse: string;
  weight: number;
  /** Axonal + synaptic delay, ms; rounded to whole steps, at least one step. */
  delay: number;
}

export type ConnectionRule =
  | { rule: 'all-to-all' }
  | { rule: 'probability'; p: number }
  /** Each post neuron receives exactly k synapses from distinct pre neurons. */
  | { rule: 'in-degree'; k: number }
  /** Each pre neuron makes exactly k synapses onto distinct post neurons. */
  | { rule: 'out-degree'; k: number };

/** Synapses between every pair a rule selects from a pre group to a post group (neuron or population ids). */
export interface ProjectionSpec {
  id: string;
  pre: string;
  post: string;
  synapse: string;
  connect: ConnectionRule;
  /** Whether a neuron may connect to itself when pre and post are the same group (the 2003 network does). */
  autapses?: boolean;
  weight: Distribution;
  /** ms, drawn per synapse and rounded to whole steps (at least one). */
  delay: Distribution;
  /**
   * One weight per synapse the projection makes, in the order it makes them, in place of the drawn
   * ones (the draws are still made, so the wiring and delays stay as they are): weights learned by
   * STDP and kept ("Keep learned weights"). Changing the projection's wiring or weight drops them.
   */
  weights?: number[];
}

/** Targets: a neuron id, `population[i]`, or a population id (every neuron in it). */
export type InputSpec =
  | { id: string; kind: 'constant'; target: string; amplitude: number }
  /**
   * A current pulse from `start` lasting `duration` ms (absent: until the end), repeated every
   * `period` ms when period is given (a pulse train). With `slope` (pA/ms) it is a ramp:
   * I = amplitude + slope * (time since the pulse began).
   */
  | { id: string; kind: 'pulse'; target: string; start: number; duration?: number; amplitude: number; period?: number; slope?: number }
  /**
   * Gaussian current mean + sd * randn for every target neuron independently, drawn at t = 0, hold,
   * 2 hold, ... and held in between (`hold` ms, 1 when absent: the 2003 paper's step), so the same
   * noise drives the network whatever the step.
   */
  | { id: string; kind: 'noise'; target: string; mean: number; sd: number; hold?: number }
  /**
   * Independent Poisson spike trains at `rate` Hz into each target, through a synapse type; with
   * `start` (ms) only from then on, and with `duration` (ms) only for that long (NeuroML's
   * transientPoissonFiringSynapse).
   */
  | { id: string; kind: 'poisson'; target: string; rate: number; synapse: string; weight: number; start?: number; duration?: number }
  /**
   * A sine current amplitude * sin(phase + 2 pi' (t - start) / period) from `start` for `duration` ms
   * (absent: until the end), zero outside; pi' = 3.14159265, the constant NeuroML's sineGenerator uses.
   */
  | { id: string; kind: 'sine'; target: string; start: number; duration?: number; amplitude: number; period: number; phase: number }
  /** A recorded current: values[k] acts during step k (one value per step from t = 0); zero after the end. */
  | { id: string; kind: 'recorded'; target: string; values: number[]; source?: string }
  /**
   * NeuroML's random spike sources (spikeGeneratorPoisson, spikeGeneratorRefPoisson, spikeGeneratorRandom):
   * each target fires at the times of its own random train, forced by a one-step current of
   * SPIKE_SOURCE_CURRENT pA (what makes a resting relay cell fire in that very step). See SpikeSourceSpec.
   */
  | SpikeSourceSpec;

/**
 * A random spike train per target, its intervals drawn as NeuroML's LEMS definitions draw them:
 * - 'poisson': exponential intervals of mean 1000 / rate ms (spikeGeneratorPoisson);
 * - 'refPoisson': minISI + an exponential interval of mean 1000 / rate - minISI, so the mean interval is
 *   still 1000 / rate (spikeGeneratorRefPoisson; minISI <= 1000 / rate);
 * - 'uniform': intervals uniform in [minISI, maxISI] (spikeGeneratorRandom).
 * Rates in Hz, intervals in ms. A spike falls in the first step starting at or after its time, at most one
 * per step (a later one waits a step), as jLEMS emits them.
 */
export type SpikeSourceSpec =
  | { id: string; kind: 'spikeSource'; target: string; process: 'poisson'; rate: number }
  | { id: string; kind: 'spikeSource'; target: string; process: 'refPoisson'; rate: number; minISI: number }
  | { id: string; kind: 'spikeSource'; target: string; process: 'uniform'; minISI: number; maxISI: number };
export type SpikeProcess = SpikeSourceSpec['process'];
export const SPIKE_PROCESSES: readonly SpikeProcess[] = ['poisson', 'refPoisson', 'uniform'];

export type InputKind = InputSpec['kind'];

/** v, u, total synaptic conductance g, synaptic current isyn, and iext: the current of the experiment's
 * inputs (constant, pulse, noise, recorded; Poisson input acts through synapses and is in g and isyn). */
export type TraceVariable = 'v' | 'u' | 'g' | 'isyn' | 'iext';
export const TRACE_VARIABLES: readonly TraceVariable[] = ['v', 'u', 'g', 'isyn', 'iext'];

export interface RecordingSpec {
  /** Neuron references whose traces are recorded (spikes are always recorded for every neuron). */
  watch: string[];
  variables: TraceVariable[];
}

export interface Experiment {
  format: typeof EXPERIMENT_FORMAT;
  version: typeof EXPERIMENT_VERSION;
  name: string;
  description?: string;
  simulation: SimulationSettings;
  neurons: NeuronSpec[];
  populations: PopulationSpec[];
  synapseTypes: SynapseTypeSpec[];
  connections: ConnectionSpec[];
  projections: ProjectionSpec[];
  inputs: InputSpec[];
  recording: RecordingSpec;
}

/**
 * A lesson: a page of text beside a prepared experiment, with a question to answer in the lab
 * (docs/lesson-format.md). Read through `validateLesson` (validate.ts) like every outside input.
 */
export const LESSON_FORMAT = 'spiking-lab/lesson';
export const LESSON_VERSION = 1;

/** Where the lab turns when a lesson opens: the plots alone, a top tab of the lab, or the Iris view. */
export type LessonPanel = 'traces' | 'network' | 'phase' | 'fi' | 'map' | 'rhythms' | 'iris';
export const LESSON_PANELS: readonly LessonPanel[] = ['traces', 'network', 'phase', 'fi', 'map', 'rhythms', 'iris'];

export interface Lesson {
  format: typeof LESSON_FORMAT;
  version: typeof LESSON_VERSION;
  title: string;
  /** Plain text; a blank line starts a new paragraph. Never read as HTML. */
  text: string;
  question: string;
  panel: LessonPanel;
  experiment: Experiment;
}
