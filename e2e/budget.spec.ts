import { expect, test } from '@playwright/test';
import { openLab, simTime, stepHundreds } from './lab.ts';

/**
 * The resource budget in the page: the student who connects a large population all-to-all gets a
 * message at the form, and the lab keeps the experiment it has (nothing is built, nothing is lost).
 */
test('an all-to-all projection past the budget is refused at the form; the lab keeps running what it has', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('add-population').click();
  await page.getByTestId('pop-size').fill('20000');
  await page.getByTestId('pop-submit').click();
  await expect(page.getByTestId('population-item-P1')).toBeVisible();
  const raster = page.getByTestId('raster');
  await expect(raster).toHaveAttribute('aria-label', 'Spike raster of 20003 neurons', { timeout: 60_000 });

  await page.getByTestId('add-projection').click();
  await page.getByTestId('proj-pre').selectOption('P1');
  await page.getByTestId('proj-post').selectOption('P1');
  await page.getByTestId('proj-synapse').selectOption('AMPA');
  await page.getByTestId('proj-rule').selectOption('all-to-all');
  await page.getByTestId('proj-submit').click();
  await expect(page.getByTestId('proj-error')).toContainText(
    'projections[0]: projection "P1_P1", all-to-all from "P1" (20,000 neurons) onto itself needs 399,980,000 synapses (about 11 GiB); the limit is 1.0 GiB of memory',
  );
  await expect(page.getByTestId('projection-item-P1_P1')).toHaveCount(0);
  await expect(page.getByTestId('undo')).toHaveAccessibleName('Undo add population P1');
  await expect(page.getByTestId('build-progress')).toHaveCount(0);

  // The lab still runs the experiment it had.
  await expect(raster).toHaveAttribute('aria-label', 'Spike raster of 20003 neurons');
  const before = await simTime(page);
  await stepHundreds(page, 1);
  expect(await simTime(page)).toBe(before + 100);
});
