import { describe, expect, it } from 'vitest';
import { compileExperiment } from './compile.ts';
import { Simulation } from './simulation.ts';
import type { RandomDraws } from '../experiment/types.ts';
import { conductanceNetwork } from '../../../test/helpers.ts';

/**
 * The conductance network with what a run carries between steps beyond v, u and the conductances:
 * spikes in flight for up to 20 steps, a current synapse whose 3-step pulses outlast a step, noise held
 * for 2 steps, Poisson drive, and (in the runs below) a weight edited while its spikes are in flight.
 */
function network(randomDraws: RandomDraws) {
  const exp = conductanceNetwork({ randomDraws });
  exp.synapseTypes.push({ id: 'slow', kind: 'current', pulse: 3 });
  exp.connections.push({ pre: 'E[1]', post: 'E[2]', synapse: 'slow', weight: 6, delay: 2 }, { pre: 'E[5]', post: 'E[2]', synapse: 'ampa', weight: 0.5, delay: 7 });
  exp.inputs[0] = { id: 'noise', kind: 'noise', target: 'E', mean: 2, sd: 4, hold: 2 };
  return compileExperiment(exp);
}

function spikesOf(sim: Simulation) {
  const { neurons, times } = sim.spikes.drain();
  return { neurons: Array.from(neurons), times: Array.from(times) };
}

describe('Simulation.runState and continueExactly', () => {
  for (const draws of ['counter-ziggurat', 'polar-stream'] as const) {
    it(`another Simulation takes over a run and goes on with its spikes (${draws} draws)`, () => {
      const edit = { kind: 'connection' as const, index: 1, param: 'weight' as const, value: 2 };
      const still = new Simulation(network(draws));
      still.run(137);
      still.applyEdit(edit);
      still.run(263);
      const all = spikesOf(still);
      const first = new Simulation(network(draws));
      first.run(137);
      first.applyEdit(edit);
      const before = spikesOf(first);
      const next = new Simulation(network(draws));
      next.applyEdit(edit);
      expect(next.continueExactly([first.runState()])).toBe(true);
      next.run(263);
      const after = spikesOf(next);
      expect(after.times[0]).toBeGreaterThanOrEqual(137);
      expect({ neurons: [...before.neurons, ...after.neurons], times: [...before.times, ...after.times] }).toEqual(all);
      expect(all.times.length).toBeGreaterThan(500);
      // The spikes in flight are what the move has to carry: without them (continueFrom) the run goes elsewhere.
      const approximate = new Simulation(network(draws));
      approximate.applyEdit(edit);
      const again = new Simulation(network(draws));
      again.run(137);
      again.applyEdit(edit);
      again.spikes.drain();
      approximate.continueFrom(again.snapshot());
      approximate.run(263);
      expect(spikesOf(approximate)).not.toEqual(after);
    });
  }

  it('refuses the state of another network, and of parts that do not cover every neuron', () => {
    const sim = new Simulation(network('counter-ziggurat'));
    sim.run(10);
    const other = new Simulation(compileExperiment(conductanceNetwork({ inhibitory: 5 })));
    expect(other.continueExactly([sim.runState()])).toBe(false);
    const state = sim.runState();
    expect(new Simulation(network('counter-ziggurat')).continueExactly([{ ...state, hi: 50 }])).toBe(false);
    expect(new Simulation(network('counter-ziggurat')).continueExactly([])).toBe(false);
  });
});
