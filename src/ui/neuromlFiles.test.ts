import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serializeExperiment } from '../core/experiment/validate.ts';
import { defaultExperiment } from '../core/experiment/examples.ts';
import { readOpenedFiles } from './neuromlFiles.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const fixture = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(`test/fixtures/neuroml/${name}`)) });

describe('readOpenedFiles', () => {
  it('reads one experiment JSON as before', () => {
    const result = readOpenedFiles([{ name: 'x.json', bytes: bytes(serializeExperiment(defaultExperiment())) }]);
    expect(result).toEqual({ ok: true, value: { experiment: defaultExperiment(), skipped: [], names: 'x.json' } });
  });

  it('reads a NeuroML file by its content even without its extension', () => {
    const file = fixture('LEMS_NML2_Ex2_Izh.xml');
    const result = readOpenedFiles([{ ...file, name: 'download' }]);
    expect(result.ok && result.value.experiment.neurons.map((n) => n.id)).toEqual(['izpopBurst', 'izpopTonic', 'izpopMixed', 'izpopClass1']);
  });

  it('a LEMS file without the network it includes names the file to add', () => {
    const result = readOpenedFiles([fixture('LEMS_example_izhikevich2007network_sim.xml')]);
    expect(result).toEqual({ ok: false, message: expect.stringContaining('the included file "izhikevich2007_network.nml" was not given; open it together with this file') });
  });

  it('a network and its LEMS file opened together: the LEMS file leads, its Simulation sets the run', () => {
    const result = readOpenedFiles([fixture('izhikevich2007_network.nml'), fixture('LEMS_example_izhikevich2007network_sim.xml')]);
    if (!result.ok) throw new Error(result.message);
    expect(result.value.names).toBe('izhikevich2007_network.nml, LEMS_example_izhikevich2007network_sim.xml');
    expect(result.value.experiment.simulation).toMatchObject({ duration: 1000, dt: 0.1, seed: 123 });
    expect(result.value.experiment.populations.map((p) => p.id)).toEqual(['IzPop0', 'IzPop1']);
  });

  it('keeps the messages of broken JSON files', () => {
    expect(readOpenedFiles([{ name: 'empty.json', bytes: new Uint8Array(0) }])).toEqual({ ok: false, message: expect.stringContaining('Could not open empty.json: the file is empty') });
  });
});
