import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { GALLERY } from '../src/core/experiment/gallery.ts';
import type { Experiment } from '../src/core/experiment/types.ts';
import { parseExperimentJson, validateExperiment } from '../src/core/experiment/validate.ts';
import { conductanceNetwork, neuromlFaithful } from '../test/neuromlRoundTrip.ts';
import { dropFiles, openLab, simTime, stepHundreds, rasterLabel, storedAutosaves } from './lab.ts';
import { nodeSpikesCsv } from './nodeSpikes.ts';

const SCHEMA = new URL('../test/fixtures/neuroml/NeuroML_v2.3.1.xsd', import.meta.url).pathname;
/** Long enough for every example to fire (the feed-forward chain's first wave, the STDP neuron's first spikes). */
const RUN_HUNDREDS = 3;

async function download(page: Page, testId: string): Promise<{ name: string; path: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), path, text: await readFile(path, 'utf8') };
}

async function spikesCsv(page: Page): Promise<string> {
  return (await download(page, 'export-spikes')).text;
}

/** The experiment as the lab's validator leaves it (the form an import returns). */
function validated(experiment: Experiment): Experiment {
  const checked = validateExperiment(experiment);
  if (!checked.ok) throw new Error(checked.errors.join('; '));
  return checked.experiment;
}

const neuronCount = (e: Experiment) => e.neurons.length + e.populations.reduce((n, p) => n + p.size, 0);

for (const entry of GALLERY) {
  test(`${entry.id}: exported through the dialog and dropped back on the lab, it fires the spikes of all the export keeps`, async ({ page }) => {
    const original = entry.make();
    const kept = neuromlFaithful(original);
    const raster = rasterLabel(neuronCount(original));
    await openLab(page);
    await page.getByTestId('examples').click();
    await page.getByTestId(`gallery-open-${entry.id}`).click();
    await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', raster);
    await expect(page.getByTestId('experiment-name')).toHaveText(original.name);
    await stepHundreds(page, RUN_HUNDREDS);
    const originalCsv = await spikesCsv(page);

    await page.getByTestId('export-neuroml').click();
    const network = await download(page, 'export-neuroml-file-network');
    const lems = await download(page, 'export-neuroml-file-lems');
    await page.getByTestId('export-neuroml-dialog-close').click();
    // What was downloaded is valid NeuroML v2.3.1 (xmllint exits non-zero, and this throws, if not).
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMA, network.path], { stdio: 'pipe' });

    await dropFiles(page, [network, lems].map(({ name, text }) => ({ name, text })));
    // Opened as a new run (the clock back at 0), with nothing the import could not read as written.
    await expect.poll(() => simTime(page)).toBe(0);
    await expect(page.getByTestId('play')).toBeEnabled();
    await expect(page.getByTestId('import-notice')).toHaveCount(0);
    await expect(page.getByTestId('error-banner')).toHaveCount(0);
    await expect(page.getByTestId('experiment-name')).toHaveText(original.name);
    await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', raster);
    await stepHundreds(page, RUN_HUNDREDS);
    const backCsv = await spikesCsv(page);

    expect(backCsv).toBe(nodeSpikesCsv(kept, 100 * RUN_HUNDREDS));
    // Where the export leaves nothing out, the imported network fires exactly the original's spikes.
    if (JSON.stringify(kept) === JSON.stringify(original)) expect(backCsv).toBe(originalCsv);
  });
}

test('a network of drawn populations (2003 cells, conductance synapses, Poisson drive) comes back through the file picker as its populations, with its spikes', async ({ page }) => {
  const original = conductanceNetwork();
  await openLab(page);
  await page.getByTestId('open-experiment').setInputFiles({ name: 'drawn.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(original)) });
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 200 neurons');
  await stepHundreds(page, RUN_HUNDREDS);
  const originalCsv = await spikesCsv(page);
  expect(originalCsv).toBe(nodeSpikesCsv(original, 100 * RUN_HUNDREDS));

  await page.getByTestId('export-neuroml').click();
  const network = await download(page, 'export-neuroml-file-network');
  const lems = await download(page, 'export-neuroml-file-lems');
  await page.getByTestId('export-neuroml-dialog-close').click();
  execFileSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMA, network.path], { stdio: 'pipe' });
  // For other simulators each drawn cell is its own population of one.
  expect(network.text.match(/<population /g)?.length).toBe(200);

  await page.getByTestId('open-experiment').setInputFiles([network, lems].map(({ name, text }) => ({ name, mimeType: 'application/xml', buffer: Buffer.from(text) })));
  await expect.poll(() => simTime(page)).toBe(0);
  await expect(page.getByTestId('play')).toBeEnabled();
  await expect(page.getByTestId('import-notice')).toHaveCount(0);
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 200 neurons');
  // The lab's two populations as they were (the autosave holds what is open), not 200 neurons.
  const groups = async () => {
    const parsed = parseExperimentJson((await storedAutosaves(page))[0] ?? '');
    return parsed.ok ? { neurons: parsed.experiment.neurons.length, populations: parsed.experiment.populations } : parsed.errors;
  };
  await expect.poll(groups).toEqual({ neurons: 0, populations: validated(original).populations });
  await stepHundreds(page, RUN_HUNDREDS);
  expect(await spikesCsv(page)).toBe(originalCsv);
});
