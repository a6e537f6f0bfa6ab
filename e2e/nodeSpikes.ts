/** What Node's engine (`npm run sim`) gives for the same experiment, to compare the page's spikes with. */
import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import type { Experiment } from '../src/core/experiment/types.ts';
import { spikesToCsv } from '../src/core/io/spikesCsv.ts';
import { importNeuroML } from '../src/core/neuroml/import.ts';

/** Node's spikes of `experiment` over `ms` as the lab's CSV. */
export function nodeSpikesCsv(experiment: Experiment, ms: number): string {
  const sim = new Simulation(compileExperiment(experiment));
  sim.run(Math.round(ms / sim.net.dt));
  const { neurons, times } = sim.spikes.drain();
  return spikesToCsv(neurons, times, sim.net.ids);
}

/** Node's spikes of a NeuroML document imported as the page imports it, run for `ms`. */
export function importedSpikesCsv(text: string, name: string, ms: number): string {
  const result = importNeuroML(text, name);
  if (!result.ok) throw new Error(result.message);
  return nodeSpikesCsv(result.experiment, ms);
}
