import { CURRENT_RANDOM_DRAWS, EXPERIMENT_FORMAT, EXPERIMENT_VERSION, type EquationVariant, type Experiment, type InputSpec } from './types.ts';

/**
 * The firing patterns of Izhikevich (2004), "Which model to use for cortical spiking neurons?",
 * IEEE TNN 15(5), Fig. 1, as single-neuron experiments. Parameters, initial states, time spans and input
 * protocols are those of the paper's figure script (figure1.m), integrated as it does: forward Euler for
 * v, then u from the new v (scheme 'euler').
 *
 * Translating the script's input conditions to pulses: the script evaluates I at t = k tau, so
 * "I = x for t > T1" is a pulse from T1 + dt, and "t > T1 & t < T1 + L" a pulse from T1 + dt lasting
 * L - dt. Every pattern uses the script's own step (0.1, 0.2, 0.25 or 0.5 ms).
 */
export interface FiringPattern {
  /** Kebab case; also the file name public/patterns/<id>.json. */
  id: string;
  /** With the panel letter of Fig. 1. */
  title: string;
  /** What to notice, in one or two sentences. */
  note: string;
  make(): Experiment;
}

/** The neuron's id in every pattern experiment. */
export const PATTERN_NEURON = 'neuron';

interface Cell {
  a: number;
  b: number;
  c: number;
  d: number;
  v0: number;
  u0?: number;
  equation?: EquationVariant;
}

type InputWithoutTarget = InputSpec extends infer T ? (T extends InputSpec ? Omit<T, 'target'> : never) : never;

function single(title: string, note: string, cell: Cell, dt: number, duration: number, inputs: InputWithoutTarget[]): Experiment {
  const { equation, u0, ...params } = cell;
  return {
    format: EXPERIMENT_FORMAT,
    version: EXPERIMENT_VERSION,
    name: title,
    description: note,
    // The figure's panels have an end: the page pauses there and shows the whole run.
    simulation: { dt, scheme: 'euler', duration, seed: 1, randomDraws: CURRENT_RANDOM_DRAWS, stopAtEnd: true },
    neurons: [
      {
        id: PATTERN_NEURON,
        model: 'izhikevich2003',
        ...params,
        ...(u0 !== undefined && { u0 }),
        ...(equation !== undefined && { equation }),
      },
    ],
    populations: [],
    synapseTypes: [],
    connections: [],
    projections: [],
    inputs: inputs.map((input) => ({ ...input, target: PATTERN_NEURON })),
    // v with the input beneath it, as the figure draws each panel; the phase plane adds u when opened.
    recording: { watch: [PATTERN_NEURON], variables: ['v', 'iext'] },
  };
}

/** "I = amplitude for t > from" in the script, at step dt. */
const stepFrom = (id: string, from: number, dt: number, amplitude: number): InputWithoutTarget => ({
  id, kind: 'pulse', start: from + dt, amplitude,
});

/** "I = amplitude for from < t < from + length" in the script, at step dt. */
const pulseBetween = (id: string, from: number, length: number, dt: number, amplitude: number): InputWithoutTarget => ({
  id, kind: 'pulse', start: from + dt, duration: length - dt, amplitude,
});

/** The 2004 variant 0.04 v^2 + 4.1 v + 108 of class 1 excitability and the integrator. */
const CLASS1_EQUATION: EquationVariant = { p1: 4.1, p0: 108 };

/** A pattern whose experiment is built afresh (no shared objects) by each call of make(). */
function pattern(
  info: Omit<FiringPattern, 'make'>, cell: Cell, dt: number, duration: number, inputs: InputWithoutTarget[],
): FiringPattern {
  return {
    ...info,
    make: () => single(info.title, info.note, { ...cell, ...(cell.equation && { equation: { ...cell.equation } }) }, dt, duration, inputs),
  };
}

export const PATTERNS: readonly FiringPattern[] = [
  pattern({
    id: 'tonic-spiking',
    title: '(A) Tonic spiking',
    note: 'A step of current (14 pA from 10 ms) makes the neuron fire a train of regularly spaced spikes for as long as it lasts.',
  }, { a: 0.02, b: 0.2, c: -65, d: 6, v0: -70 }, 0.25, 100, [stepFrom('step', 10, 0.25, 14)]),
  pattern({
    id: 'phasic-spiking',
    title: '(B) Phasic spiking',
    note: 'The neuron answers the onset of a weak step (0.5 pA from 20 ms) with a single spike and then stays silent although the input stays on.',
  }, { a: 0.02, b: 0.25, c: -65, d: 6, v0: -64 }, 0.25, 200, [stepFrom('step', 20, 0.25, 0.5)]),
  pattern({
    id: 'tonic-bursting',
    title: '(C) Tonic bursting',
    note: 'A high reset (c = -50 mV) and a small jump of u (d = 2) make the neuron fire bursts of closely spaced spikes, separated by long pauses, for as long as the step lasts.',
  }, { a: 0.02, b: 0.2, c: -50, d: 2, v0: -70 }, 0.25, 220, [stepFrom('step', 22, 0.25, 15)]),
  pattern({
    id: 'phasic-bursting',
    title: '(D) Phasic bursting',
    note: 'The onset of a weak step (0.6 pA from 20 ms) triggers one burst of spikes, then the neuron stays silent.',
  }, { a: 0.02, b: 0.25, c: -55, d: 0.05, v0: -64 }, 0.2, 200, [stepFrom('step', 20, 0.2, 0.6)]),
  pattern({
    id: 'mixed-mode',
    title: '(E) Mixed mode',
    note: 'The step (10 pA from 16 ms) first evokes a burst, then the neuron settles into single spikes: intrinsically bursting cells of the cortex do this.',
  }, { a: 0.02, b: 0.2, c: -55, d: 4, v0: -70 }, 0.25, 160, [stepFrom('step', 16, 0.25, 10)]),
  pattern({
    id: 'spike-frequency-adaptation',
    title: '(F) Spike frequency adaptation',
    note: 'Under a constant strong step (30 pA from 8.5 ms) the spikes come further and further apart, as u builds up with each spike and recovers only slowly (a = 0.01).',
  }, { a: 0.01, b: 0.2, c: -65, d: 8, v0: -70 }, 0.25, 85, [stepFrom('step', 8.5, 0.25, 30)]),
  pattern({
    id: 'class-1-excitable',
    title: '(G) Class 1 excitable',
    note: 'A slowly rising ramp (0.075 pA/ms from 30 ms) makes the neuron start firing at a very low rate that grows with the input. It uses the 2004 variant dv/dt = 0.04 v^2 + 4.1 v + 108 - u + I.',
  }, { a: 0.02, b: -0.1, c: -55, d: 6, v0: -60, equation: CLASS1_EQUATION }, 0.25, 300, [
      { id: 'ramp', kind: 'pulse', start: 30, amplitude: 0, slope: 0.075 },
    ]),
  pattern({
    id: 'class-2-excitable',
    title: '(H) Class 2 excitable',
    note: 'On a ramp (from -0.5 pA, rising 0.015 pA/ms from 30 ms) the neuron stays silent and then jumps straight to a relatively high firing rate: it cannot fire slowly.',
  }, { a: 0.2, b: 0.26, c: -65, d: 0, v0: -64 }, 0.25, 300, [
      { id: 'bias', kind: 'constant', amplitude: -0.5 },
      { id: 'ramp', kind: 'pulse', start: 30, amplitude: 0, slope: 0.015 },
    ]),
  pattern({
    id: 'spike-latency',
    title: '(I) Spike latency',
    note: 'A brief pulse just strong enough (7.04 pA for 3 ms at 10 ms) makes the neuron fire, but only several ms after the pulse has ended.',
  }, { a: 0.02, b: 0.2, c: -65, d: 6, v0: -70 }, 0.2, 100, [
    pulseBetween('pulse', 10, 3, 0.2, 7.04),
  ]),
  pattern({
    id: 'subthreshold-oscillations',
    title: '(J) Subthreshold oscillations',
    note: 'A short pulse (2 pA for 5 ms at 20 ms) makes the resonator-like cell fire one spike, after which v rings in damped oscillations below threshold.',
  }, { a: 0.05, b: 0.26, c: -60, d: 0, v0: -62 }, 0.25, 200, [
      pulseBetween('pulse', 20, 5, 0.25, 2),
    ]),
  pattern({
    id: 'resonator',
    title: '(K) Resonator',
    note: 'Two brief pulses 20 ms apart leave the neuron silent, while two equal pulses 40 ms apart, in tune with its subthreshold oscillation, make it fire.',
  }, { a: 0.1, b: 0.26, c: -60, d: -1, v0: -62 }, 0.25, 400, [
      pulseBetween('pulse-1', 40, 4, 0.25, 0.65),
      pulseBetween('pulse-2', 60, 4, 0.25, 0.65),
      pulseBetween('pulse-3', 280, 4, 0.25, 0.65),
      pulseBetween('pulse-4', 320, 4, 0.25, 0.65),
    ]),
  pattern({
    id: 'integrator',
    title: '(L) Integrator',
    note: 'Two brief pulses 5 ms apart add up to a spike, the same two pulses 10 ms apart do not: the neuron detects coincidences. It uses the class 1 variant 0.04 v^2 + 4.1 v + 108.',
  }, { a: 0.02, b: -0.1, c: -55, d: 6, v0: -60, equation: CLASS1_EQUATION }, 0.25, 100, [
      // The script's first pulses start at t > 100/11 = 9.09 ms and t > 14.09 ms and last 2 ms: on the
      // 0.25 ms grid that is 9.25 .. 11.0 and 14.25 .. 16.0 ms.
      { id: 'pulse-1', kind: 'pulse', start: 9.25, duration: 2, amplitude: 9 },
      { id: 'pulse-2', kind: 'pulse', start: 14.25, duration: 2, amplitude: 9 },
      pulseBetween('pulse-3', 70, 2, 0.25, 9),
      pulseBetween('pulse-4', 80, 2, 0.25, 9),
    ]),
  pattern({
    id: 'rebound-spike',
    title: '(M) Rebound spike',
    note: 'The neuron fires one spike after the end of a brief inhibitory pulse (-15 pA for 5 ms at 20 ms): release from inhibition excites it.',
  }, { a: 0.03, b: 0.25, c: -60, d: 4, v0: -64 }, 0.2, 200, [
    pulseBetween('inhibition', 20, 5, 0.2, -15),
  ]),
  pattern({
    id: 'rebound-burst',
    title: '(N) Rebound burst',
    note: 'With a higher reset (c = -52) and no jump of u (d = 0), the same release from inhibition sets off a burst of spikes.',
  }, { a: 0.03, b: 0.25, c: -52, d: 0, v0: -64 }, 0.2, 200, [
    pulseBetween('inhibition', 20, 5, 0.2, -15),
  ]),
  pattern({
    id: 'threshold-variability',
    title: '(O) Threshold variability',
    note: 'A 1 pA pulse at 10 ms is not enough to fire, but the same pulse right after a brief inhibition (-6 pA at 70 ms) is: the threshold depends on the recent past.',
  }, { a: 0.03, b: 0.25, c: -60, d: 4, v0: -64 }, 0.25, 100, [
      pulseBetween('pulse-1', 10, 5, 0.25, 1),
      pulseBetween('inhibition', 70, 5, 0.25, -6),
      pulseBetween('pulse-2', 80, 5, 0.25, 1),
    ]),
  pattern({
    id: 'bistability',
    title: '(P) Bistability',
    note: 'On a constant 0.24 pA bias a brief pulse switches the neuron from rest to tonic firing, and an equal pulse later, arriving at the right phase, switches it back to rest.',
  }, { a: 0.1, b: 0.26, c: -60, d: 0, v0: -61 }, 0.25, 300, [
      { id: 'bias', kind: 'constant', amplitude: 0.24 },
      pulseBetween('pulse-1', 37.5, 5, 0.25, 1),
      pulseBetween('pulse-2', 216, 5, 0.25, 1),
    ]),
  pattern({
    id: 'depolarizing-after-potential',
    title: '(Q) Depolarizing after-potential',
    note: 'After the spike caused by a short pulse, v does not fall back to rest directly but shows a depolarized hump (d = -21 lowers u at each spike).',
  }, { a: 1, b: 0.2, c: -60, d: -21, v0: -70 }, 0.1, 50, [
      // The script's |t - 10| < 1: the steps from 9.1 to 10.9 ms.
      { id: 'pulse', kind: 'pulse', start: 9.1, duration: 1.9, amplitude: 20 },
    ]),
  pattern({
    id: 'accommodation',
    title: '(R) Accommodation',
    note: 'A slow ramp up to 8 pA causes no spike, as u follows v and raises the threshold, while a fast ramp to only 4 pA does. It uses the 2004 variant du/dt = a b (v + 65), without the -u term.',
  }, { a: 0.02, b: 1, c: -55, d: 4, v0: -65, u0: -16, equation: { vb: -65, uRestoring: false } }, 0.5, 400, [
      { id: 'slow-ramp', kind: 'pulse', start: 0, duration: 200, amplitude: 0, slope: 0.04 },
      { id: 'fast-ramp', kind: 'pulse', start: 300, duration: 12.5, amplitude: 0, slope: 0.32 },
    ]),
  pattern({
    id: 'inhibition-induced-spiking',
    title: '(S) Inhibition-induced spiking',
    note: 'The neuron rests under an 80 pA drive and fires tonically while the drive is lowered to 75 pA (from 50 to 250 ms): inhibition makes it spike.',
  }, { a: -0.02, b: -1, c: -60, d: 8, v0: -63.8 }, 0.5, 350, [
      { id: 'drive', kind: 'constant', amplitude: 80 },
      // The script's 75 pA for 50 <= t <= 250.
      { id: 'inhibition', kind: 'pulse', start: 50, duration: 200.5, amplitude: -5 },
    ]),
  pattern({
    id: 'inhibition-induced-bursting',
    title: '(T) Inhibition-induced bursting',
    note: 'The same protocol as inhibition-induced spiking, but with c = -45 and d = -2 the neuron fires bursts while it is inhibited.',
  }, { a: -0.026, b: -1, c: -45, d: -2, v0: -63.8 }, 0.5, 350, [
      { id: 'drive', kind: 'constant', amplitude: 80 },
      { id: 'inhibition', kind: 'pulse', start: 50, duration: 200.5, amplitude: -5 },
    ]),
];

/**
 * The pattern whose note is this experiment description: a pattern opened from the gallery or from its
 * file in public/patterns/, and still after its parameters are edited (the description stays).
 */
export function patternWithNote(description: string | undefined): FiringPattern | undefined {
  return description ? PATTERNS.find((p) => p.note === description) : undefined;
}
