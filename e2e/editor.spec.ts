import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { defaultExperiment } from '../src/core/experiment/examples.ts';
import { encodeExperiment } from '../src/core/io/shareLink.ts';
import { showNetwork, simTime } from './lab.ts';

/**
 * The network editor, driven like a user: build a small circuit by mouse and by keyboard, run it,
 * undo an edit while it runs, and find the circuit again after a reload (autosave).
 */

/** Spikes of the neuron the Neuron panel shows, since the run started. */
const panelSpikes = async (page: Page) => Number(await page.getByTestId('neuron-rate').getAttribute('data-spikes'));

async function openLab(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('play')).toBeEnabled();
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 3 neurons');
  await showNetwork(page);
  await expect(page.getByTestId('node-driver')).toBeVisible();
}

const nodes = (page: Page) => page.getByTestId('network-view').locator('g.net-node');

/** Clicks a node's shape (not its label or its connecting ring). */
async function clickNode(page: Page, id: string, modifiers: ('Shift' | 'Alt')[] = []): Promise<void> {
  await page.getByTestId(`node-${id}`).locator('.node-body').click({ modifiers });
}

/** Centre and radius (px) of a neuron node's circle on the screen. */
async function circle(node: Locator): Promise<{ x: number; y: number; r: number }> {
  const box = await node.locator('.node-body').boundingBox();
  if (!box) throw new Error('node not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2, r: box.width / 2 };
}

/** Double-clicks empty space of the diagram at a fraction of its size. */
async function doubleClickAt(page: Page, fx: number, fy: number): Promise<void> {
  const box = await page.getByTestId('network-view').boundingBox();
  if (!box) throw new Error('network view not visible');
  await page.mouse.dblclick(box.x + box.width * fx, box.y + box.height * fy);
}

async function rename(page: Page, from: string, to: string): Promise<void> {
  await clickNode(page, from);
  await page.getByTestId('rename-selected').click();
  await page.getByTestId('rename-input').fill(to);
  await page.getByTestId('rename-input').press('Enter');
  await expect(page.getByTestId(`node-${to}`)).toBeVisible();
}

/** Selects a neuron in the diagram (the Neuron panel then shows it). */
async function showInPanel(page: Page, id: string): Promise<void> {
  await clickNode(page, id);
  await expect(page.getByTestId('neuron-select')).toHaveValue(id);
}

test('build a three-neuron circuit with the mouse, run it, undo a synapse, reload', async ({ page }) => {
  await openLab(page);

  // Clear the default circuit: select its three neurons (click, Shift-click) and press Delete.
  await clickNode(page, 'driver');
  await clickNode(page, 'follower', ['Shift']);
  await clickNode(page, 'pacer', ['Shift']);
  await expect(page.getByTestId('node-pacer')).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('Delete');
  await expect(nodes(page)).toHaveCount(0);
  await expect(page.getByTestId('network-status')).toContainText('Deleted driver, follower and pacer');

  // Three new neurons by double-click on empty space, renamed a, b, c.
  await doubleClickAt(page, 0.25, 0.45);
  await expect(nodes(page)).toHaveCount(1);
  await doubleClickAt(page, 0.55, 0.45);
  await expect(nodes(page)).toHaveCount(2);
  await doubleClickAt(page, 0.4, 0.8);
  await expect(nodes(page)).toHaveCount(3);
  await expect(page.getByTestId('network-status')).toContainText('Added neuron n3');
  await rename(page, 'n1', 'a');
  await rename(page, 'n2', 'b');
  await rename(page, 'n3', 'c');
  // A taken id is refused with a message, and nothing changes.
  await clickNode(page, 'c');
  await page.getByTestId('rename-selected').click();
  await page.getByTestId('rename-input').fill('a');
  await page.getByTestId('rename-input').press('Enter');
  await expect(page.getByTestId('rename-message')).toContainText('already taken');
  await page.getByTestId('rename-input').press('Escape');
  await expect(page.getByTestId('node-c')).toBeVisible();

  // Drive a with a constant current ("Add input" in the Neuron panel adds 10 pA).
  await showInPanel(page, 'a');
  if ((await page.getByTestId('add-input').count()) > 0) {
    await page.getByTestId('add-input-kind').selectOption('constant');
    await page.getByTestId('add-input').click();
  } else {
    // Without the Add input control: a recorded current of 10 pA for 20 s, through Drive from CSV.
    const rows = Array.from({ length: 20_000 }, () => '10').join('\n');
    await page.getByTestId('drive-csv').setInputFiles({ name: 'drive-a.csv', mimeType: 'text/csv', buffer: Buffer.from(`a\n${rows}\n`) });
  }
  await expect(page.getByTestId('node-a').locator('.node-input')).toBeVisible();

  // Connect a -> b by dragging from a's outer ring onto b.
  const a = await circle(page.getByTestId('node-a'));
  const b = await circle(page.getByTestId('node-b'));
  await page.mouse.move(a.x + a.r * 1.25, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2 + 10, { steps: 6 });
  await page.mouse.move(b.x, b.y, { steps: 6 });
  await page.mouse.up();
  const edge = page.getByTestId('edge-0');
  await expect(edge).toBeVisible();
  await expect(edge).toHaveAttribute('data-effect', 'excitatory');
  await expect(page.getByTestId('network-status')).toContainText('Connected a \u2192 b');
  // The Synapse panel shows the new connection: make it strong.
  await expect(page.getByTestId('connection-select')).toHaveValue('0');
  await page.getByTestId('conn-weight').fill('3');
  await page.getByTestId('conn-weight').press('Enter');
  await expect(page.getByTestId('conn-weight-slider')).toHaveValue('3');

  // Run: b fires (driven through the synapse), c (unconnected, no input) does not.
  await page.getByTestId('speed').selectOption('5');
  await page.getByTestId('play').click();
  await expect.poll(() => simTime(page), { timeout: 20_000 }).toBeGreaterThan(1000);
  await showInPanel(page, 'b');
  await expect.poll(() => panelSpikes(page), { timeout: 20_000 }).toBeGreaterThan(3);
  await showInPanel(page, 'c');
  expect(await panelSpikes(page)).toBe(0);
  // b's node flashes as it fires.
  await expect.poll(async () => Number((await page.getByTestId('node-b').locator('.node-body').getAttribute('data-flashes')) ?? 0)).toBeGreaterThan(0);

  // Undo (Ctrl+Z, focus on the diagram) until the synapse is gone: first the weight, then the connection.
  await page.getByTestId('network-view').focus();
  await expect(async () => {
    await page.keyboard.press('Control+z');
    await expect(edge).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  // b stops firing: its count stays put while the run goes on.
  await showInPanel(page, 'b');
  const undoneAt = await simTime(page);
  await expect.poll(() => simTime(page), { timeout: 20_000 }).toBeGreaterThan(undoneAt + 200);
  const settled = await panelSpikes(page);
  const settledAt = await simTime(page);
  await expect.poll(() => simTime(page), { timeout: 20_000 }).toBeGreaterThan(settledAt + 1000);
  expect(await panelSpikes(page)).toBe(settled);
  // a still fires on its input.
  await showInPanel(page, 'a');
  await expect.poll(() => panelSpikes(page)).toBeGreaterThan(5);

  // Redo brings the strong synapse back.
  await page.getByTestId('network-view').focus();
  await expect(async () => {
    await page.keyboard.press('Control+Shift+z');
    await expect(page.getByTestId('conn-weight')).toHaveValue('3', { timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  await expect(edge).toBeVisible();

  // Reload: the autosaved circuit comes back.
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  await page.reload();
  await expect(page.getByTestId('play')).toBeEnabled();
  await expect(nodes(page)).toHaveCount(3);
  for (const id of ['a', 'b', 'c']) await expect(page.getByTestId(`node-${id}`)).toBeVisible();
  await expect(page.getByTestId('edge-0')).toBeVisible();
  await expect(page.getByTestId('node-a').locator('.node-input')).toBeVisible();
  await page.getByTestId('edge-0').dispatchEvent('click');
  await expect(page.getByTestId('edge-0')).toHaveAttribute('data-selected', 'true');
  await expect(page.getByTestId('conn-weight')).toHaveValue('3');
  await page.screenshot({ path: 'test-results/editor-circuit.png' });
});

test('keyboard only: clear, add two neurons with N, connect with C and Enter, nudge, delete', async ({ page }) => {
  await openLab(page);
  const view = page.getByTestId('network-view');
  await view.focus();
  await expect(view).toBeFocused();

  // Ctrl+A selects every node, Delete removes them.
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  await expect(nodes(page)).toHaveCount(0);
  await expect(view).toBeFocused();

  // N adds a neuron and focuses it; N again adds one beside it.
  await page.keyboard.press('n');
  await expect(page.getByTestId('node-n1')).toBeFocused();
  await page.keyboard.press('n');
  await expect(page.getByTestId('node-n2')).toBeFocused();
  await expect(page.getByTestId('network-announcer')).toContainText('Added neuron n2');

  // Back to n1 (Shift+Tab), C starts a connection, Tab to n2 and Enter completes it.
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('node-n1')).toBeFocused();
  await page.keyboard.press('c');
  await expect(page.getByTestId('network-status')).toContainText('Connecting from n1');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('node-n2')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('edge-0')).toBeVisible();
  await expect(page.getByTestId('network-announcer')).toContainText('Connected n1 \u2192 n2');
  await expect(page.getByTestId('connection-select')).toHaveValue('0');

  // Enter selects n2; arrows move it by 10 (Shift: 1) units.
  const before = await page.getByTestId('node-n2').getAttribute('transform');
  const [, x0, y0] = /translate\(([-\d.]+),([-\d.]+)\)/.exec(before ?? '') ?? [];
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('node-n2')).toHaveAttribute('data-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(page.getByTestId('node-n2')).toHaveAttribute('transform', `translate(${Number(x0) + 20},${Number(y0) + 1})`);

  // The arrows move focus when the focused node is not selected: Escape clears the selection.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('node-n2')).toHaveAttribute('data-selected', 'false');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('node-n1')).toBeFocused();

  // Tab reaches the synapse after the nodes; Delete removes it.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('edge-0-focus')).toBeFocused();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('edge-0')).toHaveCount(0);
  await expect(page.getByTestId('network-announcer')).toContainText('Deleted 1 synapse');
  await expect(nodes(page)).toHaveCount(2);
});

test('the 1,000-neuron example: two population nodes and four projection edges', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('examples').click();
  await page.getByTestId('gallery-open-izhikevich-2003-network').click();
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 1000 neurons');
  await expect(nodes(page)).toHaveCount(2);
  await expect(page.getByTestId('node-E')).toContainText('E \u00b7 800 neurons');
  await expect(page.getByTestId('node-I')).toContainText('I \u00b7 200 neurons');
  for (const id of ['EE', 'EI', 'IE', 'II']) await expect(page.getByTestId(`projection-${id}`)).toContainText('all-to-all');
  await expect(page.getByTestId('projection-IE')).toHaveAttribute('data-effect', 'inhibitory');
  await expect(page.getByTestId('projection-EI')).toHaveAttribute('data-effect', 'excitatory');
  // Clicking a projection shows it in the Projections panel's selection; dragging to a population
  // explains that a projection is made elsewhere.
  await page.getByTestId('projection-EI').dispatchEvent('click');
  await expect(page.getByTestId('projection-EI')).toHaveAttribute('data-selected', 'true');
  const e = await page.getByTestId('node-E').locator('.node-body').boundingBox();
  const i = await page.getByTestId('node-I').locator('.node-body').boundingBox();
  if (!e || !i) throw new Error('population nodes not visible');
  await page.keyboard.down('Alt');
  await page.mouse.move(e.x + e.width / 2, e.y + e.height / 2);
  await page.mouse.down();
  await page.mouse.move(i.x + i.width / 2, i.y + i.height / 2, { steps: 8 });
  await page.mouse.up();
  await page.keyboard.up('Alt');
  await expect(page.getByTestId('network-status')).toContainText('projection');
  await expect(page.locator('[data-testid^="projection-"][data-edge-key]')).toHaveCount(4);
});

test('the editor passes an accessibility scan while selecting, connecting and renaming', async ({ page }) => {
  await openLab(page);
  const severe = async (name: string) => {
    const results = await new AxeBuilder({ page })
      .include('.network-panel')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    for (const v of results.violations) console.log(`[axe ${name}] ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
    return results.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id);
  };
  await clickNode(page, 'driver');
  await page.getByTestId('edge-0').dispatchEvent('click');
  await page.getByTestId('connect-mode').click();
  await expect(page.getByTestId('connect-mode')).toHaveAttribute('aria-pressed', 'true');
  await clickNode(page, 'follower');
  await expect(page.getByTestId('network-status')).toContainText('Connecting from follower');
  expect(await severe('connecting')).toEqual([]);
  await page.keyboard.press('Escape');
  await page.getByTestId('connect-mode').click();
  await clickNode(page, 'pacer');
  await page.getByTestId('rename-selected').click();
  await page.getByTestId('rename-input').fill('9 lives');
  await expect(page.getByTestId('rename-message')).toContainText('not a valid id');
  expect(await severe('renaming')).toEqual([]);
});

test('a small population shows its neurons, and each flashes when it spikes', async ({ page }) => {
  const experiment = defaultExperiment();
  experiment.populations.push({ id: 'P', label: 'Small group', size: 8, model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -70, position: { x: 420, y: 0 } });
  experiment.inputs.push({ id: 'drive-P', kind: 'noise', target: 'P', mean: 6, sd: 4 });
  await page.goto(`/#experiment=${await encodeExperiment(experiment)}`);
  await showNetwork(page);
  const members = page.locator('[data-testid="node-P"] circle.node-member');
  await expect(members).toHaveCount(8);
  await expect(members.nth(3).locator('title')).toHaveText('P[3]');
  await page.getByTestId('play').click();
  // Driven above rheobase, the group fires at tens of Hz: some member is lit within a few polls.
  await expect.poll(() => page.locator('[data-testid="node-P"] circle.node-member[style*="fill"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
});
