import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { main } from '../src/cli/recover.ts';

/** "Recover the wiring": run in its Worker, numbers equal the command line's, exports, bad input. */

const SMALL = { n: 20, p: 0.2, seconds: 20, seed: 5 };

async function openRecover(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByTestId('view-recover').click();
  await expect(page.getByTestId('view-recover')).toHaveAttribute('aria-selected', 'true');
}

async function fill(page: Page, values: Record<string, number>): Promise<void> {
  for (const [field, value] of Object.entries(values)) await page.getByTestId(`recover-${field}`).fill(String(value));
}

test('recovers a small network in the Worker with the numbers `npm run recover` gives for the same seed', async ({ page }) => {
  test.setTimeout(900_000);
  await openRecover(page);
  await fill(page, SMALL);
  await page.getByTestId('recover-start').click();
  await expect(page.getByTestId('recover-cancel')).toBeEnabled();
  // The estimate is refitted as the recording grows: once at 10 s, again at 20 s.
  await expect(page.getByTestId('recover-stage')).toHaveAttribute('data-stage', 'done', { timeout: 600_000 });
  await expect(page.getByTestId('recover-history')).toHaveAttribute('data-refits', '2');
  const shown = {
    voltageR: await page.getByTestId('recover-voltage-r').getAttribute('data-value'),
    spikesAuc: await page.getByTestId('recover-spikes-auc').getAttribute('data-value'),
  };
  // `npm run recover` with the same settings, its last line as printed.
  let printed = '';
  const code = main(['--n', String(SMALL.n), '--p', String(SMALL.p), '--seconds', String(SMALL.seconds), '--seed', String(SMALL.seed)], { stdout: (text) => (printed += text), stderr: () => undefined });
  expect(code).toBe(0);
  const line = /^recover: voltage r (\S+) spikes auc (\S+) time \S+ s\n$/.exec(printed);
  expect(line).not.toBeNull();
  expect(shown).toEqual({ voltageR: line?.[1], spikesAuc: line?.[2] });
  await expect(page.getByTestId('recover-voltage-r')).toHaveText(shown.voltageR ?? 'missing');
  await expect(page.getByTestId('recover-scatter')).toHaveAttribute('data-points', String(20 * 19));
  await expect(page.getByTestId('recover-roc')).toBeVisible();
  await expect(page.getByTestId('recover-true-matrix')).toBeVisible();
  await expect(page.getByTestId('recover-recovered-matrix')).toBeVisible();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: 'test-results/recover-wide.png' });

  const download = page.waitForEvent('download');
  await page.getByTestId('recover-export-weights').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('recover-n20-seed5-weights.csv');

  // No serious accessibility problems in the view with its results.
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  for (const v of results.violations) console.log(`[axe recover] ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 6).map((n) => n.target.join(' ')).join('\n    ')}`);
  expect(results.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id)).toEqual([]);

  await page.getByTestId('recover-show-spikes').check();
  await expect(page.getByTestId('recover-scatter')).toHaveAttribute('aria-label', /From spikes/);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'test-results/recover-phone.png' });
  await page.getByTestId('recover-scatter').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/recover-phone-charts.png' });
});

test('Cancel stops a run while it fits, and the page stays responsive', async ({ page }) => {
  test.setTimeout(300_000);
  await openRecover(page);
  // 100 neurons: each refit takes many slices of the Worker's time.
  await fill(page, { n: 100, p: 0.2, seconds: 20, seed: 2 });
  await page.getByTestId('recover-start').click();
  await expect(page.getByTestId('recover-stage')).toHaveAttribute('data-stage', 'fitting', { timeout: 240_000 });
  await page.getByTestId('recover-cancel').click();
  await expect(page.getByTestId('recover-stage')).toHaveAttribute('data-stage', 'cancelled');
  await expect(page.getByTestId('recover-start')).toBeEnabled();
  // The fit that was under way posts nothing after the Cancel.
  await expect(page.getByTestId('recover-voltage-r')).toHaveText('\u2013');
  // A new run starts at once.
  await fill(page, { n: 6, seconds: 2 });
  await page.getByTestId('recover-start').click();
  await expect(page.getByTestId('recover-stage')).toHaveAttribute('data-stage', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('recover-history')).toHaveAttribute('data-refits', '1');
});

test('a bad typed value is named at once and starts nothing', async ({ page }) => {
  await openRecover(page);
  await fill(page, { p: 1.5 });
  await page.getByTestId('recover-start').click();
  await expect(page.getByTestId('recover-errors')).toContainText('p: expected a connection probability above 0, at most 1, got 1.5');
  await expect(page.getByTestId('recover-stage')).toHaveAttribute('data-stage', 'idle');
  // The typed text stays for correcting.
  await expect(page.getByTestId('recover-p')).toHaveValue('1.5');
});
