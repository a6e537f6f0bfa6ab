import { describe, expect, it } from 'vitest';
import { elements } from '../../../test/nmlElements.ts';
import { compileExperiment } from '../engine/compile.ts';
import { Simulation } from '../engine/simulation.ts';
import { PATTERNS } from '../experiment/patterns.ts';
import type { Experiment } from '../experiment/types.ts';
import { exportNeuroML } from './export.ts';
import { parseDimensionless, parseQuantity, type Dimension } from './units.ts';

/**
 * The exported single-neuron patterns mean what the lab runs: the exported cell and inputs, read back
 * from the document with the LEMS definitions of izhikevichCell, izhikevich2007Cell, pulseGenerator and
 * rampGenerator (neuroml-notes §2 and §4) and stepped by the patterns' scheme (forward Euler for v, then
 * u from the new v), fire exactly the lab's spikes. This checks every exported number, the 2003 -> 2007
 * mapping and the inputs' timing; jLEMS steps u from the old v, which the export's notes mention.
 */
function num(text: string, dimension?: Dimension): number {
  const parsed = dimension === undefined ? parseDimensionless(text) : parseQuantity(text, dimension);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

/** Spike times (ms) of the exported one-neuron document, each stamped at the end of its step. */
function lemsSpikes(net: string, dt: number, duration: number): number[] {
  const dl = elements(net, 'izhikevichCell').length === 1;
  const amp = (a: Record<string, string>, name: string) => num(a[name], dl ? undefined : 'current');
  const pulses = [...elements(net, 'pulseGenerator'), ...elements(net, 'pulseGeneratorDL')].map((p) => ({
    delay: num(p.delay, 'time'), duration: num(p.duration, 'time'), amplitude: amp(p, 'amplitude'),
  }));
  const ramps = [...elements(net, 'rampGenerator'), ...elements(net, 'rampGeneratorDL')].map((r) => ({
    delay: num(r.delay, 'time'), duration: num(r.duration, 'time'), start: amp(r, 'startAmplitude'), finish: amp(r, 'finishAmplitude'), baseline: amp(r, 'baselineAmplitude'),
  }));
  const current = (t: number) =>
    pulses.reduce((sum, p) => sum + (t >= p.delay && t < p.delay + p.duration ? p.amplitude : 0), 0) +
    ramps.reduce((sum, r) => sum + (t >= r.delay && t < r.delay + r.duration ? r.start + ((r.finish - r.start) * (t - r.delay)) / r.duration : r.baseline), 0);
  const spikes: number[] = [];
  const steps = Math.round(duration / dt);
  if (dl) {
    const c = elements(net, 'izhikevichCell')[0];
    const [a, b, reset, d] = [num(c.a), num(c.b), num(c.c), num(c.d)];
    const thresh = num(c.thresh, 'voltage');
    let v = num(c.v0, 'voltage');
    let u = v * b;
    for (let k = 0; k < steps; k++) {
      const t = k * dt;
      const dv = 0.04 * v * v + 5 * v + 140 - u + current(t);
      v += dt * dv;
      const du = a * (b * v - u);
      u += dt * du;
      if (v > thresh) {
        spikes.push(t + dt);
        v = reset;
        u += d;
      }
    }
    return spikes;
  }
  const c = elements(net, 'izhikevich2007Cell')[0];
  const C = num(c.C, 'capacitance');
  const kk = num(c.k, 'conductance_per_voltage');
  const [vr, vt, vpeak, reset] = ['vr', 'vt', 'vpeak', 'c'].map((name) => num(c[name], 'voltage'));
  const a = num(c.a, 'per_time');
  const b = num(c.b, 'conductance');
  const d = num(c.d, 'current');
  let v = num(c.v0, 'voltage');
  let u = 0;
  for (let k = 0; k < steps; k++) {
    const t = k * dt;
    const dv = (kk * (v - vr) * (v - vt) - u + current(t)) / C;
    v += dt * dv;
    const du = a * (b * (v - vr) - u);
    u += dt * du;
    if (v > vpeak) {
      spikes.push(t + dt);
      v = reset;
      u += d;
    }
  }
  return spikes;
}

function labSpikes(e: Experiment): number[] {
  const sim = new Simulation(compileExperiment(e));
  sim.run(Math.round(e.simulation.duration / e.simulation.dt));
  return Array.from(sim.spikes.drain().times);
}

describe('an exported pattern fires as the lab does', () => {
  // izhikevichCell with a step (tonic spiking and bursting), a short pulse (spike latency), a bias and a
  // ramp (class 2), pulse pairs (resonator); izhikevich2007Cell through the mapping for the 2004 variant
  // (p1 = 4.1, p0 = 108) with a ramp (class 1) and with pulse pairs (integrator).
  for (const id of ['tonic-spiking', 'tonic-bursting', 'spike-latency', 'class-2-excitable', 'resonator', 'class-1-excitable', 'integrator']) {
    it(id, () => {
      const pattern = PATTERNS.find((p) => p.id === id);
      if (!pattern) throw new Error(`test bug: ${id}`);
      const e = pattern.make();
      const { files } = exportNeuroML(e);
      expect(files[0].text).toContain(id === 'class-1-excitable' || id === 'integrator' ? '<izhikevich2007Cell' : '<izhikevichCell');
      const lab = labSpikes(e);
      const exported = lemsSpikes(files[0].text, e.simulation.dt, e.simulation.duration);
      expect(lab.length).toBeGreaterThan(0);
      expect(exported.length).toBe(lab.length);
      // The lab stamps a spike with the start of the step in which v crossed.
      for (let k = 0; k < lab.length; k++) expect(Math.abs(exported[k] - e.simulation.dt - lab[k])).toBeLessThanOrEqual(1e-9);
    });
  }
});
