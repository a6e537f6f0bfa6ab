import { expect, test, type Page } from '@playwright/test';
import { GALLERY } from '../src/core/experiment/gallery.ts';
import type { Experiment } from '../src/core/experiment/types.ts';
import { openLab, rasterLabel, showNetwork, simTime, spikeCount, stepHundreds } from './lab.ts';

/** Moves focus out of any text field, so that page shortcuts apply. */
async function focusPage(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

function neuronCount(e: Experiment): number {
  return e.neurons.length + e.populations.reduce((n, p) => n + p.size, 0);
}

async function addPopulation(page: Page, size: number): Promise<void> {
  await page.getByTestId('add-population').click();
  await page.getByTestId('pop-size').fill(String(size));
  await page.getByTestId('pop-submit').click();
  await expect(page.getByTestId('population-item-P1')).toBeVisible();
}

test('undo and redo a slider edit with the buttons and the keys', async ({ page }) => {
  await openLab(page);
  const undo = page.getByTestId('undo');
  const redo = page.getByTestId('redo');
  await expect(undo).toBeDisabled();
  await expect(redo).toBeDisabled();
  await page.getByTestId('param-a').fill('0.05');
  await page.getByTestId('param-a').press('Enter');
  await expect(page.getByTestId('eq-a')).toHaveText('0.05');
  await expect(undo).toBeEnabled();
  await expect(undo).toHaveAccessibleName('Undo a of driver');
  await expect(undo).toHaveAttribute('title', /Undo a of driver/);

  await undo.click();
  await expect(page.getByTestId('param-a')).toHaveValue('0.02');
  await expect(page.getByTestId('eq-a')).toHaveText('0.02');
  await expect(redo).toHaveAccessibleName('Redo a of driver');
  await expect(undo).toBeDisabled();
  await redo.click();
  await expect(page.getByTestId('param-a')).toHaveValue('0.05');
  await expect(redo).toBeDisabled();

  // The keys: Ctrl+Z, Shift+Ctrl+Z and Ctrl+Y, outside text fields.
  await focusPage(page);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('param-a')).toHaveValue('0.02');
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('param-a')).toHaveValue('0.05');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('param-a')).toHaveValue('0.02');
  await page.keyboard.press('Control+y');
  await expect(page.getByTestId('param-a')).toHaveValue('0.05');

  // In a text field Ctrl+Z belongs to the field, not to the experiment's history.
  await page.getByTestId('param-b').focus();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('param-a')).toHaveValue('0.05');
  await expect(undo).toHaveAccessibleName('Undo a of driver');
});

test('undo and redo a structural edit: add a population, undo, redo', async ({ page }) => {
  await openLab(page);
  const raster = page.getByTestId('raster');
  await addPopulation(page, 20);
  await expect(raster).toHaveAttribute('aria-label', 'Spike raster of 23 neurons');
  await expect(page.getByTestId('undo')).toHaveAccessibleName('Undo add population P1');

  await page.getByTestId('undo').click();
  await expect(page.getByTestId('population-item-P1')).toHaveCount(0);
  await expect(raster).toHaveAttribute('aria-label', 'Spike raster of 3 neurons');
  await page.getByTestId('redo').click();
  await expect(page.getByTestId('population-item-P1')).toBeVisible();
  await expect(raster).toHaveAttribute('aria-label', 'Spike raster of 23 neurons');

  await focusPage(page);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('population-item-P1')).toHaveCount(0);
  await expect(raster).toHaveAttribute('aria-label', 'Spike raster of 3 neurons');
  await page.keyboard.press('Control+Shift+Z');
  await expect(page.getByTestId('population-item-P1')).toBeVisible();
  await expect(raster).toHaveAttribute('aria-label', 'Spike raster of 23 neurons');

  // Editing the population: a new size and an inhibitory 2003 cell class, applied as one undo step.
  await page.getByTestId('population-item-P1').click(); // deselect
  await expect(page.getByTestId('population-editor')).toHaveCount(0);
  await page.getByTestId('population-item-P1').click();
  const editor = page.getByTestId('population-editor');
  await expect(editor.getByTestId('pop-submit')).toBeDisabled();
  await editor.getByTestId('pop-size').fill('30');
  await editor.getByTestId('pop-preset').selectOption('inh2003');
  await expect(editor.getByTestId('pop-role')).toHaveValue('inhibitory');
  await expect(editor.getByTestId('pop-a-kind')).toHaveValue('r');
  await expect(editor.getByTestId('pop-a-scale')).toHaveValue('0.08');
  await editor.getByTestId('pop-submit').click();
  await expect(raster).toHaveAttribute('aria-label', 'Spike raster of 33 neurons');
  await expect(page.getByTestId('population-item-P1')).toContainText('30 neurons, inhibitory');
  await expect(page.getByTestId('undo')).toHaveAccessibleName('Undo edit population P1');
  // A size that is out of range is refused in the form.
  await editor.getByTestId('pop-size').fill('0');
  await editor.getByTestId('pop-submit').click();
  await expect(editor.getByTestId('pop-error')).toContainText('size');
  await editor.getByTestId('remove-population').click();
  await expect(page.getByTestId('population-item-P1')).toHaveCount(0);
  await expect(raster).toHaveAttribute('aria-label', 'Spike raster of 3 neurons');
});

test('an input added to a silent neuron makes it fire; Remove takes it away (undoably)', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('neuron-select').selectOption('follower');
  const panel = page.getByTestId('neuron-panel');
  await panel.getByTestId('add-input-kind').selectOption('constant');
  await panel.getByTestId('add-input').click();
  await expect(page.getByTestId('input-follower-drive')).toBeVisible();
  await expect(page.getByTestId('input-follower-drive-amplitude')).toHaveValue('10');
  // Without it the follower is silent for the first 100 ms (the driver starts at 100 ms).
  await stepHundreds(page, 1);
  await expect.poll(async () => Number(await page.getByTestId('neuron-rate').getAttribute('data-spikes'))).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Remove input follower-drive' }).click();
  await expect(page.getByTestId('input-follower-drive')).toHaveCount(0);
  expect(await simTime(page)).toBe(100); // the run continues
  await expect(page.getByTestId('undo')).toHaveAccessibleName('Undo remove input follower-drive');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('input-follower-drive')).toBeVisible();

  // A Poisson input goes through a conductance synapse type (the first one by default).
  await panel.getByTestId('add-input-kind').selectOption('poisson');
  await panel.getByTestId('add-input-synapse').selectOption('GABA');
  await panel.getByTestId('add-input').click();
  await expect(page.getByTestId('input-follower-poisson')).toContainText('GABA');
  await expect(page.getByTestId('input-follower-poisson-rate')).toHaveValue('20');
});

test('a new population driven through a projection fills its band of the raster', async ({ page }) => {
  await openLab(page);
  await addPopulation(page, 50);
  const raster = page.getByTestId('raster');
  await expect(raster).toHaveAttribute('aria-label', 'Spike raster of 53 neurons');
  const editor = page.getByTestId('population-editor');
  await expect(editor).toContainText('Changing the size or the distributions redraws this population; the run continues.');

  await page.getByTestId('add-projection').click();
  await page.getByTestId('proj-pre').selectOption('driver');
  await page.getByTestId('proj-post').selectOption('P1');
  await expect(page.getByTestId('proj-id')).toHaveValue('driver_P1');
  await page.getByTestId('proj-synapse').selectOption('AMPA');
  await page.getByTestId('proj-rule').selectOption('all-to-all');
  await page.getByTestId('proj-weight-value').fill('1');
  await page.getByTestId('proj-delay-value').fill('2');
  await page.getByTestId('proj-submit').click();
  await expect(page.getByTestId('projection-item-driver_P1')).toBeVisible();
  await expect(page.getByTestId('undo')).toHaveAccessibleName('Undo connect driver \u2192 P1');

  // The population's own inputs are in its editor.
  await editor.getByTestId('add-input-kind').selectOption('noise');
  await editor.getByTestId('add-input').click();
  await expect(editor.getByTestId('input-P1-noise')).toBeVisible();
  await expect(editor.getByTestId('input-P1-noise-sd')).toHaveValue('2');

  await stepHundreds(page, 3);
  await expect.poll(() => spikeCount(page)).toBeGreaterThan(50);
  // Rows of P1 (neurons 3..52 of 53) that hold a spike dot.
  const rowsWithSpikes = await raster.evaluate((el) => {
    const canvas = el as HTMLCanvasElement;
    const ctx = canvas.getContext('2d');
    if (!ctx) return -1;
    const { width, height } = canvas;
    const data = ctx.getImageData(0, 0, width, height).data;
    const rows = new Set<number>();
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const k = (y * width + x) * 4;
        if (data[k] === 0x1f && data[k + 1] === 0x5f && data[k + 2] === 0xbf) {
          rows.add(Math.floor((y / height) * 53));
          break;
        }
      }
    }
    return [...rows].filter((r) => r >= 3).length;
  });
  expect(rowsWithSpikes).toBeGreaterThan(40);

  // A fixed out-degree within P1: the form shows the validator's bound, then makes it.
  await page.getByTestId('add-projection').click();
  await page.getByTestId('proj-pre').selectOption('P1');
  await page.getByTestId('proj-post').selectOption('P1');
  await page.getByTestId('proj-synapse').selectOption('AMPA');
  await page.getByTestId('proj-rule').selectOption('out-degree');
  await page.getByTestId('proj-k').fill('50');
  await page.getByTestId('proj-submit').click();
  await expect(page.getByTestId('proj-error')).toContainText('must be at most 49 (P1 has 50 neurons and autapses are off), got 50');
  await page.getByTestId('proj-k').fill('3');
  await page.getByTestId('proj-submit').click();
  await expect(page.getByTestId('projection-item-P1_P1')).toContainText('P1 \u2192 P1, out-degree 3, AMPA');
  // The diagram's edge names the rule.
  await showNetwork(page);
  await expect(page.getByTestId('projection-P1_P1')).toContainText('k_out=3');
  await expect(page.getByTestId('undo')).toHaveAccessibleName('Undo connect P1 \u2192 P1');
});

test('the form shows what the validator refuses, and synapse types can be made, used and deleted', async ({ page }) => {
  await openLab(page);
  // In-degree 5 from a single neuron cannot be satisfied.
  await page.getByTestId('add-projection').click();
  await page.getByTestId('proj-pre').selectOption('driver');
  await page.getByTestId('proj-post').selectOption('follower');
  await page.getByTestId('proj-rule').selectOption('in-degree');
  await page.getByTestId('proj-k').fill('5');
  await page.getByTestId('proj-submit').click();
  await expect(page.getByTestId('proj-error')).toContainText('driver has 1 neuron');
  await page.getByTestId('proj-cancel').click();

  // A new synapse type, given to the selected connection; the old type is then unused and can go.
  await page.getByTestId('add-synapse-type').click();
  await page.getByTestId('syntype-id').fill('NMDA');
  await page.getByTestId('syntype-tau').fill('80');
  await page.getByTestId('syntype-gbase').fill('0.2');
  await page.getByTestId('syntype-submit').click();
  await expect(page.getByTestId('syntype-item-NMDA')).toContainText('unused');
  await expect(page.getByTestId('remove-synapse-type-AMPA')).toBeDisabled();
  await page.getByTestId('connection-select').selectOption({ label: 'driver \u2192 follower (AMPA)' });
  await page.getByTestId('connection-type').selectOption('NMDA');
  await expect(page.getByTestId('syn-tau')).toHaveValue('80');
  await expect(page.getByTestId('syntype-item-AMPA')).toContainText('unused');
  await page.getByTestId('remove-synapse-type-AMPA').click();
  await expect(page.getByTestId('syntype-item-AMPA')).toHaveCount(0);

  // Remove connection.
  await expect(page.getByTestId('connection-select').locator('option')).toHaveCount(2);
  await page.getByTestId('remove-connection').click();
  await expect(page.getByTestId('connection-select').locator('option')).toHaveCount(1);
  await expect(page.getByTestId('undo')).toHaveAccessibleName('Undo remove connection driver \u2192 follower');
});

test('every gallery example opens from the Examples dialog and spikes within 300 ms', async ({ page }) => {
  test.setTimeout(240_000);
  await openLab(page);
  for (const entry of GALLERY) {
    const experiment = entry.make();
    await page.getByTestId('examples').click();
    const dialog = page.getByTestId('gallery-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId(`gallery-card-${entry.id}`)).toContainText(entry.summary);
    await dialog.getByTestId(`gallery-open-${entry.id}`).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('experiment-name')).toHaveText(experiment.name);
    await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', rasterLabel(neuronCount(experiment)));
    await expect.poll(() => simTime(page)).toBe(0);
    await expect(page.getByTestId('play')).toBeEnabled();
    await stepHundreds(page, 3);
    await expect.poll(() => spikeCount(page), { message: `spikes in ${entry.id}` }).toBeGreaterThan(0);
  }
  // Opening an example is one undo step.
  await expect(page.getByTestId('undo')).toHaveAccessibleName(`Undo open example ${GALLERY[GALLERY.length - 1].title}`);
});

test('the dialogs: Escape closes them and focus returns; "?" opens the shortcuts', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('examples').click();
  await expect(page.getByTestId('gallery-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('gallery-dialog')).toHaveCount(0);
  await expect(page.getByTestId('examples')).toBeFocused();

  await focusPage(page);
  await page.keyboard.press('?');
  const shortcuts = page.getByTestId('shortcuts-dialog');
  await expect(shortcuts).toBeVisible();
  await expect(shortcuts).toHaveAccessibleName('Keyboard shortcuts');
  for (const text of ['Play / pause', 'Undo', 'Redo', 'Delete the selection', 'Nudge', 'Add a neuron', 'Connect', 'Duplicate', 'Clear the selection', 'Show these shortcuts']) {
    await expect(shortcuts).toContainText(text);
  }
  // Focus stays inside: Tab from the last control wraps to the first.
  await expect(page.getByTestId('shortcuts-dialog-close')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('shortcuts-dialog-close')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(shortcuts).toHaveCount(0);

  await page.getByTestId('shortcuts').click();
  await expect(shortcuts).toBeVisible();
  await page.getByTestId('shortcuts-dialog-close').click();
  await expect(shortcuts).toHaveCount(0);
  await expect(page.getByTestId('shortcuts')).toBeFocused();

  // "?" typed into a text field is just a character.
  await page.getByTestId('param-a').fill('');
  await page.getByTestId('param-a').press('?');
  await expect(shortcuts).toHaveCount(0);
});

test('share link round trip: a fresh browser opens the same experiment', async ({ page, browser }) => {
  await openLab(page);
  await page.getByTestId('examples').click();
  await page.getByTestId('gallery-open-half-centre-oscillator').click();
  await expect(page.getByTestId('experiment-name')).toHaveText('Half-centre oscillator');
  await expect(page.getByTestId('neuron-select')).toHaveValue('A');
  await page.getByTestId('param-d').fill('3.5');
  await page.getByTestId('param-d').press('Enter');
  await expect(page.getByTestId('eq-d')).toHaveText('3.5');

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('share-link').click();
  const field = page.getByTestId('share-url');
  await expect(field).toHaveValue(/#experiment=[A-Za-z0-9_-]+$/);
  const url = await field.inputValue();
  expect(url.startsWith(new URL(page.url()).origin)).toBe(true);
  await page.getByTestId('share-copy').click();
  await expect(page.getByTestId('share-copy-note')).toHaveText('Copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await page.keyboard.press('Escape');
  await expect(field).toHaveCount(0);

  const context = await browser.newContext();
  const other = await context.newPage();
  await other.goto(url);
  await expect(other.getByTestId('play')).toBeEnabled();
  await expect(other.getByTestId('experiment-name')).toHaveText('Half-centre oscillator');
  await expect(other.getByTestId('neuron-select')).toHaveValue('A');
  await expect(other.getByTestId('param-d')).toHaveValue('3.5');
  await expect(other.getByTestId('param-a')).toHaveValue('0.01');
  await context.close();
});

test('a reload restores the edited experiment (autosave)', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('param-c').fill('-55');
  await page.getByTestId('param-c').press('Enter');
  await addPopulation(page, 12);
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 15 neurons');
  // The autosave is debounced by 300 ms (and flushed on pagehide).
  await page.waitForTimeout(600);
  await page.reload();
  await expect(page.getByTestId('play')).toBeEnabled();
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 15 neurons');
  await expect(page.getByTestId('param-c')).toHaveValue('-55');
  await expect(page.getByTestId('population-item-P1')).toContainText('12 neurons');
});

test('an experiment too large for a link is offered as a file', async ({ page }) => {
  await openLab(page);
  // A recorded current of random values does not compress: its link would be far too long.
  let seed = 12345;
  const rows = Array.from({ length: 4000 }, () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return (seed / 2147483648 * 20).toFixed(4);
  });
  await page.getByTestId('drive-csv').setInputFiles({ name: 'long.csv', mimeType: 'text/csv', buffer: Buffer.from(`follower\n${rows.join('\n')}\n`) });
  await expect(page.getByTestId('input-recorded-follower-summary')).toContainText('4,000 steps');
  await page.getByTestId('share-link').click();
  await expect(page.getByTestId('share-too-long')).toContainText(/This experiment is too large for a link \([\d,]+ characters\); save it as a file instead\./);
  await expect(page.getByTestId('share-url')).toHaveCount(0);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('share-save-file').click()]);
  expect(download.suggestedFilename()).toBe('excite-one-inhibit-another.json');
});
