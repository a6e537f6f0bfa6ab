import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { izhikevich2003Network } from '../src/core/experiment/examples.ts';
import { spikesToCsv } from '../src/core/io/spikesCsv.ts';
import { openLab, simTime, stepHundreds } from './lab.ts';

// The 2003 network is chaotic: a draw one bit off in Chromium (as Math.exp and Math.log of Chromium 159
// and Node 20 differ) changes its spikes within about a second, so 3 s of equal spikes check the draws.
test('the 2003 network fires the same spikes in the Worker as in Node, bit for bit, for 3 s (counter-ziggurat draws)', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('examples').click();
  await page.getByTestId('gallery-open-izhikevich-2003-network').click();
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 1000 neurons');
  await stepHundreds(page, 30);
  expect(await simTime(page)).toBe(3000);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download spikes CSV' }).click()]);
  const text = await readFile(await download.path(), 'utf8');

  const experiment = izhikevich2003Network();
  expect(experiment.simulation.randomDraws).toBe('counter-ziggurat');
  const sim = new Simulation(compileExperiment(experiment));
  sim.run(3000);
  const { neurons, times } = sim.spikes.drain();
  expect(neurons.length).toBeGreaterThan(20_000);
  const expected = spikesToCsv(neurons, times, sim.net.ids);
  // The first line that differs, rather than two 600 kB texts.
  const pageLines = text.split('\n');
  const nodeLines = expected.split('\n');
  const first = nodeLines.findIndex((line, k) => line !== pageLines[k]);
  expect({ first, line: pageLines[first] ?? null }).toEqual({ first: -1, line: null });
  expect(pageLines.length).toBe(nodeLines.length);
});
