import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compileExperiment } from '../engine/compile.ts';
import { Simulation } from '../engine/simulation.ts';
import { defaultExperiment, izhikevich2003Network } from '../experiment/examples.ts';
import { writeupVsStandardSynapse } from '../experiment/gallery.ts';
import { rs2007Neuron } from '../experiment/cellModels.ts';
import { songMillerAbbott } from '../experiment/songMillerAbbott.ts';
import { experiment, neuron } from '../../../test/helpers.ts';
import { channelConstants } from '../engine/conductanceChannels.ts';
import { portableExp } from '../portableMath.ts';
import { exportNeuronFolder, type NeuronNetworkFile } from './exportNeuron.ts';

function fileOf(files: { path: string; text: string }[], path: string): string {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path} in ${files.map((f) => f.path).join(', ')}`);
  return file.text;
}

function networkOf(files: { path: string; text: string }[]): NeuronNetworkFile {
  return JSON.parse(fileOf(files, 'network.json')) as NeuronNetworkFile;
}

describe('exportNeuronFolder', () => {
  it('writes the folder: README, run.py, the mechanism, the network, its synapses and the drawn noise', () => {
    const { files } = exportNeuronFolder(defaultExperiment());
    expect(files.map((f) => f.path)).toEqual([
      'README.md', 'run.py', 'mechanisms/IzhikevichLab.mod', 'network.json', 'synapses.txt', 'inputs/follower-noise.txt',
    ]);
  });

  it('writes the cells as the lab drew them and the synapses in the lab\'s order with delays in steps', () => {
    const exp = izhikevich2003Network(50, 10);
    const net = compileExperiment(exp);
    const { files } = exportNeuronFolder(exp);
    const written = networkOf(files);
    expect(written.neurons).toEqual(net.ids);
    expect(written.cells.c).toEqual(Array.from(net.cells.c));
    expect(written.cells.d).toEqual(Array.from(net.cells.d));
    expect(written.steps).toBe(1000);
    expect(written.substeps).toBe(2);
    const lines = fileOf(files, 'synapses.txt').trim().split('\n');
    expect(lines).toHaveLength(500);
    const { rowStart, post, weight, delaySteps } = net.synapses;
    // Synapse s of the lab is line s: by presynaptic neuron, then row; the weight's text reads back to the same double.
    for (const s of [0, 7, 251, 499]) {
      const pre = rowStart.findLastIndex((start) => start <= s);
      expect(lines[s].split(' ').map(Number)).toEqual([pre, post[s], 0, weight[s], delaySteps[s]]);
    }
  });

  it('gives each conductance type the lab\'s exact decay and step mean, and current types their pulse sections', () => {
    const exp = experiment({
      neurons: [neuron('a'), neuron('b')],
      synapseTypes: [
        { id: 'E', kind: 'expConductance', gbase: 0.5, tau: 5, erev: 0 },
        { id: 'k2', kind: 'current', pulse: 2 },
        { id: 'k1', kind: 'current' },
        { id: 'k2b', kind: 'current', pulse: 2 },
      ],
      connections: [{ pre: 'a', post: 'b', synapse: 'E', weight: 1, delay: 1 }],
    });
    const written = networkOf(exportNeuronFolder(exp).files);
    const decay = portableExp(-1 / 5);
    expect(written.channels).toEqual([{ id: 'E', gbase: 0.5, erev: 0, decay, mean: 5 * (1 - decay), feed: 0, gNow: 0.5 }]);
    expect(written.sections).toEqual([2, 1]);
    expect(written.ring).toBe(2);
    expect(written.synapseTypes.map((t) => (t.kind === 'writeup' ? -1 : t.index))).toEqual([0, 0, 1, 0]);
  });

  it('writes the noise current the lab adds, step by step', () => {
    const exp = experiment({
      dt: 0.5,
      neurons: [neuron('a'), neuron('b')],
      inputs: [{ id: 'n', kind: 'noise', target: 'b', mean: 2, sd: 3, hold: 1.5 }],
      recording: { watch: ['b'], variables: ['iext'] },
    });
    exp.simulation.duration = 20;
    const rows = fileOf(exportNeuronFolder(exp).files, 'inputs/n.txt').trim().split('\n');
    expect(rows).toHaveLength(1);
    const held = rows[0].split(' ').map(Number);
    // 40 steps, held for 3 steps each: 14 intervals.
    expect(held).toHaveLength(14);
    const sim = new Simulation(compileExperiment(exp), Int32Array.of(1), ['iext']);
    sim.run(40);
    const lab = Array.from(sim.traces.values.slice(0, 40));
    expect(lab).toEqual(Array.from({ length: 40 }, (_, k) => held[Math.floor(k / 3)]));
    expect(new Set(held).size).toBe(14);
  });

  it('writes the Poisson counts the lab draws', () => {
    for (const randomDraws of ['counter-ziggurat', 'polar-stream'] as const) {
      const exp = experiment({
        randomDraws,
        neurons: [neuron('a', { a: 0, b: 0, v0: -70 })],
        synapseTypes: [{ id: 'E', kind: 'expConductance', gbase: 1, tau: 2, erev: 0 }],
        inputs: [{ id: 'p', kind: 'poisson', target: 'a', rate: 300, synapse: 'E', weight: 1 }],
        recording: { watch: ['a'], variables: ['g'] },
      });
      exp.simulation.duration = 200;
      const row = fileOf(exportNeuronFolder(exp).files, 'inputs/p.txt').trim().split(' ').map(Number);
      const written = new Array<number>(200).fill(0);
      for (let k = 0; k < row.length; k += 2) written[row[k]] = row[k + 1];
      // The lab's g after step m is (g before + count) decayed: the counts it drew, read back from g.
      const sim = new Simulation(compileExperiment(exp), Int32Array.of(0), ['g']);
      sim.run(200);
      const decay = portableExp(-1 / 2);
      const g = sim.traces.values;
      const drawn = Array.from({ length: 200 }, (_, m) => Math.round(g[m] / decay - (m > 0 ? g[m - 1] : 0)) + 0);
      expect(written).toEqual(drawn);
      expect(drawn.reduce((x, y) => x + y, 0)).toBeGreaterThan(30);
    }
  });

  it('names what NEURON runs differently: write-up synapses put every cell on one process', () => {
    const { files, notes } = exportNeuronFolder(writeupVsStandardSynapse());
    expect(networkOf(files).oneRank).toBe(true);
    expect(notes.some((note) => /write-up/i.test(note) && /process 0/.test(note))).toBe(true);
    expect(fileOf(files, 'README.md')).toContain(notes[notes.length - 1]);
    const plain = exportNeuronFolder(experiment({ neurons: [neuron('a')], inputs: [{ id: 'i', kind: 'constant', target: 'a', amplitude: 5 }] }));
    expect(networkOf(plain.files).oneRank).toBe(false);
    expect(plain.notes).toEqual([]);
  });

  it('writes the 2007 cell as the kernel the lab steps it with, 1 / C included', () => {
    const exp = experiment({ neurons: [neuron('old'), rs2007Neuron('new')] });
    const cells = networkOf(exportNeuronFolder(exp).files).cells;
    // RS: C = 100 pF, k = 0.7 nS/mV, vr = -60 mV, vt = -40 mV; u starts at 0 pA.
    expect(cells.invC).toEqual([1, 1 / 100]);
    expect(cells.p2).toEqual([0.04, 0.7 / 100]);
    expect(cells.p1[1]).toBe(-(0.7 / 100) * (-60 + -40));
    expect(cells.p0[1]).toBe((0.7 / 100) * -60 * -40);
    expect(cells.vb).toEqual([0, -60]);
    expect(cells.u0).toEqual([0.2 * -70, 0]);
  });

  it('gives expTwo and alpha synapses the lab\'s two channels each, arrivals entering the second', () => {
    const exp = experiment({
      dt: 0.5,
      neurons: [neuron('a'), neuron('b')],
      synapseTypes: [
        { id: 'E', kind: 'expConductance', gbase: 0.5, tau: 5, erev: 0 },
        { id: 'R', kind: 'expTwoConductance', gbase: 2, tauRise: 1, tauDecay: 6, erev: 0 },
        { id: 'A', kind: 'alphaConductance', gbase: 1, tau: 3, erev: -80 },
      ],
      inputs: [{ id: 'p', kind: 'poisson', target: 'b', rate: 100, synapse: 'A', weight: 1 }],
    });
    const written = networkOf(exportNeuronFolder(exp).files);
    const types = compileExperiment(exp).synapseTypes;
    const expected = [[types[0], 0], [types[1], 0], [types[1], 1], [types[2], 0], [types[2], 1]] as const;
    expect(written.channels).toEqual(expected.map(([type, index]) => {
      const { gbase, mean, decay, feed, gNow } = channelConstants(type, index, 0.5, portableExp);
      return { id: index === 0 ? type.id : `${type.id}#1`, gbase, erev: type.erev, mean, decay, feed, gNow };
    }));
    // An output channel takes from its entry channel: alpha's feed is e^(1 - dt / tau) dt / tau.
    expect(written.channels[3].feed).toBeCloseTo(Math.exp(1 - 0.5 / 3) * (0.5 / 3), 12);
    expect(written.synapseTypes.map((t) => (t.kind === 'writeup' ? -1 : t.index))).toEqual([0, 2, 4]);
    const poisson = written.inputs[0];
    expect(poisson.kind === 'poisson' && poisson.channel).toBe(4);
  });

  it('writes plastic synapse types with their rule, the weights as the build clipped them, and says where they learn', () => {
    const exp = songMillerAbbott({ inputs: 20, correlated: 5, duration: 100 });
    const net = compileExperiment(exp);
    const { files, notes } = exportNeuronFolder(exp);
    const written = networkOf(files);
    expect(written.rules).toEqual([{ rule: 'stdp', pairing: 'all-to-all', update: 'additive', aPlus: 0.01, aMinus: 0.012, tauPlus: 20, tauMinus: 20, wMax: 1 }]);
    expect(written.synapseTypes.map((t) => (t.kind === 'writeup' ? undefined : t.rule))).toEqual([undefined, 0, undefined]);
    const lines = fileOf(files, 'synapses.txt').trim().split('\n').map((line) => line.split(' ').map(Number));
    const plastic = lines.filter((line) => line[2] === 1);
    expect(plastic).toHaveLength(20);
    expect(plastic.map((line) => line[3])).toEqual(Array.from(net.plasticity?.initialWeight ?? []));
    expect(notes.some((note) => /STDP/.test(note) && /weights\.csv/.test(note))).toBe(true);
    expect(fileOf(files, 'README.md')).toContain('`weights.csv` (`pre,post,weight`');
    const run = fileOf(files, 'run.py');
    for (const text of ['nc.weight[3] = syn', 'order += (max_delay + 1) * synapse_count', 'plweight(k)', 'weights.csv']) expect(run).toContain(text);
  });

  it('writes a README with both commands and what Debian\'s NEURON needs', () => {
    const readme = fileOf(exportNeuronFolder(defaultExperiment(), { processes: 4 }).files, 'README.md');
    for (const text of ['nrnivmodl mechanisms', 'mpiexec -n 4 python3 run.py', 'LIBRARY_PATH=/usr/lib/nrn', 'nrnmech_makefile', 'NRNHOME_EXEC', '--allow-run-as-root', '--oversubscribe', 'ivstream.h']) {
      expect(readme).toContain(text);
    }
  });

  it('writes a run.py that distributes gids round robin, connects through the ParallelContext and loads the built library itself', () => {
    const run = fileOf(exportNeuronFolder(defaultExperiment()).files, 'run.py');
    for (const text of ['h.nrnmpi_init()', 'h.ParallelContext()', 'pc.timeout(0)', 'gid % HOSTS', 'pc.set_gid2node(gid, RANK)', 'pc.gid_connect(pre, cells[gid])', 'pc.set_maxstep(', 'pc.psolve(', 'pc.py_gather(', 'h.nrn_load_dll(', 'CVode().active(0)', 'spikes.csv', 'traces.csv']) {
      expect(run).toContain(text);
    }
    // NetCon delays (D - 1/4) dt: the mechanism's step events sit at m dt + dt/8.
    expect(run).toContain('nc.delay = (delay - 0.25) * dt');
    const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['--version'], { stdio: 'ignore' }).status === 0);
    if (python !== undefined) {
      const parsed = spawnSync(python, ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: run, encoding: 'utf8' });
      expect(parsed.stderr).toBe('');
      expect(parsed.status).toBe(0);
    }
  });

  it('writes the mechanism as an artificial cell that keeps its NetCon weights and steps in self-events', () => {
    const mod = fileOf(exportNeuronFolder(defaultExperiment()).files, 'mechanisms/IzhikevichLab.mod');
    expect(mod).toMatch(/ARTIFICIAL_CELL IzhikevichLab/);
    expect(mod).toMatch(/NET_RECEIVE \(w, code, order, syn\) \{[^}]*INITIAL \{ code = code {2}order = order {2}syn = syn \}/);
    expect(mod).toContain('0.125 * dtlab()');
    // No fused multiply-add: the lab's arithmetic rounds after every operation.
    expect(mod).toContain('fp-contract=off');
  });
});

describe('exportNeuronFolder at scale', () => {
  it('splits long data into parts a string holds, in order', () => {
    const exp = izhikevich2003Network();
    exp.simulation.duration = 50;
    const { files } = exportNeuronFolder(exp);
    const written = networkOf(files);
    expect(written.synapseFiles).toEqual(['synapses-0.txt', 'synapses-1.txt', 'synapses-2.txt']);
    const lines = written.synapseFiles.flatMap((path) => fileOf(files, path).trim().split('\n'));
    expect(lines).toHaveLength(1_000_000);
    expect(lines[400_000].split(' ')[0]).toBe('400');
    expect(lines[999_999].split(' ').slice(0, 2)).toEqual(['999', '999']);
  });
});
