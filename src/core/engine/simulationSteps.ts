import type { BuildProgress } from './compile.ts';
import type { CompiledNetwork } from './network.ts';
import { partitionSteps } from './partition.ts';
import { rowShapeSteps } from './rowShapes.ts';
import { Simulation } from './simulation.ts';

/** Share of the setup of a part spent splitting the network; the rest is the rows' shapes. */
const PARTITION_SHARE = 0.8;

/**
 * The Simulation of a compiled network, or of its part owning neurons lo .. hi - 1, made in steps: the
 * work that grows with the synapses (splitting them, scanning the rows) is spread over yields, so the
 * Worker building it reads commands every few milliseconds. Each yield reports the fraction done.
 */
export function* simulationSteps(
  net: CompiledNetwork,
  part?: { lo: number; hi: number },
  /** Synapses between two yields, when not the default (for tests: where the steps fall changes nothing). */
  synapsesPerStep?: number,
): Generator<BuildProgress, Simulation, void> {
  let own = net;
  let shapesFrom = 0;
  if (part) {
    const stage = 'Setting up the simulation (splitting it between Workers)';
    const steps = partitionSteps(net, part.lo, part.hi, synapsesPerStep, stage);
    for (;;) {
      const step = steps.next();
      if (step.done) {
        own = step.value;
        break;
      }
      yield { fraction: step.value.fraction * PARTITION_SHARE, stage };
    }
    shapesFrom = PARTITION_SHARE;
  }
  const steps = rowShapeSteps(own.synapses, undefined, synapsesPerStep);
  for (;;) {
    const step = steps.next();
    if (step.done) return new Simulation(own, undefined, undefined, step.value);
    yield { fraction: shapesFrom + step.value.fraction * (1 - shapesFrom), stage: step.value.stage };
  }
}
