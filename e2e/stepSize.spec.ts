import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { defaultExperiment } from '../src/core/experiment/examples.ts';
import { parseExperimentJson, serializeExperiment } from '../src/core/experiment/validate.ts';
import { EXPERIMENT_VERSION, type Experiment } from '../src/core/experiment/types.ts';
import { spikesToCsv } from '../src/core/io/spikesCsv.ts';
import { openLab, stepHundreds } from './lab.ts';

async function download(page: Page, name: RegExp | string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  return readFile(await file.path(), 'utf8');
}

/** The default circuit as a format version 1 file at 0.5 ms, with a current synapse from driver to pacer. */
function versionOneFile(): string {
  const e = defaultExperiment();
  e.simulation.dt = 0.5;
  e.synapseTypes.push({ id: 'kick', kind: 'current' });
  e.connections.push({ pre: 'driver', post: 'pacer', synapse: 'kick', weight: 20, delay: 2 });
  // Version 1 had no randomDraws (it used the polar-stream draws, which it gets again on loading).
  const doc = JSON.parse(serializeExperiment(e)) as { version: number; simulation: { randomDraws?: string } };
  doc.version = 1;
  delete doc.simulation.randomDraws;
  return `${JSON.stringify(doc, null, 2)}\n`;
}

test('a version 1 file opens as it ran (hold and pulse = its step); both can be set to 1 ms and the page runs what Node runs', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('open-experiment').setInputFiles({ name: 'old.json', mimeType: 'application/json', buffer: Buffer.from(versionOneFile()) });
  await expect(page.getByTestId('error-banner')).toHaveCount(0);

  await page.getByTestId('neuron-select').selectOption('follower');
  const hold = page.getByTestId('input-follower-noise-hold');
  await expect(hold).toHaveValue('0.5');
  await page.getByTestId('connection-select').selectOption({ label: 'driver \u2192 pacer (kick)' });
  const pulse = page.getByTestId('syn-pulse');
  await expect(pulse).toHaveValue('0.5');

  await pulse.fill('1');
  await pulse.press('Enter');
  await expect(pulse).toHaveValue('1');
  await expect(page.getByTestId('undo')).toHaveAccessibleName('Undo pulse of kick');
  await hold.fill('1');
  await hold.press('Enter');
  await expect(hold).toHaveValue('1');
  await page.screenshot({ path: 'test-results/step-size-panels.png', fullPage: true });

  const saved = parseExperimentJson(await download(page, /Save the experiment/));
  if (!saved.ok) throw new Error(saved.errors.join('\n'));
  const experiment: Experiment = saved.experiment;
  expect(experiment.version).toBe(EXPERIMENT_VERSION); // saved in the current format
  expect(experiment.simulation.randomDraws).toBe('polar-stream'); // saved with the draws it was run with
  expect(experiment.synapseTypes.find((s) => s.id === 'kick')).toEqual({ id: 'kick', kind: 'current', pulse: 1 });
  expect(experiment.inputs.find((i) => i.id === 'follower-noise')).toMatchObject({ kind: 'noise', hold: 1 });

  // From a reset, the page's spikes are Node's for the saved experiment.
  await page.getByTestId('reset').click();
  await stepHundreds(page, 3);
  const sim = new Simulation(compileExperiment(experiment));
  sim.run(Math.round(300 / experiment.simulation.dt));
  const { neurons, times } = sim.spikes.drain();
  expect(neurons.length).toBeGreaterThan(5);
  expect(await download(page, 'Download spikes CSV')).toBe(spikesToCsv(neurons, times, sim.net.ids));
});
