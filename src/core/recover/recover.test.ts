import { beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_SETTINGS, type RecoverSettings } from './network.ts';
import { WiringRecovery, type RecoverEstimate, type ShuffleControl } from './recover.ts';

/**
 * Both estimators on small planted networks (12 neurons, p = 0.3, about 40 synapses, 20 simulated s,
 * the reference weights and noise). No wall-clock limits: the runs take what the machine gives them.
 */
const SMALL: RecoverSettings = { ...REFERENCE_SETTINGS, n: 12, p: 0.3, seconds: 20 };
const LONG = 600_000;

describe.each([1, 2])('a planted 12-neuron network, seed %i', (seed) => {
  let recovery: WiringRecovery;
  let estimate: RecoverEstimate;
  let control: ShuffleControl;
  beforeAll(() => {
    recovery = new WiringRecovery({ ...SMALL, seed });
    recovery.advance(recovery.totalSteps);
    estimate = recovery.estimate();
    control = recovery.shuffleControl();
  }, LONG);

  it('has synapses to find and moderate rates', () => {
    const connections = recovery.truth.weights.filter((w) => w > 0).length;
    expect(connections).toBeGreaterThan(25);
    expect(estimate.meanRate).toBeGreaterThan(5);
    expect(estimate.meanRate).toBeLessThan(40);
  });

  it('recovers every conductance from the voltages within 0.05 nS (r >= 0.99)', () => {
    const n = recovery.net.neuronCount;
    let worst = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i !== j) worst = Math.max(worst, Math.abs(estimate.voltage.weights[i * n + j] - recovery.truth.weights[i * n + j]));
      }
    }
    // Weights are 0.05-0.15 nS (excitatory) and 0.2-0.6 nS (inhibitory); the worst error seen is 0.03 nS.
    expect(worst).toBeLessThan(0.05);
    expect(estimate.voltage.r).toBeGreaterThan(0.99);
    expect(estimate.voltage.roc.auc).toBeGreaterThan(0.99);
  });

  it('finds the connections from the spikes alone (AUC >= 0.95) with couplings that follow the weights (r >= 0.9)', () => {
    expect(estimate.spikes.roc.auc).toBeGreaterThan(0.95);
    expect(estimate.spikes.r).toBeGreaterThan(0.9);
  });

  it('finds nothing once the presynaptic spike trains are shifted out of register (AUC 0.5 +- 0.15)', () => {
    // 0.15 is about three standard errors of an AUC from 40 positives and 90 negatives.
    expect(Math.abs(control.voltageAuc - 0.5)).toBeLessThan(0.15);
    expect(Math.abs(control.spikesAuc - 0.5)).toBeLessThan(0.15);
  });
});

describe('the recording', () => {
  it('gives the same estimate however it is cut into pieces (the view refits as it grows, the command line too)', () => {
    const settings: RecoverSettings = { ...SMALL, n: 8, seconds: 3 };
    const whole = new WiringRecovery(settings);
    whole.advance(whole.totalSteps);
    const a = whole.estimate();
    // Pieces of whole voltage groups (the Worker's slices and the refits): the same sums, in the same order.
    const groups = new WiringRecovery(settings);
    for (const steps of [700, 4, 1296, 1000]) {
      groups.advance(steps);
      groups.estimate();
    }
    expect(groups.recording.steps).toBe(whole.totalSteps);
    const b = groups.estimate();
    expect(Array.from(b.voltage.weights)).toEqual(Array.from(a.voltage.weights));
    // The GLM refitted from its last coefficients reaches the whole recording's optimum to far below the printed digits.
    expect(maxDifference(b.spikes.z, a.spikes.z)).toBeLessThan(1e-4);
    expect(maxDifference(b.spikes.beta, a.spikes.beta)).toBeLessThan(1e-5);
    expect(b.spikes.roc.auc).toBe(a.spikes.roc.auc);
    // Odd pieces sum the same terms in another order: equal to rounding.
    const odd = new WiringRecovery(settings);
    for (const steps of [701, 1, 1297, 1001]) odd.advance(steps);
    expect(maxDifference(odd.estimate().voltage.weights, a.voltage.weights)).toBeLessThan(1e-12);
  }, LONG);
});

function maxDifference(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let k = 0; k < a.length; k++) worst = Math.max(worst, Math.abs(a[k] - b[k]));
  return worst;
}
