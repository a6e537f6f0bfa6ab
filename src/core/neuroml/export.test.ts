import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../engine/compile.ts';
import { defaultExperiment } from '../experiment/examples.ts';
import { GALLERY } from '../experiment/gallery.ts';
import type { Experiment } from '../experiment/types.ts';
import { elements } from '../../../test/nmlElements.ts';
import { exportNeuroML } from './export.ts';
import { labId } from './ids.ts';
import { parseDimensionless, parseQuantity, type Dimension } from './units.ts';

function one(text: string, name: string, where: (a: Record<string, string>) => boolean = () => true): Record<string, string> {
  const hits = elements(text, name).filter(where);
  if (hits.length !== 1) throw new Error(`expected one <${name}>, found ${hits.length}`);
  return hits[0];
}

function quantity(text: string, dimension: Dimension): number {
  const parsed = parseQuantity(text, dimension);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

function exported(experiment: Experiment) {
  const result = exportNeuroML(experiment);
  const net = result.files.find((f) => f.path.endsWith('.net.nml'))?.text ?? '';
  const lems = result.files.find((f) => f.path.startsWith('LEMS_'))?.text ?? '';
  return { ...result, net, lems, notesText: result.notes.join('\n') };
}

/** A bare experiment to build on. */
function base(): Experiment {
  const e = defaultExperiment();
  return { ...e, name: 'Test', neurons: [], populations: [], synapseTypes: [], connections: [], projections: [], inputs: [], recording: { watch: [], variables: ['v'] } };
}

describe('exportNeuroML', () => {
  it('writes the opening experiment with izhikevich2007 cells, its synapses, wiring and inputs, and says what it left out', () => {
    const { files, net, lems, notesText } = exported(defaultExperiment());
    expect(files.map((f) => f.path)).toEqual(['Excite_one_inhibit_another.net.nml', 'LEMS_Excite_one_inhibit_another.xml']);
    // Conductance synapses: the 2003 cells go through the 2003 -> 2007 mapping (b = 0.2: vr = -70, vt = -55).
    expect(elements(net, 'izhikevichCell')).toEqual([]);
    const driver = one(net, 'izhikevich2007Cell', (a) => a.id === 'driver_cell');
    expect(quantity(driver.C, 'capacitance')).toBe(1);
    expect(quantity(driver.k, 'conductance_per_voltage')).toBeCloseTo(0.04, 12);
    expect(quantity(driver.vr, 'voltage')).toBeCloseTo(-70, 9);
    expect(quantity(driver.vt, 'voltage')).toBeCloseTo(-55, 9);
    expect(quantity(driver.vpeak, 'voltage')).toBe(30);
    expect(quantity(driver.a, 'per_time')).toBe(0.02);
    expect(quantity(driver.d, 'current')).toBe(8);
    expect(quantity(one(net, 'izhikevich2007Cell', (a) => a.id === 'pacer_cell').a, 'per_time')).toBe(0.1);
    expect(one(net, 'expOneSynapse', (a) => a.id === 'AMPA')).toMatchObject({ gbase: '0.5nS', erev: '0mV', tauDecay: '5ms' });
    expect(one(net, 'expOneSynapse', (a) => a.id === 'GABA')).toMatchObject({ gbase: '1nS', erev: '-80mV', tauDecay: '10ms' });
    const projection = one(net, 'projection', (a) => a.synapse === 'GABA');
    expect(projection).toMatchObject({ presynapticPopulation: 'driver', postsynapticPopulation: 'pacer' });
    expect(one(net, 'connectionWD', (a) => a.postCellId === '../pacer[0]')).toMatchObject({ preCellId: '../driver[0]', weight: '1', delay: '2ms' });
    // The step from 100 ms to the end of the run and the pacer's constant drive, in pA.
    expect(one(net, 'pulseGenerator', (a) => a.id === 'step')).toMatchObject({ delay: '100ms', duration: '900ms', amplitude: '10pA' });
    expect(one(net, 'pulseGenerator', (a) => a.id === 'pacer__hdrive')).toMatchObject({ delay: '0ms', duration: '1000ms', amplitude: '6pA' });
    expect(one(net, 'inputList', (a) => a.component === 'pacer__hdrive').population).toBe('pacer');
    expect(notesText).toMatch(/follower-noise: Gaussian noise current .* left out/);
    // The LEMS file runs the network as the lab does and records the watched neurons and all spikes.
    const network = one(net, 'network').id;
    expect(one(lems, 'Simulation')).toMatchObject({ length: '1000ms', step: '1ms', seed: '1', target: network });
    expect(one(lems, 'Include', (a) => a.file.endsWith('.net.nml')).file).toBe(files[0].path);
    expect(elements(lems, 'OutputColumn').map((c) => c.quantity)).toEqual(['driver[0]/v', 'follower[0]/v', 'pacer[0]/v']);
    expect(elements(lems, 'EventSelection').map((s) => s.select)).toEqual(['driver[0]', 'follower[0]', 'pacer[0]']);
  });

  it('writes izhikevichCell with dimensionless inputs for a network driven by currents alone', () => {
    const entry = GALLERY.find((g) => g.id === 'single-neuron-step');
    if (!entry) throw new Error('test bug');
    const { net, notesText } = exported(entry.make());
    const cell = one(net, 'izhikevichCell');
    expect(cell).toMatchObject({ v0: '-70mV', thresh: '30mV', a: '0.02', b: '0.2', c: '-65', d: '8' });
    expect(one(net, 'pulseGeneratorDL')).toMatchObject({ delay: '100ms', amplitude: '10' });
    expect(elements(net, 'pulseGenerator')).toEqual([]);
    expect(notesText).not.toMatch(/left out/);
  });

  it('maps ids with a dash reversibly and keeps other ids', () => {
    const e = base();
    e.neurons = [{ id: 'cell-A', model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 }];
    e.inputs = [{ id: 'drive-1', kind: 'constant', target: 'cell-A', amplitude: 10 }];
    const { net } = exported(e);
    const population = one(net, 'population');
    expect(population.id).toBe('cell__hA');
    expect(labId(population.id)).toBe('cell-A');
    expect(labId(one(net, 'inputList').id)).toBe('drive-1');
  });

  it('writes drawn parameters as drawn: one population when all neurons are alike, one per neuron otherwise', () => {
    const e = base();
    e.populations = [
      { id: 'same', size: 3, model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 },
      { id: 'drawn', size: 4, model: 'izhikevich2003', a: 0.02, b: 0.2, c: { dist: 'uniform', min: -65, max: -50 }, d: 8, v0: -65 },
    ];
    e.inputs = [{ id: 'drive', kind: 'constant', target: 'drawn', amplitude: 10 }];
    const { net, notesText } = exported(e);
    expect(one(net, 'population', (a) => a.id === 'same')).toMatchObject({ size: '3', component: 'same_cell' });
    const compiled = compileExperiment(e);
    const start = compiled.groups.find((g) => g.id === 'drawn')?.start ?? -1;
    for (let k = 0; k < 4; k++) {
      const population = one(net, 'population', (a) => a.id === `drawn_${k}`);
      expect(population.size).toBe('1');
      expect(one(net, 'property', (a) => a.value === `drawn[${k}]`).tag).toBe('spikingLab_neuron');
      const cell = one(net, 'izhikevichCell', (a) => a.id === population.component);
      expect(parseDimensionless(cell.c)).toEqual({ ok: true, value: compiled.cells.c[start + k] });
      // Each neuron still gets the input.
      expect(one(net, 'inputList', (a) => a.population === `drawn_${k}`).component).toBe('drive');
    }
    expect(notesText).toMatch(/Population drawn: .* each of its 4 neurons is a population of one/);
  });

  it("expands projections into the lab's synapses, with delays in whole steps", () => {
    const e = base();
    e.simulation = { ...e.simulation, dt: 0.5 };
    e.populations = [{ id: 'P', size: 20, model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 }];
    e.synapseTypes = [{ id: 'E', kind: 'expConductance', gbase: 0.3, tau: 5, erev: 0 }];
    e.projections = [
      { id: 'PP', pre: 'P', post: 'P', synapse: 'E', connect: { rule: 'probability', p: 0.2 }, weight: { dist: 'uniform', min: 0.5, max: 1 }, delay: 1.26 },
    ];
    const { net } = exported(e);
    const compiled = compileExperiment(e);
    const connections = elements(net, 'connectionWD');
    expect(connections.length).toBe(compiled.synapses.post.length);
    expect(connections.length).toBeGreaterThan(40);
    // 1.26 ms at 0.5 ms steps is 3 steps: 1.5 ms, as the lab runs it.
    expect(new Set(connections.map((c) => c.delay))).toEqual(new Set(['1.5ms']));
    const weights = connections.map((c) => Number(c.weight)).sort((x, y) => x - y);
    expect(weights).toEqual(Array.from(compiled.synapses.weight).sort((x, y) => x - y));
    for (const c of connections) {
      const i = Number(/\[(\d+)\]/.exec(c.preCellId)?.[1]);
      const j = Number(/\[(\d+)\]/.exec(c.postCellId)?.[1]);
      const row = Array.from(compiled.synapses.post.slice(compiled.synapses.rowStart[i], compiled.synapses.rowStart[i + 1]));
      expect(row).toContain(j);
    }
  });

  it('writes a Poisson input as poissonFiringSynapse with its weight, and notes that its spikes are drawn anew', () => {
    const e = base();
    e.neurons = [{ id: 'n', model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 }];
    e.synapseTypes = [{ id: 'AMPA', kind: 'expConductance', gbase: 0.5, tau: 5, erev: 0 }];
    e.inputs = [{ id: 'bg', kind: 'poisson', target: 'n', rate: 20, synapse: 'AMPA', weight: 1.5 }];
    const { net, notesText } = exported(e);
    expect(one(net, 'poissonFiringSynapse')).toEqual({ id: 'bg', averageRate: '20Hz', synapse: 'AMPA', spikeTarget: './AMPA' });
    expect(quantity('20Hz', 'per_time')).toBe(0.02);
    expect(one(net, 'inputW')).toMatchObject({ target: '../n[0]', destination: 'synapses', weight: '1.5' });
    expect(notesText).toMatch(/bg: Poisson spikes are drawn by the simulator/);
  });

  it('writes pulse trains and ramps exactly, pulse by pulse', () => {
    const e = base();
    e.simulation = { ...e.simulation, duration: 300 };
    e.neurons = [{ id: 'n', model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 }];
    e.inputs = [
      { id: 'train', kind: 'pulse', target: 'n', start: 10, duration: 2, amplitude: 5, period: 100 },
      { id: 'ramp', kind: 'pulse', target: 'n', start: 30, duration: 40, amplitude: 1, slope: 0.5 },
    ];
    const { net } = exported(e);
    expect(elements(net, 'pulseGeneratorDL').map((p) => [p.delay, p.duration, p.amplitude])).toEqual([
      ['10ms', '2ms', '5'],
      ['110ms', '2ms', '5'],
      ['210ms', '2ms', '5'],
    ]);
    expect(one(net, 'compoundInputDL').id).toBe('train');
    // 1 + 0.5 * 40 = 21 at the end of the ramp.
    expect(one(net, 'rampGeneratorDL')).toMatchObject({ delay: '30ms', duration: '40ms', startAmplitude: '1', finishAmplitude: '21', baselineAmplitude: '0' });
  });

  it('leaves out a cell with no exact izhikevich2007 form, and its synapses, and says so', () => {
    const e = base();
    e.neurons = [
      { id: 'ok', model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 },
      // b = 1 (accommodation-like): 0.04 vr^2 + 4 vr + 140 = 0 has no real root.
      { id: 'odd', model: 'izhikevich2003', a: 0.02, b: 1, c: -65, d: 8, v0: -65 },
    ];
    e.synapseTypes = [{ id: 'E', kind: 'expConductance', gbase: 0.5, tau: 5, erev: 0 }];
    e.connections = [
      { pre: 'ok', post: 'odd', synapse: 'E', weight: 1, delay: 1 },
      { pre: 'odd', post: 'ok', synapse: 'E', weight: 1, delay: 1 },
    ];
    e.recording = { watch: ['ok', 'odd'], variables: ['v'] };
    const { net, lems, notesText } = exported(e);
    expect(elements(net, 'population').map((p) => p.id)).toEqual(['ok']);
    expect(elements(net, 'connectionWD')).toEqual([]);
    expect(elements(lems, 'OutputColumn').map((c) => c.quantity)).toEqual(['ok[0]/v']);
    expect(notesText).toMatch(/1 neuron cannot be written .* left out .*: odd/);
    expect(notesText).toMatch(/2 synapses to or from the neurons left out are left out too/);
  });

  it('notes the synapses NeuroML cannot express instead of writing something else', () => {
    const entry = GALLERY.find((g) => g.id === 'writeup-vs-standard-synapse');
    if (!entry) throw new Error('test bug');
    const { net, notesText } = exported(entry.make());
    expect(notesText).toMatch(/Synapse type writeup is the write-up's synapse .* its synapse is left out/);
    expect(elements(net, 'projection').map((p) => p.synapse)).toEqual(['AMPA']);
  });

  it('escapes the free text it writes and never writes e+, NaN or a bare number where a unit belongs', () => {
    const e = base();
    e.name = 'A <b>&"quoted"\' name';
    e.description = 'x < y & z > "w"';
    e.neurons = [{ id: 'n', model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 }];
    e.synapseTypes = [{ id: 'E', kind: 'expConductance', gbase: 1e21, tau: 5, erev: 0 }];
    e.connections = [{ pre: 'n', post: 'n', synapse: 'E', weight: 1e-7, delay: 1 }];
    const { files, net } = exported(e);
    expect(files[0].path).toBe('A_b_quoted_name.net.nml');
    expect(net).toContain('x &lt; y &amp; z &gt; &quot;w&quot;');
    expect(net).toContain('gbase="1e21nS"');
    expect(net).toContain('weight="1e-7"');
    expect(net).not.toMatch(/e\+|NaN|Infinity/);
  });
});
