import { describe, expect, it } from 'vitest';
import { portableExp } from '../portableMath.ts';
import { validateExperiment } from '../experiment/validate.ts';
import type { Experiment, InputSpec, PlasticitySpec, SynapseTypeSpec } from '../experiment/types.ts';
import { experiment, neuron } from '../../../test/helpers.ts';
import { compileExperiment } from './compile.ts';
import { Simulation } from './simulation.ts';
import { kernelSections, synapseArrays } from '../wasm/deliveryKernel.ts';
import type { CompiledNetwork } from './network.ts';

const RULE: PlasticitySpec = { rule: 'stdp', pairing: 'all-to-all', update: 'additive', aPlus: 0.01, aMinus: 0.012, tauPlus: 20, tauMinus: 25, wMax: 1 };
const DT = 0.1;
const DELAY = 1.5;

/** A strong 0.3 ms kick that makes a resting RS cell fire once, a step or two later. */
function kick(id: string, target: string, start: number): InputSpec {
  return { id, kind: 'pulse', target, start, duration: 0.3, amplitude: 400 };
}

/** Neuron pre onto neuron post through one plastic synapse of gbase 0 (so post fires only when kicked), each kicked at the given times. */
function pairExperiment(preKicks: number[], postKicks: number[], rule: PlasticitySpec = RULE, weight = 0.5): Experiment {
  const type: SynapseTypeSpec = { id: 'plastic', kind: 'expConductance', gbase: 0, tau: 5, erev: 0, plasticity: rule };
  return experiment({
    dt: DT,
    scheme: 'euler',
    neurons: [neuron('pre'), neuron('post')],
    synapseTypes: [type],
    connections: [{ pre: 'pre', post: 'post', synapse: 'plastic', weight, delay: DELAY }],
    inputs: [...preKicks.map((t, k) => kick(`pre${k}`, 'pre', t)), ...postKicks.map((t, k) => kick(`post${k}`, 'post', t))],
  });
}

/** Runs `exp` for `ms` and returns its spike steps per neuron and the plastic synapse's weight before and after each of them. */
function runPair(exp: Experiment, ms: number) {
  const checked = validateExperiment(exp);
  if (!checked.ok) throw new Error(checked.errors.join('; '));
  const sim = new Simulation(compileExperiment(checked.experiment));
  const s = sim.net.connectionSynapse[0];
  const weights = [sim.net.synapses.weight[s]];
  const steps = Math.round(ms / DT);
  for (let k = 0; k < steps; k++) {
    sim.step();
    const w = sim.net.synapses.weight[s];
    if (w !== weights[weights.length - 1]) weights.push(w);
  }
  const { neurons, times } = sim.spikes.drain();
  const stepsOf = (i: number) => Array.from(times).filter((_, k) => neurons[k] === i).map((t) => Math.round(t / DT));
  return { pre: stepsOf(0), post: stepsOf(1), weights, delaySteps: Math.round(DELAY / DT), sim };
}

describe('STDP', () => {
  it('changes the weight of one pre/post pair by the window A+ exp(-dt/tau+) or -A- exp(dt/tau-)', () => {
    const checked: number[] = [];
    for (let offset = -60; offset <= 60; offset += 7.5) {
      const { pre, post, weights, delaySteps } = runPair(pairExperiment([80], [80 + offset]), 200);
      expect(pre.length).toBe(1);
      expect(post.length).toBe(1);
      // dt = t_post - t_pre at the synapse: the pre spike is there a delay after it fired.
      const lagSteps = post[0] - (pre[0] + delaySteps);
      const lag = lagSteps * DT;
      expect(weights.length).toBe(2);
      const dw = weights[1] - weights[0];
      if (lagSteps >= 0) {
        expect(weights[1]).toBe(0.5 + RULE.aPlus * portableExp(-(lagSteps * DT) / RULE.tauPlus));
        expect(dw).toBeCloseTo(RULE.aPlus * Math.exp(-lag / RULE.tauPlus), 14);
        expect(dw).toBeGreaterThan(0);
      } else {
        expect(weights[1]).toBe(0.5 - RULE.aMinus * portableExp(-(-lagSteps * DT) / RULE.tauMinus));
        expect(dw).toBeCloseTo(-RULE.aMinus * Math.exp(lag / RULE.tauMinus), 14);
        expect(dw).toBeLessThan(0);
      }
      checked.push(lag);
    }
    // Both sides of the window, and the pair at zero lag, were tried.
    expect(checked.some((lag) => lag < -40) && checked.some((lag) => lag > 40)).toBe(true);
  });

  it('depresses in proportion to the weight with multiplicative updates', () => {
    const rule: PlasticitySpec = { ...RULE, update: 'multiplicative', wMax: 2 };
    const { pre, post, weights, delaySteps } = runPair(pairExperiment([40], [20], rule, 1.5), 120);
    const lagSteps = post[0] - (pre[0] + delaySteps);
    expect(lagSteps).toBeLessThan(0);
    expect(weights[1]).toBe(1.5 - rule.aMinus * portableExp(-(-lagSteps * DT) / rule.tauMinus) * (1.5 / 2));
  });

  it('pairs every earlier spike (all-to-all) or only the latest (nearest) on a triplet', () => {
    const ratio = (lagSteps: number, tau: number) => Math.exp(-(lagSteps * DT) / tau);
    // pre, pre, post: potentiation by both pre spikes, or by the second only.
    const prePrePost = (pairing: PlasticitySpec['pairing']) => runPair(pairExperiment([10, 30], [50], { ...RULE, pairing }), 120);
    const all = prePrePost('all-to-all');
    const nearest = prePrePost('nearest');
    expect(all.pre).toEqual(nearest.pre);
    expect(all.post).toEqual(nearest.post);
    const arrivals = all.pre.map((step) => step + all.delaySteps);
    const lags = arrivals.map((a) => all.post[0] - a);
    const allDw = all.weights[all.weights.length - 1] - 0.5;
    const nearestDw = nearest.weights[nearest.weights.length - 1] - 0.5;
    expect(allDw).toBeCloseTo(RULE.aPlus * (ratio(lags[0], RULE.tauPlus) + ratio(lags[1], RULE.tauPlus)), 14);
    expect(nearestDw).toBeCloseTo(RULE.aPlus * ratio(lags[1], RULE.tauPlus), 14);
    expect(allDw).toBeGreaterThan(nearestDw * 1.3);

    // post, post, pre: depression by both post spikes, or by the second only.
    const postPostPre = (pairing: PlasticitySpec['pairing']) => runPair(pairExperiment([50], [10, 30], { ...RULE, pairing }), 120);
    const allD = postPostPre('all-to-all');
    const nearestD = postPostPre('nearest');
    const arrival = allD.pre[0] + allD.delaySteps;
    const dLags = allD.post.map((p) => arrival - p);
    expect(allD.weights[allD.weights.length - 1] - 0.5).toBeCloseTo(-RULE.aMinus * (ratio(dLags[0], RULE.tauMinus) + ratio(dLags[1], RULE.tauMinus)), 14);
    expect(nearestD.weights[nearestD.weights.length - 1] - 0.5).toBeCloseTo(-RULE.aMinus * ratio(dLags[1], RULE.tauMinus), 14);
  });
});

/** Poisson-driven inputs onto a few neurons through plastic synapses with large steps, so weights hit both bounds. */
function drivenNetwork(inputs: number, wMax: number, aPlus: number, aMinus: number): Experiment {
  return experiment({
    dt: 0.5,
    seed: 7,
    populations: [
      { id: 'In', size: inputs, model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -70 },
      { id: 'Out', size: 4, model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -70 },
    ],
    synapseTypes: [
      { id: 'drive', kind: 'expConductance', gbase: 1, tau: 2, erev: 0 },
      { id: 'plastic', kind: 'expConductance', gbase: 0.5, tau: 5, erev: 0, plasticity: { ...RULE, aPlus, aMinus, wMax } },
    ],
    projections: [
      { id: 'learn', pre: 'In', post: 'Out', synapse: 'plastic', connect: { rule: 'all-to-all' }, weight: { dist: 'uniform', min: 0, max: wMax }, delay: { dist: 'uniform', min: 1, max: 4 } },
    ],
    inputs: [{ id: 'poisson', kind: 'poisson', target: 'In', rate: 15, synapse: 'drive', weight: 2 }],
  });
}

/** The network's synapses moved into a delivery kernel's memory (as a big network's are). */
function withKernel(net: CompiledNetwork): CompiledNetwork {
  const { post, weight, delivery } = synapseArrays(net.synapses.post.length, kernelSections(net.synapseTypes, net.dt) * net.neuronCount, 0);
  if (delivery === undefined) throw new Error('no delivery kernel for this network');
  post.set(net.synapses.post);
  weight.set(net.synapses.weight);
  return { ...net, synapses: { ...net.synapses, post, weight, delivery } };
}

describe('STDP in a network', () => {
  it('keeps every weight within [0, wMax], and both bounds are reached', () => {
    const wMax = 0.3;
    const sim = new Simulation(compileExperiment(drivenNetwork(100, wMax, 0.05, 0.06)));
    sim.run(4000);
    const plastic = sim.net.plasticity;
    if (!plastic) throw new Error('no plastic synapses');
    const weights = Array.from(plastic.synapse, (s) => sim.net.synapses.weight[s]);
    expect(weights.length).toBe(400);
    expect(Math.min(...weights)).toBe(0);
    expect(Math.max(...weights)).toBe(wMax);
    expect(weights.every((w) => w >= 0 && w <= wMax)).toBe(true);
  });

  it('gives the same spikes and weights for the same seed, with the WebAssembly delivery as without, and again after a reset', () => {
    const exp = drivenNetwork(60, 0.4, 0.004, 0.005);
    const run = (sim: Simulation) => {
      sim.run(3000);
      const spikes = sim.spikes.drain();
      const plastic = sim.net.plasticity;
      if (!plastic) throw new Error('no plastic synapses');
      return { neurons: Array.from(spikes.neurons), times: Array.from(spikes.times), weights: Array.from(plastic.synapse, (s) => sim.net.synapses.weight[s]) };
    };
    const plain = run(new Simulation(compileExperiment(exp)));
    const kernelSim = new Simulation(withKernel(compileExperiment(exp)));
    expect(kernelSim.net.synapses.delivery).toBeDefined();
    const kernel = run(kernelSim);
    expect(kernel).toEqual(plain);
    // Learning took place: most weights moved from where the build put them.
    const initial = kernelSim.net.plasticity?.initialWeight ?? new Float64Array(0);
    expect(plain.weights.filter((w, p) => w !== initial[p]).length).toBeGreaterThan(plain.weights.length / 2);
    kernelSim.reset();
    expect(run(kernelSim)).toEqual(plain);
  });
});
