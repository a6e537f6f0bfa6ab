import { expect, test, type Page } from '@playwright/test';
import { izhikevich2003Network } from '../src/core/experiment/examples.ts';
import { encodeExperiment } from '../src/core/io/shareLink.ts';
import { openLab, simTime } from './lab.ts';

/** Opens the 2003 network at 100,000 neurons (10 M synapses) from the gallery. */
async function open100k(page: Page): Promise<void> {
  await page.getByTestId('examples').click();
  await page.getByTestId('gallery-size-izhikevich-2003-network-100000').check();
  await page.getByTestId('gallery-open-izhikevich-2003-network').click();
}

test('building 100,000 neurons shows its progress in the Worker; Cancel keeps the running experiment', async ({ page }, testInfo) => {
  await openLab(page);
  await page.getByTestId('play').click();
  await expect.poll(() => simTime(page)).toBeGreaterThan(50);
  await open100k(page);

  const bar = page.getByRole('progressbar', { name: 'Building the network' });
  await expect(bar).toBeVisible();
  // Read the bar and press Cancel at once: a fast machine builds 100,000 neurons in a second or two.
  const shown = await page.evaluate(() => {
    const el = document.querySelector('[role="progressbar"]');
    const attr = (name: string) => el?.getAttribute(name) ?? null;
    const stage = document.querySelector('[data-testid="build-stage"]')?.textContent ?? '';
    return { min: attr('aria-valuemin'), max: attr('aria-valuemax'), now: Number(attr('aria-valuenow')), stage };
  });
  // The page answers while the Worker builds: the Cancel button takes the click.
  await page.getByRole('button', { name: 'Cancel building' }).click();
  expect(shown.min).toBe('0');
  expect(shown.max).toBe('100');
  expect(shown.now).toBeGreaterThanOrEqual(0);
  expect(shown.now).toBeLessThan(100);
  expect(shown.stage).toMatch(/^\d+% · (Neurons|Synapses of projection|Sorting|Inputs|Setting up)/);

  await expect(page.getByTestId('build-notice')).toHaveText(
    /Building “Izhikevich 2003 network \(100,000 neurons, 100 inputs each\)” was cancelled; “Excite one, inhibit another” is still loaded\. Redo builds it again\./,
  );
  await expect(bar).toHaveCount(0);
  await expect(page.getByTestId('experiment-name')).toHaveText('Excite one, inhibit another');
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 3 neurons');
  await page.locator('.transport-region').screenshot({ path: testInfo.outputPath('cancelled.png') });
  // Still running, as it was: the time goes on; and it pauses and steps as before.
  const afterCancel = await simTime(page);
  await expect.poll(() => simTime(page)).toBeGreaterThan(afterCancel + 100);
  await expect(page.getByTestId('run-state')).toHaveText('running');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  const paused = await simTime(page);
  await page.getByTestId('step-100').click();
  await expect.poll(() => simTime(page)).toBe(paused + 100);
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
});

test('building 100,000 neurons to the end: the bar goes, the network is loaded and plays', async ({ page }) => {
  test.setTimeout(300_000); // a 100,000-neuron build on a busy 2-core machine
  await openLab(page);
  await open100k(page);
  const bar = page.getByRole('progressbar', { name: 'Building the network' });
  await expect(bar).toBeVisible();
  // Record the progress shown, to check it only goes forward.
  await page.evaluate(() => {
    const w = window as unknown as { shown?: number[] };
    w.shown = [];
    new MutationObserver(() => {
      const value = document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow');
      if (value) w.shown?.push(Number(value));
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  });
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 100000 neurons', { timeout: 120_000 });
  await expect(bar).toHaveCount(0);
  const shown = await page.evaluate(() => (window as unknown as { shown?: number[] }).shown ?? []);
  expect(shown.length).toBeGreaterThan(1);
  for (let k = 1; k < shown.length; k++) expect(shown[k]).toBeGreaterThanOrEqual(shown[k - 1]);
  await expect(page.getByTestId('experiment-name')).toHaveText('Izhikevich 2003 network (100,000 neurons, 100 inputs each)');
  await page.getByTestId('step-100').click();
  await expect.poll(() => simTime(page), { timeout: 60_000 }).toBe(100);
  await expect(page.getByTestId('build-notice')).toHaveCount(0);
});

test('Cancel on the first load (a 100,000-neuron shared link) opens the starter experiment, and Redo builds the other', async ({ page }, testInfo) => {
  const big = izhikevich2003Network(100_000, 100);
  // A page of the same origin that is not the lab, so no autosave runs while the storage is set up.
  // (An autosave's first build is a trial with its own fallback, the last good autosave: e2e/keepingWork.spec.ts.)
  await page.goto('/favicon.svg');
  await page.evaluate(() => localStorage.clear());
  await page.goto(`/#experiment=${await encodeExperiment(big)}`);
  const bar = page.getByRole('progressbar', { name: 'Building the network' });
  await expect(bar).toBeVisible();
  await page.getByRole('button', { name: 'Cancel building' }).click();

  const name = 'Izhikevich 2003 network (100,000 neurons, 100 inputs each)';
  await expect(page.getByTestId('build-notice')).toHaveText(
    `Building \u201c${name}\u201d was cancelled before anything ran, so the starter experiment \u201cExcite one, inhibit another\u201d is open instead. Redo builds \u201c${name}\u201d again.Dismiss`,
  );
  await expect(bar).toHaveCount(0);
  await expect(page.getByTestId('experiment-name')).toHaveText('Excite one, inhibit another');
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 3 neurons');
  await expect(page.getByTestId('redo')).toHaveAttribute('aria-label', `Redo open \u201c${name}\u201d`);
  await page.screenshot({ path: testInfo.outputPath('first-load-cancelled.png') });
  // The starter runs.
  await page.getByTestId('step-100').click();
  await expect.poll(() => simTime(page)).toBe(100);

  // Redo builds the big one again; cancelled now, the starter is what stays loaded.
  await page.getByTestId('redo').click();
  await expect(bar).toBeVisible();
  await page.getByRole('button', { name: 'Cancel building' }).click();
  await expect(page.getByTestId('build-notice')).toContainText(`Building \u201c${name}\u201d was cancelled; \u201cExcite one, inhibit another\u201d is still loaded. Redo builds it again.`);
  await expect(page.getByTestId('experiment-name')).toHaveText('Excite one, inhibit another');
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
});

test('the page is cross-origin isolated under the dev server, and says so', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
  expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  await expect(page.getByTestId('play')).toBeEnabled();
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  // What isolation allows: memory shared between Workers.
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
  const note = page.getByTestId('isolation');
  await expect(note).toHaveAttribute('data-isolated', 'true');
  await expect(note).toHaveText('isolated');
  await expect(note).toHaveAttribute('title', /cross-origin isolated: Workers can share memory/);
});
