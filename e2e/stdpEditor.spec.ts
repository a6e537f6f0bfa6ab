import { expect, test, type Page } from '@playwright/test';
import { openLab, openSongExample, simTime, storedAutosaves } from './lab.ts';

/** Runs at full speed until the clock passes `ms`, then pauses. */
async function runPast(page: Page, ms: number): Promise<void> {
  await page.getByTestId('speed').selectOption('max');
  await page.getByTestId('play').click();
  await expect.poll(() => simTime(page), { timeout: 120_000 }).toBeGreaterThan(ms);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
}

test('STDP is set in the synapse panel: on and off, pairing and update, its numbers held to the validator', async ({ page }) => {
  await openLab(page);
  const stdp = page.getByTestId('syn-stdp');
  await page.getByTestId('syn-stdp-on').check();
  await expect(page.getByTestId('syntype-item-AMPA')).toContainText('STDP');
  // Song, Miller & Abbott's rule, scaled to the largest weight the type has (the connection's 1).
  await expect(stdp.getByTestId('param-wMax')).toHaveValue('1');
  await expect(stdp.getByTestId('param-aPlus')).toHaveValue('0.01');
  await expect(stdp.getByTestId('param-aMinus')).toHaveValue('0.012');
  await expect(stdp.getByTestId('syn-stdp-pairing')).toHaveValue('all-to-all');

  // Refused numbers name the field; the rule keeps its value.
  await stdp.getByTestId('param-aPlus').fill('-0.5');
  await stdp.getByTestId('param-aPlus').press('Enter');
  await expect(stdp.getByTestId('param-aPlus-message')).toHaveText('plasticity.aPlus: must be >= 0 (in units of weight), got -0.5; A+ stays 0.01.');
  await stdp.getByTestId('param-wMax').fill('0.5');
  await stdp.getByTestId('param-wMax').press('Enter');
  await expect(stdp.getByTestId('param-wMax-message')).toContainText('connections[0].weight: must be between 0 and 0.5 (the wMax of the plastic synapse type "AMPA"), got 1');
  // An accepted one applies live.
  await stdp.getByTestId('param-tauPlus').fill('30');
  await stdp.getByTestId('param-tauPlus').press('Enter');
  await expect(stdp.getByTestId('param-tauPlus-message')).toHaveCount(0);
  await expect(stdp.getByTestId('param-tauPlus-slider')).toHaveValue('30');

  await page.getByTestId('syn-stdp-pairing').selectOption('nearest');
  await page.getByTestId('syn-stdp-update').selectOption('multiplicative');
  await expect(page.getByTestId('syn-stdp-pairing')).toHaveValue('nearest');
  await expect(page.getByTestId('syn-stdp-update')).toHaveValue('multiplicative');
  // The experiment has the rule (what Save and Share write): the autosave shows it.
  await expect.poll(async () => (await storedAutosaves(page))[0] ?? '').toContain('"pairing": "nearest"');
  await expect.poll(async () => (await storedAutosaves(page))[0] ?? '').toContain('"tauPlus": 30');

  await page.getByTestId('syn-stdp-on').uncheck();
  await expect(stdp.getByTestId('param-aPlus')).toHaveCount(0);
  await expect(page.getByTestId('syntype-item-AMPA')).not.toContainText('STDP');
});

test('learned weights survive an edit that rebuilds the network; Reset weights and Keep learned weights', async ({ page }) => {
  test.setTimeout(240_000);
  await openSongExample(page);
  await page.getByTestId('top-tab-plasticity').click();
  const followed = page.getByTestId('plasticity-followed');
  await expect(followed).toHaveText(/^Following corr\[0\] → out: w = 0\.\d{3} \(wMax 1\)$/);
  const asBuilt = await followed.textContent();

  await runPast(page, 2000);
  await expect(followed).not.toHaveText(asBuilt ?? '');
  const learned = await followed.textContent();

  // Switching the pairing rebuilds the network: the weights and the followed synapse carry through.
  await page.getByTestId('edit-synapse-type-plastic').click();
  await page.getByTestId('type-plastic-stdp-pairing').selectOption('nearest');
  await expect(page.getByTestId('plasticity-panel').getByTestId('learned-weights-note')).toHaveText('The last change kept the learned weights of all 1,000 plastic synapses.');
  await expect(followed).toHaveText(learned ?? '');
  // The raster (a density grid here: 1,002 neurons) still shows the spikes from before the edit, paused.
  await expect(page.getByTestId('raster')).toHaveAttribute('data-mode', 'density');
  await expect.poll(async () => Number(await page.getByTestId('raster').getAttribute('data-drawn'))).toBeGreaterThan(1000);

  // Reset weights: back to the experiment's, the run where it was.
  const time = await simTime(page);
  await page.getByTestId('plasticity-panel').getByTestId('reset-weights').click();
  await expect(followed).toHaveText(asBuilt ?? '');
  expect(await simTime(page)).toBe(time);

  // Learn again, then keep: the experiment holds the learned weights, so Reset weights now goes back to them.
  await runPast(page, time + 1000);
  await page.getByTestId('play').click();
  await page.getByTestId('plasticity-panel').getByTestId('keep-learned-weights').click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  await expect(page.getByTestId('undo')).toHaveAccessibleName('Undo keep learned weights');
  const kept = await followed.textContent();
  expect(kept).not.toBe(asBuilt);
  await expect.poll(async () => (await storedAutosaves(page))[0] ?? '').toContain('"weights": [');
  await page.getByTestId('plasticity-panel').getByTestId('reset-weights').click();
  await page.getByTestId('step-100').click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  await page.getByTestId('plasticity-panel').getByTestId('reset-weights').click();
  await expect(followed).toHaveText(kept ?? '');
});
