import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { checkEdit } from './edits.ts';
import { defaultExperiment, izhikevich2003Network } from './examples.ts';
import { EXPERIMENT_VERSION, type Experiment, type Izhikevich2003NeuronSpec, type NeuronSpec } from './types.ts';
import { MAX_DELAY_MS, MAX_DURATION, MAX_ERRORS, locateJsonError, parseExperimentJson, serializeExperiment, validateExperiment } from './validate.ts';

/** A plain JSON copy of an experiment, to be broken in tests. */
function doc(e: Experiment = defaultExperiment()): unknown {
  return JSON.parse(serializeExperiment(e));
}

/** The default experiment with a fourth neuron, so that `neurons[3]` exists. */
function fourNeurons(): Experiment {
  const e = defaultExperiment();
  e.neurons.push({ id: 'extra', model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 });
  return e;
}

function as2003(n: NeuronSpec): Izhikevich2003NeuronSpec {
  if (n.model !== 'izhikevich2003') throw new Error(`expected a 2003 neuron, got ${n.model}`);
  return n;
}

const DELETE = Symbol('delete');

/** Sets (or deletes) the value at a path like `neurons[3].a` in a JSON document. */
function set(root: unknown, path: string, value: unknown): unknown {
  const keys = path.split(/\.|\[(\d+)\]/).filter((k) => k !== undefined && k !== '');
  let node = root;
  keys.forEach((key, i) => {
    const last = i === keys.length - 1;
    if (Array.isArray(node)) {
      const index = Number(key);
      if (last) {
        if (value === DELETE) node.splice(index, 1);
        else node[index] = value;
      } else node = node[index];
    } else if (typeof node === 'object' && node !== null) {
      if (last) {
        if (value === DELETE) Reflect.deleteProperty(node, key);
        else Reflect.set(node, key, value);
      } else node = Reflect.get(node, key);
    } else {
      throw new Error(`test bug: ${path} does not lead anywhere at "${key}"`);
    }
  });
  return root;
}

function errors(input: unknown): string[] {
  const result = validateExperiment(input);
  if (result.ok) throw new Error('expected the experiment to be rejected');
  return result.errors;
}

function parseErrors(text: string): string[] {
  const result = parseExperimentJson(text);
  if (result.ok) throw new Error('expected the text to be rejected');
  return result.errors;
}

const publicFile = (name: string) => readFileSync(new URL(`../../../public/experiments/${name}`, import.meta.url), 'utf8');

describe('the example experiments', () => {
  const examples: [string, () => Experiment, string][] = [
    ['default', defaultExperiment, 'default.json'],
    ['Izhikevich 2003 network', izhikevich2003Network, 'izhikevich2003-network.json'],
  ];
  for (const [name, make, file] of examples) {
    it(`${name} validates`, () => {
      const result = validateExperiment(make());
      expect(result.ok ? [] : result.errors).toEqual([]);
    });
    it(`${name} round-trips through serialize and parse`, () => {
      const result = parseExperimentJson(serializeExperiment(make()));
      expect(result.ok && result.experiment).toEqual(make());
    });
    it(`public/experiments/${file} equals the serialized example`, () => {
      expect(publicFile(file)).toBe(serializeExperiment(make()));
    });
  }

  it('docs/experiment-format.md shows the default experiment as it is saved', () => {
    const text = readFileSync(new URL('../../../docs/experiment-format.md', import.meta.url), 'utf8');
    const example = /## Complete example[\s\S]*?```json\n([\s\S]*?)```/.exec(text);
    expect(example?.[1]).toBe(serializeExperiment(defaultExperiment()));
  });

  it('returns a fresh copy, not the input', () => {
    const input = izhikevich2003Network();
    const result = validateExperiment(input);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.experiment).not.toBe(input);
    expect(result.experiment.populations[0]).not.toBe(input.populations[0]);
    input.populations[0].size = 1;
    expect(result.experiment.populations[0].size).toBe(800);
  });

  it('reads a version 2 file (no randomDraws) with the draws it was run with, and keeps a version 3 file\'s', () => {
    const v2 = set(set(doc(izhikevich2003Network()), 'version', 2), 'simulation.randomDraws', DELETE);
    const old = validateExperiment(v2);
    if (!old.ok) throw new Error(old.errors.join('\n'));
    expect(old.experiment.version).toBe(EXPERIMENT_VERSION);
    expect(old.experiment.simulation.randomDraws).toBe('polar-stream');
    const current = validateExperiment(doc(izhikevich2003Network()));
    expect(current.ok && current.experiment.simulation.randomDraws).toBe('counter-ziggurat');
    const pinned = validateExperiment(set(doc(izhikevich2003Network()), 'simulation.randomDraws', 'polar-stream'));
    expect(pinned.ok && pinned.experiment.simulation.randomDraws).toBe('polar-stream');
  });

  it('serializes as two-space JSON with a final newline', () => {
    const text = serializeExperiment(defaultExperiment());
    expect(text.startsWith('{\n  "format": "spiking-lab/experiment",\n  "version": 4,')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('serializes in one field order, whatever order the object was built in', () => {
    const e = defaultExperiment();
    const reordered: Experiment = {
      recording: e.recording, inputs: e.inputs, projections: e.projections, connections: e.connections,
      synapseTypes: e.synapseTypes.map((s) => ({ ...s, id: s.id })), populations: e.populations,
      neurons: e.neurons.map(({ position, a, id, ...rest }) => ({ ...rest, a, id, ...(position && { position }) })),
      simulation: e.simulation, description: e.description, name: e.name, version: e.version, format: e.format,
    };
    expect(serializeExperiment(reordered)).toBe(serializeExperiment(e));
    const loaded = parseExperimentJson(serializeExperiment(e));
    expect(loaded.ok && serializeExperiment(loaded.experiment)).toBe(serializeExperiment(e));
  });

  it('accepts a byte-order mark before the JSON', () => {
    expect(parseExperimentJson(`\uFEFF${serializeExperiment(defaultExperiment())}`).ok).toBe(true);
  });

  it('keeps optional fields and accepts every variant', () => {
    const e = defaultExperiment();
    e.neurons[0] = { ...as2003(e.neurons[0]), u0: -14, vpeak: 35, equation: { p1: 4.1, p0: 108 } };
    e.neurons[1] = { ...as2003(e.neurons[1]), equation: { vb: -65, uRestoring: false } };
    e.simulation.stopAtEnd = true;
    e.synapseTypes.push({ id: 'wu', kind: 'writeup', gbase: 0.2, tau: 3, effect: 'inhibitory' }, { id: 'cur', kind: 'current', pulse: 2 });
    e.populations.push({
      id: 'P', size: 10, model: 'izhikevich2003', a: { dist: 'normal', mean: 0.02, sd: 0.001 }, b: 0.2,
      c: { dist: 'uniform', min: -70, max: -60 }, d: { dist: 'r', base: 8, scale: -6, power: 2 }, v0: -65, u0: -13, vpeak: 30,
    });
    e.projections.push(
      { id: 'p1', pre: 'P', post: 'P', synapse: 'cur', connect: { rule: 'in-degree', k: 9 }, weight: 1, delay: { dist: 'uniform', min: 1, max: 5 } },
      { id: 'p2', pre: 'driver', post: 'P', synapse: 'AMPA', connect: { rule: 'probability', p: 0.5 }, autapses: false, weight: 0.5, delay: { dist: 'r', base: 1, scale: 4, power: 1 } },
    );
    e.connections.push({ pre: 'P[9]', post: 'pacer', synapse: 'wu', weight: 1, delay: 1 });
    e.inputs.push(
      { id: 'train', kind: 'pulse', target: 'P', start: 0, duration: 5, amplitude: 3, period: 20 },
      { id: 'ramp', kind: 'pulse', target: 'pacer', start: 30, amplitude: -0.5, slope: 0.015 },
      { id: 'bg', kind: 'poisson', target: 'P[0]', rate: 100, synapse: 'AMPA', weight: 1 },
      { id: 'held', kind: 'noise', target: 'P', mean: 1, sd: 2, hold: 5 },
      { id: 'rec', kind: 'recorded', target: 'follower', values: [0, 1.5, -2], source: 'cell.csv' },
    );
    e.recording = { watch: ['driver', 'P[9]'], variables: ['v', 'u', 'g', 'isyn'] };
    const result = parseExperimentJson(serializeExperiment(e));
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(result.ok && result.experiment).toEqual(e);
  });

  it('accepts any step that divides 1 ms into whole steps, down to 0.01 ms, and refuses others saying so', () => {
    const withStep = (dt: number) => {
      const e = defaultExperiment();
      e.simulation = { ...e.simulation, dt, scheme: 'euler' };
      e.connections = e.connections.map((c) => ({ ...c, delay: 1 }));
      return e;
    };
    for (const dt of [1, 0.5, 0.25, 0.2, 0.1, 0.05, 0.02, 0.01, 1 / 3, 1 / 7, 1 / 99]) {
      const result = validateExperiment(withStep(dt));
      expect(result.ok ? [] : result.errors, `dt ${dt}`).toEqual([]);
    }
    // As arithmetic leaves it: 0.7 - 0.5 is 0.19999999999999996 in binary.
    expect(validateExperiment(withStep(0.7 - 0.5)).ok).toBe(true);
    for (const dt of [0.3, 0.005, 0.15, 2, 0.4, 0, -0.5]) {
      expect(errors(withStep(dt)), `dt ${dt}`).toEqual([`simulation.dt: must be 1/k ms for a whole number k from 1 to 100 (a step that divides 1 ms into whole steps, e.g. 1, 0.5, 0.25, 0.2, 0.1, 0.01), got ${dt}`]);
    }
  });

  it('accepts a delay of exactly one step at dt = 0.1', () => {
    const e = defaultExperiment();
    e.simulation = { ...e.simulation, dt: 0.1, scheme: 'euler' };
    e.connections[0] = { ...e.connections[0], delay: 0.1 };
    expect(validateExperiment(e).ok).toBe(true);
    e.connections[0] = { ...e.connections[0], delay: 0.05 };
    expect(errors(e)).toEqual(['connections[0].delay: must be at least one step (0.1 ms), got 0.05']);
  });
});

describe('upper bounds', () => {
  const AT_MOST = 'must be at most 10000 ms (10 s), got';

  it('accepts a delay of exactly 10 s and refuses one just over, naming the field', () => {
    expect(validateExperiment(set(doc(), 'connections[0].delay', MAX_DELAY_MS)).ok).toBe(true);
    expect(MAX_DELAY_MS).toBe(10_000);
    expect(errors(set(doc(), 'connections[0].delay', 10_000.000001))).toEqual([`connections[0].delay: ${AT_MOST} 10000.000001`]);
  });

  it('refuses the delays that wrapped an int32 or took GBs: 2^31 and 2^32 + 2 steps, 1e8 and 1e9 ms', () => {
    for (const delay of [2 ** 31, 2 ** 32, 2 ** 32 + 2, 1e8, 1e9, Number.MAX_VALUE]) {
      expect(errors(set(doc(), 'connections[1].delay', delay)), `${delay}`).toEqual([`connections[1].delay: ${AT_MOST} ${delay}`]);
    }
  });

  it('holds a projection\'s delay distribution to the bound at its largest draw', () => {
    const projected = (delay: unknown) =>
      set(doc(), 'projections[0]', { id: 'p', pre: 'driver', post: 'pacer', synapse: 'AMPA', connect: { rule: 'all-to-all' }, weight: 1, delay });
    expect(validateExperiment(projected({ dist: 'uniform', min: 1, max: 10_000 })).ok).toBe(true);
    expect(errors(projected({ dist: 'uniform', min: 1, max: 4294967298 }))).toEqual([`projections[0].delay: ${AT_MOST} a uniform distribution reaching up to 4294967298`]);
    expect(errors(projected({ dist: 'r', base: 1, scale: 1e9, power: 2 }))).toEqual([`projections[0].delay: ${AT_MOST} an r distribution reaching up to 1000000001`]);
    expect(errors(projected(1e8))).toEqual([`projections[0].delay: ${AT_MOST} 100000000`]);
  });

  it('holds live edits of a delay to the same bound', () => {
    const e = defaultExperiment();
    expect(checkEdit(e, { kind: 'connection', index: 0, param: 'delay', value: 10_000 })).toBeNull();
    expect(checkEdit(e, { kind: 'connection', index: 0, param: 'delay', value: 2 ** 32 + 2 })).toBe(`delay: ${AT_MOST} 4294967298`);
  });

  it('allows at most 1,000 synapse types (the rows index them with 16 bits)', () => {
    const types = (n: number) => Array.from({ length: n }, (_, k) => ({ id: `t${k}`, kind: 'current' as const }));
    const thousand = defaultExperiment();
    thousand.synapseTypes.push(...types(998));
    const e = doc(thousand);
    expect(validateExperiment(e).ok).toBe(true);
    expect(errors(set(e, 'synapseTypes[1000]', { id: 'one_more', kind: 'current' }))).toEqual(['synapseTypes: at most 1000 synapse types, got 1001']);
    expect(errors(set(doc(), 'synapseTypes', types(70_000)))[0]).toBe('synapseTypes: at most 1000 synapse types, got 70000');
  });

  it('keeps the one-hour bound on durations, holds and pulses', () => {
    expect(validateExperiment(set(doc(), 'simulation.duration', MAX_DURATION)).ok).toBe(true);
    expect(errors(set(doc(), 'simulation.duration', MAX_DURATION + 1))).toEqual(['simulation.duration: must be at most 3600000 ms (one hour), got 3600001']);
    expect(errors(set(doc(), 'synapseTypes[2]', { id: 'I', kind: 'current', pulse: 2 ** 32 }))).toEqual([
      'synapseTypes[2].pulse: must be > 0 and at most 3600000 ms, got 4294967296',
    ]);
  });
});

describe('weights', () => {
  const NO_NEGATIVE_CONDUCTANCE = 'must be >= 0: expConductance synapses are conductances, which cannot be negative (to inhibit, use an erev below rest, e.g. -80 mV)';
  /** The default experiment with a projection from the driver to the pacer through AMPA with `weight`. */
  const projected = (weight: unknown) =>
    set(doc(), 'projections[0]', { id: 'p', pre: 'driver', post: 'pacer', synapse: 'AMPA', connect: { rule: 'all-to-all' }, weight, delay: 1 });

  it('refuses a negative weight on a conductance synapse, naming the field', () => {
    expect(errors(set(doc(), 'connections[0].weight', -1))).toEqual([`connections[0].weight: ${NO_NEGATIVE_CONDUCTANCE}, got -1`]);
    const writeup = set(doc(), 'synapseTypes[1]', { id: 'GABA', kind: 'writeup', gbase: 1, tau: 10, effect: 'inhibitory' });
    expect(errors(set(writeup, 'connections[1].weight', -0.5))).toEqual([
      'connections[1].weight: must be >= 0: writeup synapses are conductances, which cannot be negative (to inhibit, use effect "inhibitory"), got -0.5',
    ]);
    const poisson = { id: 'bg', kind: 'poisson', target: 'follower', rate: 10, synapse: 'AMPA', weight: -2 };
    expect(errors(set(doc(), 'inputs[3]', poisson))).toEqual([`inputs[3].weight: ${NO_NEGATIVE_CONDUCTANCE}, got -2`]);
  });

  it('refuses a weight distribution that can draw a negative conductance', () => {
    expect(errors(projected(-1))).toEqual([`projections[0].weight: ${NO_NEGATIVE_CONDUCTANCE}, got -1`]);
    expect(errors(projected({ dist: 'uniform', min: -0.1, max: 1 }))).toEqual([
      `projections[0].weight: ${NO_NEGATIVE_CONDUCTANCE}, got a uniform distribution reaching down to -0.1`,
    ]);
    expect(errors(projected({ dist: 'r', base: 0.5, scale: -1, power: 2 }))).toEqual([
      `projections[0].weight: ${NO_NEGATIVE_CONDUCTANCE}, got an r distribution reaching down to -0.5`,
    ]);
    // Any normal with sd > 0 can draw below 0, however far its mean is above it.
    expect(errors(projected({ dist: 'normal', mean: 10, sd: 0.1 }))).toEqual([
      'projections[0].weight: must be >= 0: expConductance synapses are conductances, which cannot be negative (to inhibit, use an erev ' +
        'below rest, e.g. -80 mV; for a spread of weights use a uniform or r distribution that stays >= 0), got a normal distribution with unbounded tails',
    ]);
  });

  it('accepts weights that stay >= 0, and signed weights on current synapses', () => {
    for (const weight of [0, { dist: 'uniform', min: 0, max: 1 }, { dist: 'r', base: 0, scale: 0.5, power: 1 }, { dist: 'normal', mean: 1, sd: 0 }]) {
      const result = validateExperiment(projected(weight));
      expect(result.ok ? [] : result.errors).toEqual([]);
    }
    const current = set(set(doc(), 'synapseTypes[1]', { id: 'GABA', kind: 'current' }), 'connections[1].weight', -5);
    expect(validateExperiment(current).ok).toBe(true);
    expect(validateExperiment(set(projected(-1), 'projections[0].synapse', 'GABA')).ok).toBe(false);
    expect(validateExperiment(set(set(projected({ dist: 'normal', mean: 0, sd: 3 }), 'synapseTypes[1]', { id: 'GABA', kind: 'current' }), 'projections[0].synapse', 'GABA')).ok).toBe(true);
  });

  it('holds for live edits of a connection weight and a Poisson weight too', () => {
    const e = defaultExperiment();
    e.inputs.push({ id: 'bg', kind: 'poisson', target: 'follower', rate: 10, synapse: 'AMPA', weight: 1 });
    expect(checkEdit(e, { kind: 'connection', index: 0, param: 'weight', value: -1 })).toBe(`weight: ${NO_NEGATIVE_CONDUCTANCE}, got -1`);
    expect(checkEdit(e, { kind: 'input', input: 'bg', param: 'weight', value: -1 })).toBe(`weight: ${NO_NEGATIVE_CONDUCTANCE}, got -1`);
    expect(checkEdit(e, { kind: 'connection', index: 0, param: 'weight', value: 0.3 })).toBeNull();
    e.synapseTypes[0] = { id: 'AMPA', kind: 'current' };
    expect(checkEdit(e, { kind: 'connection', index: 0, param: 'weight', value: -1 })).toBeNull();
  });
});

type Case = [what: string, input: () => unknown, expected: string];

const cases: Case[] = [
  // The root, format and version.
  ['a non-object root (array)', () => [], 'expected an experiment object, got an array'],
  ['a non-object root (null)', () => null, 'expected an experiment object, got null'],
  ['a non-object root (string)', () => 'hello', 'expected an experiment object, got "hello"'],
  ['a wrong format', () => set(doc(), 'format', 'neuroml'), 'format: expected "spiking-lab/experiment", got "neuroml"'],
  ['a missing format', () => set(doc(), 'format', DELETE), 'format: missing, expected "spiking-lab/experiment"'],
  ['a newer version', () => set(doc(), 'version', 5), 'version: unsupported version 5 (supported: 1, 2, 3, 4)'],
  ['a version as a string', () => set(doc(), 'version', '1'), 'version: expected a number, got "1"'],

  // Top level.
  ['a missing name', () => set(doc(), 'name', DELETE), 'name: missing, expected a string'],
  ['a name of the wrong type', () => set(doc(), 'name', 42), 'name: expected a string, got 42'],
  ['an unknown top-level field', () => set(doc(), 'colour', 'red'), 'colour: unknown field'],
  ['a misspelt top-level field', () => set(set(doc(), 'connections', DELETE), 'conections', []), 'conections: unknown field (did you mean "connections"?)'],
  ['a missing array', () => set(doc(), 'neurons', DELETE), 'neurons: missing, expected an array'],
  ['an array of the wrong type', () => set(doc(), 'inputs', {}), 'inputs: expected an array, got an object'],
  ['a missing simulation', () => set(doc(), 'simulation', DELETE), 'simulation: missing, expected an object'],

  // Simulation.
  ['a bad dt', () => set(doc(), 'simulation.dt', 0.3), 'simulation.dt: must be 1/k ms for a whole number k from 1 to 100 (a step that divides 1 ms into whole steps, e.g. 1, 0.5, 0.25, 0.2, 0.1, 0.01), got 0.3'],
  ['a bad scheme', () => set(doc(), 'simulation.scheme', 'rk4'), 'simulation.scheme: must be one of "izhikevich2003", "euler", got "rk4"'],
  ['a zero duration', () => set(doc(), 'simulation.duration', 0), 'simulation.duration: must be > 0 ms, got 0'],
  ['a too long duration', () => set(doc(), 'simulation.duration', 1e9), 'simulation.duration: must be at most 3600000 ms (one hour), got 1000000000'],
  ['a fractional seed', () => set(doc(), 'simulation.seed', 1.5), 'simulation.seed: must be an integer from 0 to 4294967295, got 1.5'],
  ['a negative seed', () => set(doc(), 'simulation.seed', -1), 'simulation.seed: must be an integer from 0 to 4294967295, got -1'],
  ['a seed above 2^32-1', () => set(doc(), 'simulation.seed', 2 ** 32), 'simulation.seed: must be an integer from 0 to 4294967295, got 4294967296'],
  ['an unknown random draw scheme', () => set(doc(), 'simulation.randomDraws', 'box-muller'), 'simulation.randomDraws: must be one of "polar-stream", "counter-ziggurat", got "box-muller"'],
  ['a missing random draw scheme', () => set(doc(), 'simulation.randomDraws', DELETE), 'simulation.randomDraws: missing, expected one of "polar-stream", "counter-ziggurat"'],
  [
    'a random draw scheme in a version 2 file (which had none)',
    () => set(doc(), 'version', 2),
    'simulation.randomDraws: unknown field (needs version 3 or later; a version 2 file uses the polar-stream draws)',
  ],

  // Neurons.
  ['a wrong type', () => set(doc(fourNeurons()), 'neurons[3].a', 'fast'), 'neurons[3].a: expected a number, got "fast"'],
  ['NaN smuggled in as a string', () => set(doc(), 'neurons[0].b', 'NaN'), 'neurons[0].b: expected a number, got "NaN"'],
  ['a NaN number', () => set(doc(), 'neurons[0].b', NaN), 'neurons[0].b: expected a finite number, got NaN'],
  ['an infinite number', () => set(doc(), 'neurons[0].d', Infinity), 'neurons[0].d: expected a finite number, got Infinity'],
  ['a number as null', () => set(doc(), 'neurons[0].c', null), 'neurons[0].c: expected a number, got null'],
  ['a missing parameter', () => set(doc(), 'neurons[1].v0', DELETE), 'neurons[1].v0: missing, expected a number'],
  ['an unknown neuron field', () => set(doc(), 'neurons[0].foo', 1), 'neurons[0].foo: unknown field'],
  ['a misspelt neuron field', () => set(doc(), 'neurons[0].vpeek', 30), 'neurons[0].vpeek: unknown field (did you mean "vpeak"?)'],
  ['a duplicate neuron id', () => set(doc(), 'neurons[1].id', 'driver'), 'neurons[1].id: duplicate id "driver" (already used by neurons[0])'],
  ['a malformed id', () => set(doc(), 'neurons[2].id', '1st cell'), 'neurons[2].id: must start with a letter or "_" and contain only letters, digits, "_" and "-", got "1st cell"'],
  ['an unknown model', () => set(doc(), 'neurons[0].model', 'hodgkin-huxley'), 'neurons[0].model: must be one of "izhikevich2003", "izhikevich2007", got "hodgkin-huxley"'],
  ['an unknown role', () => set(doc(), 'neurons[0].role', 'modulatory'), 'neurons[0].role: must be one of "excitatory", "inhibitory", got "modulatory"'],
  ['a bad position', () => set(doc(), 'neurons[0].position.y', '3'), 'neurons[0].position.y: expected a number, got "3"'],
  ['a label of the wrong type', () => set(doc(), 'neurons[0].label', 7), 'neurons[0].label: expected a string, got 7'],
  ['a vpeak at or below c', () => set(doc(), 'neurons[0].vpeak', -70), 'neurons[0].vpeak: must be above the reset c (-65 mV), got -70'],
  ['a reset above the default vpeak', () => set(doc(), 'neurons[0].c', 35), 'neurons[0].c: must be below the spike cut-off vpeak (30 mV by default), got 35'],
  ['a recovery rate beyond the largest step', () => set(doc(), 'neurons[0].a', 1e308), 'neurons[0].a: must be between -1 and 1 (1/ms), got 1e+308'],
  ['a neuron that is not an object', () => set(doc(), 'neurons[0]', 'driver'), 'neurons[0]: expected an object, got "driver"'],
  ['an equation that is not an object', () => set(doc(), 'neurons[0].equation', 4.1), 'neurons[0].equation: expected an object, got 4.1'],
  ['an equation coefficient as a string', () => set(doc(), 'neurons[1].equation', { p1: '4.1' }), 'neurons[1].equation.p1: expected a number, got "4.1"'],
  ['an infinite equation constant', () => set(doc(), 'neurons[0].equation', { p0: Infinity }), 'neurons[0].equation.p0: expected a finite number, got Infinity'],
  ['uRestoring not a boolean', () => set(doc(), 'neurons[2].equation', { uRestoring: 0 }), 'neurons[2].equation.uRestoring: expected true or false, got 0'],
  ['stopAtEnd not a boolean', () => set(doc(), 'simulation.stopAtEnd', 'yes'), 'simulation.stopAtEnd: expected true or false, got "yes"'],
  ['a misspelt equation field', () => set(doc(), 'neurons[0].equation', { uRestorng: false }), 'neurons[0].equation.uRestorng: unknown field (did you mean "uRestoring"?)'],

  // Populations and distributions.
  ['a population id equal to a neuron id', () => set(doc(izhikevich2003Network()), 'neurons', [{ id: 'E', model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 }]), 'populations[0].id: duplicate id "E" (already used by neurons[0])'],
  ['a population of size 0', () => set(doc(izhikevich2003Network()), 'populations[1].size', 0), 'populations[1].size: must be an integer from 1 to 200000, got 0'],
  ['a fractional population size', () => set(doc(izhikevich2003Network()), 'populations[1].size', 2.5), 'populations[1].size: must be an integer from 1 to 200000, got 2.5'],
  ['a too large population', () => set(doc(izhikevich2003Network()), 'populations[0].size', 300000), 'populations[0].size: must be an integer from 1 to 200000, got 300000'],
  ['an unknown distribution', () => set(doc(izhikevich2003Network()), 'populations[0].c', { dist: 'gauss', mean: 0, sd: 1 }), 'populations[0].c.dist: must be one of "uniform", "normal", "r", got "gauss"'],
  ['a distribution of the wrong type', () => set(doc(izhikevich2003Network()), 'populations[0].a', '0.02'), 'populations[0].a: expected a number or a distribution ({"dist": ...}), got "0.02"'],
  ['a uniform with min > max', () => set(doc(izhikevich2003Network()), 'populations[0].a', { dist: 'uniform', min: 0.1, max: 0.01 }), 'populations[0].a.max: must be >= min (0.1), got 0.01'],
  ['a normal with negative sd', () => set(doc(izhikevich2003Network()), 'populations[0].b', { dist: 'normal', mean: 0.2, sd: -1 }), 'populations[0].b.sd: must be >= 0, got -1'],
  ['an r with negative power', () => set(doc(izhikevich2003Network()), 'populations[0].d.power', -2), 'populations[0].d.power: must be >= 0, got -2'],
  ['an r distribution with a stray field', () => set(doc(izhikevich2003Network()), 'populations[0].d.min', 0), 'populations[0].d.min: unknown field (an r distribution has base, scale and power)'],
  ['a population recovery rate beyond the largest step', () => set(doc(izhikevich2003Network()), 'populations[1].a', { dist: 'uniform', min: 0.02, max: 2 }), 'populations[1].a: must be between -1 and 1 (1/ms), got a uniform distribution from 0.02 to 2'],
  ['a population vpeak below its highest reset', () => set(doc(izhikevich2003Network()), 'populations[0].vpeak', -60), 'populations[0].vpeak: must be above the reset c (which reaches -50 mV), got -60'],

  // Synapse types.
  ['a negative tau', () => set(doc(), 'synapseTypes[0].tau', -5), 'synapseTypes[0].tau: must be > 0 ms, got -5'],
  ['a negative gbase', () => set(doc(), 'synapseTypes[1].gbase', -1), 'synapseTypes[1].gbase: must be >= 0 nS, got -1'],
  ['a missing erev', () => set(doc(), 'synapseTypes[1].erev', DELETE), 'synapseTypes[1].erev: missing, expected a number'],
  ['an unknown synapse kind', () => set(doc(), 'synapseTypes[0].kind', 'nmda'), 'synapseTypes[0].kind: must be one of "expConductance", "expTwoConductance", "alphaConductance", "writeup", "current", got "nmda"'],
  ['a field of another synapse kind', () => set(doc(izhikevich2003Network()), 'synapseTypes[0].tau', 5), 'synapseTypes[0].tau: unknown field (not used by a "current" synapse type)'],
  ['a writeup synapse with a bad effect', () => set(doc(), 'synapseTypes[0]', { id: 'AMPA', kind: 'writeup', gbase: 1, tau: 5, effect: 'both' }), 'synapseTypes[0].effect: must be one of "excitatory", "inhibitory", got "both"'],
  ['a duplicate synapse type id', () => set(doc(), 'synapseTypes[1].id', 'AMPA'), 'synapseTypes[1].id: duplicate id "AMPA" (already used by synapseTypes[0])'],

  // Connections.
  ['an unknown neuron in a connection', () => set(doc(), 'connections[2]', { pre: 'x', post: 'follower', synapse: 'AMPA', weight: 1, delay: 1 }), 'connections[2].pre: unknown neuron "x"'],
  ['a zero delay', () => set(doc(), 'connections[0].delay', 0), 'connections[0].delay: must be at least one step (1 ms), got 0'],
  ['a half-step delay', () => set(doc(), 'connections[1].delay', 0.5), 'connections[1].delay: must be at least one step (1 ms), got 0.5'],
  ['an unknown synapse type', () => set(doc(), 'connections[0].synapse', 'NMDA'), 'connections[0].synapse: unknown synapse type "NMDA"'],
  ['a weight as a string', () => set(doc(), 'connections[0].weight', '1'), 'connections[0].weight: expected a number, got "1"'],
  ['a missing post', () => set(doc(), 'connections[1].post', DELETE), 'connections[1].post: missing, expected a string'],
  ['a population index out of range', () => set(doc(izhikevich2003Network()), 'recording.watch[0]', 'E[900]'), 'recording.watch[0]: E[900]: index out of range (E has 800 neurons)'],
  ['a whole population where one neuron is needed', () => set(doc(izhikevich2003Network()), 'recording.watch[0]', 'E'), 'recording.watch[0]: "E" is a population: name one of its neurons, e.g. "E[0]"'],
  ['an index into a single neuron', () => set(doc(), 'connections[0].post', 'follower[0]'), 'connections[0].post: "follower" is a single neuron, not a population: write "follower"'],

  // Projections.
  ['a projection from one neuron of a population', () => set(doc(izhikevich2003Network()), 'projections[0].pre', 'E[0]'), 'projections[0].pre: expected a neuron or population id, got "E[0]" (a projection connects whole groups; use a connection for one neuron of a population)'],
  ['a projection to an unknown group', () => set(doc(izhikevich2003Network()), 'projections[3].post', 'X'), 'projections[3].post: unknown neuron or population "X"'],
  ['a probability above 1', () => set(doc(izhikevich2003Network()), 'projections[1].connect', { rule: 'probability', p: 1.5 }), 'projections[1].connect.p: must be between 0 and 1, got 1.5'],
  ['an unknown rule', () => set(doc(izhikevich2003Network()), 'projections[1].connect', { rule: 'one-to-one' }), 'projections[1].connect.rule: must be one of "all-to-all", "probability", "in-degree", "out-degree", got "one-to-one"'],
  ['a fractional in-degree', () => set(doc(izhikevich2003Network()), 'projections[1].connect', { rule: 'in-degree', k: 2.5 }), 'projections[1].connect.k: must be an integer >= 0, got 2.5'],
  ['an in-degree above the pre size', () => set(doc(izhikevich2003Network()), 'projections[2].connect', { rule: 'in-degree', k: 201 }), 'projections[2].connect.k: must be at most 200 (I has 200 neurons), got 201'],
  ['a fractional out-degree', () => set(doc(izhikevich2003Network()), 'projections[1].connect', { rule: 'out-degree', k: 2.5 }), 'projections[1].connect.k: must be an integer >= 0, got 2.5'],
  ['a negative out-degree', () => set(doc(izhikevich2003Network()), 'projections[1].connect', { rule: 'out-degree', k: -1 }), 'projections[1].connect.k: must be an integer >= 0, got -1'],
  ['an out-degree above the post size', () => set(doc(izhikevich2003Network()), 'projections[1].connect', { rule: 'out-degree', k: 201 }), 'projections[1].connect.k: must be at most 200 (I has 200 neurons), got 201'],
  ['an out-degree needing autapses', () => set(set(doc(izhikevich2003Network()), 'projections[0].autapses', false), 'projections[0].connect', { rule: 'out-degree', k: 800 }), 'projections[0].connect.k: must be at most 799 (E has 800 neurons and autapses are off), got 800'],
  ['an out-degree with p', () => set(doc(izhikevich2003Network()), 'projections[1].connect', { rule: 'out-degree', k: 2, p: 0.1 }), 'projections[1].connect.p: unknown field (p belongs to the probability rule)'],
  ['an in-degree needing autapses', () => set(set(doc(izhikevich2003Network()), 'projections[3].autapses', false), 'projections[3].connect', { rule: 'in-degree', k: 200 }), 'projections[3].connect.k: must be at most 199 (I has 200 neurons and autapses are off), got 200'],
  ['autapses not a boolean', () => set(doc(izhikevich2003Network()), 'projections[0].autapses', 'yes'), 'projections[0].autapses: expected true or false, got "yes"'],
  ['a projection delay below one step', () => set(doc(izhikevich2003Network()), 'projections[0].delay', 0), 'projections[0].delay: must be at least one step (1 ms), got 0'],
  ['a uniform delay reaching below one step', () => set(doc(izhikevich2003Network()), 'projections[0].delay', { dist: 'uniform', min: 0.5, max: 3 }), 'projections[0].delay: must be at least one step (1 ms), got a uniform distribution reaching down to 0.5'],
  ['a normal delay', () => set(doc(izhikevich2003Network()), 'projections[0].delay', { dist: 'normal', mean: 5, sd: 1 }), 'projections[0].delay: must be at least one step (1 ms), got a normal distribution with unbounded tails'],
  ['a duplicate projection id', () => set(doc(izhikevich2003Network()), 'projections[1].id', 'EE'), 'projections[1].id: duplicate id "EE" (already used by projections[0])'],

  // Inputs.
  ['an unknown input target', () => set(doc(), 'inputs[0].target', 'nobody'), 'inputs[0].target: unknown neuron "nobody"'],
  ['an unknown input kind', () => set(doc(), 'inputs[0].kind', 'ramp'), 'inputs[0].kind: must be one of "constant", "pulse", "noise", "poisson", "sine", "recorded", "spikeSource", got "ramp"'],
  ['a field of another input kind', () => set(doc(), 'inputs[1].sd', 1), 'inputs[1].sd: unknown field (not used by a "constant" input)'],
  ['a negative pulse start', () => set(doc(), 'inputs[0].start', -1), 'inputs[0].start: must be >= 0 ms, got -1'],
  ['a zero pulse duration', () => set(doc(), 'inputs[0].duration', 0), 'inputs[0].duration: must be > 0 ms, got 0'],
  ['a period shorter than the pulse', () => set(set(doc(), 'inputs[0].duration', 50), 'inputs[0].period', 20), 'inputs[0].period: must be at least the pulse duration (50 ms), got 20'],
  ['a pulse slope as a string', () => set(doc(), 'inputs[0].slope', '0.1'), 'inputs[0].slope: expected a number, got "0.1"'],
  ['a slope on a constant input', () => set(doc(), 'inputs[1].slope', 0.1), 'inputs[1].slope: unknown field (not used by a "constant" input)'],
  ['a negative noise sd', () => set(doc(), 'inputs[2].sd', -1), 'inputs[2].sd: must be >= 0, got -1'],
  ['a zero noise hold', () => set(doc(), 'inputs[2].hold', 0), 'inputs[2].hold: must be > 0 and at most 3600000 ms, got 0'],
  ['a noise hold below one step', () => set(doc(), 'inputs[2].hold', 0.5), 'inputs[2].hold: must be at least one step (1 ms), got 0.5'],
  ['a current pulse below one step', () => set(doc(izhikevich2003Network()), 'synapseTypes[0].pulse', 0.25), 'synapseTypes[0].pulse: must be at least one step (1 ms), got 0.25'],
  ['a pulse on a conductance synapse', () => set(doc(), 'synapseTypes[0].pulse', 1), 'synapseTypes[0].pulse: unknown field (not used by a "expConductance" synapse type)'],
  ['a duplicate input id', () => set(doc(), 'inputs[2].id', 'step'), 'inputs[2].id: duplicate id "step" (already used by inputs[0])'],
  ['a Poisson rate above 10 kHz', () => set(doc(), 'inputs[3]', { id: 'bg', kind: 'poisson', target: 'follower', rate: 20000, synapse: 'AMPA', weight: 1 }), 'inputs[3].rate: must be between 0 and 10000 Hz, got 20000'],
  ['a Poisson source through a current synapse', () => set(doc(izhikevich2003Network()), 'inputs[2]', { id: 'bg', kind: 'poisson', target: 'E', rate: 10, synapse: 'instant', weight: 1 }), 'inputs[2].synapse: a Poisson source needs a conductance synapse type (expConductance, expTwoConductance, alphaConductance), "instant" is current'],
  ['a recorded value that is not a number', () => set(doc(), 'inputs[3]', { id: 'rec', kind: 'recorded', target: 'pacer', values: [1, 2, 'x'] }), 'inputs[3].values[2]: expected a number, got "x"'],
  ['recorded values not an array', () => set(doc(), 'inputs[3]', { id: 'rec', kind: 'recorded', target: 'pacer', values: '1,2,3' }), 'inputs[3].values: expected an array, got "1,2,3"'],

  // Recording.
  ['an unknown trace variable', () => set(doc(), 'recording.variables', ['v', 'w']), 'recording.variables[1]: must be one of "v", "u", "g", "isyn", "iext", got "w"'],
  ['a duplicate trace variable', () => set(doc(), 'recording.variables', ['v', 'v']), 'recording.variables[1]: duplicate "v"'],
  ['a duplicate watched neuron', () => set(doc(), 'recording.watch', ['driver', 'pacer', 'driver']), 'recording.watch[2]: duplicate "driver"'],
  ['too many watched neurons', () => set(doc(izhikevich2003Network()), 'recording.watch', Array.from({ length: 65 }, (_, i) => `E[${i}]`)), 'recording.watch: at most 64 neurons, got 65'],
  ['an unknown recording field', () => set(doc(), 'recording.neurons', []), 'recording.neurons: unknown field'],
];

describe('validateExperiment rejects', () => {
  for (const [what, input, expected] of cases) {
    it(what, () => {
      expect(errors(input())).toContain(expected);
    });
  }

  it('with exactly the one error for one fault', () => {
    expect(errors(set(doc(fourNeurons()), 'neurons[3].a', 'fast'))).toEqual(['neurons[3].a: expected a number, got "fast"']);
    expect(errors(set(doc(), 'synapseTypes[0].tau', -5))).toEqual(['synapseTypes[0].tau: must be > 0 ms, got -5']);
  });

  it('collecting every error, not only the first', () => {
    const broken = doc();
    set(broken, 'neurons[0].a', 'fast');
    set(broken, 'synapseTypes[0].tau', -5);
    set(broken, 'connections[1].pre', 'x');
    set(broken, 'inputs[2].sd', -1);
    expect(errors(broken)).toEqual([
      'neurons[0].a: expected a number, got "fast"',
      'synapseTypes[0].tau: must be > 0 ms, got -5',
      'connections[1].pre: unknown neuron "x"',
      'inputs[2].sd: must be >= 0, got -1',
    ]);
  });

  it('without follow-on errors from a broken item', () => {
    // The neuron's own error is reported; connections to it are not also "unknown neuron".
    expect(errors(set(doc(), 'neurons[0].a', 'fast'))).toEqual(['neurons[0].a: expected a number, got "fast"']);
    expect(errors(set(doc(), 'synapseTypes[0].kind', 'nmda'))).toHaveLength(1);
    expect(errors(set(doc(), 'neurons', {}))).toEqual(['neurons: expected an array, got an object']);
    expect(errors(set(doc(), 'synapseTypes', DELETE))).toEqual(['synapseTypes: missing, expected an array']);
  });

  it('checking nothing else when the version is unsupported', () => {
    expect(errors(set(set(doc(), 'version', 5), 'neurons', 'none'))).toEqual(['version: unsupported version 5 (supported: 1, 2, 3, 4)']);
  });

  it(`stopping the list at ${MAX_ERRORS} errors with a count of the rest`, () => {
    const values = Array.from({ length: 80 }, () => 'x');
    const list = errors(set(doc(), 'inputs[3]', { id: 'rec', kind: 'recorded', target: 'pacer', values }));
    expect(list).toHaveLength(MAX_ERRORS + 1);
    expect(list[0]).toBe('inputs[3].values[0]: expected a number, got "x"');
    expect(list[MAX_ERRORS]).toBe('... and 30 more errors');
  });
});

describe('parseExperimentJson', () => {
  it('reports a JSON syntax error with its line and column', () => {
    expect(parseErrors('{\n  "name": "x",\n}')).toEqual(['JSON syntax error at line 3, column 1: trailing comma before "}"']);
  });

  it('reports truncated JSON', () => {
    expect(parseErrors('{"format": "spiking-lab/experiment", "neurons": [')).toEqual([
      'JSON syntax error at line 1, column 50: unexpected end of text',
    ]);
  });

  it('reports NaN written into the file', () => {
    expect(parseErrors('{"a": NaN}')).toEqual(['JSON syntax error at line 1, column 7: NaN is not valid JSON; numbers must be finite']);
  });

  it('reports an empty text', () => {
    expect(parseErrors('  \n')).toEqual(['the text is empty: expected a JSON experiment']);
  });

  it('validates what parses', () => {
    expect(parseErrors('[]')).toEqual(['expected an experiment object, got an array']);
    expect(parseErrors(serializeExperiment(defaultExperiment()).replace('"dt": 1', '"dt": 0.3'))).toEqual([
      'simulation.dt: must be 1/k ms for a whole number k from 1 to 100 (a step that divides 1 ms into whole steps, e.g. 1, 0.5, 0.25, 0.2, 0.1, 0.01), got 0.3',
    ]);
  });

  it('finds a syntax error wherever JSON.parse finds one', () => {
    const bad = ['{', '{"a" 1}', '{"a":1 "b":2}', '[1,]', '"\\x"', '01', '-', '1.', 'tru', '{"a":1}}', "{'a':1}", '"a\tb"', '[1] [2]'];
    for (const text of bad) {
      expect((): unknown => JSON.parse(text), text).toThrow();
      expect(locateJsonError(text), text).not.toBeNull();
    }
    const good = ['{}', '[]', '0', '-1.5e-3', '"\\u00e9\\n"', ' {"a": [true, false, null, {"b": "c"}]} '];
    for (const text of good) expect(locateJsonError(text), text).toBeNull();
  });

  it('reads a number whole however long it is, so an error after it is found where it is (found by the property tests)', () => {
    const long = `${'9'.repeat(399)}.5`;
    expect(locateJsonError(`[${long}]`)).toBeNull();
    expect(parseErrors(`{"seed": ${long}, "name": tru}`)).toEqual([`JSON syntax error at line 1, column ${long.length + 20}: unexpected "tru"`]);
  });
});

describe('izhikevich2007 cells and the expTwo / alpha conductances', () => {
  const rs2007 = { id: 'rs', model: 'izhikevich2007', C: 100, k: 0.7, vr: -60, vt: -40, vpeak: 35, a: 0.03, b: -2, c: -50, d: 100, v0: -60 };
  const withParts = (parts: { neurons?: unknown[]; populations?: unknown[]; synapseTypes?: unknown[] }): unknown => {
    const e = doc() as Record<string, unknown>;
    return { ...e, ...parts, connections: [], inputs: [], recording: { watch: [], variables: ['v'] } };
  };
  const errors = (x: unknown): string[] => {
    const r = validateExperiment(x);
    return r.ok ? [] : r.errors;
  };

  it('reads a 2007 neuron, a 2007 population and both synapse kinds, and keeps them as written', () => {
    const pop = { id: 'P', size: 4, model: 'izhikevich2007', C: 100, k: { dist: 'uniform', min: 0.6, max: 0.8 }, vr: -60, vt: -40, vpeak: 35, a: 0.03, b: -2, c: -50, d: 100, v0: -60 };
    const syns = [
      { id: 'two', kind: 'expTwoConductance', gbase: 0.5, tauRise: 0.5, tauDecay: 5, erev: 0 },
      { id: 'alpha', kind: 'alphaConductance', gbase: 1, tau: 2, erev: -80 },
    ];
    const r = validateExperiment(withParts({ neurons: [rs2007], populations: [pop], synapseTypes: syns }));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.experiment.neurons).toEqual([rs2007]);
    expect(r.experiment.populations).toEqual([pop]);
    expect(r.experiment.synapseTypes).toEqual(syns);
  });

  it.each([
    [{ ...rs2007, C: 0 }, 'neurons[0].C: must be > 0 pF, got 0'],
    [{ ...rs2007, k: -0.7 }, 'neurons[0].k: must be > 0 nS/mV, got -0.7'],
    [{ ...rs2007, a: 2 }, 'neurons[0].a: must be between -1 and 1 (1/ms), got 2'],
    [{ ...rs2007, c: 40 }, 'neurons[0].vpeak: must be above the reset c (40 mV), got 35'],
    [{ ...rs2007, vt: 'high' }, 'neurons[0].vt: expected a number, got "high"'],
    [{ ...rs2007, vt: undefined }, 'neurons[0].vt: missing, expected a number'],
    [{ ...rs2007, u0: 0 }, 'neurons[0].u0: unknown field (not a parameter of the izhikevich2007 model)'],
    [{ ...rs2007, model: 'izhikevich2003' }, 'neurons[0].C: unknown field (not a parameter of the izhikevich2003 model)'],
    [{ ...rs2007, model: 'hh' }, 'neurons[0].model: must be one of "izhikevich2003", "izhikevich2007", got "hh"'],
  ])('names the field of a bad 2007 neuron: %#', (neuron, message) => {
    expect(errors(withParts({ neurons: [neuron] }))).toContain(message);
  });

  it('refuses the new model and kinds in a version 3 file, naming the version', () => {
    const old = { ...(withParts({ neurons: [rs2007], synapseTypes: [{ id: 'a', kind: 'alphaConductance', gbase: 1, tau: 2, erev: 0 }] }) as object), version: 3 };
    expect(errors(old)).toEqual([
      'neurons[0].model: "izhikevich2007" needs version 4 of the format, this file is version 3',
      'synapseTypes[0].kind: "alphaConductance" needs version 4 of the format, this file is version 3',
    ]);
  });

  it('holds a 2007 population to the same rules over its draws', () => {
    const pop = { id: 'P', size: 4, model: 'izhikevich2007', C: { dist: 'uniform', min: -10, max: 100 }, k: 0.7, vr: -60, vt: -40, vpeak: 35, a: 0.03, b: -2, c: { dist: 'uniform', min: -55, max: 40 }, d: 100, v0: -60 };
    const found = errors(withParts({ populations: [pop] }));
    expect(found).toContain('populations[0].C: must be > 0 pF for every draw, got a uniform distribution reaching down to -10');
    expect(found).toContain('populations[0].vpeak: must be above the reset c for every draw (c reaches 40 mV, vpeak goes down to 35 mV)');
  });

  it.each([
    [{ id: 's', kind: 'expTwoConductance', gbase: 1, tauRise: 5, tauDecay: 5, erev: 0 }, 'synapseTypes[0].tauRise: must be shorter than tauDecay (5 ms), got 5'],
    [{ id: 's', kind: 'expTwoConductance', gbase: 1, tauRise: 0, tauDecay: 5, erev: 0 }, 'synapseTypes[0].tauRise: must be > 0 ms, got 0'],
    [{ id: 's', kind: 'expTwoConductance', gbase: 1, tauRise: 1, tauDecay: 5 }, 'synapseTypes[0].erev: missing, expected a number'],
    [{ id: 's', kind: 'expTwoConductance', gbase: 1, tau: 1, tauRise: 1, tauDecay: 5, erev: 0 }, 'synapseTypes[0].tau: unknown field (not used by a "expTwoConductance" synapse type)'],
    [{ id: 's', kind: 'alphaConductance', gbase: -1, tau: 2, erev: 0 }, 'synapseTypes[0].gbase: must be >= 0 nS, got -1'],
    [{ id: 's', kind: 'alphaConductance', gbase: 1, tau: 0, erev: 0 }, 'synapseTypes[0].tau: must be > 0 ms, got 0'],
  ])('names the field of a bad expTwo or alpha synapse type: %#', (type, message) => {
    expect(errors(withParts({ synapseTypes: [type] }))).toContain(message);
  });

  it('reports a rise as slow as the decay on the field a live edit set', () => {
    const e = defaultExperiment();
    e.synapseTypes.push({ id: 'two', kind: 'expTwoConductance', gbase: 1, tauRise: 1, tauDecay: 5, erev: 0 });
    expect(checkEdit(e, { kind: 'synapseType', synapse: 'two', param: 'tauDecay', value: 0.5 })).toBe('tauDecay: must be longer than tauRise (1 ms), got 0.5');
    expect(checkEdit(e, { kind: 'synapseType', synapse: 'two', param: 'tau', value: 3 })).toBe('synapse type "two" (expTwoConductance) has no tau');
    expect(checkEdit(e, { kind: 'synapseType', synapse: 'two', param: 'tauRise', value: 2 })).toBeNull();
  });
});
