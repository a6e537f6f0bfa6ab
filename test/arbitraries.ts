/**
 * fast-check generators for the property tests of the parsers and validators: valid experiments (the
 * shipped examples, gallery and firing patterns with fields set to arbitrary valid values) and hostile
 * input (arbitrary JSON, valid documents with a field replaced, truncated or garbled text).
 *
 * Sizes stay small (a few dozen edits, short strings and arrays) so that each property runs in a few
 * milliseconds per case.
 */
import fc from 'fast-check';
import { defaultExperiment, izhikevich2003Network } from '../src/core/experiment/examples.ts';
import { GALLERY } from '../src/core/experiment/gallery.ts';
import { PATTERNS } from '../src/core/experiment/patterns.ts';
import {
  INTEGRATION_SCHEMES,
  RANDOM_DRAWS,
  TRACE_VARIABLES,
  type Distribution,
  type Experiment,
  type InputSpec,
  type NeuronRole,
} from '../src/core/experiment/types.ts';
import { MAX_SEED, MAX_STEPS_PER_MS } from '../src/core/experiment/validate.ts';

/** JSON writes -0 as 0, so a saved document never holds -0: the generators never make one. */
const unsigned = (v: number) => (Object.is(v, -0) ? 0 : v);

/** A finite double, of any magnitude. */
export const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map(unsigned);
const between = (min: number, max: number) => fc.double({ min, max, noNaN: true }).map(unsigned);
/** Delays, holds and pulses in ms: at least 1 ms (a step at every dt the lab runs), at most 1 s. */
const span = between(1, 1000);
const text = fc.string({ unit: 'binary', maxLength: 30 });
const role = fc.constantFrom<NeuronRole>('excitatory', 'inhibitory');
const position = fc.record({ x: finite, y: finite });

/** Two finite doubles, the first below the second. */
const below = fc.tuple(finite, finite).filter(([x, y]) => x !== y).map(([x, y]): [number, number] => (x < y ? [x, y] : [y, x]));

/** A distribution whose every draw is in [min, max] (normal only with sd 0), or any when unbounded. */
function distribution(min = -Number.MAX_VALUE, max = Number.MAX_VALUE): fc.Arbitrary<Distribution> {
  const value = between(min, max);
  const bounded: fc.Arbitrary<Distribution>[] = [
    value,
    fc.tuple(value, value).map(([x, y]): Distribution => ({ dist: 'uniform', min: Math.min(x, y), max: Math.max(x, y) })),
    value.map((mean): Distribution => ({ dist: 'normal', mean, sd: 0 })),
    // base and base + scale both in range (scale computed, so the sum is exact enough to stay in it).
    fc.tuple(value, value, between(0, 8)).filter(([base, end]) => {
      const scale = end - base;
      return Number.isFinite(scale) && base + scale >= min && base + scale <= max;
    }).map(([base, end, power]): Distribution => ({ dist: 'r', base, scale: end - base, power })),
  ];
  const unbounded = min === -Number.MAX_VALUE && max === Number.MAX_VALUE;
  return fc.oneof(...bounded, ...(unbounded ? [fc.tuple(finite, between(0, Number.MAX_VALUE)).map(([mean, sd]): Distribution => ({ dist: 'normal', mean, sd }))] : []));
}

/** An index into a list of `length` (length > 0), drawn as a fraction so that shrinking is simple. */
const pick = <T>(list: readonly T[], at: number): T => list[Math.min(list.length - 1, Math.floor(at * list.length))];
const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

type Edit = (e: Experiment) => void;

/** Sets or removes an optional field. */
function optional<T extends object, K extends keyof T>(o: T, key: K, value: T[K] | null): void {
  if (value === null) delete o[key];
  else o[key] = value;
}

const neuronEdit: fc.Arbitrary<Edit> = fc.record({
  at: fraction, a: between(-1, 1), b: finite, d: finite, v0: finite, u0: fc.option(finite),
  reset: fc.oneof(below.map(([c, vpeak]) => ({ c, vpeak })), between(-Number.MAX_VALUE, 29.999).map((c) => ({ c, vpeak: null }))),
  equation: fc.option(fc.record({ p1: finite, p0: finite, vb: finite, uRestoring: fc.boolean() }, { requiredKeys: [] })),
  label: fc.option(text), role: fc.option(role), position: fc.option(position),
}).map((v) => (e: Experiment) => {
  if (e.neurons.length === 0) return;
  const n = pick(e.neurons, v.at);
  if (n.model !== 'izhikevich2003') return;
  Object.assign(n, { a: v.a, b: v.b, c: v.reset.c, d: v.d, v0: v.v0 });
  optional(n, 'vpeak', v.reset.vpeak);
  optional(n, 'u0', v.u0);
  optional(n, 'equation', v.equation);
  optional(n, 'label', v.label);
  optional(n, 'role', v.role);
  optional(n, 'position', v.position);
});

const populationEdit: fc.Arbitrary<Edit> = fc.record({
  at: fraction, grow: fc.integer({ min: 0, max: 20 }),
  a: distribution(-1, 1), b: distribution(), d: distribution(), v0: distribution(), u0: fc.option(distribution()),
  reset: fc.oneof(
    below.chain(([top, vpeak]) => distribution(-Number.MAX_VALUE, top).map((c) => ({ c, vpeak }))),
    distribution(-Number.MAX_VALUE, 29.999).map((c) => ({ c, vpeak: null })),
  ),
  label: fc.option(text), role: fc.option(role), position: fc.option(position),
}).map((v) => (e: Experiment) => {
  if (e.populations.length === 0) return;
  const g = pick(e.populations, v.at);
  if (g.model !== 'izhikevich2003') return;
  // Only larger: indices like "E[799]" elsewhere stay in range.
  Object.assign(g, { size: g.size + v.grow, a: v.a, b: v.b, c: v.reset.c, d: v.d, v0: v.v0 });
  optional(g, 'vpeak', v.reset.vpeak);
  optional(g, 'u0', v.u0);
  optional(g, 'label', v.label);
  optional(g, 'role', v.role);
  optional(g, 'position', v.position);
});

const synapseEdit: fc.Arbitrary<Edit> = fc.record({
  at: fraction, gbase: between(0, Number.MAX_VALUE), tau: between(Number.MIN_VALUE, Number.MAX_VALUE), erev: finite,
  effect: role, pulse: fc.option(span), label: fc.option(text),
}).map((v) => (e: Experiment) => {
  if (e.synapseTypes.length === 0) return;
  const s = pick(e.synapseTypes, v.at);
  optional(s, 'label', v.label);
  if (s.kind === 'current') optional(s, 'pulse', v.pulse);
  else if (s.kind === 'expConductance') Object.assign(s, { gbase: v.gbase, tau: v.tau, erev: v.erev });
  else Object.assign(s, { gbase: v.gbase, tau: v.tau, effect: v.effect });
});

/** Whether synapse type `id` takes signed weights (current) or conductances (>= 0). */
const signed = (e: Experiment, id: string) => e.synapseTypes.find((s) => s.id === id)?.kind === 'current';

const connectionEdit: fc.Arbitrary<Edit> = fc.record({ at: fraction, weight: finite, delay: span }).map((v) => (e: Experiment) => {
  if (e.connections.length === 0) return;
  const c = pick(e.connections, v.at);
  Object.assign(c, { weight: signed(e, c.synapse) ? v.weight : Math.abs(v.weight), delay: v.delay });
});

const projectionEdit: fc.Arbitrary<Edit> = fc.record({
  at: fraction, signedWeight: distribution(), weight: distribution(0), delay: distribution(1, 1000),
  probability: fc.option(between(0, 1)), autapses: fc.boolean(),
}).map((v) => (e: Experiment) => {
  if (e.projections.length === 0) return;
  const p = pick(e.projections, v.at);
  Object.assign(p, { weight: signed(e, p.synapse) ? v.signedWeight : v.weight, delay: v.delay });
  // Only rules that hold for every pair of groups: a degree rule could ask for more neurons than there are.
  if (v.probability !== null) p.connect = { rule: 'probability', p: v.probability };
  // Autapses on only loosens an in- or out-degree rule.
  if (v.autapses) p.autapses = true;
});

const inputEdit: fc.Arbitrary<Edit> = fc.record({
  at: fraction, amplitude: finite, start: between(0, 10_000), pulse: fc.option(fc.tuple(span, between(1, 100))),
  slope: fc.option(finite), mean: finite, sd: between(0, Number.MAX_VALUE), hold: fc.option(span),
  rate: between(0, 10_000), weight: between(0, Number.MAX_VALUE),
  values: fc.array(finite, { maxLength: 40 }), source: fc.option(text), recorded: fc.boolean(),
}).map((v) => (e: Experiment) => {
  if (e.inputs.length === 0) return;
  const index = Math.min(e.inputs.length - 1, Math.floor(v.at * e.inputs.length));
  const i = e.inputs[index];
  if (v.recorded) {
    // The same target, driven by a recorded current instead.
    const recorded: InputSpec = { id: i.id, kind: 'recorded', target: i.target, values: v.values };
    if (v.source !== null) recorded.source = v.source;
    e.inputs[index] = recorded;
    return;
  }
  switch (i.kind) {
    case 'constant':
      i.amplitude = v.amplitude;
      break;
    case 'pulse':
      Object.assign(i, { start: v.start, amplitude: v.amplitude });
      // duration <= period: the period is the duration times a factor of at least 1.
      optional(i, 'duration', v.pulse === null ? null : v.pulse[0]);
      optional(i, 'period', v.pulse === null ? null : v.pulse[0] * v.pulse[1]);
      optional(i, 'slope', v.slope);
      break;
    case 'noise':
      Object.assign(i, { mean: v.mean, sd: v.sd });
      optional(i, 'hold', v.hold);
      break;
    case 'poisson':
      Object.assign(i, { rate: v.rate, weight: v.weight });
      break;
    case 'recorded':
      i.values = v.values;
      optional(i, 'source', v.source);
      break;
  }
});

const simulationEdit: fc.Arbitrary<Edit> = fc.record({
  k: fc.integer({ min: 1, max: MAX_STEPS_PER_MS }), scheme: fc.constantFrom(...INTEGRATION_SCHEMES), duration: between(1e-3, 10_000),
  seed: fc.integer({ min: 0, max: MAX_SEED }), randomDraws: fc.constantFrom(...RANDOM_DRAWS), stopAtEnd: fc.option(fc.boolean()),
}).map((v) => (e: Experiment) => {
  const s = e.simulation;
  // A step no longer than the current one: every delay, hold and pulse stays at least one step.
  s.dt = 1 / Math.max(v.k, Math.round(1 / s.dt));
  Object.assign(s, { scheme: v.scheme, duration: v.duration, seed: v.seed, randomDraws: v.randomDraws });
  optional(s, 'stopAtEnd', v.stopAtEnd);
});

const documentEdit: fc.Arbitrary<Edit> = fc.record({
  name: text, description: fc.option(text), variables: fc.subarray([...TRACE_VARIABLES]).chain((vs) => fc.shuffledSubarray(vs, { minLength: vs.length })),
}).map((v) => (e: Experiment) => {
  e.name = v.name;
  optional(e, 'description', v.description);
  e.recording.variables = v.variables;
});

/** The experiments the lab ships: the gallery (the 2003 network also scaled down), the firing patterns. */
export const SHIPPED: readonly Experiment[] = [
  defaultExperiment(),
  ...GALLERY.map((entry) => entry.make()),
  izhikevich2003Network(100, 10),
  ...PATTERNS.map((p) => p.make()),
];

/** A valid experiment: a shipped one with up to 12 of its fields set to arbitrary valid values. */
export const validExperiment: fc.Arbitrary<Experiment> = fc
  .tuple(
    fc.constantFrom(...SHIPPED),
    fc.array(fc.oneof(neuronEdit, populationEdit, synapseEdit, connectionEdit, projectionEdit, inputEdit, simulationEdit, documentEdit), { maxLength: 12 }),
  )
  .map(([shipped, edits]) => {
    const e = structuredClone(shipped);
    for (const edit of edits) edit(e);
    return e;
  });

/** A JSON value at `path` of `root` replaced by `value` (or the key removed when value is undefined). */
function replaceAt(root: unknown, path: readonly (string | number)[], value: unknown): unknown {
  // The whole document cannot be removed: it is replaced or left.
  if (path.length === 0) return value === undefined ? root : value;
  const [head, ...rest] = path;
  if (Array.isArray(root) && typeof head === 'number') {
    const copy: unknown[] = [...(root as unknown[])];
    if (value === undefined && rest.length === 0) copy.splice(head, 1);
    else copy[head] = replaceAt(copy[head], rest, value);
    return copy;
  }
  if (typeof root === 'object' && root !== null && typeof head === 'string') {
    const copy: Record<string, unknown> = { ...(root as Record<string, unknown>) };
    if (value === undefined && rest.length === 0) delete copy[head];
    else copy[head] = replaceAt(copy[head], rest, value);
    return copy;
  }
  return root;
}

/** Every path to a value inside a JSON value. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) (value as unknown[]).forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

/** Values a field should not hold: wrong types, non-finite and huge numbers, odd strings, prototypes. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, -0, 1e308, -1e308, 2 ** 31, 2 ** 32 + 2, 2 ** 53 + 1, 1e-320, '', '__proto__', 'constructor', 'E[99999999]', 'E[-1]', 'NaN', '1e3'),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer(),
  finite,
);

/**
 * A valid experiment as a JSON value, with 1 to 3 places changed: a value replaced by a hostile one,
 * a key removed, or an unknown key added.
 */
export const damagedDocument: fc.Arbitrary<unknown> = fc
  .tuple(validExperiment, fc.array(fc.tuple(fraction, fc.oneof(hostileValue, fc.constant(undefined)), fc.option(fc.string({ maxLength: 12 }))), { minLength: 1, maxLength: 3 }))
  .map(([experiment, changes]) => {
    let doc: unknown = JSON.parse(JSON.stringify(experiment));
    for (const [at, value, newKey] of changes) {
      const all = paths(doc);
      const path = pick(all, at);
      doc = newKey === null ? replaceAt(doc, path, value) : replaceAt(doc, [...path, newKey], value ?? null);
    }
    return doc;
  });

/** Text near a JSON experiment: a valid one cut short, with characters changed, or arbitrary text. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  validExperiment.chain((e) => {
    const json = JSON.stringify(e, null, 2);
    return fc.oneof(
      fc.nat({ max: json.length }).map((n) => json.slice(0, n)),
      fc.tuple(fc.nat({ max: json.length }), fc.string({ unit: 'binary', maxLength: 4 })).map(([n, s]) => json.slice(0, n) + s + json.slice(n + 1)),
    );
  }),
  damagedDocument.map((doc) => JSON.stringify(doc)),
  fc.json({ maxDepth: 4 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.stringMatching(/^[\s[\]{}",:0-9eE.+\-a-z\\]{0,80}$/),
  // Long numbers, valid or not, in a document: a scanner that reads a number in pieces goes wrong here.
  fc.tuple(fc.integer({ min: 1, max: 1200 }), fc.constantFrom('', '.5', 'e7', '.', 'e', '-'), fc.constantFrom(']', ',]', ', 1]', '')).map(
    ([digits, tail, end]) => `{"format": [${'9'.repeat(digits)}${tail}${end}}`,
  ),
);

/** Arrays and objects nested up to 50,000 deep, closed or not. */
export const deeplyNested: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1, max: 50_000 }), fc.constantFrom('[', '{"a":'), fc.boolean())
  .map(([depth, open, closed]) => open.repeat(depth) + (closed ? '1' + (open === '[' ? ']' : '}').repeat(depth) : ''));
