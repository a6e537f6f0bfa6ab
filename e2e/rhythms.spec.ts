import { expect, test } from '@playwright/test';
import { PopulationRate } from '../src/core/analysis/populationRate.ts';
import { rhythmsOf } from '../src/core/analysis/rhythms.ts';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { izhikevich2003Network } from '../src/core/experiment/examples.ts';
import { open2003Network, openLab, simTime, stepHundreds } from './lab.ts';

/** The peak the Worker finds after `ms` of the 2003 network, computed here in Node with the same core. */
function expectedPeak(ms: number): number {
  const sim = new Simulation(compileExperiment(izhikevich2003Network()));
  sim.run(ms);
  const rate = new PopulationRate(1000, 1, 4096);
  rate.add(sim.spikes.drain().times, sim.time);
  const rhythms = rhythmsOf(rate.rates(), 1);
  if (!rhythms) throw new Error('no spectrum');
  return rhythms.peak.frequency;
}

test('Rhythms: the 1,000-neuron network\'s rate and spectrum, with the peak the core computes', async ({ page }, testInfo) => {
  await open2003Network(page);
  await page.getByTestId('top-tab-rhythms').click();
  await expect(page.getByTestId('rhythms-panel')).toBeVisible();

  await stepHundreds(page, 3);
  // Under one 512 ms segment there is a rate but no spectrum yet.
  await expect(page.getByTestId('rhythm-peak')).toHaveText('peak: needs 512 ms of run (300 ms so far)');
  await stepHundreds(page, 27);
  expect(await simTime(page)).toBe(3000);
  // Bit-identical spikes in the Worker and in Node: the page shows the peak computed here, ~8 Hz (alpha).
  const peak = expectedPeak(3000);
  expect(peak).toBeGreaterThan(7);
  expect(peak).toBeLessThan(9.5);
  await expect(page.getByTestId('rhythm-peak')).toHaveText(`peak ${peak.toFixed(1)} Hz`);
  await expect(page.getByTestId('rhythm-gamma')).toHaveText(/^gamma peak (3\d|4\d)\.\d Hz$/);
  await expect(page.getByTestId('rhythm-rate')).toHaveText(/^mean rate [5-9]\.\d Hz$/);
  // Both plots drew: a rate trace over 3,000 bins and a spectrum with its peak marked.
  await expect(page.getByTestId('rhythm-rate-plot').locator('.series path')).toHaveAttribute('d', /^M.{2000,}/);
  await expect(page.getByTestId('rhythm-spectrum-plot').locator('.peaks circle')).toHaveCount(2);
  await expect(page.getByTestId('rhythm-spectrum-plot').locator('.peak-label').first()).toHaveText(`${peak.toFixed(1)} Hz`);
  await page.screenshot({ path: testInfo.outputPath('rhythms-1280x860.png') });

  // Playing sends new spectra a few times per second while it runs.
  await page.getByTestId('play').click();
  await expect.poll(() => simTime(page)).toBeGreaterThan(4000);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  await expect(page.getByTestId('rhythm-peak')).toHaveText(/^peak \d+\.\d Hz$/);

  await page.setViewportSize({ width: 1024, height: 700 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: testInfo.outputPath('rhythms-1024x700.png') });
});

test('the 2003 network\'s size is chosen in the gallery: 10,000 neurons build in the Worker while the page says so', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('examples').click();
  const card = page.getByTestId('gallery-card-izhikevich-2003-network');
  await expect(card.locator('.gallery-size')).toHaveText([
    /1,000\s*all-to-all · 1 M synapses/,
    /10,000\s*1,000 inputs each · 10 M synapses/,
    /100,000\s*100 inputs each · 10 M synapses/,
  ]);
  await expect(page.getByTestId('gallery-size-izhikevich-2003-network-1000')).toBeChecked();
  await page.getByTestId('gallery-size-izhikevich-2003-network-10000').check();
  // Record whether the building notice ever shows (it may be gone again by the time a poll would look).
  await page.evaluate(() => {
    const w = window as unknown as { sawBuilding?: string };
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="building"]');
      if (el && !w.sawBuilding) w.sawBuilding = el.textContent ?? '';
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  await page.getByTestId('gallery-open-izhikevich-2003-network').click();
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 10000 neurons', { timeout: 120_000 });
  expect(await page.evaluate(() => (window as unknown as { sawBuilding?: string }).sawBuilding)).toMatch(/^Building 10,000 neurons in the Worker/);
  await expect(page.getByTestId('building')).toHaveCount(0);
  await expect(page.getByTestId('experiment-name')).toHaveText('Izhikevich 2003 network (10,000 neurons, 1,000 inputs each)');
  await expect(page.locator('.experiment-size')).toContainText('10,000 neurons');

  await page.getByTestId('top-tab-rhythms').click();
  await stepHundreds(page, 2);
  await expect(page.getByTestId('rhythm-peak')).toHaveText('peak: needs 512 ms of run (200 ms so far)');
  await expect(page.getByTestId('rhythm-rate')).toHaveText(/^mean rate \d+\.\d Hz$/);

  // The gallery shows the open size as open and chosen.
  await page.getByTestId('examples').click();
  await expect(card.locator('.gallery-badge')).toHaveText('open now');
  await expect(page.getByTestId('gallery-size-izhikevich-2003-network-10000')).toBeChecked();
});
