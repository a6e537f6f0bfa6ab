import { expect, test, type Page } from '@playwright/test';
import { openSongExample, simTime } from './lab.ts';

/** The histogram's bar heights, as drawn. */
const barHeights = (page: Page) => page.getByTestId('plasticity-histogram').locator('.bars rect').evaluateAll((bars) => bars.map((b) => b.getAttribute('height')).join(','));
/** The heatmap canvas's pixels, as a data URL. */
const heatmapPixels = (page: Page) => page.getByTestId('plasticity-heatmap').evaluate((canvas) => (canvas instanceof HTMLCanvasElement ? canvas.toDataURL() : ''));

test('STDP: the Song, Miller & Abbott example runs, and the weight heatmap, histogram and followed synapse change live', async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await openSongExample(page);
  await page.getByTestId('top-tab-plasticity').click();
  await expect(page.getByTestId('plasticity-panel')).toBeVisible();
  // The first frame comes with the load: the build's weights, uniform in [0, wMax].
  await expect(page.getByTestId('plasticity-summary')).toHaveText(/^1,000 plastic synapses · \d+\.\d% within 10% of 0 or wMax · mean 0\.\d{3} wMax$/);
  await expect(page.getByTestId('plasticity-histogram').locator('.bars rect')).toHaveCount(40);
  await expect(page.getByTestId('plasticity-followed')).toHaveText(/^Following corr\[0\] → out: w = 0\.\d{3} \(wMax 1\)$/);
  const barsBefore = await barHeights(page);
  const pixelsBefore = await heatmapPixels(page);
  const summaryBefore = await page.getByTestId('plasticity-summary').textContent();
  // Before any pairing the dw chart says so and shows no made-up dw ticks (it showed 1e-9, 5e-10, 0e+0).
  const changes = page.getByTestId('plasticity-changes');
  await expect(changes.locator('.empty-note text')).toHaveText('No spike pairs of this synapse yet');
  await expect(changes.locator('.y-axis .tick')).toHaveCount(0);

  await page.getByTestId('speed').selectOption('max');
  await page.getByTestId('play').click();
  await expect.poll(() => simTime(page), { timeout: 120_000 }).toBeGreaterThan(5000);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');

  // The weights moved: the histogram, the heatmap and the readout are no longer the build's.
  await expect.poll(() => barHeights(page)).not.toBe(barsBefore);
  expect(await heatmapPixels(page)).not.toBe(pixelsBefore);
  expect(await page.getByTestId('plasticity-summary').textContent()).not.toBe(summaryBefore);
  // The followed synapse changed: its spike pairs are listed with dt and dw (signed with d3's minus, U+2212), its weight plotted over time.
  await expect(page.getByTestId('plasticity-change-list').locator('li').first()).toHaveText(/^t \d+\.\d{3} s · Δt [+\u2212]\d+\.\d ms · dw [+\u2212]0\.\d{4}$/);
  await expect(page.getByTestId('plasticity-changes').locator('.points circle').first()).toBeAttached();
  await expect(changes.locator('.empty-note text')).toHaveCount(0);
  await expect(changes.locator('.y-axis .tick').first()).toHaveText(/\d/);
  await expect(page.getByTestId('plasticity-weight-time').locator('.series path')).toHaveAttribute('d', /^M.{200,}/);

  await page.screenshot({ path: testInfo.outputPath('stdp-1440x900.png') });

  // Clicking the heatmap's middle follows another input's synapse.
  const box = await page.getByTestId('plasticity-heatmap').boundingBox();
  if (!box) throw new Error('no heatmap');
  await page.getByTestId('plasticity-heatmap').click({ position: { x: box.width / 2 + 2, y: box.height / 2 } });
  await expect(page.getByTestId('plasticity-followed')).toHaveText(/^Following ind\[\d+\] → out: w = /);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: testInfo.outputPath('stdp-390x844.png') });
});
