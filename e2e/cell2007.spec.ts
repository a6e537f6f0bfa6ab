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
  await page.screenshot({ path: '/work/shots/nmlengine-cell2007.png' });
  // The phase plane analyses the 2003 cell's equations, and says so.
  await page.getByTestId('top-tab-phase').click();
  await expect(page.getByTestId('phase-hint')).toHaveText('The phase plane is for the 2003 cell: this neuron is an izhikevich2007Cell.');
  // The 2007 RS preset of the book: C = 100 pF.
  await panel.getByTestId('preset-2007').selectOption('RS');
  await expect(panel.getByTestId('param-C')).toHaveValue('100');
  await expect(panel.getByTestId('param-k')).toHaveValue('0.7');
});
