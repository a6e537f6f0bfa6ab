import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { experiment, neuron, simulate } from '../../../test/helpers.ts';
import type { Experiment } from '../experiment/types.ts';
import { validateExperiment } from '../experiment/validate.ts';
import { exportNeuroML } from './export.ts';
import { importNeuroML } from './import.ts';

const SCHEMA = new URL('../../../test/fixtures/neuroml/NeuroML_v2.3.1.xsd', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'nml-sine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One 2003 neuron driven by a sine current from 20 ms for 50 ms, dt 0.5 ms. */
function sineDriven(): Experiment {
  return experiment({
    dt: 0.5, scheme: 'euler',
    neurons: [neuron('n')],
    inputs: [{ id: 'wave', kind: 'sine', target: 'n', start: 20, duration: 50, amplitude: 12, period: 25, phase: 0.5 }],
  });
}

describe('the sine input (NeuroML sineGenerator / sineGeneratorDL)', () => {
  it('is a valid input, and drives amplitude sin(phase + 2 pi (t - start) / period) inside its window with NeuroML\'s pi, 0 outside', () => {
    expect(validateExperiment(sineDriven()).ok).toBe(true);
    const sim = simulate(sineDriven(), ['n'], ['iext']);
    sim.run(200);
    const current = Array.from(sim.traces.drain().values);
    expect(current).toHaveLength(200);
    for (const [k, value] of current.entries()) {
      const t = k * 0.5;
      const expected = t >= 20 && t < 70 ? 12 * Math.sin(0.5 + (2 * 3.14159265 * (t - 20)) / 25) : 0;
      expect(value, `t = ${t} ms`).toBe(expected);
    }
    expect(Math.max(...current)).toBeGreaterThan(11.9);
  });

  it('is written as sineGeneratorDL for an izhikevichCell network (valid against the v2.3.1 schema) and read back as the same input', () => {
    const original = sineDriven();
    const { files } = exportNeuroML(original);
    expect(files[0].text).toContain('<sineGeneratorDL id="wave" delay="20ms" phase="0.5" duration="50ms" amplitude="12" period="25ms"/>');
    const path = join(dir, files[0].path);
    writeFileSync(path, files[0].text);
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMA, path], { stdio: 'pipe' });
    const back = importNeuroML(files[1].text, files[1].path, { includes: [{ text: files[0].text, fileName: files[0].path }] });
    if (!back.ok) throw new Error(back.message);
    expect(back.skipped).toEqual([]);
    expect(back.experiment.inputs).toEqual(original.inputs);
  });

  it('is imported from a sineGenerator in amperes onto an izhikevich2007Cell, scaled by an inputW weight', () => {
    const text = `<neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="doc">
<izhikevich2007Cell id="rs" C="100pF" v0="-60mV" k="0.7nS_per_mV" vr="-60mV" vt="-40mV" vpeak="35mV" a="0.03per_ms" b="-2nS" c="-50mV" d="100pA"/>
<sineGenerator id="sg" delay="0.1s" phase="0" duration="200ms" amplitude="0.2nA" period="50ms"/>
<network id="net">
  <population id="p" component="rs" size="1"/>
  <inputList id="in" population="p" component="sg">
    <inputW id="0" target="../p[0]" destination="synapses" weight="0.5"/>
  </inputList>
</network>
</neuroml>`;
    const result = importNeuroML(text, 'sine.nml');
    if (!result.ok) throw new Error(result.message);
    expect(result.skipped).toEqual([]);
    expect(result.experiment.inputs).toEqual([{ id: 'in', kind: 'sine', target: 'p', start: 100, duration: 200, amplitude: 100, period: 50, phase: 0 }]);
  });
});
