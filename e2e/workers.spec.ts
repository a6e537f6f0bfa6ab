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

test('the 10,000-neuron network moves from one Worker to three, to two and back mid-run, with the spikes it gives on one, and the page says which', async ({ page }) => {
  test.setTimeout(300_000);
  // A 4-core machine, as the page sees it (the Workers here still run on this machine's cores).
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 4 }));
  await openLab(page);
  await expect(page.getByTestId('workers').locator('option')).toHaveText(['Auto', '1', '2', '3', '4']);
  await page.getByTestId('workers').selectOption('1');
  await expect(page.getByTestId('workers-status')).toHaveText('1 Worker: chosen');
  await page.getByTestId('examples').click();
  await page.getByTestId('gallery-size-izhikevich-2003-network-10000').check();
  await page.getByTestId('gallery-open-izhikevich-2003-network').click();
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 10000 neurons', { timeout: 120_000 });
  await expect(page.getByTestId('workers-status')).toHaveText('1 Worker: chosen');
  await stepHundreds(page, 1);

  // Each choice builds the network for that many Workers (Auto splits from 50,000 neurons) and the run
  // goes on where it is, with its state and spikes in flight.
  const moves: [string, string][] = [['3', '3 Workers'], ['2', '2 Workers'], ['1', '1 Worker: chosen']];
  for (const [k, [choice, status]] of moves.entries()) {
    await page.getByTestId('workers').selectOption(choice);
    await expect(page.getByTestId('workers-status')).toHaveText(status, { timeout: 120_000 });
    expect(await simTime(page)).toBe(100 * (k + 1));
    await stepHundreds(page, 1);
  }
  const moved = await spikesCsv(page);

  // What Node's one Simulation gives for the same network and seed, without moving.
  const sim = new Simulation(compileExperiment(izhikevich2003Network(10000, 1000)));
  sim.run(Math.round(400 / sim.net.dt));
  const { neurons, times } = sim.spikes.drain();
  expect(neurons.length).toBeGreaterThan(4000);
  expect(moved).toBe(spikesToCsv(neurons, times, sim.net.ids));
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
});
