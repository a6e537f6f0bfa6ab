import { expect, test, type Page } from '@playwright/test';
import { openLab, simTime } from './lab.ts';

/** Spikes of the neuron the Neuron panel shows, since the run started. */
const panelSpikes = async (page: Page) => Number(await page.getByTestId('neuron-rate').getAttribute('data-spikes'));

test('a neuron turned into an izhikevich2007 cell in the editor runs and spikes, with its own sliders', async ({ page }) => {
  await openLab(page);
  const panel = page.getByTestId('neuron-panel');
  await expect(panel.getByTestId('neuron-select')).toHaveValue('driver');
  await panel.getByTestId('neuron-model').selectOption('izhikevich2007');
  // The driver's RS cell becomes its exact 2007 cell: C = 1 pF, k = 0.04, vr = -70, vt = -55.
  await expect(panel.getByTestId('param-C')).toHaveValue('1');
  await expect(panel.getByTestId('param-vr')).toHaveValue('-70');
  await expect(panel.getByTestId('param-vt')).toHaveValue('-55');
  await expect(panel.getByTestId('param-a')).toHaveValue('0.02');
  await page.getByTestId('play').click();
  await expect.poll(() => simTime(page), { timeout: 30_000 }).toBeGreaterThan(400);
  await expect.poll(() => panelSpikes(page), { timeout: 30_000 }).toBeGreaterThan(3);
  await page.getByTestId('play').click(); // pause
  // The phase plane draws the 2007 cell in its own units: u in pA, C dv/dt = k (v - vr)(v - vt) - u + I.
  await page.getByTestId('top-tab-phase').click();
  await expect(page.getByTestId('phase-hint')).toHaveText('Click in the plane to put the neuron at that (v, u) now.');
  await expect(page.getByTestId('phase-plane').locator('.axis-title')).toHaveText(['v (mV)', 'u (pA)']);
  // The 2007 RS preset of the book: C = 100 pF.
  await panel.getByTestId('preset-2007').selectOption('RS');
  await expect(panel.getByTestId('param-C')).toHaveValue('100');
  await expect(panel.getByTestId('param-k')).toHaveValue('0.7');
  // Its fixed points solve k (v - vr)(v - vt) - b (v - vr) + I = 0: 0.7 v^2 + 72 v + 1800 + I = 0.
  const I = Number((await page.getByTestId('phase-current').textContent())?.match(/^I = (-?[\d.]+) pA/)?.[1]);
  expect(Number.isFinite(I)).toBe(true);
  const disc = 72 * 72 - 4 * 0.7 * (1800 + I);
  const roots = disc < 0 ? [] : [(-72 - Math.sqrt(disc)) / 1.4, (-72 + Math.sqrt(disc)) / 1.4];
  const points = page.getByTestId('phase-fixed-point');
  await expect(points).toHaveCount(roots.length);
  for (const [k, v] of roots.entries()) expect(Number(await points.nth(k).getAttribute('data-v'))).toBeCloseTo(v, 2);
});
