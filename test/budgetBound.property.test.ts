import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { typedArrayBytes } from '../bench/bytes.ts';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { DEFAULT_BUDGET, estimateResources } from '../src/core/experiment/budget.ts';
import { validateExperiment } from '../src/core/experiment/validate.ts';
import { izhikevich2003Network } from '../src/core/experiment/examples.ts';
import { validExperiment } from './arbitraries.ts';

/**
 * Fixed costs the estimate leaves out, whatever the network's size: the spike recorder's first 4,096
 * places (48 KiB) and the noise kernel's first WebAssembly page (64 KiB).
 */
const FIXED_BYTES = 128 * 1024;

describe('the budget bounds what a build allocates', () => {
  it('for arbitrary valid experiments, the compiled network and its Simulation, as built, hold no more typed-array bytes than the estimate', () => {
    fc.assert(
      fc.property(validExperiment, (experiment) => {
        const checked = validateExperiment(experiment, DEFAULT_BUDGET);
        fc.pre(checked.ok);
        const estimate = estimateResources(experiment);
        const net = compileExperiment(experiment);
        // Built, not run: spikes in flight take memory with the activity (a spike of a row with
        // spread delays is copied synapse by synapse), which no estimate from the document bounds.
        const sim = new Simulation(net);
        const held = typedArrayBytes([net, sim]);
        expect(held, `${experiment.name}: ${held} bytes held, ${estimate.bytes} estimated`).toBeLessThanOrEqual(estimate.bytes + FIXED_BYTES);
      }),
      { numRuns: 40 },
    );
  });

  it('for the 2003 network at 20,000 neurons (K = 100, 2 M synapses) the estimate holds, and is not ten times too high', () => {
    const experiment = izhikevich2003Network(20000, 100);
    const estimate = estimateResources(experiment);
    const net = compileExperiment(experiment);
    const sim = new Simulation(net);
    const held = typedArrayBytes([net, sim]);
    expect(held).toBeLessThanOrEqual(estimate.bytes + FIXED_BYTES);
    expect(held).toBeGreaterThan(estimate.bytes / 10);
  });
});
