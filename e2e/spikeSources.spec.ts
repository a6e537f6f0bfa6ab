/**
 * NeuroML's random spike sources opened in the page (by drop and by Open…), with the spikes Node gives;
 * and the fields of the sine input and of the Poisson input's window in the neuron panel.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { NEUROML_PI } from '../src/core/engine/sineInput.ts';
import { defaultExperiment } from '../src/core/experiment/examples.ts';
import { dropFiles, openLab, stepHundreds } from './lab.ts';
import { importedSpikesCsv } from './nodeSpikes.ts';

const RS = '<izhikevich2007Cell id="rs" C="100pF" v0="-60mV" k="0.7nS_per_mV" vr="-60mV" vt="-40mV" vpeak="35mV" a="0.03per_ms" b="-2nS" c="-50mV" d="100pA"/>';
const SOURCES = `<neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="sources">
${RS}
<expOneSynapse id="ampa" gbase="1nS" erev="0mV" tauDecay="2ms"/>
<spikeGeneratorPoisson id="pois" averageRate="50 Hz"/>
<spikeGeneratorRefPoisson id="refp" averageRate="40 Hz" minimumISI="5ms"/>
<spikeGeneratorRandom id="rnd" minISI="10 ms" maxISI="30 ms"/>
<network id="net">
  <property tag="recommended_dt_ms" value="0.1"/>
  <population id="drivers" component="pois" size="20"/>
  <population id="ref" component="refp" size="5"/>
  <population id="rand" component="rnd" size="5"/>
  <population id="cell" component="rs" size="1"/>
  <projection id="p" presynapticPopulation="drivers" postsynapticPopulation="cell" synapse="ampa">
    <connectionWD id="0" preCellId="../drivers[0]" postCellId="../cell[0]" weight="20" delay="1ms"/>
    <connectionWD id="1" preCellId="../drivers[1]" postCellId="../cell[0]" weight="20" delay="1ms"/>
  </projection>
</network>
</neuroml>
`;

async function spikesCsv(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download spikes CSV' }).click()]);
  return readFile(await download.path(), 'utf8');
}

test('a NeuroML document with the three random spike sources, dropped on the lab, runs with the spikes Node gives', async ({ page }) => {
  await openLab(page);
  await dropFiles(page, [{ name: 'sources.nml', text: SOURCES }]);
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 31 neurons');
  await expect(page.getByTestId('experiment-name')).toHaveText('net');
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
  await stepHundreds(page, 2);
  const csv = await spikesCsv(page);
  const expected = importedSpikesCsv(SOURCES, 'sources.nml', 200);
  // 20 x 50 Hz + 5 x 40 Hz + 5 x 50 Hz over 0.2 s: about 290 source spikes, and the cell's.
  const lines = expected.trim().split('\n').length - 1;
  expect(lines).toBeGreaterThan(230);
  expect(lines).toBeLessThan(360);
  expect(csv).toBe(expected);
});

test('Open… picks the same document: it opens and its sources fire', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('open-experiment').setInputFiles({ name: 'sources.nml', mimeType: 'application/xml', buffer: Buffer.from(SOURCES) });
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 31 neurons');
  await stepHundreds(page, 1);
  await expect.poll(async () => Number(await page.getByTestId('raster').getAttribute('data-spike-count'))).toBeGreaterThan(100);
});

/** The follower's v per ms from the traces CSV (the default experiment watches v of all three neurons). */
async function followerV(page: Page): Promise<{ t: number[]; v: number[] }> {
  const menu = page.getByTestId('export-traces');
  await menu.locator('summary').click();
  const [file] = await Promise.all([page.waitForEvent('download'), menu.getByTestId('export-traces-csv').click()]);
  const rows = Papa.parse<string[]>((await readFile(await file.path(), 'utf8')).trim()).data;
  const column = rows[0].indexOf('follower v (mV)');
  expect(column).toBeGreaterThan(0);
  const body = rows.slice(1);
  return { t: body.map((r) => Number(r[0])), v: body.map((r) => Number(r[column])) };
}

test('a sine input set in the neuron panel drives the neuron\'s trace at its period; a bad value is refused at its field', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('neuron-select').selectOption('follower');
  const panel = page.getByTestId('neuron-panel');
  // The follower's noise would blur the sine: removed first.
  await page.getByRole('button', { name: 'Remove input follower-noise' }).click();
  await panel.getByTestId('add-input-kind').selectOption('sine');
  await panel.getByTestId('add-input').click();
  await expect(page.getByTestId('input-follower-sine')).toContainText('sine current');
  const field = (name: string) => page.getByTestId(`input-follower-sine-${name}`);
  await expect(field('amplitude')).toHaveValue('10');
  await expect(field('period')).toHaveValue('100');
  await expect(field('duration')).toHaveValue('');

  // A period of 0 is no sine: refused by name, the box keeps what was typed, the input its period.
  await field('period').fill('0');
  await field('period').press('Enter');
  await expect(page.getByTestId('input-follower-sine-period-message')).toContainText('period: must be > 0 ms, got 0; period stays 100 ms.');
  await expect(field('period')).toHaveValue('0');
  for (const [name, value] of [['period', '25'], ['amplitude', '3'], ['start', '10']]) {
    await field(name).fill(value);
    await field(name).press('Enter');
    await expect(field(name)).toHaveValue(value);
  }
  await expect(page.getByTestId('input-follower-sine-period-message')).toHaveCount(0);

  // Before the driver starts (100 ms) the sine alone moves v: the same trace as the engine's, and it
  // swings at the sine's 25 ms period (its Fourier component there dwarfs its neighbours').
  await stepHundreds(page, 1);
  const { t, v } = await followerV(page);
  const experiment = defaultExperiment();
  experiment.inputs = experiment.inputs.filter((i) => i.id !== 'follower-noise');
  experiment.inputs.push({ id: 'follower-sine', kind: 'sine', target: 'follower', start: 10, amplitude: 3, period: 25, phase: 0 });
  const compiled = compileExperiment(experiment);
  const sim = new Simulation(compiled, Int32Array.of(compiled.indexOf.get('follower') ?? -1), ['v']);
  sim.run(100);
  // The CSV writes 5 decimals.
  const engine = Array.from(sim.traces.drain().values);
  expect(v).toHaveLength(engine.length);
  for (const [k, x] of engine.entries()) expect(Math.abs(v[k] - x), `t = ${t[k]} ms`).toBeLessThan(1e-5);
  const inside = t.map((time, k) => [time, v[k]]).filter(([time]) => time >= 30 && time < 100);
  const component = (period: number) => {
    const mean = inside.reduce((a, [, x]) => a + x, 0) / inside.length;
    let re = 0;
    let im = 0;
    for (const [time, x] of inside) {
      re += (x - mean) * Math.cos((2 * NEUROML_PI * time) / period);
      im += (x - mean) * Math.sin((2 * NEUROML_PI * time) / period);
    }
    return Math.hypot(re, im) / inside.length;
  };
  expect(component(25)).toBeGreaterThan(0.5);
  expect(component(25)).toBeGreaterThan(5 * Math.max(component(12), component(60)));
});

test('a Poisson input\'s window set in the neuron panel: its spikes drive the neuron inside the window only', async ({ page }) => {
  await openLab(page);
  // The driver's step is what excites the follower: without it the follower is quiet but for the Poisson input.
  await page.getByRole('button', { name: 'Remove input step' }).click();
  await page.getByTestId('neuron-select').selectOption('follower');
  const panel = page.getByTestId('neuron-panel');
  await page.getByRole('button', { name: 'Remove input follower-noise' }).click();
  await panel.getByTestId('add-input-kind').selectOption('poisson');
  await panel.getByTestId('add-input').click();
  const field = (name: string) => page.getByTestId(`input-follower-poisson-${name}`);
  await expect(field('start')).toHaveValue('0');
  await expect(field('duration')).toHaveValue('');
  await field('duration').fill('-5');
  await field('duration').press('Enter');
  await expect(page.getByTestId('input-follower-poisson-duration-message')).toContainText('duration: must be > 0 ms, got -5; duration stays unset.');
  for (const [name, value] of [['rate', '200'], ['weight', '4'], ['start', '150'], ['duration', '100']]) {
    await field(name).fill(value);
    await field(name).press('Enter');
    await expect(field(name)).toHaveValue(value);
  }
  await stepHundreds(page, 4);
  const rows = Papa.parse<string[]>((await spikesCsv(page)).trim()).data.slice(1);
  const follower = rows.filter((r) => r[1] === 'follower').map((r) => Number(r[0]));
  expect(follower.length).toBeGreaterThan(5);
  // Spikes from 150 ms on, none after the window but the last input's few ms of decay.
  expect(Math.min(...follower)).toBeGreaterThanOrEqual(150);
  expect(Math.max(...follower)).toBeLessThan(260);
});
