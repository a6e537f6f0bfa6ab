import { defaultExperiment, izhikevich2003Network } from './examples.ts';
import { CURRENT_RANDOM_DRAWS, EXPERIMENT_FORMAT, EXPERIMENT_VERSION, type Experiment, type Izhikevich2003NeuronSpec } from './types.ts';

/**
 * The examples gallery: small experiments that each show one named behaviour, in the order the lab
 * lists them. Every entry builds a fresh experiment (callers may edit what they get), and each has a
 * file of the same content in public/experiments/ (see `galleryFile`); a unit test keeps both equal
 * and checks that each example really does what its summary says.
 */
export interface GalleryEntry {
  /** Stable id, also the file name in public/experiments/ (see `galleryFile`). */
  id: string;
  title: string;
  /** One line a student understands. */
  summary: string;
  make(): Experiment;
  /** Larger or smaller builds of the same experiment a user can pick instead of `make` (the first is `make`'s). */
  sizes?: readonly GallerySize[];
}

/** One size of a scalable example. */
export interface GallerySize {
  /** Stable id within its entry (for tests and the page's controls). */
  id: string;
  neurons: number;
  /** Synapses the build makes. */
  synapses: number;
  /** How it is wired, in a few words (e.g. "all-to-all", "1,000 inputs each"). */
  wiring: string;
  make(): Experiment;
}

/**
 * The 2003 network at the sizes the lab offers: the paper's 1,000 all-to-all (1 M synapses), and scaled
 * with K inputs per neuron (N K synapses): 10,000 with 1,000 each and 100,000 with 100 each (10 M each).
 */
export const IZHIKEVICH_2003_SIZES: readonly GallerySize[] = [
  [1000, 1000],
  [10_000, 1000],
  [100_000, 100],
].map(([neurons, inDegree]) => ({
  id: String(neurons),
  neurons,
  synapses: neurons * inDegree,
  wiring: inDegree === neurons ? 'all-to-all' : `${inDegree.toLocaleString('en-US')} inputs each`,
  make: () => izhikevich2003Network(neurons, inDegree),
}));

/** Horizontal and vertical spacing of the network diagrams, screen units. */
const STEP = 150;

/** A regular-spiking (RS) neuron at rest, the write-up's starting cell (a 0.02, b 0.2, c -65, d 8). */
function rs(id: string, label: string, x: number, y: number, extra: Partial<Izhikevich2003NeuronSpec> = {}): Izhikevich2003NeuronSpec {
  return {
    id, label, model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -70, role: 'excitatory',
    position: { x, y }, ...extra,
  };
}

/** The fields every experiment shares; the caller fills in the rest. */
function base(name: string, description: string, duration: number): Pick<Experiment, 'format' | 'version' | 'name' | 'description' | 'simulation'> {
  return {
    format: EXPERIMENT_FORMAT,
    version: EXPERIMENT_VERSION,
    name,
    description,
    simulation: { dt: 1, scheme: 'izhikevich2003', duration, seed: 1, randomDraws: CURRENT_RANDOM_DRAWS },
  };
}

/** One RS neuron switched on by a current step: silent, then tonic spiking that slows down (adaptation). */
export function singleNeuronStep(): Experiment {
  return {
    ...base(
      'One neuron, one current step',
      'A regular-spiking neuron at rest receives a 10 pA current step from 100 ms. Before the step it is ' +
        'silent; after it, it fires tonically, fast at first and then more slowly, because every spike adds ' +
        'd to the recovery variable u (spike-frequency adaptation: watch u climb in the trace). Try the ' +
        'step amplitude (below about 4 pA it fires once or not at all; higher, it fires faster) and d (0 removes ' +
        'the adaptation).',
      1000,
    ),
    neurons: [rs('neuron', 'RS neuron', 0, 0)],
    populations: [],
    synapseTypes: [],
    connections: [],
    projections: [],
    inputs: [{ id: 'step', kind: 'pulse', target: 'neuron', start: 100, amplitude: 10 }],
    recording: { watch: ['neuron'], variables: ['v', 'u'] },
  };
}

/**
 * Two neurons that inhibit each other, each with a tonic drive: the classic half-centre oscillator of
 * central pattern generators. Each cell has b = 0, so u is a pure spike-triggered adaptation current
 * (u += d per spike, decaying with time constant 1/a = 100 ms): the active cell's firing slows, its
 * inhibition (tau 20 ms) wears off, the silent cell escapes and in turn silences the first.
 */
export function halfCentreOscillator(): Experiment {
  const cell = (id: string, label: string, x: number, extra: Partial<Izhikevich2003NeuronSpec> = {}): Izhikevich2003NeuronSpec => ({
    id, label, model: 'izhikevich2003', a: 0.01, b: 0, c: -65, d: 4, v0: -65, role: 'inhibitory',
    position: { x, y: 0 }, ...extra,
  });
  return {
    ...base(
      'Half-centre oscillator',
      'Two neurons with the same constant drive inhibit each other through slow GABA-like conductance ' +
        'synapses (E_rev -80 mV). They take turns: A fires a burst while B is held silent, then A tires ' +
        '(each spike adds to its adaptation current u), its inhibition wears off and B escapes and silences ' +
        'A; the rhythm repeats in anti-phase, like the flexor and extensor half-centres of a spinal ' +
        'pattern generator. B starts slightly adapted (u0 = 5) so that A goes first. Try the GABA tau and ' +
        'gbase (the length of the bursts), the drives, and a or d (how fast the cells tire).',
      2000,
    ),
    neurons: [cell('A', 'Half-centre A', 0), cell('B', 'Half-centre B', STEP, { u0: 5 })],
    populations: [],
    synapseTypes: [{ id: 'GABA', label: 'Slow inhibition (GABA-like)', kind: 'expConductance', gbase: 1, tau: 20, erev: -80 }],
    connections: [
      { pre: 'A', post: 'B', synapse: 'GABA', weight: 1, delay: 1 },
      { pre: 'B', post: 'A', synapse: 'GABA', weight: 1, delay: 1 },
    ],
    projections: [],
    inputs: [
      { id: 'drive-A', kind: 'constant', target: 'A', amplitude: 25 },
      { id: 'drive-B', kind: 'constant', target: 'B', amplitude: 25 },
    ],
    recording: { watch: ['A', 'B'], variables: ['v', 'u'] },
  };
}

/** Number of neurons in the feed-forward chain. */
const CHAIN_LENGTH = 5;

/** A chain of RS neurons, each exciting the next with a 5 ms delay; a pulse every 100 ms starts a wave. */
export function feedForwardChain(): Experiment {
  const ids = Array.from({ length: CHAIN_LENGTH }, (_, k) => `n${k + 1}`);
  return {
    ...base(
      'Feed-forward chain',
      'Five neurons in a row, each exciting the next through an AMPA-like synapse with a 5 ms delay. A ' +
        '2 ms current pulse every 100 ms makes the first neuron fire once, and the spike travels down the ' +
        'chain, one neuron about every 7 ms (5 ms delay plus 2 ms to reach threshold): a diagonal line in ' +
        'the raster. Try the connection delays (the slope), and the weights: below about 0.45 spikes get lost ' +
        'on the way, above about 1.6 neurons answer with bursts of two or more spikes.',
      1000,
    ),
    neurons: ids.map((id, k) => rs(id, `Neuron ${k + 1}`, k * STEP, 0)),
    populations: [],
    synapseTypes: [{ id: 'AMPA', label: 'Excitatory (AMPA-like)', kind: 'expConductance', gbase: 0.4, tau: 5, erev: 0 }],
    connections: ids.slice(1).map((post, k) => ({ pre: ids[k], post, synapse: 'AMPA', weight: 1, delay: 5 })),
    projections: [],
    inputs: [{ id: 'pulses', kind: 'pulse', target: 'n1', start: 50, duration: 2, amplitude: 30, period: 100 }],
    recording: { watch: ids, variables: ['v'] },
  };
}

/** Number of neurons in the reverberating loop. */
const LOOP_LENGTH = 4;

/** A ring of RS neurons, each exciting the next: one brief kick starts activity that goes round for good. */
export function reverberatingLoop(): Experiment {
  const ids = Array.from({ length: LOOP_LENGTH }, (_, k) => `n${k + 1}`);
  // Clockwise around a square: n1 top left, n2 top right, n3 bottom right, n4 bottom left.
  const corners = [
    { x: 0, y: 0 },
    { x: STEP, y: 0 },
    { x: STEP, y: STEP },
    { x: 0, y: STEP },
  ];
  return {
    ...base(
      'Reverberating loop',
      'Four neurons in a ring, each exciting the next with a 5 ms delay. A single 2 ms pulse at 100 ms ' +
        'makes neuron 1 fire once; the spike goes round and round, so the loop keeps firing long after ' +
        'the input has ended: a memory of the kick held by recurrent excitation alone. Without the kick ' +
        'nothing ever fires. Try lowering the weights (at 0.6 the adaptation of the cells wins and the ' +
        'activity dies out after a few rounds) or raising them (extra spikes circulate at first), and the ' +
        'delays (the period of the round trip).',
      1000,
    ),
    neurons: ids.map((id, k) => rs(id, `Neuron ${k + 1}`, corners[k].x, corners[k].y)),
    populations: [],
    synapseTypes: [{ id: 'AMPA', label: 'Excitatory (AMPA-like)', kind: 'expConductance', gbase: 0.6, tau: 5, erev: 0 }],
    connections: ids.map((pre, k) => ({ pre, post: ids[(k + 1) % ids.length], synapse: 'AMPA', weight: 1, delay: 5 })),
    projections: [],
    inputs: [{ id: 'kick', kind: 'pulse', target: 'n1', start: 100, duration: 2, amplitude: 30 }],
    recording: { watch: ids, variables: ['v'] },
  };
}

/**
 * Two identical driver -> target pairs, one through the write-up's synapse (I = +g |v_pre - v_post|),
 * one through the standard conductance synapse with E_rev 0, with the same gbase, tau, weight and delay.
 */
export function writeupVsStandardSynapse(): Experiment {
  return {
    ...base(
      "Write-up synapse vs standard synapse",
      'Two identical pairs, each a driver switched on by a 10 pA step at 100 ms exciting a target. The top ' +
        "pair uses the write-up's synapse, whose current is +g |v_pre - v_post|; the bottom pair the " +
        'standard conductance synapse, g (E_rev - v_post) with E_rev = 0 mV, with the same gbase, tau, ' +
        'weight and delay. The drivers fire alike, but the targets do not: the standard target follows its ' +
        "driver spike for spike, while the write-up's target hardly fires, because by the time the spike " +
        'arrives the driver has reset to near rest, so |v_pre - v_post| is a few mV instead of the ~70 mV ' +
        'driving force towards E_rev. Watch the I_syn traces, and try the gbase and tau of each synapse type.',
      1000,
    ),
    neurons: [
      rs('driverW', 'Driver (write-up)', 0, 0),
      rs('targetW', 'Target (write-up)', STEP, 0),
      rs('driverS', 'Driver (standard)', 0, STEP),
      rs('targetS', 'Target (standard)', STEP, STEP),
    ],
    populations: [],
    synapseTypes: [
      { id: 'writeup', label: "Write-up's synapse, +g |v_pre - v_post|", kind: 'writeup', gbase: 0.5, tau: 5, effect: 'excitatory' },
      { id: 'AMPA', label: 'Standard synapse, E_rev 0 mV', kind: 'expConductance', gbase: 0.5, tau: 5, erev: 0 },
    ],
    connections: [
      { pre: 'driverW', post: 'targetW', synapse: 'writeup', weight: 1, delay: 2 },
      { pre: 'driverS', post: 'targetS', synapse: 'AMPA', weight: 1, delay: 2 },
    ],
    projections: [],
    inputs: [
      { id: 'step-W', kind: 'pulse', target: 'driverW', start: 100, amplitude: 10 },
      { id: 'step-S', kind: 'pulse', target: 'driverS', start: 100, amplitude: 10 },
    ],
    recording: { watch: ['driverW', 'targetW', 'driverS', 'targetS'], variables: ['v', 'isyn'] },
  };
}

export const GALLERY: readonly GalleryEntry[] = [
  {
    id: 'excite-and-inhibit',
    title: 'Excite one, inhibit another',
    summary: 'A driver neuron makes one neuron fire and slows another down: excitation and inhibition side by side.',
    make: defaultExperiment,
  },
  {
    id: 'single-neuron-step',
    title: 'One neuron, one current step',
    summary: 'A single neuron is silent until a current switches on, then fires steadily, slowing down as it adapts.',
    make: singleNeuronStep,
  },
  {
    id: 'half-centre-oscillator',
    title: 'Half-centre oscillator',
    summary: 'Two neurons that inhibit each other take turns firing bursts, the rhythm generator behind walking and swimming.',
    make: halfCentreOscillator,
  },
  {
    id: 'feed-forward-chain',
    title: 'Feed-forward chain',
    summary: 'A spike handed from neuron to neuron along a chain, arriving a few milliseconds later at each step.',
    make: feedForwardChain,
  },
  {
    id: 'izhikevich-2003-network',
    title: 'Izhikevich 2003 network',
    summary: 'Randomly connected neurons driven by noise fall into brain-like alpha and gamma rhythms: the paper\'s 1,000, or scaled up.',
    make: izhikevich2003Network,
    sizes: IZHIKEVICH_2003_SIZES,
  },
  {
    id: 'reverberating-loop',
    title: 'Reverberating loop',
    summary: 'A ring of neurons exciting each other keeps firing on its own after one brief kick: a tiny memory.',
    make: reverberatingLoop,
  },
  {
    id: 'writeup-vs-standard-synapse',
    title: 'Write-up synapse vs standard synapse',
    summary: "The same spike trains through the write-up's synapse and the standard one give very different responses.",
    make: writeupVsStandardSynapse,
  },
];

/**
 * The file in public/experiments/ that holds an entry's experiment. The two examples that predate the
 * gallery keep their original names; the others are named by id.
 */
export function galleryFile(id: string): string {
  switch (id) {
    case 'excite-and-inhibit':
      return 'default.json';
    case 'izhikevich-2003-network':
      return 'izhikevich2003-network.json';
    default:
      return `${id}.json`;
  }
}
