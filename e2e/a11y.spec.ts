import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { defaultExperiment } from '../src/core/experiment/examples.ts';
import { serializeExperiment } from '../src/core/experiment/validate.ts';
import { openLab } from './lab.ts';

/**
 * Accessibility scans (axe-core, WCAG 2.1 A and AA rules) of the main view, the dialogs and the error
 * banner. Critical and serious violations fail the test; every violation is printed with its rule id
 * and where it is.
 */

interface Finding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

async function scan(page: Page, name: string, include?: string): Promise<Finding[]> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  if (include) builder = builder.include(include);
  const results = await builder.analyze();
  const findings = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
  for (const f of findings) console.log(`[axe ${name}] ${f.impact} ${f.id}: ${f.help}\n    ${f.targets.slice(0, 6).join('\n    ')}`);
  return findings;
}

const severe = (findings: Finding[]) => findings.filter((f) => f.impact === 'critical' || f.impact === 'serious');

test('main view: no critical or serious violations', async ({ page }) => {
  await openLab(page);
  // Open the editors of the sidebar too: a population, a projection and a new synapse type.
  await page.getByTestId('add-population').click();
  await page.getByTestId('pop-size').fill('10');
  await page.getByTestId('pop-submit').click();
  await expect(page.getByTestId('population-editor')).toBeVisible();
  await page.getByTestId('add-projection').click();
  await page.getByTestId('add-synapse-type').click();
  // The STDP controls of the selected connection's synapse type, with Keep learned weights and Reset weights.
  await page.getByTestId('syn-stdp-on').check();
  await expect(page.getByTestId('syn-stdp').getByTestId('keep-learned-weights')).toBeVisible();
  await page.getByTestId('share-link').click();
  await expect(page.getByTestId('share-url')).toBeVisible();
  expect(severe(await scan(page, 'main'))).toEqual([]);
});

test('examples gallery dialog: no critical or serious violations', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('examples').click();
  await expect(page.getByTestId('gallery-dialog')).toBeVisible();
  expect(severe(await scan(page, 'gallery'))).toEqual([]);
});

test('shortcuts dialog: no critical or serious violations', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('shortcuts').click();
  await expect(page.getByTestId('shortcuts-dialog')).toBeVisible();
  expect(severe(await scan(page, 'shortcuts'))).toEqual([]);
});

test('error banner: no critical or serious violations', async ({ page }) => {
  await openLab(page);
  const broken = JSON.parse(serializeExperiment(defaultExperiment())) as { neurons: { a: unknown; c: unknown }[] };
  broken.neurons[0].a = 'fast';
  broken.neurons[1].c = null;
  await page.getByTestId('open-experiment').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  await expect(page.getByTestId('error-banner')).toBeVisible();
  expect(severe(await scan(page, 'error-banner'))).toEqual([]);
});

test('a value refused at its field and the notice of an unopened autosave: no critical or serious violations', async ({ page }) => {
  await page.goto('/favicon.svg');
  await page.evaluate((good) => {
    localStorage.clear();
    localStorage.setItem('spiking-lab/autosave/v1/1000', good);
    localStorage.setItem('spiking-lab/autosave/v1/2000', '{"format": "spiking-lab/exp');
  }, serializeExperiment(defaultExperiment()));
  await openLab(page);
  await expect(page.getByTestId('autosave-notice')).toBeVisible();
  await page.getByTestId('param-c').fill('40');
  await page.getByTestId('param-c').press('Enter');
  await expect(page.getByTestId('param-c-message')).toBeVisible();
  expect(severe(await scan(page, 'refused'))).toEqual([]);
});

test('Compare tab with a comparison, and the Run on NEURON dialog: no critical or serious violations', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('top-tab-compare').click();
  await page.getByTestId('compare-open').setInputFiles({ name: 'other.csv', mimeType: 'text/csv', buffer: Buffer.from('time_ms,neuron\n120,driver\n130,ghost\n') });
  await page.getByTestId('compare-run-to').click();
  await expect(page.getByTestId('compare-first')).toBeVisible();
  expect(severe(await scan(page, 'compare', '[data-testid="compare-panel"]'))).toEqual([]);
  await page.getByTestId('run-on-neuron').first().click();
  await expect(page.getByTestId('neuron-commands')).toBeVisible();
  expect(severe(await scan(page, 'neuron-dialog'))).toEqual([]);
});

test('the Rhythms and Phase plane panels, the raster zoomed with its meter, and the build bar with Cancel: no critical or serious violations', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('top-tab-phase').click();
  await expect(page.getByTestId('phase-plane')).toBeVisible();
  expect(severe(await scan(page, 'phase plane', '.top-slot'))).toEqual([]);

  await page.getByTestId('examples').click();
  await page.getByTestId('gallery-open-izhikevich-2003-network').click();
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 1000 neurons');
  await page.getByTestId('top-tab-rhythms').click();
  for (let k = 0; k < 6; k++) {
    await page.getByTestId('step-100').click();
    await expect(page.getByTestId('run-state')).toHaveText('paused');
  }
  await expect(page.getByTestId('rhythm-peak')).toContainText('Hz');
  expect(severe(await scan(page, 'rhythms', '.top-slot'))).toEqual([]);
  await page.getByTestId('raster-zoom-in').click();
  expect(severe(await scan(page, 'raster and meter', '.raster-panel'))).toEqual([]);

  // The 100,000-neuron build: its bar and Cancel while the Worker builds, then cancelled.
  await page.getByTestId('examples').click();
  await page.getByTestId('gallery-size-izhikevich-2003-network-100000').check();
  await page.getByTestId('gallery-open-izhikevich-2003-network').click();
  await expect(page.getByTestId('build-cancel')).toBeVisible();
  expect(severe(await scan(page, 'build bar', '.transport-region'))).toEqual([]);
  await page.getByTestId('build-cancel').click();
  await expect(page.getByTestId('build-cancel')).toHaveCount(0);
});
