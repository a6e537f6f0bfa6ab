import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { parseExperimentJson } from '../src/core/experiment/validate.ts';
import { dropFiles, openLab, simTime, storedAutosaves } from './lab.ts';

const SCHEMA = new URL('../test/fixtures/neuroml/NeuroML_v2.3.1.xsd', import.meta.url).pathname;

async function download(page: Page, testId: string): Promise<{ name: string; path: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), path, text: await readFile(path, 'utf8') };
}

/** The populations of the experiment the lab holds (its autosave). */
async function savedPopulations(page: Page): Promise<unknown> {
  const parsed = parseExperimentJson((await storedAutosaves(page))[0] ?? '');
  return parsed.ok ? parsed.experiment.populations : parsed.errors;
}

/** Fills the add-population form with an IB izhikevich2007 population of 12 whose vt is drawn. */
async function fillIb2007(page: Page): Promise<void> {
  await page.getByTestId('add-population').click();
  await page.getByTestId('pop-size').fill('12');
  await page.getByTestId('pop-model').selectOption('izhikevich2007');
  await expect(page.getByTestId('pop-preset')).toHaveValue('RS2007');
  await expect(page.getByTestId('pop-C-value')).toHaveValue('100');
  await page.getByTestId('pop-preset').selectOption('IB2007');
  await expect(page.getByTestId('pop-C-value')).toHaveValue('150');
  await page.getByTestId('pop-vt-kind').selectOption('normal');
  await page.getByTestId('pop-vt-mean').fill('-45');
  await page.getByTestId('pop-vt-sd').fill('2');
}

const IB_POPULATION = {
  id: 'P1', size: 12, model: 'izhikevich2007', role: 'excitatory',
  C: 150, k: 1.2, vr: -75, vt: { dist: 'normal', mean: -45, sd: 2 }, vpeak: 50, a: 0.01, b: 5, c: -56, d: 130, v0: -75,
};

test('the population form makes an izhikevich2007 population (IB, vt drawn), which exports to valid NeuroML and comes back as itself', async ({ page }) => {
  await openLab(page);
  await fillIb2007(page);
  await page.getByTestId('pop-submit').click();
  await expect(page.getByTestId('population-item-P1')).toBeVisible();
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 15 neurons');
  await expect.poll(() => savedPopulations(page)).toEqual([expect.objectContaining(IB_POPULATION)]);

  await page.getByTestId('export-neuroml').click();
  const network = await download(page, 'export-neuroml-file-network');
  const lems = await download(page, 'export-neuroml-file-lems');
  await page.getByTestId('export-neuroml-dialog-close').click();
  execFileSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMA, network.path], { stdio: 'pipe' });
  // Each drawn cell written in full for other simulators: the IB cell with its own vt.
  expect(network.text.match(/<izhikevich2007Cell id="P1_\d+_cell" C="150pF" v0="-75mV" k="1.2nS_per_mV" vr="-75mV" vt="[^"]+"/g)).toHaveLength(12);

  await dropFiles(page, [network, lems].map(({ name, text }) => ({ name, text })));
  await expect.poll(() => simTime(page)).toBe(0);
  await expect(page.getByTestId('import-notice')).toHaveCount(0);
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 15 neurons');
  await expect.poll(() => savedPopulations(page)).toEqual([expect.objectContaining(IB_POPULATION)]);
});

/** Where the screenshots go when set (NML_SHOTS=dir). */
const SHOTS = process.env.NML_SHOTS;

test('screenshots of the population form with the 2007 model', async ({ browser }) => {
  test.skip(!SHOTS, 'NML_SHOTS is not set');
  for (const [width, height] of [[1440, 900], [390, 844]]) {
    const context = await browser.newContext({ viewport: { width, height }, storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.addInitScript(() => localStorage.setItem('spiking-lab/tour', 'seen'));
    await openLab(page);
    await fillIb2007(page);
    await page.getByTestId('population-form-add').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/nml-population2007-${width}x${height}.png` });
    await page.getByTestId('pop-model').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/nml-population2007-model-${width}x${height}.png` });
    await context.close();
  }
});
