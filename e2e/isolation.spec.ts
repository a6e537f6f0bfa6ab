import { expect, test } from '@playwright/test';
import { openLab, stepHundreds, spikeCount } from './lab.ts';

/**
 * Issue 10: without cross-origin isolation (a host that does not send COOP and COEP) the lab falls back
 * to one Worker and says so. The headers are taken off every response here, as such a host would.
 */
test('without cross-origin isolation: one Worker, the page says why, and asking for two still runs on one', async ({ page }) => {
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
  await openLab(page);
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(false);
  const note = page.getByTestId('isolation');
  await expect(note).toHaveAttribute('data-isolated', 'false');
  await expect(note).toHaveText('one Worker');
  await expect(note).toHaveAttribute('title', /not cross-origin isolated .*COOP and COEP.*one Worker.*Hosting the build/);

  await page.getByTestId('workers').selectOption('2');
  await expect(page.getByTestId('workers-status')).toHaveText('1 Worker: the page is not cross-origin isolated');
  await expect(page.getByTestId('workers-status')).toHaveAttribute('data-workers', '1');
  // And it runs: the default experiment's spikes come, on the one Worker.
  await stepHundreds(page, 3);
  expect(await spikeCount(page)).toBeGreaterThan(5);
});
