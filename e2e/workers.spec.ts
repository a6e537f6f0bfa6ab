import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { izhikevich2003Network } from '../src/core/experiment/examples.ts';
import { spikesToCsv } from '../src/core/io/spikesCsv.ts';
import { openLab, simTime, stepHundreds } from './lab.ts';

async function spikesCsv(page: Page): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-spikes').click()]);
  return readFile(await download.path(), 'utf8');
}

test('the 10,000-neuron network on two Workers gives the spikes it gives on one, and the page says which', async ({ page }) => {
  test.setTimeout(240_000);
  await openLab(page);
  await page.getByTestId('workers').selectOption('1');
  await expect(page.getByTestId('workers-status')).toHaveText('1 Worker: chosen');
  await page.getByTestId('examples').click();
  await page.getByTestId('gallery-size-izhikevich-2003-network-10000').check();
  await page.getByTestId('gallery-open-izhikevich-2003-network').click();
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 10000 neurons', { timeout: 120_000 });
  await expect(page.getByTestId('workers-status')).toHaveText('1 Worker: chosen');
  await stepHundreds(page, 2);
  const one = await spikesCsv(page);

  // The choice builds the network again from t = 0, now split (Auto splits from 50,000 neurons).
  await page.getByTestId('workers').selectOption('2');
  await expect(page.getByTestId('workers-status')).toHaveText('2 Workers', { timeout: 120_000 });
  await expect.poll(() => simTime(page)).toBe(0);
  await stepHundreds(page, 2);
  const two = await spikesCsv(page);

  // Both are what Node's one Simulation gives for the same network and seed.
  const sim = new Simulation(compileExperiment(izhikevich2003Network(10000, 1000)));
  sim.run(Math.round(200 / sim.net.dt));
  const { neurons, times } = sim.spikes.drain();
  expect(neurons.length).toBeGreaterThan(2000);
  const node = spikesToCsv(neurons, times, sim.net.ids);
  expect(one).toBe(node);
  expect(two).toBe(node);
});
