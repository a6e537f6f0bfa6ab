import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { defaultExperiment } from '../src/core/experiment/examples.ts';
import { exportNeuroML } from '../src/core/neuroml/export.ts';
import { openLab } from './lab.ts';

const SCHEMA = new URL('../test/fixtures/neuroml/NeuroML_v2.3.1.xsd', import.meta.url).pathname;

async function download(page: Page, testId: string): Promise<{ name: string; path: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), path, text: await readFile(path, 'utf8') };
}

test('Export NeuroML lists what NeuroML cannot express, then downloads a schema-valid network and its LEMS file, live edits included', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('neuron-select').selectOption('driver');
  await page.getByTestId('param-a').fill('0.05');
  await page.getByTestId('param-a').press('Enter');
  await expect(page.getByTestId('eq-a')).toHaveText('0.05');

  await page.getByTestId('export-neuroml').click();
  const dialog = page.getByTestId('export-neuroml-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('export-neuroml-notes')).toContainText('follower-noise: Gaussian noise current (mean 0, sd 1) has no NeuroML 2 equivalent');

  const edited = defaultExperiment();
  edited.neurons[0].a = 0.05;
  const expected = exportNeuroML(edited);
  const network = await download(page, 'export-neuroml-file-network');
  expect(network.name).toBe('Excite_one_inhibit_another.net.nml');
  expect(network.text).toBe(expected.files[0].text);
  expect(network.text).toContain('<izhikevich2007Cell id="driver_cell" C="1pF" v0="-70mV"');
  expect(network.text).toMatch(/id="driver_cell"[^>]* a="0.05per_ms"/);
  // The real v2.3.1 schema accepts it (xmllint exits non-zero, and this throws, if not).
  execFileSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMA, network.path], { stdio: 'pipe' });

  const lems = await download(page, 'export-neuroml-file-lems');
  expect(lems.name).toBe('LEMS_Excite_one_inhibit_another.xml');
  expect(lems.text).toBe(expected.files[1].text);
  expect(lems.text).toContain('<Simulation id="sim_Excite_one_inhibit_another" length="1000ms" step="1ms"');

  await page.getByTestId('export-neuroml-dialog-close').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('export-neuroml')).toBeFocused();
});

for (const [width, height] of [
  [1440, 900],
  [390, 844],
]) {
  test(`the export dialog at ${width}x${height}`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height });
    await openLab(page);
    await page.getByTestId('export-neuroml').click();
    const dialog = page.getByTestId('export-neuroml-dialog');
    await expect(page.getByTestId('export-neuroml-notes')).toBeVisible();
    // Nothing of the dialog is cut off at the sides.
    const box = await dialog.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= width).toBe(true);
    await page.screenshot({ path: testInfo.outputPath(`nmlexport-dialog-${width}x${height}.png`) });
  });
}
