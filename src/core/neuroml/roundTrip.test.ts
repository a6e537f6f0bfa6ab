import { describe, expect, it } from 'vitest';
import { simulate } from '../../../test/helpers.ts';
import { compileExperiment } from '../engine/compile.ts';
import { GALLERY } from '../experiment/gallery.ts';
import type { Experiment } from '../experiment/types.ts';
import { engineStepsNeuroMLKinds } from './engineSupport.ts';
import { exportNeuroML } from './export.ts';
import { importNeuroML } from './import.ts';

/** lab -> NeuroML (exportNeuroML) -> lab (importNeuroML, the network with its LEMS file). */
function roundTrip(experiment: Experiment): { experiment: Experiment; skipped: string[] } {
  const out = exportNeuroML(experiment);
  const nml = out.files.find((f) => f.path.endsWith('.net.nml'));
  const lems = out.files.find((f) => f.path.startsWith('LEMS_'));
  if (!nml || !lems) throw new Error(`no files: ${out.notes.join('; ')}`);
  const result = importNeuroML(lems.text, lems.path, { includes: [{ text: nml.text, fileName: nml.path }] });
  if (!result.ok) throw new Error(result.message);
  return result;
}

function spikes(experiment: Experiment, ms: number): string {
  const sim = simulate(experiment);
  sim.run(Math.round(ms / experiment.simulation.dt));
  const { neurons, times } = sim.spikes.drain();
  return Array.from(times, (t, k) => `${t.toFixed(6)} ${sim.net.ids[neurons[k]]}`).join('\n');
}

describe('round trip lab -> NeuroML -> lab', () => {
  for (const entry of GALLERY) {
    it(`${entry.id}: every exported element is imported back, with the same step, length, seed and neuron count`, () => {
      const original = entry.make();
      const back = roundTrip(original);
      expect(back.skipped).toEqual([]);
      expect(back.experiment.simulation).toMatchObject({ dt: original.simulation.dt, duration: original.simulation.duration, seed: original.simulation.seed });
      const count = (e: Experiment) => e.neurons.length + e.populations.reduce((n, p) => n + p.size, 0);
      expect(count(back.experiment)).toBe(count(original));
    });
  }

  it('single-neuron-step (izhikevichCell with pulseGeneratorDL): the same neuron and, stepped the same way, the same spikes', () => {
    const original = GALLERY.find((g) => g.id === 'single-neuron-step')?.make();
    if (!original) throw new Error('no single-neuron-step');
    const back = roundTrip(original).experiment;
    expect(compileExperiment(back).ids).toEqual(compileExperiment(original).ids);
    // NeuroML has no word for the lab's half-step scheme: the import steps by Euler, as jLEMS does.
    expect(back.simulation.scheme).toBe('euler');
    back.simulation.scheme = original.simulation.scheme;
    const expected = spikes(original, 1000);
    expect(expected.split('\n').length).toBeGreaterThan(5);
    expect(spikes(back, 1000)).toBe(expected);
  });

  it.runIf(engineStepsNeuroMLKinds())('excite-and-inhibit (2003 cells written as izhikevich2007 through the exact mapping): the same spike count per neuron', () => {
    const original = GALLERY[0].make();
    const back = roundTrip(original).experiment;
    back.simulation.scheme = 'euler';
    original.simulation.scheme = 'euler';
    const perNeuron = (text: string) => text.split('\n').map((l) => l.split(' ')[1]).sort().join(',');
    expect(perNeuron(spikes(back, 1000))).toBe(perNeuron(spikes(original, 1000)));
  });
});
