import { describe, expect, it } from 'vitest';
import { applyEdit, checkEdit, type LiveEdit } from './edits.ts';
import { defaultExperiment } from './examples.ts';
import type { Experiment } from './types.ts';
import { validateExperiment } from './validate.ts';

/** The default experiment (a pulse, a constant and a noise input) with a pulse train and a Poisson source added. */
function lab(): Experiment {
  const e = defaultExperiment();
  e.inputs.push(
    { id: 'train', kind: 'pulse', target: 'pacer', start: 0, duration: 5, period: 20, amplitude: 4 },
    { id: 'rain', kind: 'poisson', target: 'follower', rate: 10, synapse: 'AMPA', weight: 1 },
  );
  return e;
}

/** The edit written into the document without any check, as a careless editor would. */
function blindly(e: Experiment, edit: LiveEdit): Experiment {
  switch (edit.kind) {
    case 'neuron':
      return { ...e, neurons: e.neurons.map((n) => (n.id === edit.neuron ? { ...n, [edit.param]: edit.value } : n)) };
    case 'synapseType':
      return { ...e, synapseTypes: e.synapseTypes.map((s) => (s.id === edit.synapse ? { ...s, [edit.param]: edit.value } : s)) };
    case 'connection':
      return { ...e, connections: e.connections.map((c, i) => (i === edit.index ? { ...c, [edit.param]: edit.value } : c)) };
    case 'input':
      return { ...e, inputs: e.inputs.map((i) => (i.id === edit.input ? { ...i, [edit.param]: edit.value } : i)) };
    case 'plasticity':
      return {
        ...e,
        synapseTypes: e.synapseTypes.map((s) => (s.id === edit.synapse && 'plasticity' in s && s.plasticity ? { ...s, plasticity: { ...s.plasticity, [edit.param]: edit.value } } : s)),
      };
  }
}

const neuron = (param: 'a' | 'b' | 'c' | 'd', value: number): LiveEdit => ({ kind: 'neuron', neuron: 'driver', param, value });

const refused: [string, LiveEdit, string][] = [
  ['a reset above the spike cut-off', neuron('c', 40), 'c: must be below the spike cut-off vpeak (30 mV by default), got 40'],
  ['a reset at the spike cut-off', neuron('c', 30), 'c: must be below the spike cut-off vpeak (30 mV by default), got 30'],
  ['an absurd recovery rate', neuron('a', 1e308), 'a: must be between -1 and 1 (1/ms), got 1e+308'],
  ['a recovery rate just past the limit', neuron('a', -1.5), 'a: must be between -1 and 1 (1/ms), got -1.5'],
  ['an infinite d', neuron('d', Infinity), 'd: expected a finite number, got Infinity'],
  ['NaN for b', neuron('b', NaN), 'b: expected a finite number, got NaN'],
  ['a zero time constant', { kind: 'synapseType', synapse: 'AMPA', param: 'tau', value: 0 }, 'tau: must be > 0 ms, got 0'],
  ['a negative time constant', { kind: 'synapseType', synapse: 'GABA', param: 'tau', value: -3 }, 'tau: must be > 0 ms, got -3'],
  ['a negative gbase', { kind: 'synapseType', synapse: 'AMPA', param: 'gbase', value: -0.5 }, 'gbase: must be >= 0 nS, got -0.5'],
  ['a delay below one step', { kind: 'connection', index: 0, param: 'delay', value: 0.5 }, 'delay: must be at least one step (1 ms), got 0.5'],
  ['a negative noise sd', { kind: 'input', input: 'follower-noise', param: 'sd', value: -1 }, 'sd: must be >= 0, got -1'],
  ['a noise hold below one step', { kind: 'input', input: 'follower-noise', param: 'hold', value: 0.5 }, 'hold: must be at least one step (1 ms), got 0.5'],
  ['a negative pulse start', { kind: 'input', input: 'step', param: 'start', value: -5 }, 'start: must be >= 0 ms, got -5'],
  ['a zero pulse duration', { kind: 'input', input: 'train', param: 'duration', value: 0 }, 'duration: must be > 0 ms, got 0'],
  ['a pulse longer than its period', { kind: 'input', input: 'train', param: 'duration', value: 25 }, 'duration: must be at most the period (20 ms), got 25'],
  ['a period shorter than its pulse', { kind: 'input', input: 'train', param: 'period', value: 4 }, 'period: must be at least the pulse duration (5 ms), got 4'],
  ['a negative conductance weight', { kind: 'connection', index: 0, param: 'weight', value: -1 }, 'weight: must be >= 0: expConductance synapses are conductances, which cannot be negative (to inhibit, use an erev below rest, e.g. -80 mV), got -1'],
  ['a negative Poisson weight', { kind: 'input', input: 'rain', param: 'weight', value: -2 }, 'weight: must be >= 0: expConductance synapses are conductances, which cannot be negative (to inhibit, use an erev below rest, e.g. -80 mV), got -2'],
  ['a Poisson rate past the limit', { kind: 'input', input: 'rain', param: 'rate', value: 20000 }, 'rate: must be between 0 and 10000 Hz, got 20000'],
];

describe('checkEdit', () => {
  it.each(refused)('refuses %s, naming the field and its range', (_, edit, message) => {
    const e = lab();
    expect(checkEdit(e, edit)).toBe(message);
    expect(() => applyEdit(e, edit)).toThrow(message);
  });

  it.each(refused)('refuses %s exactly when the file validator refuses the document it would make', (_, edit) => {
    expect(validateExperiment(blindly(lab(), edit)).ok).toBe(false);
  });

  it('names the given vpeak when c would reach it', () => {
    const e = lab();
    e.neurons[0] = { ...e.neurons[0], vpeak: 35 };
    expect(checkEdit(e, neuron('c', 35))).toBe('c: must be below the spike cut-off vpeak (35 mV), got 35');
    expect(checkEdit(e, neuron('c', 34))).toBeNull();
  });

  const accepted: [string, LiveEdit][] = [
    ['a reset just below the cut-off', neuron('c', 29.5)],
    ['the fastest recovery of the 2004 figure', neuron('a', 1)],
    ['a negative recovery rate (inhibition-induced bursting)', neuron('a', -0.026)],
    ['a delay of one step', { kind: 'connection', index: 0, param: 'delay', value: 1 }],
    ['no noise', { kind: 'input', input: 'follower-noise', param: 'sd', value: 0 }],
    ['noise held for 5 ms', { kind: 'input', input: 'follower-noise', param: 'hold', value: 5 }],
    ['a pulse as long as its period', { kind: 'input', input: 'train', param: 'duration', value: 20 }],
  ];

  it.each(accepted)('accepts %s, and so does the file validator', (_, edit) => {
    const e = lab();
    expect(checkEdit(e, edit)).toBeNull();
    const edited = applyEdit(e, edit);
    expect(validateExperiment(edited).ok).toBe(true);
    expect(edited).toEqual(blindly(e, edit));
  });

  it('refuses edits of things that are not there, or not editable', () => {
    const e = lab();
    expect(checkEdit(e, { kind: 'neuron', neuron: 'ghost', param: 'a', value: 0.02 })).toBe('no neuron "ghost"');
    expect(checkEdit(e, { kind: 'connection', index: 9, param: 'weight', value: 1 })).toBe('no connection #9');
    expect(checkEdit(e, { kind: 'input', input: 'pacer-drive', param: 'sd', value: 1 })).toBe('input "pacer-drive" (constant) has no sd');
  });
});

describe('live edits of the sine input and of the Poisson input\'s window', () => {
  function withSine(): Experiment {
    const e = lab();
    e.inputs.push({ id: 'wave', kind: 'sine', target: 'follower', start: 0, amplitude: 3, period: 25, phase: 0 });
    return e;
  }

  it('apply each field of a sine input, and refuse a bad one by name', () => {
    const e = withSine();
    const edited = applyEdit(applyEdit(applyEdit(e, { kind: 'input', input: 'wave', param: 'period', value: 40 }), { kind: 'input', input: 'wave', param: 'phase', value: 1.5 }), { kind: 'input', input: 'wave', param: 'duration', value: 200 });
    expect(edited.inputs.find((i) => i.id === 'wave')).toEqual({ id: 'wave', kind: 'sine', target: 'follower', start: 0, duration: 200, amplitude: 3, period: 40, phase: 1.5 });
    expect(checkEdit(e, { kind: 'input', input: 'wave', param: 'period', value: 0 })).toBe('period: must be > 0 ms, got 0');
    expect(checkEdit(e, { kind: 'input', input: 'wave', param: 'start', value: -1 })).toBe('start: must be >= 0 ms, got -1');
  });

  it('set a Poisson input\'s start and duration, and refuse a window that cannot be', () => {
    const e = lab();
    const edited = applyEdit(applyEdit(e, { kind: 'input', input: 'rain', param: 'start', value: 150 }), { kind: 'input', input: 'rain', param: 'duration', value: 100 });
    expect(edited.inputs.find((i) => i.id === 'rain')).toEqual({ id: 'rain', kind: 'poisson', target: 'follower', rate: 10, synapse: 'AMPA', weight: 1, start: 150, duration: 100 });
    expect(checkEdit(e, { kind: 'input', input: 'rain', param: 'duration', value: 0 })).toBe('duration: must be > 0 ms, got 0');
    expect(checkEdit(e, { kind: 'input', input: 'rain', param: 'phase', value: 1 })).toBe('input "rain" (poisson) has no phase');
  });
});
