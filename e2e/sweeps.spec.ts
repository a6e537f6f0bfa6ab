import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openLab, showNetwork, stepHundreds } from './lab.ts';

/** The sweep panels: f-I curves with rheobase and overlays, and the firing-class map that edits a neuron. */

const rheobaseOf = async (page: Page, curve: string) =>
  Number(await page.locator(`[data-testid="fi-rheobase"][data-curve="${curve}"]`).getAttribute('data-rheobase'));

test('f-I curve of the driver: its rheobase, overlays of FS and a class 2 cell, and a typed range checked', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('neuron-select').selectOption('driver');
  await page.getByTestId('top-tab-fi').click();
  await expect(page.getByTestId('top-tab-fi')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('fi-panel')).toBeVisible();

  // The driver is an RS cell: in the 2003 equations it starts firing just below 4 pA.
  const own = page.locator('[data-testid="fi-curve"][data-curve="this"][data-stale="false"]');
  await expect(own).toHaveAttribute('data-points', '51', { timeout: 30_000 });
  await expect(page.locator('[data-testid="fi-rheobase"][data-curve="this"]')).toHaveCount(1);
  const rheobase = await rheobaseOf(page, 'this');
  expect(rheobase).toBeGreaterThanOrEqual(3.7);
  expect(rheobase).toBeLessThanOrEqual(4.1);
  await expect(page.getByTestId('fi-legend-item')).toHaveCount(1);
  await expect(page.getByTestId('fi-legend')).toContainText(/rheobase [34]\.\d+ pA/);
  await expect(page.getByTestId('fi-status')).toHaveAttribute('data-phase', 'idle');

  // Overlays: each appears with its own curve and rheobase marker.
  await page.getByTestId('fi-overlay-FS').check();
  await page.getByTestId('fi-overlay-class2').check();
  await expect(page.locator('[data-testid="fi-curve"][data-curve="FS"][data-stale="false"]')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.locator('[data-testid="fi-curve"][data-curve="class2"][data-stale="false"]')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByTestId('fi-legend-item')).toHaveCount(3);
  await expect(page.locator('[data-testid="fi-rheobase"][data-curve="FS"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="fi-rheobase"][data-curve="class2"]')).toHaveCount(1);
  // The selected neuron's curve was not computed again for the overlays.
  expect(await rheobaseOf(page, 'this')).toBe(rheobase);
  await page.screenshot({ path: 'test-results/fi-curve.png' });

  // A bad number is named and starts nothing; fixing it brings the curves back.
  await page.getByTestId('fi-to').fill('-5');
  await expect(page.getByTestId('fi-form-error')).toContainText('To (pA): must be more than From (0 pA), got -5');
  await expect(page.getByTestId('fi-to')).toHaveAttribute('aria-invalid', 'true');
  await page.waitForTimeout(500);
  await expect(page.getByTestId('fi-status')).toHaveAttribute('data-phase', 'idle');
  await page.getByTestId('fi-to').fill('25');
  await expect(page.getByTestId('fi-form-error')).toBeEmpty();
  await expect(page.getByTestId('fi-curve')).toHaveCount(3);

  // Unticking an overlay removes it.
  await page.getByTestId('fi-overlay-FS').uncheck();
  await expect(page.getByTestId('fi-legend-item')).toHaveCount(2);

  // Past the step at 100 ms the driver's input is 10 pA: the chart marks where on its curve it is now.
  await expect(page.getByTestId('fi-input-now')).toHaveCount(0);
  await stepHundreds(page, 2);
  await expect(page.getByTestId('fi-input-now')).toHaveAttribute('data-current', '10');
  await expect(page.getByTestId('fi-legend-now')).toContainText('input 10 pA');
});

test('firing map over (a, b): several classes, and a click gives the neuron that point (undoable)', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('neuron-select').selectOption('driver');
  await page.getByTestId('top-tab-map').click();
  await page.getByTestId('map-plane-ab').click();
  await expect(page.getByTestId('map-plane-ab')).toHaveAttribute('aria-checked', 'true');

  const map = page.getByTestId('firing-map');
  await expect(map).toHaveAttribute('data-stale', 'false', { timeout: 60_000 });
  await expect(map).toHaveAttribute('data-plane', 'ab');
  const counts = await page.getByTestId('map-legend-item').evaluateAll((items) => items.map((el) => Number(el.getAttribute('data-count'))));
  expect(counts.filter((c) => c > 0).length).toBeGreaterThanOrEqual(3);
  expect(counts.reduce((s, c) => s + c, 0)).toBe(41 * 41);
  // The driver (RS) and the named cells are marked.
  await expect(page.getByTestId('map-neuron')).toHaveAttribute('data-x', '0.02');
  await expect(page.locator('[data-testid="map-preset"][data-names="RS/IB/CH"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="map-preset"][data-names="FS"]')).toHaveCount(1);

  // Hover names the class; a click sets a and b through the normal edit path.
  const area = page.getByTestId('map-plot-area');
  const box = await area.boundingBox();
  if (!box) throw new Error('map not visible');
  const at = { x: box.x + box.width * 0.8, y: box.y + box.height * 0.15 };
  await page.mouse.move(at.x, at.y);
  await expect(page.getByTestId('map-tooltip')).toBeVisible();
  await expect(page.getByTestId('map-tooltip')).toContainText('Click to give Driver these values');
  await expect(page.getByTestId('param-a')).toHaveValue('0.02');
  await expect(page.getByTestId('param-b')).toHaveValue('0.2');
  await page.mouse.click(at.x, at.y);
  await expect(page.getByTestId('param-a')).not.toHaveValue('0.02');
  await expect(page.getByTestId('param-b')).not.toHaveValue('0.2');
  const a = Number(await page.getByTestId('param-a').inputValue());
  const b = Number(await page.getByTestId('param-b').inputValue());
  expect(a).toBeGreaterThan(0.15);
  expect(b).toBeGreaterThan(0.2);
  // The marker moved there; the map stays (it does not depend on a and b).
  await expect(page.getByTestId('map-neuron')).toHaveAttribute('data-x', String(a));
  await expect(map).toHaveAttribute('data-stale', 'false');
  await expect(page.getByTestId('map-status')).toHaveAttribute('data-phase', 'idle');
  await page.screenshot({ path: 'test-results/firing-map.png' });

  // Undo brings the driver back to RS.
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('param-a')).toHaveValue('0.02');
  await expect(page.getByTestId('param-b')).toHaveValue('0.2');
  await expect(page.getByTestId('map-neuron')).toHaveAttribute('data-x', '0.02');

  // A bad range is named and computes nothing.
  await page.getByTestId('map-xTo').fill('0');
  await expect(page.getByTestId('map-form-error')).toContainText('a to: must be more than a from (0), got 0');
  await expect(page.getByTestId('map-status')).toHaveAttribute('data-phase', 'idle');
});

test('the top tabs: network, phase plane, f-I curve, firing map, rhythms and compare, by mouse and keyboard', async ({ page }) => {
  await openLab(page);
  // The plots come first: the tabs are there, their panel closed until one is chosen.
  await expect(page.getByTestId('top-tab-network')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('network-view')).toHaveCount(0);
  await showNetwork(page);
  await page.getByTestId('top-tab-network').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('top-tab-phase')).toBeFocused();
  await expect(page.getByTestId('phase-plane')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('fi-panel')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('map-panel')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('rhythms-panel')).toBeVisible();
  await page.keyboard.press('End');
  await expect(page.getByTestId('compare-panel')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('network-view')).toBeVisible();
  await expect(page.getByRole('tabpanel', { name: 'Network' })).toBeVisible();
});

test('the sweep panels: no critical or serious accessibility violations', async ({ page }) => {
  await openLab(page);
  const scan = async (name: string) => {
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).include('.top-slot').analyze();
    const severe = results.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
    for (const v of severe) console.log(`[axe ${name}] ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
    return severe.map((v) => v.id);
  };
  await page.getByTestId('top-tab-fi').click();
  await page.getByTestId('fi-overlay-class1').check();
  await expect(page.locator('[data-testid="fi-curve"][data-curve="class1"][data-stale="false"]')).toHaveCount(1, { timeout: 30_000 });
  await page.getByTestId('fi-to').fill('x');
  expect(await scan('f-I')).toEqual([]);
  await page.getByTestId('top-tab-map').click();
  await expect(page.getByTestId('firing-map')).toHaveAttribute('data-stale', 'false', { timeout: 60_000 });
  expect(await scan('map')).toEqual([]);
});

test("firing map of a pattern at its own input: the neuron's point has the pattern's class", async ({ page }) => {
  await openLab(page);
  await page.getByTestId('examples').click();
  await page.getByTestId('pattern-open-phasic-spiking').click();
  await expect(page.getByTestId('experiment-name')).toHaveText('(B) Phasic spiking');
  await page.getByTestId('top-tab-map').click();
  // The default 10 pA step makes this cell fire tonically; its own input is the figure's 0.5 pA step.
  const own = page.getByTestId('map-own-input');
  await expect(own).toHaveText('Its input: 0.5 pA');
  await own.click();
  await expect(page.getByTestId('map-amplitude')).toHaveValue('0.5');
  await expect(own).toHaveCount(0);
  const map = page.getByTestId('firing-map');
  await expect(map).toHaveAttribute('data-stale', 'false', { timeout: 60_000 });
  const marker = page.getByTestId('map-neuron');
  await expect(marker).toHaveAttribute('data-x', '-65');
  await expect(marker).toHaveAttribute('data-y', '6');
  const box = await marker.locator('circle.ring').boundingBox();
  if (!box) throw new Error('marker not visible');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(page.getByTestId('map-tooltip')).toHaveAttribute('data-class', 'phasic-spiking');
});
