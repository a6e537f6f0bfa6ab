import { expect, test, type Page } from '@playwright/test';

const spikeCount = async (page: Page) => Number(await page.getByTestId('raster').getAttribute('data-spike-count'));
const sampleCount = async (page: Page) => Number(await page.getByTestId('traces').getAttribute('data-sample-count'));
const simTime = async (page: Page) => {
  const text = (await page.getByTestId('sim-time').textContent()) ?? '';
  const match = /([\d,.]+)\s*ms/.exec(text);
  if (!match) throw new Error(`no time in "${text}"`);
  return Number(match[1].replace(/,/g, ''));
};

test('press Play: the time advances, traces move and the raster fills with spikes', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('play')).toBeEnabled();
  expect(await spikeCount(page)).toBe(0);
  await page.getByTestId('speed').selectOption({ label: '5x' }).catch(async () => page.getByTestId('speed').selectOption('5'));
  await page.getByTestId('play').click();
  await expect.poll(() => simTime(page), { timeout: 20_000 }).toBeGreaterThan(1000);
  await expect.poll(() => spikeCount(page)).toBeGreaterThan(20);
  await expect.poll(() => sampleCount(page)).toBeGreaterThan(500);
  await expect(page.getByTestId('achieved-speed')).toContainText(/x/);
  // The trace lines are drawn: one path per watched neuron with real extent.
  const pathLength = await page.locator('[data-testid="traces"] path.trace-line').first().evaluate((p) => (p as SVGPathElement).getTotalLength());
  expect(pathLength).toBeGreaterThan(100);
  await page.screenshot({ path: 'test-results/lab-running.png' });
  await page.getByTestId('play').click(); // pause
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  const paused = await simTime(page);
  await page.waitForTimeout(400);
  expect(await simTime(page)).toBe(paused);
});

test('step 1 ms and 100 ms, then reset', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('step-1').click();
  await expect.poll(() => simTime(page)).toBe(1);
  await page.getByTestId('step-100').click();
  await expect.poll(() => simTime(page)).toBe(101);
  await page.getByTestId('reset').click();
  await expect.poll(() => simTime(page)).toBe(0);
});

test('changing a while it runs changes the firing', async ({ page }) => {
  await page.goto('/');
  // The pacer fires tonically from the start; as a fast-spiking cell (a = 0.1) it fires fast.
  await page.getByLabel(/neuron/i).first().selectOption('pacer').catch(() => undefined);
  await page.getByTestId('step-100').click();
  await expect.poll(() => simTime(page)).toBe(100);
  const firstHundred = await spikeCount(page);
  // Slow recovery (a = 0.005): the pacer adapts and fires far less in the next 100 ms... but it keeps state.
  await page.getByTestId('param-a').fill('0.005');
  await page.getByTestId('param-a').press('Enter');
  await page.getByTestId('reset').click();
  await expect.poll(() => simTime(page)).toBe(0);
  await page.getByTestId('step-100').click();
  await expect.poll(() => simTime(page)).toBe(100);
  const afterEdit = await spikeCount(page);
  expect(afterEdit).not.toBe(firstHundred);
});
