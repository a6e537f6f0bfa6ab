/**
 * Work is not lost: a value the loader would refuse is refused at its field (and so never autosaved),
 * and an autosave that cannot be opened is reported and offered as a download, while the newest one
 * that opens is opened.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { defaultExperiment } from '../src/core/experiment/examples.ts';
import { serializeExperiment } from '../src/core/experiment/validate.ts';
import { AUTOSAVE_PREFIX as PREFIX, openLab, storedAutosaves } from './lab.ts';


/** The page at the two sizes the lab is checked at, for a look at how a message reads. */
async function screenshots(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  for (const [width, height] of [[1280, 860], [800, 700]]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: testInfo.outputPath(`${name}-${width}x${height}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 860 });
}

test('a value the loader would refuse stays at its field with the reason, and a reload brings back the person\'s circuit', async ({ page }, testInfo) => {
  await openLab(page);
  const c = page.getByTestId('param-c');
  await c.fill('-55');
  await c.press('Enter');
  await expect.poll(async () => (await storedAutosaves(page))[0]).toContain('"c": -55,');

  await c.fill('40');
  await c.press('Enter');
  const message = page.getByTestId('param-c-message');
  await expect(message).toHaveText('c: must be below the spike cut-off vpeak (30 mV by default), got 40; c stays -55 mV.');
  await expect(c).toHaveValue('40');
  await expect(c).toHaveAttribute('aria-invalid', 'true');
  // Leaving the box keeps what was typed and its reason; the experiment keeps -55.
  await c.press('Tab');
  await expect(c).toHaveValue('40');
  await expect(message).toBeVisible();
  await expect(page.getByTestId('param-c-slider')).toHaveValue('-55');
  await screenshots(page, testInfo, 'refused-at-field');

  await page.reload();
  await expect(page.getByTestId('play')).toBeEnabled();
  await expect(page.getByTestId('param-c')).toHaveValue('-55');
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
  await expect(page.getByTestId('autosave-notice')).toHaveCount(0);

  // Typing again replaces the refused text; a good value applies and the reason goes.
  await page.getByTestId('param-c').fill('-50');
  await page.getByTestId('param-c').press('Enter');
  await expect(page.getByTestId('param-c-message')).toHaveCount(0);
  await expect(page.getByTestId('param-c-slider')).toHaveValue('-50');
});

test('an autosave that cannot be opened is reported and offered as a download, and the older good one opens', async ({ page }, testInfo) => {
  const good = serializeExperiment({ ...defaultExperiment(), name: 'My circuit' });
  const corrupt = good.slice(0, 200);
  // A page of the same origin that is not the lab, so no autosave runs while the storage is set up.
  await page.goto('/favicon.svg');
  await page.evaluate(([prefix, older, newer]) => {
    localStorage.clear();
    localStorage.setItem(`${prefix}1000`, older);
    localStorage.setItem(`${prefix}2000`, newer);
  }, [PREFIX, good, corrupt]);
  await page.goto('/');
  await expect(page.getByTestId('play')).toBeEnabled();
  await expect(page.getByTestId('experiment-name')).toHaveText('My circuit');

  const notice = page.getByTestId('autosave-notice');
  await expect(notice).toContainText('An autosave could not be opened.');
  await expect(notice).toContainText('Opened instead: the autosave saved');
  await expect(notice.getByTestId('autosave-errors')).toHaveText(/^JSON syntax error at line \d+, column \d+: /);
  await screenshots(page, testInfo, 'unopened-autosave');

  const [download] = await Promise.all([page.waitForEvent('download'), notice.getByTestId('autosave-download').click()]);
  expect(download.suggestedFilename()).toBe('spiking-lab-autosave-1970-01-01T00-00-02.json');
  expect(await readFile(await download.path(), 'utf8')).toBe(corrupt);

  // The lab goes on autosaving, and the unopened one stays until the person deletes it.
  await page.getByTestId('param-c').fill('-52');
  await page.getByTestId('param-c').press('Enter');
  await expect.poll(async () => (await storedAutosaves(page))[0]).toContain('"c": -52,');
  expect(await storedAutosaves(page)).toContain(corrupt);
  await page.reload();
  await expect(page.getByTestId('param-c')).toHaveValue('-52');
  await expect(page.getByTestId('autosave-notice')).toContainText('An autosave could not be opened.');
  await page.getByTestId('autosave-delete').click();
  await expect(page.getByTestId('autosave-notice')).toHaveCount(0);
  expect(await storedAutosaves(page)).not.toContain(corrupt);
});
