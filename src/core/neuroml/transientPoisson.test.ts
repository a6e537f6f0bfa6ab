import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { experiment, neuron, simulate } from '../../../test/helpers.ts';
import type { Experiment, InputSpec } from '../experiment/types.ts';
import { exportNeuroML } from './export.ts';
import { importNeuroML } from './import.ts';

const SCHEMA = new URL('../../../test/fixtures/neuroml/NeuroML_v2.3.1.xsd', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'nml-transient-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One resting neuron driven by a Poisson input through an exp conductance, dt 0.1 ms. */
function driven(input: Partial<Extract<InputSpec, { kind: 'poisson' }>>): Experiment {
  return experiment({
    dt: 0.1, scheme: 'euler', seed: 5,
    neurons: [neuron('n')],
    synapseTypes: [{ id: 'ampa', kind: 'expConductance', gbase: 1, tau: 5, erev: 0 }],
    inputs: [{ id: 'bg', kind: 'poisson', target: 'n', rate: 200, synapse: 'ampa', weight: 0.1, ...input }],
  });
}

/** The steps (of 3,000: 300 ms) in which the conductance jumps: those in which Poisson spikes arrive. */
function jumps(e: Experiment): number[] {
  const sim = simulate(e, ['n'], ['g']);
  sim.run(3000);
  // One sample per step (one neuron, one variable).
  const g = Array.from(sim.traces.drain().values);
  expect(g).toHaveLength(3000);
  return g.flatMap((x, k) => (x > (k > 0 ? g[k - 1] : 0) ? [k] : []));
}

describe('a Poisson input with a window (transientPoissonFiringSynapse)', () => {
  it('fires only from start for duration, and there exactly as the input without a window does', () => {
    const always = jumps(driven({}));
    const windowed = jumps(driven({ start: 100, duration: 100 }));
    expect(always.length).toBeGreaterThan(40);
    expect(windowed.length).toBeGreaterThan(10);
    expect(windowed).toEqual(always.filter((k) => k >= 1000 && k < 2000));
  });

  it('is written as transientPoissonFiringSynapse (valid against the v2.3.1 schema) and read back as the same input', () => {
    const original = driven({ start: 100, duration: 150 });
    const { files } = exportNeuroML(original);
    expect(files[0].text).toContain('<transientPoissonFiringSynapse id="bg" averageRate="200Hz" delay="100ms" duration="150ms" synapse="ampa" spikeTarget="./ampa"/>');
    const path = join(dir, files[0].path);
    writeFileSync(path, files[0].text);
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMA, path], { stdio: 'pipe' });
    const back = importNeuroML(files[1].text, files[1].path, { includes: [{ text: files[0].text, fileName: files[0].path }] });
    if (!back.ok) throw new Error(back.message);
    expect(back.experiment.inputs).toEqual(original.inputs);
  });

  it('is imported from a hand-written document onto a population, its window in ms', () => {
    const text = `<neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="doc">
<izhikevich2007Cell id="rs" C="100pF" v0="-60mV" k="0.7nS_per_mV" vr="-60mV" vt="-40mV" vpeak="35mV" a="0.03per_ms" b="-2nS" c="-50mV" d="100pA"/>
<expOneSynapse id="ampa" gbase="1nS" erev="0mV" tauDecay="5ms"/>
<transientPoissonFiringSynapse id="burst" averageRate="0.05per_ms" delay="0.2s" duration="300ms" synapse="ampa" spikeTarget="./ampa"/>
<network id="net">
  <population id="p" component="rs" size="3"/>
  <inputList id="in" population="p" component="burst">
    <input id="0" target="../p[0]" destination="synapses"/>
    <input id="1" target="../p[1]" destination="synapses"/>
    <input id="2" target="../p[2]" destination="synapses"/>
  </inputList>
</network>
</neuroml>`;
    const result = importNeuroML(text, 'burst.nml');
    if (!result.ok) throw new Error(result.message);
    expect(result.skipped).toEqual([]);
    expect(result.experiment.inputs).toEqual([{ id: 'in', kind: 'poisson', target: 'p', rate: 50, synapse: 'ampa', weight: 1, start: 200, duration: 300 }]);
  });
});
