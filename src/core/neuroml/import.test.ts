import { describe, expect, it } from 'vitest';
import { simulate } from '../../../test/helpers.ts';
import { engineStepsNeuroMLKinds } from './engineSupport.ts';
import { importNeuroML, includedFiles, looksLikeXml, type ImportResult } from './import.ts';

const HEAD = '<neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="doc">';

function doc(body: string): string {
  return `${HEAD}\n${body}\n</neuroml>\n`;
}

function imported(text: string, options?: Parameters<typeof importNeuroML>[2]): Extract<ImportResult, { ok: true }> {
  const result = importNeuroML(text, 'test.nml', options);
  if (!result.ok) throw new Error(result.message);
  return result;
}

function refused(text: string): string {
  const result = importNeuroML(text, 'test.nml');
  if (result.ok) throw new Error(`imported, skipping: ${result.skipped.join('; ')}`);
  return result.message;
}

/** Line numbers are counted in these documents: HEAD is line 1, the body starts on line 2. */
const CELLS = `<izhikevichCell id="rs" v0="-70mV" thresh="30mV" a="0.02" b="0.2" c="-65" d="8"/>
<izhikevichCell id="fs" v0="-65mV" thresh="30mV" a="0.1" b="0.2" c="-65" d="2"/>
<expOneSynapse id="ampa" gbase="0.5nS" erev="0mV" tauDecay="5ms"/>
<expOneSynapse id="gaba" gbase="1 nS" erev="-80mV" tauDecay="0.01s"/>
<pulseGeneratorDL id="drive" delay="10ms" duration="200ms" amplitude="12"/>
<poissonFiringSynapse id="bg" averageRate="0.02per_ms" synapse="ampa" spikeTarget="./ampa"/>`;

const NETWORK = `<network id="net">
  <property tag="recommended_dt_ms" value="0.1"/>
  <property tag="recommended_duration_ms" value="300"/>
  <population id="exc" component="rs" size="4" type="population"/>
  <population id="inh" component="fs" type="populationList" size="3">
    <instance id="3"><location x="0" y="0" z="0"/></instance>
    <instance id="7"><location x="1" y="0" z="0"/></instance>
    <instance id="9"><location x="2" y="0" z="0"/></instance>
  </population>
  <projection id="e_to_i" presynapticPopulation="exc" postsynapticPopulation="inh" synapse="ampa">
    <connection id="0" preCellId="../exc[0]" postCellId="../inh/7/fs"/>
    <connectionWD id="1" preCellId="../exc/3/rs" postCellId="../inh/9/fs" weight="1.5" delay="2ms"/>
  </projection>
  <synapticConnection from="inh/3/fs" to="exc[1]" synapse="gaba" destination="synapses"/>
  <explicitInput target="exc[0]" input="drive" destination="synapses"/>
  <inputList id="bgIn" population="exc" component="bg">
    <input id="0" target="../exc[1]" destination="synapses"/>
    <inputW id="1" target="../exc[2]" destination="synapses" weight="0.5"/>
  </inputList>
  <inputList id="bgAll" population="inh" component="bg">
    <inputW id="0" target="../inh/3/fs" destination="synapses" weight="2"/>
    <inputW id="1" target="../inh/7/fs" destination="synapses" weight="2"/>
    <inputW id="2" target="../inh/9/fs" destination="synapses" weight="2"/>
  </inputList>
</network>`;

describe('importNeuroML: the supported elements', () => {
  const result = imported(doc(`${CELLS}\n${NETWORK}`));
  const e = result.experiment;

  it('reads izhikevichCell populations as the 2003 cell, sized and listed (instances renumbered in order); inhibitory by their synapses\' erev', () => {
    expect(e.populations).toEqual([
      { id: 'exc', size: 4, model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -70, vpeak: 30 },
      { id: 'inh', size: 3, model: 'izhikevich2003', a: 0.1, b: 0.2, c: -65, d: 2, v0: -65, vpeak: 30, role: 'inhibitory' },
    ]);
  });

  it('reads expOneSynapse in lab units (1 nS, 0.01 s = 10 ms) and only the synapse types used', () => {
    expect(e.synapseTypes).toEqual([
      { id: 'ampa', kind: 'expConductance', gbase: 0.5, tau: 5, erev: 0 },
      { id: 'gaba', kind: 'expConductance', gbase: 1, tau: 10, erev: -80 },
    ]);
  });

  it('reads connection (weight 1, no delay: one step), connectionWD and synapticConnection, both path forms', () => {
    expect(e.connections).toEqual([
      { pre: 'exc[0]', post: 'inh[1]', synapse: 'ampa', weight: 1, delay: 0.1 },
      { pre: 'exc[3]', post: 'inh[2]', synapse: 'ampa', weight: 1.5, delay: 2 },
      { pre: 'inh[0]', post: 'exc[1]', synapse: 'gaba', weight: 1, delay: 0.1 },
    ]);
    expect(result.skipped.some((m) => m.includes('<projection id="e_to_i"') && m.includes('1 connection(s) without a delay'))).toBe(true);
    expect(result.skipped.some((m) => m.includes('<synapticConnection>') && m.includes('one step (0.1 ms)'))).toBe(true);
  });

  it('reads explicitInput and inputList inputs; a list covering its population with one weight is one input', () => {
    expect(e.inputs).toEqual([
      { id: 'drive-exc-0', kind: 'pulse', target: 'exc[0]', start: 10, duration: 200, amplitude: 12 },
      { id: 'bgIn-0', kind: 'poisson', target: 'exc[1]', rate: 20, synapse: 'ampa', weight: 1 },
      { id: 'bgIn-1', kind: 'poisson', target: 'exc[2]', rate: 20, synapse: 'ampa', weight: 0.5 },
      { id: 'bgAll', kind: 'poisson', target: 'inh', rate: 20, synapse: 'ampa', weight: 2 },
    ]);
  });

  it('takes the step and length from the network properties', () => {
    expect(e.simulation).toMatchObject({ dt: 0.1, duration: 300, scheme: 'euler' });
  });

  it('reads the elements in any order: network first, components last gives the same experiment', () => {
    const reordered = imported(doc(`${NETWORK}\n${CELLS.split('\n').reverse().join('\n')}`));
    expect(reordered.experiment).toEqual(e);
  });

  it('runs: the driven neuron fires while its pulse lasts and not before', () => {
    const sim = simulate(e);
    sim.run(Math.round(300 / e.simulation.dt));
    const { neurons, times } = sim.spikes.drain();
    const exc0 = sim.net.indexOf.get('exc[0]');
    const driven = Array.from(times).filter((_, k) => neurons[k] === exc0);
    expect(driven.length).toBeGreaterThan(3);
    expect(Math.min(...driven)).toBeGreaterThan(10);
  });
});

describe('importNeuroML: LEMS simulation and ramps', () => {
  const lems = `<Lems>
  <Target component="sim"/>
  <Include file="Cells.xml"/>
  <Include file="test.nml"/>
  <Simulation id="sim" length="0.5s" step="0.05ms" target="net" seed="42">
    <OutputFile id="f" fileName="x.dat">
      <OutputColumn id="a" quantity="exc[2]/v"/>
      <OutputColumn id="b" quantity="inh/9/fs/U"/>
      <OutputColumn id="c" quantity="exc[0]/drive/I"/>
      <OutputColumn id="d" quantity="exc[0]/caConc"/>
    </OutputFile>
  </Simulation>
</Lems>`;

  it('sets length, step, seed and the traces from the Simulation, and names what it cannot record', () => {
    const result = imported(doc(`${CELLS}\n${NETWORK}`), { lems: { text: lems, fileName: 'LEMS_test.xml' } });
    expect(result.experiment.simulation).toMatchObject({ duration: 500, dt: 0.05, seed: 42 });
    expect(result.experiment.recording).toEqual({ watch: ['exc[2]', 'inh[2]', 'exc[0]'], variables: ['v', 'u', 'iext'] });
    expect(result.skipped).toContain('<OutputColumn id="d"> (line 10 of LEMS_test.xml): quantity "exc[0]/caConc": the lab records v, u, the synaptic conductance g and the input current, not caConc');
  });

  it('a step the lab cannot run is replaced by the next finer one it can, and said so', () => {
    const result = imported(doc(`${CELLS}\n${NETWORK}`), { lems: { text: lems.replace('0.05ms', '0.003ms'), fileName: 'LEMS_test.xml' } });
    expect(result.experiment.simulation.dt).toBe(0.01);
    expect(result.skipped.some((m) => m.includes('the step 0.003 ms is not one the lab runs'))).toBe(true);
  });

  it('a compoundInputDL is the sum of its generators', () => {
    const text = doc(`<izhikevichCell id="c1" v0="-70mV" thresh="30mV" a="0.02" b="0.2" c="-65" d="8"/>
<compoundInputDL id="train"><pulseGeneratorDL id="t0" delay="10ms" duration="5ms" amplitude="20"/><pulseGeneratorDL id="t1" delay="30ms" duration="5ms" amplitude="20"/></compoundInputDL>
<network id="n"><population id="p" component="c1" size="1"/><explicitInput target="p[0]" input="train"/></network>`);
    expect(imported(text).experiment.inputs).toEqual([
      { id: 'train-p', kind: 'pulse', target: 'p', start: 10, duration: 5, amplitude: 20 },
      { id: 'train-p-1', kind: 'pulse', target: 'p', start: 30, duration: 5, amplitude: 20 },
    ]);
  });

  it('a rampGeneratorDL is a constant baseline plus a sloped pulse, exactly its current', () => {
    const text = doc(`<izhikevichCell id="c1" v0="-60mV" thresh="30mV" a="0.02" b="-0.1" c="-55" d="6"/>
<rampGeneratorDL id="rg" delay="30ms" duration="170ms" startAmplitude="-32" finishAmplitude="50" baselineAmplitude="-32"/>
<network id="n"><population id="p" component="c1" size="1"/><explicitInput target="p[0]" input="rg"/></network>`);
    const e = imported(text).experiment;
    expect(e.inputs).toEqual([
      { id: 'rg-p', kind: 'pulse', target: 'p', start: 30, duration: 170, amplitude: 0, slope: 82 / 170 },
      { id: 'rg-p-baseline', kind: 'constant', target: 'p', amplitude: -32 },
    ]);
    const sim = simulate(e, ['p'], ['iext']);
    const steps = Math.round(250 / e.simulation.dt);
    sim.run(steps);
    const values = sim.traces.drain().values;
    const at = (ms: number) => values[Math.round(ms / e.simulation.dt)];
    expect(at(10)).toBeCloseTo(-32, 9);
    expect(at(115)).toBeCloseTo(-32 + (82 * 85) / 170, 6);
    expect(at(220)).toBeCloseTo(-32, 9);
  });
});

describe('importNeuroML: izhikevich2007Cell and the two-time-constant synapses', () => {
  const text = doc(`<izhikevich2007Cell id="RS" C="100pF" v0="-60mV" k="0.7nS_per_mV" vr="-60mV" vt="-40mV" vpeak="35mV" a="0.03per_ms" b="-2nS" c="-50mV" d="0.1nA"/>
<expTwoSynapse id="nmda" gbase="0.2nS" erev="0mV" tauRise="2ms" tauDecay="100ms"/>
<alphaSynapse id="gabaB" gbase="1nS" erev="-90mV" tau="20ms"/>
<pulseGenerator id="stim" delay="50ms" duration="200ms" amplitude="100pA"/>
<pulseGeneratorDL id="dl" delay="0ms" duration="10ms" amplitude="5"/>
<network id="n">
  <population id="a" component="RS" size="2"/>
  <projection id="p1" presynapticPopulation="a" postsynapticPopulation="a" synapse="nmda"><connectionWD id="0" preCellId="../a[0]" postCellId="../a[1]" weight="2" delay="1ms"/></projection>
  <projection id="p2" presynapticPopulation="a" postsynapticPopulation="a" synapse="gabaB"><connectionWD id="0" preCellId="../a[1]" postCellId="../a[0]" weight="0.5" delay="3ms"/></projection>
  <explicitInput target="a[0]" input="stim"/>
  <explicitInput target="a[1]" input="dl"/>
</network>`);
  const result = () => imported(text);

  it('reads the 2007 cell in its units (0.1 nA = 100 pA) and the synapses as expTwoConductance and alphaConductance', () => {
    expect(result().experiment.populations).toEqual([{ id: 'a', size: 2, model: 'izhikevich2007', C: 100, k: 0.7, vr: -60, vt: -40, vpeak: 35, a: 0.03, b: -2, c: -50, d: 100, v0: -60 }]);
    expect(result().experiment.synapseTypes).toEqual([
      { id: 'nmda', kind: 'expTwoConductance', gbase: 0.2, tauRise: 2, tauDecay: 100, erev: 0 },
      { id: 'gabaB', kind: 'alphaConductance', gbase: 1, tau: 20, erev: -90 },
    ]);
    expect(result().experiment.inputs).toEqual([{ id: 'stim-a-0', kind: 'pulse', target: 'a[0]', start: 50, duration: 200, amplitude: 100 }]);
  });

  it('refuses a dimensionless input onto a 2007 cell, as NeuroML does', () => {
    expect(result().skipped).toEqual(['<explicitInput> (line 12): pulseGeneratorDL (a dimensionless current) cannot drive an izhikevich2007Cell, whose inputs are currents; NeuroML rejects this pairing']);
  });

  it.runIf(engineStepsNeuroMLKinds())('runs: the driven RS cell fires only while its 100 pA pulse lasts', () => {
    const sim = simulate(result().experiment);
    sim.run(Math.round(400 / result().experiment.simulation.dt));
    const { neurons, times } = sim.spikes.drain();
    const a0 = Array.from(times).filter((_, k) => neurons[k] === 0);
    // Three spikes, all inside the 200 ms pulse.
    expect(a0.length).toBe(3);
    expect(Math.min(...a0)).toBeGreaterThan(50);
    expect(Math.max(...a0)).toBeLessThan(250);
  });
});

describe('importNeuroML: spike sources', () => {
  it('runs spikeArray and spikeGenerator populations as relay neurons firing at exactly their spike times', () => {
    const result = imported(doc(`${CELLS}
<spikeArray id="sa"><spike id="0" time="5ms"/><spike id="1" time="0.0123s"/><spike id="2" time="40ms"/></spikeArray>
<spikeGenerator id="sg" period="10ms"/>
<network id="net">
  <property tag="recommended_dt_ms" value="0.1"/>
  <population id="arr" component="sa" size="2"/>
  <population id="gen" component="sg" size="1"/>
  <population id="exc" component="rs" size="1"/>
  <projection id="drive" presynapticPopulation="arr" postsynapticPopulation="exc" synapse="ampa">
    <connectionWD id="0" preCellId="../arr[1]" postCellId="../exc[0]" weight="20" delay="1ms"/>
  </projection>
</network>`));
    expect(result.skipped.filter((m) => m.includes('relay'))).toEqual([
      '<population id="arr"> (line 12): its spike source runs as relay neurons: resting 2003 cells fired at the source\'s spike times (on this step, 0.1 ms) by one-step pulses of 1000000 pA',
      '<population id="gen"> (line 13): its spike source runs as relay neurons: resting 2003 cells fired at the source\'s spike times (on this step, 0.1 ms) by one-step pulses of 1000000 pA',
    ]);
    const e = result.experiment;
    const sim = simulate(e);
    sim.run(Math.round(60 / e.simulation.dt));
    const { neurons, times } = sim.spikes.drain();
    const of = (id: string) => Array.from(times).filter((_, k) => neurons[k] === sim.net.indexOf.get(id)).map((t) => Math.round(t * 1000) / 1000);
    expect(of('arr[0]')).toEqual([5, 12.3, 40]);
    expect(of('arr[1]')).toEqual([5, 12.3, 40]);
    expect(of('gen')).toEqual([10, 20, 30, 40, 50]);
    // Three arrivals of 20 x 0.5 nS make the resting cell fire.
    expect(of('exc').length).toBeGreaterThan(0);
    expect(Math.min(...of('exc'))).toBeGreaterThan(6);
  });
});

describe('importNeuroML: what it cannot import is named with its line', () => {
  it('skips unsupported elements and imports the rest', () => {
    const result = imported(doc(`${CELLS}
<iafCell id="iaf" leakReversal="-50mV" thresh="-55mV" reset="-70mV" C="0.2nF" leakConductance="0.01uS"/>
<sineGeneratorDL id="sine" phase="0" delay="0ms" duration="100ms" amplitude="3" period="10ms"/>
<voltageClamp id="sa" delay="0ms" duration="10ms" targetVoltage="-60mV" simpleSeriesResistance="1e6ohm"/>
<network id="net">
  <population id="exc" component="rs" size="2"/>
  <population id="iafs" component="iaf" size="2"/>
  <electricalProjection id="gj" presynapticPopulation="exc" postsynapticPopulation="exc"/>
  <explicitInput target="exc[0]" input="sine"/>
</network>`));
    expect(result.experiment.populations.map((p) => p.id)).toEqual(['exc']);
    // The sine (NeuroML's sineGeneratorDL) is the lab's sine input.
    expect(result.experiment.inputs).toEqual([{ id: 'sine-exc-0', kind: 'sine', target: 'exc[0]', start: 0, duration: 100, amplitude: 3, period: 10, phase: 0 }]);
    expect(result.skipped).toEqual([
      '<iafCell id="iaf"> (line 8): iafCell is not a kind the lab imports (it imports izhikevichCell, izhikevich2007Cell, expOneSynapse, expTwoSynapse, alphaSynapse, pulseGenerator(DL), rampGenerator(DL), sineGenerator(DL), compoundInput(DL), poissonFiringSynapse, transientPoissonFiringSynapse, spikeArray, spikeGenerator, spikeGeneratorPoisson, spikeGeneratorRefPoisson, spikeGeneratorRandom)',
      '<voltageClamp id="sa"> (line 10): voltageClamp is not a kind the lab imports (it imports izhikevichCell, izhikevich2007Cell, expOneSynapse, expTwoSynapse, alphaSynapse, pulseGenerator(DL), rampGenerator(DL), sineGenerator(DL), compoundInput(DL), poissonFiringSynapse, transientPoissonFiringSynapse, spikeArray, spikeGenerator, spikeGeneratorPoisson, spikeGeneratorRefPoisson, spikeGeneratorRandom)',
      '<population id="iafs"> (line 13): refers to the cell "iaf", which was not imported (iafCell is not a kind the lab imports (it imports izhikevichCell, izhikevich2007Cell, expOneSynapse, expTwoSynapse, alphaSynapse, pulseGenerator(DL), rampGenerator(DL), sineGenerator(DL), compoundInput(DL), poissonFiringSynapse, transientPoissonFiringSynapse, spikeArray, spikeGenerator, spikeGeneratorPoisson, spikeGeneratorRefPoisson, spikeGeneratorRandom))',
      '<electricalProjection id="gj"> (line 14): electricalProjection is not imported (the lab imports population, projection, synapticConnection, explicitInput and inputList)',
    ]);
  });

  it('names unknown units, missing attributes, bad paths and indices past the size', () => {
    const result = imported(doc(`<izhikevichCell id="rs" v0="-70mV" thresh="30mV" a="0.02" b="0.2" c="-65" d="8"/>
<expOneSynapse id="bad" gbase="0.5mF" erev="0mV" tauDecay="5ms"/>
<expOneSynapse id="noTau" gbase="0.5nS" erev="0mV"/>
<expOneSynapse id="ok" gbase="0.5nS" erev="0mV" tauDecay="5ms"/>
<network id="net">
  <population id="p" component="rs" size="3"/>
  <projection id="pr" presynapticPopulation="p" postsynapticPopulation="p" synapse="ok">
    <connectionWD id="0" preCellId="../p[0]" postCellId="../p[3]" weight="1" delay="1ms"/>
    <connectionWD id="1" preCellId="p-0" postCellId="../p[1]" weight="1" delay="1ms"/>
    <connectionWD id="2" preCellId="../q[0]" postCellId="../p[1]" weight="1" delay="1ms"/>
    <connectionWD id="3" preCellId="../p[0]" postCellId="../p[2]" weight="1"/>
    <connectionWD id="4" preCellId="../p[1]" postCellId="../p[2]" weight="2" delay="1.5ms"/>
  </projection>
  <projection id="pb" presynapticPopulation="p" postsynapticPopulation="p" synapse="bad"/>
</network>`));
    expect(result.experiment.connections).toEqual([{ pre: 'p[1]', post: 'p[2]', synapse: 'ok', weight: 2, delay: 1.5 }]);
    expect(result.skipped).toEqual([
      '<expOneSynapse id="bad"> (line 3): gbase: "0.5mF": unit mF is not a conductance unit (S, mS, uS, nS, pS)',
      '<expOneSynapse id="noTau"> (line 4): attribute tauDecay is missing',
      '<connectionWD id="0"> (line 9): postCellId "../p[3]": index 3 is not below the size 3 of population "p"',
      '<connectionWD id="1"> (line 10): preCellId "p-0" is not a cell path (../pop[i] or ../pop/i/cellId)',
      '<connectionWD id="2"> (line 11): preCellId "../q[0]" refers to the population "q", which the document does not define',
      '<connectionWD id="3"> (line 12): attribute delay is missing',
      '<projection id="pb"> (line 15): refers to the synapse "bad", which was not imported (it could not be read)',
      '<projection id="pr"> (line 8): put a conductance synapse on an izhikevichCell, whose inputs NeuroML makes dimensionless, so NeuroML\'s simulators cannot run this; the lab runs it, reading g (erev - v) in its 2003 units (pA at C = 1 pF)',
    ]);
  });

  it('refuses malformed XML, naming the line', () => {
    expect(refused(`${HEAD}\n<izhikevichCell id="a" v0="-70mV">\n</neuroml>`)).toMatch(/^test\.nml, line 2: not well-formed XML: .*izhikevichCell/);
    expect(refused('')).toMatch(/^test\.nml: not well-formed XML/);
  });

  it('refuses a document that is not NeuroML, or has no network, or nothing the lab runs', () => {
    expect(refused('<svg/>')).toBe('test.nml: the document element is <svg>, not <neuroml> (a NeuroML 2 document) or <Lems>');
    expect(refused(doc(CELLS))).toBe('test.nml: no <network> to import');
    expect(refused(doc('<iafCell id="i" leakReversal="-50mV" thresh="-55mV" reset="-70mV" C="0.2nF" leakConductance="0.01uS"/><network id="n"><population id="p" component="i" size="1"/></network>')))
      .toMatch(/^test\.nml: nothing to import: no population of izhikevichCell or izhikevich2007Cell could be read\n<iafCell id="i"> \(line 2\)/);
  });

  it('refuses entity tricks safely: an external entity (XXE) and billion laughs', () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE neuroml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n${doc('<notes>&xxe;</notes>')}`;
    expect(refused(xxe)).toMatch(/^test\.nml, line 2: a document type declaration \(<!DOCTYPE>\) is not accepted/);
    const lol = ['<!ENTITY lol0 "lol">', ...Array.from({ length: 9 }, (_, k) => `<!ENTITY lol${k + 1} "${`&lol${k};`.repeat(10)}">`)].join('');
    const laughs = `<!DOCTYPE neuroml [${lol}]>\n${doc('<notes>&lol9;</notes>')}`;
    expect(refused(laughs)).toMatch(/^test\.nml, line 1: a document type declaration/);
    // Without a DOCTYPE an entity reference is an undefined entity: an XML error, never expanded.
    expect(refused(doc('<notes>&lol9;</notes>'))).toMatch(/not well-formed XML: entity not found/);
  });

  it('refuses a population larger than the memory budget before building it', () => {
    const result = imported(doc(`${CELLS}\n<network id="n"><population id="huge" component="rs" size="1000000000000"/><population id="p" component="rs" size="2"/></network>`));
    expect(result.experiment.populations.map((p) => p.id)).toEqual(['p']);
    expect(result.skipped[0]).toMatch(/^<population id="huge"> \(line 8\): 1,000,000,000,000 neurons .* more memory than the lab's budget \(1024 MiB\) allows$/);
  });

  it('refuses a document with more elements than the budget can hold, before parsing it', () => {
    const result = importNeuroML(doc('<notes/>'.repeat(2000)), 'big.nml', { budget: { bytes: 1024 * 1024 } });
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/^big\.nml: 2,002 XML elements would take about 2 MiB to read/) });
  });

  it('refuses negative weights on conductance synapses rather than flipping them', () => {
    const result = imported(doc(`${CELLS}<network id="n"><population id="p" component="rs" size="2"/>
<projection id="pr" presynapticPopulation="p" postsynapticPopulation="p" synapse="ampa"><connectionWD id="0" preCellId="../p[0]" postCellId="../p[1]" weight="-1" delay="1ms"/></projection></network>`));
    expect(result.experiment.connections).toEqual([]);
    expect(result.skipped).toContain('<projection id="pr"> (line 8): 1 connection(s) with a negative weight not imported: a negative weight makes a negative conductance, which the lab does not allow (NeuroML inhibits through erev)');
  });

  it('lists includes it was not given', () => {
    const text = doc(`<include href="cells.nml"/>\n${NETWORK}`);
    expect(includedFiles(text)).toEqual(['cells.nml']);
    const message = refused(text);
    expect(message).toContain('<include> (line 2): the included file "cells.nml" was not given; open it together with this file to import its contents');
    const withCells = imported(text, { includes: [{ text: doc(CELLS), fileName: 'cells.nml' }] });
    expect(withCells.skipped.some((m) => m.includes('include'))).toBe(false);
    expect(withCells.experiment.populations).toHaveLength(2);
  });

  it('tells XML from JSON', () => {
    expect(looksLikeXml('\uFEFF  <neuroml/>')).toBe(true);
    expect(looksLikeXml('{"format": "spiking-lab/experiment"}')).toBe(false);
  });
});
