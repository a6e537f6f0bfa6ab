import { compileExperiment } from '../engine/compile.ts';
import { CompileError } from '../engine/network.ts';
import { CURRENT_RANDOM_DRAWS, EXPERIMENT_FORMAT, EXPERIMENT_VERSION } from '../experiment/types.ts';

/**
 * Whether the engine steps izhikevich2007 cells and the two-time-constant synapses: their types came
 * first and the engine's stepping after, so the tests that run them wait for it (and say so as skipped).
 */
export function engineStepsNeuroMLKinds(): boolean {
  try {
    compileExperiment({
      format: EXPERIMENT_FORMAT, version: EXPERIMENT_VERSION, name: 'probe',
      simulation: { dt: 0.1, scheme: 'euler', duration: 1, seed: 1, randomDraws: CURRENT_RANDOM_DRAWS },
      neurons: [{ id: 'n', model: 'izhikevich2007', C: 100, k: 0.7, vr: -60, vt: -40, vpeak: 35, a: 0.03, b: -2, c: -50, d: 100, v0: -60 }],
      populations: [],
      synapseTypes: [
        { id: 's2', kind: 'expTwoConductance', gbase: 1, tauRise: 1, tauDecay: 5, erev: 0 },
        { id: 'sa', kind: 'alphaConductance', gbase: 1, tau: 5, erev: 0 },
      ],
      connections: [], projections: [], inputs: [],
      recording: { watch: [], variables: ['v'] },
    });
    return true;
  } catch (e) {
    if (e instanceof CompileError) return false;
    throw e;
  }
}
