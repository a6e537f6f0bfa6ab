import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { showNetwork } from './lab.ts';

/** The Iris classifier view: train in the Worker, present a sample live, bad CSVs, accessibility. */

async function openIris(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('play')).toBeEnabled();
  await page.getByTestId('view-iris').click();
  await expect(page.getByTestId('view-iris')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-rows', '150');
}

async function train(page: Page): Promise<number> {
  // This training's end, not the last one's: the progress bar numbers the jobs it shows.
  const job = Number(await page.getByTestId('train-progress').getAttribute('data-job'));
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-progress')).toHaveAttribute('data-job', String(job + 1));
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
  await expect(page.getByTestId('iris-raster')).toHaveAttribute('data-sample', '0');
  await expect.poll(async () => Number(await page.getByTestId('iris-raster').getAttribute('data-spike-count'))).toBeGreaterThan(0);

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
  // Training and a full axe scan of a 150-row table: room for a busy machine.
  test.setTimeout(180_000);
  await openIris(page);
  await train(page);
  await page.getByTestId('sample-60').click();
  await expect(page.getByTestId('prediction')).toBeVisible();
  await page.getByTestId('confusion-1-1').click();
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  for (const v of results.violations) console.log(`[axe iris] ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 6).map((n) => n.target.join(' ')).join('\n    ')}`);
  expect(results.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id)).toEqual([]);
});

test('the raster shows the Iris network alone, its layers labelled, over the presentation\'s 200 ms', async ({ page }) => {
  await openIris(page);
  // The lab's own raster (its experiment running in the background) is not part of this view.
  await expect(page.getByTestId('raster')).toHaveCount(0);
  await expect(page.getByTestId('iris-raster-note')).toContainText('Train, then click a flower');
  await train(page);
  const raster = page.getByTestId('iris-raster');
  await expect(raster).toHaveAttribute('data-spike-count', '0');
  await expect(page.getByTestId('iris-raster-note')).toContainText('Click a flower');

  await page.getByTestId('sample-120').click();
  await expect(raster).toHaveAttribute('data-sample', '120');
  expect(Number(await raster.getAttribute('data-spike-count'))).toBeGreaterThan(0);
  await expect(page.getByTestId('iris-raster-note')).toHaveCount(0);
  // The presentation's own time span: 0 to 200 ms, the window the heading and the output counts name.
  await expect(raster).toHaveAttribute('data-t0', '0');
  await expect(raster).toHaveAttribute('data-t1', '200');
  await expect(raster.locator('.iris-raster-axis text').filter({ hasText: /^200$/ })).toHaveCount(1);
  await expect(page.getByTestId('output-panel')).toContainText('200 ms');

  // One band per layer, in the network's neuron order, each labelled; the rows are the 27 neurons.
  const bands = raster.locator('g.iris-band');
  await expect(bands).toHaveCount(2);
  expect(await bands.evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-layer'), g.getAttribute('data-first'), g.getAttribute('data-count')]))).toEqual([
    ['input', '0', '24'],
    ['output', '24', '3'],
  ]);
  await expect(raster.locator('.iris-band-title')).toHaveText(['Input layer \u00b7 24 neurons', 'Output layer \u00b7 3 neurons, one per class']);
  await expect(raster.locator('g[data-layer="input"] .iris-row-label')).toHaveText(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
  await expect(raster.locator('g[data-layer="output"] .iris-row-label')).toHaveText(['setosa', 'versicolor', 'virginica']);

  // Tall enough to read: every row at least 6 px, the 27 rows over 200 px together (the lab's raster gave them about 110).
  const rows = await bands.evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-count')) * Number(g.getAttribute('data-row-height'))));
  expect(rows.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(200);
  for (const g of await bands.all()) expect(Number(await g.getAttribute('data-row-height'))).toBeGreaterThanOrEqual(6);
  const frame = await raster.locator('g[data-layer="input"] .iris-band-frame').boundingBox();
  expect(frame?.height ?? 0).toBeGreaterThanOrEqual(24 * 6);

  // With a hidden layer, it gets a band of its own between the two.
  await page.getByTestId('hidden').fill('6');
  await train(page);
  await expect(raster).toHaveAttribute('data-sample', '120');
  await expect(bands).toHaveCount(3);
  expect(await bands.evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-layer'), g.getAttribute('data-first'), g.getAttribute('data-count')]))).toEqual([
    ['input', '0', '24'],
    ['hidden', '24', '6'],
    ['output', '30', '3'],
  ]);
});

test('out-of-range settings are refused at the field with a message, and nothing trains with them', async ({ page }) => {
  await openIris(page);
  const cases = [
    ['epochs', '200', 'Epochs: must be from 1 to 100, got 200'],
    ['learning-rate', '-1', 'Learning rate: must be from 0.05 to 5, got -1'],
    ['test-fraction', '2', 'Test fraction: must be from 0.1 to 0.9, got 2'],
  ] as const;
  for (const [field, bad, message] of cases) {
    const box = page.getByTestId(field);
    const good = await box.inputValue();
    await box.fill(bad);
    await expect(box).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('iris-form-error')).toContainText(message);
    await expect(page.getByTestId('iris-form-error')).toContainText('Nothing is trained until this is fixed.');
    await expect(page.getByTestId('train')).toBeDisabled();
    await expect(page.getByTestId('cross-validate')).toBeDisabled();
    await box.press('Enter');
    await expect(page.getByTestId('train-progress')).toHaveAttribute('aria-valuenow', '0');
    // What was typed stays in the box to be corrected.
    await expect(box).toHaveValue(bad);
    await box.fill(good);
    await expect(box).not.toHaveAttribute('aria-invalid', 'true');
  }
  await expect(page.getByTestId('iris-form-error')).toBeEmpty();

  // A valid value is the one that trains: 3 epochs give a curve of 3 points.
  await page.getByTestId('epochs').fill('3');
  await train(page);
  await expect(page.getByTestId('curves')).toHaveAttribute('data-epochs', '3');
});

test('after training again, the selected flower is presented to the new network', async ({ page }) => {
  await openIris(page);
  await train(page);
  await page.getByTestId('sample-120').click();
  await expect(page.getByTestId('truth')).toHaveText('virginica');
  const before = await page.getByTestId('output-bars').getAttribute('data-counts');

  await page.getByTestId('seed').fill('7');
  await page.getByTestId('learning-rate').fill('0.5');
  await train(page);
  // Not left at "Presenting sample 121...": the new network's answer for the same flower.
  await expect(page.getByTestId('prediction')).toBeVisible();
  await expect(page.getByTestId('output-panel')).not.toContainText('Presenting sample');
  await expect(page.getByTestId('output-panel')).toContainText('sample 121');
  await expect(page.getByTestId('truth')).toHaveText('virginica');
  await expect(page.getByTestId('iris-raster')).toHaveAttribute('data-sample', '120');
  await expect(page.locator('[data-testid="sample-table"] tr.is-selected')).toHaveAttribute('data-row', '120');
  const after = await page.getByTestId('output-bars').getAttribute('data-counts');
  expect(after?.split(',')).toHaveLength(3);
  // Another network (seed 7, a slower rate) answers with other spike counts.
  expect(after).not.toBe(before);
});

test('"Open in the lab" lays the layers out: the inputs a grid, no neuron on another', async ({ page }) => {
  await openIris(page);
  await train(page);
  await page.getByTestId('open-in-lab').click();
  await expect(page.getByTestId('experiment-name')).toHaveText('Iris classifier');
  await showNetwork(page);
  await page.getByTestId('fit-view').click();
  const ids = [...Array.from({ length: 24 }, (_, i) => `in_${i}`), 'out_0', 'out_1', 'out_2'];
  await expect(page.getByTestId('node-in_23')).toBeVisible();
  const boxes = [];
  for (const id of ids) {
    const box = await page.getByTestId(`node-${id}`).locator('.node-body').boundingBox();
    if (!box) throw new Error(`node ${id} is not drawn`);
    boxes.push({ id, ...box });
  }
  // Drawn at a size one can see and click, not a one-pixel column.
  for (const b of boxes) expect(Math.min(b.width, b.height)).toBeGreaterThanOrEqual(8);
  // No two neurons overlap.
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      expect(apart, `${a.id} and ${b.id} overlap`).toBe(true);
    }
  }
  // The inputs are a grid of 4 feature columns (not collinear), left of the outputs' column.
  const inputs = boxes.slice(0, 24);
  const outputs = boxes.slice(24);
  const columns = new Set(inputs.map((b) => Math.round(b.x + b.width / 2)));
  expect(columns.size).toBe(4);
  expect(new Set(inputs.map((b) => Math.round(b.y))).size).toBeGreaterThanOrEqual(6);
  expect(Math.min(...outputs.map((b) => b.x))).toBeGreaterThan(Math.max(...inputs.map((b) => b.x + b.width)));

  // The raster names its rows whole ("sepal_length #1", not "sepal_l…"): its left margin makes room, and
  // the traces take the same margin, so the two time axes still start as far into their plots.
  const labels = page.locator('.raster-axes text.group-label');
  await expect.poll(async () => (await labels.allTextContents()).filter((t) => t !== '').length).toBeGreaterThan(5);
  const shown = (await labels.allTextContents()).filter((t) => t !== '');
  expect(shown.filter((t) => t.endsWith('\u2026'))).toEqual([]);
  expect(shown).toContain('sepal_length #1');
  const axisLeft = async (scope: string) => {
    const axis = await page.locator(`${scope} g.x-axis path.domain`).first().boundingBox();
    const plot = await page.locator(`svg${scope}`).boundingBox();
    return axis && plot ? axis.x - plot.x : NaN;
  };
  await expect.poll(() => axisLeft('[data-testid="traces"]')).toBeGreaterThan(0);
  expect(Math.abs((await axisLeft('[data-testid="traces"]')) - (await axisLeft('.raster-axes')))).toBeLessThan(2);
});

for (const [width, height] of [
  [768, 1024],
  [1024, 768],
  [390, 844],
] as const) {
  test(`the Iris view at ${width}x${height}: no horizontal scroll, the table, scatter, raster and answer whole`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width, height });
    await openIris(page);
    await train(page);
    await page.getByTestId('sample-120').click();
    await expect(page.getByTestId('prediction')).toBeVisible();
    await expect(page.getByTestId('iris-raster')).toHaveAttribute('data-sample', '120');

    const pageWidth = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(pageWidth.scroll).toBeLessThanOrEqual(pageWidth.client);
    // The table shows every column: its box does not scroll sideways.
    const table = await page.locator('.iris-table-scroll').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(table.scroll).toBeLessThanOrEqual(table.client);
    for (const id of ['scatter', 'iris-raster', 'output-bars', 'sample-table', 'prediction']) {
      const el = page.getByTestId(id);
      await el.scrollIntoViewIfNeeded();
      const box = await el.boundingBox();
      if (!box) throw new Error(`${id} is not drawn`);
      expect(box.x, `${id} starts on screen`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${id} ends on screen`).toBeLessThanOrEqual(width);
      expect(box.width, `${id} has room`).toBeGreaterThan(id === 'prediction' ? 40 : 200);
    }
    // Clicking a point presents it without scrolling the page away from the plot: the table scrolls in its own box.
    const scatter = page.getByTestId('scatter');
    await scatter.scrollIntoViewIfNeeded();
    const scrolled = () => page.locator('.iris-view').evaluate((el) => el.scrollTop);
    const before = await scrolled();
    // The last row's point is drawn last, so no other point covers it.
    await page.locator('[data-testid="scatter"] g.iris-point[data-row="149"]').click();
    await expect(page.getByTestId('iris-raster')).toHaveAttribute('data-sample', '149');
    expect(await scrolled()).toBe(before);
    const row = await page.locator('[data-testid="sample-table"] tr[data-row="149"]').boundingBox();
    const tableBox = await page.locator('.iris-table-scroll').boundingBox();
    expect(row && tableBox && row.y >= tableBox.y && row.y + row.height <= tableBox.y + tableBox.height + 1).toBe(true);
    // The raster keeps its rows legible at every size.
    const input = await page.locator('[data-testid="iris-raster"] g[data-layer="input"] .iris-band-frame').boundingBox();
    expect(input?.height ?? 0).toBeGreaterThanOrEqual(24 * 6);
    if (width === 390) {
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      for (const v of results.violations) console.log(`[axe iris 390] ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 6).map((n) => n.target.join(' ')).join('\n    ')}`);
      expect(results.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id)).toEqual([]);
    }
  });
}
