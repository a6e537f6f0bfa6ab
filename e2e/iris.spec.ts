import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/** The Iris classifier view: train in the Worker, present a sample live, bad CSVs, accessibility. */

async function openIris(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('play')).toBeEnabled();
  await page.getByTestId('view-iris').click();
  await expect(page.getByTestId('view-iris')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-rows', '150');
}

async function train(page: Page): Promise<number> {
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-progress')).toHaveAttribute('aria-valuenow', '100', { timeout: 30_000 });
  await expect(page.getByTestId('test-accuracy')).not.toHaveAttribute('data-value', '');
  return Number(await page.getByTestId('test-accuracy').getAttribute('data-value'));
}

test('train with the default settings, then present a sample live in the lab', async ({ page }) => {
  await openIris(page);
  const accuracy = await train(page);
  expect(accuracy).toBeGreaterThanOrEqual(0.9);
  await expect(page.getByTestId('test-accuracy')).toContainText('%');
  await expect(page.getByTestId('curves')).toHaveAttribute('data-epochs', '8');
  await expect(page.getByTestId('weights-heatmap')).toBeVisible();
  await expect(page.getByTestId('confusion')).toBeVisible();
  await expect(page.getByTestId('scatter')).toHaveAttribute('data-map', 'drawn', { timeout: 30_000 });
  await page.screenshot({ path: 'test-results/iris-trained.png' });

  // Click a point of the scatter plot (a virginica, row 121): the Worker's counts and the prediction.
  await page.locator('[data-testid="scatter"] g.iris-point[data-row="120"]').click();
  await expect(page.getByTestId('prediction')).toBeVisible();
  await expect(page.getByTestId('truth')).toHaveText('virginica');
  const counts = ((await page.getByTestId('output-bars').getAttribute('data-counts')) ?? '').split(',').map(Number);
  expect(counts).toHaveLength(3);
  expect(Math.max(...counts)).toBeGreaterThan(0);
  await expect(page.getByTestId('prediction')).not.toHaveText('');

  // A table row does the same.
  await page.getByTestId('sample-0').click();
  await expect(page.getByTestId('truth')).toHaveText('setosa');
  await expect(page.getByTestId('prediction')).toHaveText('setosa');

  // The raster beside the output counts shows the network answering, in the Iris view itself.
  await expect.poll(async () => Number(await page.getByTestId('raster').getAttribute('data-spike-count'))).toBeGreaterThan(0);

  // The lab runs the classifier network with that sample: its raster fills with spikes.
  await page.getByTestId('show-in-lab').click();
  await expect(page.getByTestId('experiment-name')).toHaveText('Iris classifier');
  await expect.poll(async () => Number(await page.getByTestId('raster').getAttribute('data-spike-count'))).toBeGreaterThan(0);
  await expect(page.getByTestId('sim-time')).toContainText('200');
  await page.screenshot({ path: 'test-results/iris-in-lab.png' });

  // Back in the Iris view, everything is still there.
  await page.getByTestId('view-iris').click();
  await expect(page.getByTestId('prediction')).toHaveText('setosa');
});

test('a confusion cell selects its samples', async ({ page }) => {
  await openIris(page);
  await train(page);
  await page.getByTestId('confusion-0-0').click();
  await expect(page.getByTestId('confusion-0-0')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('[data-testid="sample-table"] tr.is-highlighted')).toHaveCount(15);
});

test('a broken CSV names the row and column, and the loaded data set stays', async ({ page }) => {
  await openIris(page);
  const broken = 'sepal_length,sepal_width,species\n5.1,3.5,setosa\n4.9,abc,setosa\n6.0,,virginica\n';
  await page.getByTestId('iris-csv').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(broken) });
  const error = page.getByTestId('dataset-error');
  await expect(error).toContainText('row 3, column "sepal_width": expected a number, got "abc"');
  await expect(error).toContainText('row 4, column "sepal_width": missing value');
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-rows', '150');
  await expect(page.getByTestId('dataset-summary')).toContainText('iris.csv');

  // A file of one's own that is fine replaces it.
  const good = 'a,b,kind\n1,2,x\n1.5,2.5,x\n3,1,y\n3.5,0.5,y\n';
  await page.getByTestId('iris-csv').setInputFiles({ name: 'mine.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-rows', '4');
  await expect(page.getByTestId('dataset-error')).toHaveCount(0);
});

test('a binary file gets the lab\'s file message, and the loaded data set stays', async ({ page }) => {
  await openIris(page);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00]);
  await page.getByTestId('iris-csv').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByTestId('dataset-error')).toContainText('Could not open photo.png: it is not UTF-8 text (is it a binary file?). Expected a CSV data set.');
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-rows', '150');
  await expect(page.getByTestId('dataset-summary')).toContainText('iris.csv');
});

test('cancel stops training', async ({ page }) => {
  await openIris(page);
  await page.getByTestId('epochs').fill('60');
  await page.getByTestId('train').click();
  await expect.poll(async () => Number(await page.getByTestId('train-progress').getAttribute('aria-valuenow'))).toBeGreaterThan(0);
  await page.getByTestId('cancel-training').click();
  await expect(page.getByTestId('train')).toBeEnabled();
  const stopped = Number(await page.getByTestId('train-progress').getAttribute('aria-valuenow'));
  expect(stopped).toBeLessThan(100);
  await page.waitForTimeout(500);
  expect(Number(await page.getByTestId('train-progress').getAttribute('aria-valuenow'))).toBe(stopped);
});

test('Iris view: no critical or serious accessibility violations', async ({ page }) => {
  await openIris(page);
  await train(page);
  await page.getByTestId('sample-60').click();
  await expect(page.getByTestId('prediction')).toBeVisible();
  await page.getByTestId('confusion-1-1').click();
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  for (const v of results.violations) console.log(`[axe iris] ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 6).map((n) => n.target.join(' ')).join('\n    ')}`);
  expect(results.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id)).toEqual([]);
});
