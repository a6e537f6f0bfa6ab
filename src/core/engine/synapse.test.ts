import { describe, expect, it } from 'vitest';
import type { SynapseTypeSpec } from '../experiment/types.ts';
import { experiment, neuron, simulate, spikeTimes } from '../../../test/helpers.ts';
import { compileExperiment } from './compile.ts';

/**
 * "pre" fires exactly once, at t = 10 ms: a kick of 200/dt pA for one step takes v from rest to 30 mV
 * within the first half-step, and past it in the second.
 */
const kickAt10 = (dt = 1) => ({ id: 'kick', kind: 'pulse' as const, target: 'pre', start: 10, duration: dt, amplitude: 200 / dt });
const kick = kickAt10();

function pair(synapse: SynapseTypeSpec, weight: number, delay: number, dt = 1) {
  return experiment({
    dt,
    neurons: [neuron('pre'), neuron('post')],
    synapseTypes: [synapse],
    connections: [{ pre: 'pre', post: 'post', synapse: synapse.id, weight, delay }],
    inputs: [kickAt10(dt)],
  });
}

describe('exponential conductance synapse', () => {
  it('gives g(t) = w gbase exp(-(t - t_arrival) / tau) on the step grid after a single spike', () => {
    const gbase = 0.5;
    const tau = 5;
    const weight = 0.75;
    const delay = 3;
    for (const dt of [1, 0.25]) {
      // erev at post's rest, so the synapse moves no charge and post stays silent.
      const sim = simulate(pair({ id: 'AMPA', kind: 'expConductance', gbase, tau, erev: -70 }, weight, delay, dt), ['post'], ['g']);
      sim.run(Math.round(60 / dt));
      const { neurons, times } = sim.spikes.drain();
      expect(Array.from(neurons)).toEqual([0]);
      const arrival = times[0] + delay;
      expect(times[0]).toBe(10);
      const trace = sim.traces.drain();
      let checked = 0;
      trace.times.forEach((t, s) => {
        const g = trace.values[s];
        if (t <= arrival) {
          expect(g).toBe(0); // nothing before the arrival
        } else {
          expect(g).toBeCloseTo(weight * gbase * Math.exp(-(t - arrival) / tau), 12);
          checked++;
        }
      });
      expect(checked).toBeGreaterThan(20);
    }
  });

  it('delivers a spike at t + delay: the current synapse acts during exactly that step', () => {
    for (const delay of [1, 2, 7]) {
      const sim = simulate(pair({ id: 'fast', kind: 'current' }, 2.5, delay), ['post'], ['isyn']);
      sim.run(40);
      const trace = sim.traces.drain();
      // Sample s is taken at the end of step s, i.e. at t = s + 1: the step starting at 10 + delay.
      const active = Array.from(trace.times).filter((_, s) => trace.values[s] !== 0);
      expect(active).toEqual([10 + delay + 1]);
      expect(trace.values[10 + delay]).toBe(2.5);
    }
  });

  it('delivers a spike at the delay set by a live edit made before it fired', () => {
    for (const delay of [1, 5, 12]) {
      const sim = simulate(pair({ id: 'fast', kind: 'current' }, 2.5, 2), ['post'], ['isyn']);
      sim.run(5);
      sim.applyEdit({ kind: 'connection', index: 0, param: 'delay', value: delay });
      sim.run(35);
      const trace = sim.traces.drain();
      expect(Array.from(trace.times).filter((_, s) => trace.values[s] !== 0)).toEqual([10 + delay + 1]);
    }
  });

  it('makes a strong excitatory synapse fire its target and an inhibitory one pull it towards E_rev', () => {
    const excite = simulate(pair({ id: 'E', kind: 'expConductance', gbase: 5, tau: 5, erev: 0 }, 1, 1));
    const excited = spikeTimes(excite, 'post', 40);
    expect(excited.length).toBeGreaterThanOrEqual(1);
    expect(excited[0]).toBeGreaterThan(10);
    const silent = simulate(pair({ id: 'E', kind: 'expConductance', gbase: 5, tau: 5, erev: 0 }, 0, 1));
    expect(spikeTimes(silent, 'post', 40)).toEqual([]);
    const inhibit = simulate(pair({ id: 'I', kind: 'expConductance', gbase: 5, tau: 5, erev: -80 }, 1, 1), ['post'], ['v']);
    inhibit.run(20);
    const trace = inhibit.traces.drain();
    const lowest = Math.min(...trace.values);
    expect(lowest).toBeLessThan(-75);
    expect(lowest).toBeGreaterThanOrEqual(-80);
  });

  it('stays stable where an explicit update of g (E - v) would diverge (g dt = 50)', () => {
    // Explicit Euler on dv/dt = g (E - v) multiplies (v - E) by (1 - g dt) = -49 per step; the implicit
    // treatment contracts it by 1 / (1 + g dt). v must settle between E_rev and rest, never overshoot E_rev.
    const sim = simulate(
      experiment({
        neurons: [neuron('pre'), neuron('post')],
        synapseTypes: [{ id: 'I', kind: 'expConductance', gbase: 50, tau: 20, erev: -80 }],
        connections: [{ pre: 'pre', post: 'post', synapse: 'I', weight: 1, delay: 1 }],
        inputs: [{ id: 'drive', kind: 'constant', target: 'pre', amplitude: 15 }],
      }),
      ['post'],
      ['v', 'g'],
    );
    sim.run(1000);
    expect(sim.failure).toBeNull();
    const { values } = sim.traces.drain();
    let maxG = 0;
    for (let s = 0; s < values.length / 2; s++) {
      const v = values[2 * s];
      maxG = Math.max(maxG, values[2 * s + 1]);
      expect(v).toBeGreaterThanOrEqual(-80 - 1e-9);
      expect(v).toBeLessThanOrEqual(-65);
    }
    expect(maxG).toBeGreaterThan(2); // the regime where the explicit scheme fails
  });

  it('reports as I_syn exactly the synaptic current that moved v, for a conductance of either sign', () => {
    // The validator refuses negative conductance weights; the engine must still not show a current it did
    // not apply (it once skipped the -G v term for G <= 0 while the trace reported it). With the Euler
    // scheme, v' = (v + h (f(v) - u + I_ext + G E)) / (1 + h G), so the current that moved v is
    // (v' - v) / h - (f(v) - u + I_ext) = G E - G v', which is what I_syn reports.
    const h = 0.25;
    for (const weight of [1, -1]) {
      const sim = simulate(
        experiment({
          dt: h,
          scheme: 'euler',
          neurons: [neuron('pre'), neuron('post')],
          synapseTypes: [{ id: 'E', kind: 'expConductance', gbase: 0.03, tau: 5, erev: 0 }],
          connections: [{ pre: 'pre', post: 'post', synapse: 'E', weight, delay: 1 }],
          inputs: [kickAt10(h), { id: 'bias', kind: 'constant', target: 'post', amplitude: 1 }],
        }),
        ['post'],
        ['v', 'u', 'iext', 'isyn'],
      );
      sim.run(Math.round(40 / h));
      expect(sim.failure).toBeNull();
      expect(spikeTimes(sim, 'post', 0)).toEqual([]); // post stays below threshold: every step is a plain update
      const { values } = sim.traces.drain();
      const at = (s: number) => ({ v: values[4 * s], u: values[4 * s + 1], iext: values[4 * s + 2], isyn: values[4 * s + 3] });
      let largest = 0;
      for (let s = 1; s < values.length / 4; s++) {
        const before = at(s - 1);
        const now = at(s);
        const moved = (now.v - before.v) / h - (0.04 * before.v * before.v + 5 * before.v + 140 - before.u + now.iext);
        expect(now.isyn).toBeCloseTo(moved, 9);
        largest = Math.max(largest, Math.abs(now.isyn));
      }
      expect(largest).toBeGreaterThan(1); // a real current, pA
    }
  });

  it("the write-up's variant excites even from a lower presynaptic voltage, and inhibits by the same rule", () => {
    // pre resets to c = -80 after its spike, below post's rest at -70; |v_pre - v_post| = 10 mV then.
    for (const [effect, sign] of [
      ['excitatory', 1],
      ['inhibitory', -1],
    ] as const) {
      const exp = experiment({
        neurons: [neuron('pre', { c: -80 }), neuron('post')],
        synapseTypes: [{ id: 'W', kind: 'writeup', gbase: 0.2, tau: 5, effect }],
        connections: [{ pre: 'pre', post: 'post', synapse: 'W', weight: 1, delay: 1 }],
        inputs: [kick],
      });
      const sim = simulate(exp, ['post'], ['isyn']);
      sim.run(11); // the spike at t = 10 arrives at the start of step 11
      const vPre = sim.v[0];
      const vPost = sim.v[1];
      expect(vPre).toBeLessThan(vPost);
      sim.step();
      const { values } = sim.traces.drain();
      const meanFactor = 5 * (1 - Math.exp(-1 / 5)); // exact mean of exp(-t/tau) over the 1 ms step
      // Excitatory here pushes v_post away from v_pre (applied explicitly, at the step's start values);
      // inhibitory pulls it towards v_pre (applied implicitly, so evaluated at the new v_post).
      const vPostUsed = effect === 'excitatory' ? vPost : sim.v[1];
      expect(values[values.length - 1]).toBeCloseTo(sign * 0.2 * meanFactor * Math.abs(vPre - vPostUsed), 10);
      const standard = experiment({
        ...exp,
        synapseTypes: [{ id: 'W', kind: 'expConductance', gbase: 0.2, tau: 5, erev: effect === 'excitatory' ? 0 : -80 }],
      });
      const s2 = simulate(standard, ['post'], ['isyn']);
      s2.run(12);
      const i2 = s2.traces.drain().values;
      expect(Math.sign(i2[i2.length - 1])).toBe(sign);
    }
  });

  it('shares one conductance between synapses of one type onto one neuron (they add linearly)', () => {
    const exp = experiment({
      neurons: [neuron('a'), neuron('b'), neuron('post')],
      synapseTypes: [{ id: 'E', kind: 'expConductance', gbase: 0.4, tau: 8, erev: 0 }],
      connections: [
        { pre: 'a', post: 'post', synapse: 'E', weight: 1, delay: 2 },
        { pre: 'b', post: 'post', synapse: 'E', weight: 0.5, delay: 5 },
      ],
      inputs: [
        { id: 'ka', kind: 'pulse', target: 'a', start: 10, duration: 1, amplitude: 200 },
        { id: 'kb', kind: 'pulse', target: 'b', start: 10, duration: 1, amplitude: 200 },
      ],
    });
    const sim = simulate(exp, ['post'], ['g']);
    sim.run(40);
    const trace = sim.traces.drain();
    trace.times.forEach((t, s) => {
      const fromA = t > 12 ? 1 * 0.4 * Math.exp(-(t - 12) / 8) : 0;
      const fromB = t > 15 ? 0.5 * 0.4 * Math.exp(-(t - 15) / 8) : 0;
      expect(trace.values[s]).toBeCloseTo(fromA + fromB, 12);
    });
  });

  it('drives a target through a Poisson source at the requested rate', () => {
    // 40 Hz for 20 s: 800 expected arrivals, sd sqrt(800) = 28; each adds exactly w * gbase to g.
    const exp = experiment({
      neurons: [neuron('post')],
      synapseTypes: [{ id: 'E', kind: 'expConductance', gbase: 0.01, tau: 2, erev: 0 }],
      inputs: [{ id: 'bg', kind: 'poisson', target: 'post', rate: 40, synapse: 'E', weight: 1 }],
    });
    const sim = simulate(exp, ['post'], ['g']);
    sim.run(20000);
    const { values } = sim.traces.drain();
    const decay = Math.exp(-1 / 2);
    let arrivals = 0;
    let previous = 0;
    for (const g of values) {
      arrivals += Math.round((g - previous * decay) / (0.01 * decay));
      previous = g;
    }
    expect(arrivals).toBeGreaterThan(800 - 4 * 28);
    expect(arrivals).toBeLessThan(800 + 4 * 28);
  });
});

describe('delays', () => {
  const instant: SynapseTypeSpec = { id: 'I', kind: 'current', pulse: 1 };

  /** When post fires after pre's one spike at t = 10 through a synapse strong enough to fire it on arrival. */
  const postSpikeAfter = (delay: number, editedDelay?: number, dt = 1): number[] => {
    const sim = simulate(pair(instant, 200, delay, dt));
    if (editedDelay !== undefined) sim.applyEdit({ kind: 'connection', index: 0, param: 'delay', value: editedDelay });
    return spikeTimes(sim, 'post', 10 + (editedDelay ?? delay) + 20);
  };

  it('are held in one byte each while the longest fits, two or four beyond', () => {
    expect(compileExperiment(pair(instant, 1, 255)).synapses.delaySteps.BYTES_PER_ELEMENT).toBe(1);
    expect(compileExperiment(pair(instant, 1, 256)).synapses.delaySteps.BYTES_PER_ELEMENT).toBe(2);
    // Past 65,535 steps only at finer steps: delays are at most 10 s (MAX_DELAY_MS).
    expect(compileExperiment(pair(instant, 1, 7000, 0.1)).synapses.delaySteps.BYTES_PER_ELEMENT).toBe(4);
  });

  it('arrive on time when compiled or live-edited longer than the compiled array holds', () => {
    expect(postSpikeAfter(3)).toEqual([10 + 3]); // fires in the step its input arrives
    for (const long of [300, 10_000]) {
      expect(postSpikeAfter(long)).toEqual([10 + long]);
      expect(postSpikeAfter(3, long)).toEqual([10 + long]);
    }
    // 70,000 steps of 0.1 ms, held in an int32 array, compiled or edited: post answers exactly as it
    // does to a delay of 3 ms, 6997 ms later.
    const steps = (times: number[], shift: number) => times.map((t) => Math.round((t - shift) * 10));
    const short = steps(postSpikeAfter(3, undefined, 0.1), 0);
    const later = (times: number[]) => steps(times, 6997);
    expect(short.length).toBeGreaterThan(0);
    expect(later(postSpikeAfter(7000, undefined, 0.1))).toEqual(short);
    expect(later(postSpikeAfter(3, 7000, 0.1))).toEqual(short);
  });
});
