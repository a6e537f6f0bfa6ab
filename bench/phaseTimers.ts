/**
 * Timers around the engine's phase methods, for `npm run bench:phases` (one thread, or each thread of a
 * split run: bench/thread-worker.ts). Each wrapped method adds its wall time to a total: a few calls of
 * performance.now per step, nothing next to a step of a millisecond. The methods are private: reached
 * through the prototype, as a profiler would.
 */
import { SpikeExchange } from '../src/core/engine/exchange.ts';
import { Simulation } from '../src/core/engine/simulation.ts';

/** A Simulation's phases, by the method that does each (the step's total last). */
export const STEP_PHASES: Record<string, string> = {
  applyInputs: 'inputs (noise)',
  updateInKernel: 'neuron update',
  deliverSpikesInFlight: 'spike delivery',
  afterUpdate: 'spikes recorded and queued',
  step: 'whole step',
};

/**
 * A part's phases outside its steps (exchange.ts): queueing every part's spikes, the barrier (which
 * draws the next step's inputs, prepareInputs, while the other parts finish their block), and of the
 * barrier the inputs drawn in it.
 */
export const EXCHANGE_PHASES: Record<string, string> = {
  deliverBlock: 'all parts\' spikes queued',
  barrier: 'barrier (inputs drawn + wait)',
  prepareInputs: '  of it, inputs drawn',
};

/** Milliseconds so far per method name. */
export type PhaseTotals = Map<string, number>;

function wrap(prototype: object, names: Record<string, string>, totals: PhaseTotals): void {
  const methods = prototype as Record<string, unknown>;
  for (const name of Object.keys(names)) {
    const method = methods[name];
    if (typeof method !== 'function') throw new Error(`bench:phases: no method ${name} any more: update bench/phaseTimers.ts`);
    totals.set(name, 0);
    methods[name] = function (this: unknown, ...args: unknown[]): unknown {
      const start = performance.now();
      const result: unknown = Reflect.apply(method, this, args);
      totals.set(name, totals.get(name)! + performance.now() - start);
      return result;
    };
  }
}

/** Times every Simulation's phases from now on (and, with `exchange`, every SpikeExchange's). */
export function timePhases(exchange = false): PhaseTotals {
  const totals: PhaseTotals = new Map();
  wrap(Simulation.prototype, STEP_PHASES, totals);
  if (exchange) {
    wrap(SpikeExchange.prototype, { deliverBlock: EXCHANGE_PHASES.deliverBlock, barrier: EXCHANGE_PHASES.barrier }, totals);
    wrap(Simulation.prototype, { prepareInputs: EXCHANGE_PHASES.prepareInputs }, totals);
  }
  return totals;
}

/** The totals so far, ms per method name; the totals start again from zero. */
export function takePhases(totals: PhaseTotals): Record<string, number> {
  const taken = Object.fromEntries(totals);
  for (const name of totals.keys()) totals.set(name, 0);
  return taken;
}
