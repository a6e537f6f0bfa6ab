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

test('the 10,000-neuron network moves from one Worker to two and back mid-run, with the spikes it gives on one, and the page says which', async ({ page }) => {
  test.setTimeout(240_000);
  await openLab(page);
  await page.getByTestId('workers').selectOption('1');
  await expect(page.getByTestId('workers-status')).toHaveText('1 Worker: chosen');
  await page.getByTestId('examples').click();
  await page.getByTestId('gallery-size-izhikevich-2003-network-10000').check();
  await page.getByTestId('gallery-open-izhikevich-2003-network').click();
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 10000 neurons', { timeout: 120_000 });
  await expect(page.getByTestId('workers-status')).toHaveText('1 Worker: chosen');
  await stepHundreds(page, 1);

  // The choice builds the network for two Workers (Auto splits from 50,000 neurons) and the run goes on
  // from 100 ms, with its state and spikes in flight; then back to one.
  await page.getByTestId('workers').selectOption('2');
  await expect(page.getByTestId('workers-status')).toHaveText('2 Workers', { timeout: 120_000 });
  expect(await simTime(page)).toBe(100);
  await stepHundreds(page, 1);
  await page.getByTestId('workers').selectOption('1');
  await expect(page.getByTestId('workers-status')).toHaveText('1 Worker: chosen', { timeout: 120_000 });
  expect(await simTime(page)).toBe(200);
  await stepHundreds(page, 1);
  const moved = await spikesCsv(page);

  // What Node's one Simulation gives for the same network and seed, without moving.
  const sim = new Simulation(compileExperiment(izhikevich2003Network(10000, 1000)));
  sim.run(Math.round(300 / sim.net.dt));
  const { neurons, times } = sim.spikes.drain();
  expect(neurons.length).toBeGreaterThan(3000);
  expect(moved).toBe(spikesToCsv(neurons, times, sim.net.ids));
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
});
