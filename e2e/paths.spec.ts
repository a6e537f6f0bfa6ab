import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { defaultExperiment } from '../src/core/experiment/examples.ts';
import type { Experiment } from '../src/core/experiment/types.ts';
import { encodeExperiment } from '../src/core/io/shareLink.ts';
import { openLab, simTime } from './lab.ts';

/**
 * Everyday paths: where new and duplicated neurons go, a file without positions, a share link pasted
 * into the open lab, the Space key, and what a change of step says.
 */

/** Where the screenshots go (test-results unless SCREENSHOT_DIR says). */
const SHOTS = process.env.SCREENSHOT_DIR ?? 'test-results/shots';

/** The network diagram, brought into view (the plots may have the main area). */
async function showNetwork(page: Page): Promise<void> {
  const view = page.getByTestId('network-view');
  if (await view.isVisible()) return;
  const tab = page.getByTestId('top-tab-network');
  if ((await tab.count()) > 0) await tab.click();
  const show = page.getByTestId('show-network');
  if (await show.isVisible()) await show.click();
  await expect(view).toBeVisible();
}

interface Rect {
  id: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Each node's drawn shape and its id and label texts, as one screen box per node. */
async function nodeBoxes(page: Page): Promise<Rect[]> {
  return page.getByTestId('network-view').evaluate((svg) =>
    [...svg.querySelectorAll('g[data-node-id]')].map((g) => {
      const parts = [...g.querySelectorAll(':scope > .node-body, :scope > .node-id, :scope > .node-label, :scope > .node-population-title')];
      const rects = parts.map((p) => p.getBoundingClientRect());
      return {
        id: g.getAttribute('data-node-id') ?? '',
        x0: Math.min(...rects.map((r) => r.left)),
        y0: Math.min(...rects.map((r) => r.top)),
        x1: Math.max(...rects.map((r) => r.right)),
        y1: Math.max(...rects.map((r) => r.bottom)),
      };
    }),
  );
}

/** The edges' labels ("2 ms"), as screen boxes. */
async function edgeLabelBoxes(page: Page): Promise<Rect[]> {
  return page.getByTestId('network-view').evaluate((svg) =>
    [...svg.querySelectorAll('text.edge-label')].map((t) => {
      const r = t.getBoundingClientRect();
      return { id: `label ${t.textContent ?? ''}`, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom };
    }),
  );
}

/** Node boxes that overlap an edge's label. */
async function nodesOnEdgeLabels(page: Page): Promise<string[]> {
  const nodes = await nodeBoxes(page);
  const labels = await edgeLabelBoxes(page);
  return nodes.flatMap((n) => labels.filter((l) => overlaps([n, l]).length > 0).map((l) => `${n.id}/${l.id}`));
}

function overlaps(boxes: Rect[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) out.push(`${a.id}/${b.id}`);
    }
  }
  return out;
}

/** The lab's chain example with its positions taken out. */
async function chainWithoutPositions(): Promise<Experiment> {
  const doc = JSON.parse(await readFile('public/experiments/feed-forward-chain.json', 'utf8')) as Experiment;
  return { ...doc, neurons: doc.neurons.map(({ position: _p, ...n }) => n) };
}

async function openFile(page: Page, experiment: Experiment, name: string): Promise<void> {
  await page.getByTestId('open-experiment').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(experiment)) });
  await expect(page.getByTestId('experiment-name')).toHaveText(experiment.name);
  await expect(page.getByTestId('run-state')).toHaveText('paused');
}

test.describe('where nodes go', () => {
  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ]) {
    test(`added and duplicated neurons land clear of other nodes and labels (${viewport.width} px)`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await openLab(page);
      await showNetwork(page);
      for (let k = 0; k < 4; k++) await page.getByTestId('add-neuron').click();
      await expect(page.locator('g[data-node-id]')).toHaveCount(7);
      // Duplicate the labelled driver twice, and two neurons at once.
      for (let k = 0; k < 2; k++) {
        await page.getByTestId('node-driver').click();
        await page.getByTestId('duplicate-selected').click();
      }
      await page.getByTestId('node-follower').click();
      await page.getByTestId('node-n1').click({ modifiers: ['Shift'] });
      await page.getByTestId('duplicate-selected').click();
      await expect(page.locator('g[data-node-id]')).toHaveCount(11);
      await page.getByTestId('fit-view').click();
      await expect.poll(async () => overlaps(await nodeBoxes(page))).toEqual([]);
      expect(await edgeLabelBoxes(page)).toHaveLength(2);
      expect(await nodesOnEdgeLabels(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}/paths-added-${viewport.width}.png` });
    });
  }

  test('a file without positions is laid out, and Fit shows every node, apart', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await openLab(page);
    await showNetwork(page);
    await openFile(page, await chainWithoutPositions(), 'chain.json');
    await page.getByTestId('fit-view').click();
    const view = await page.getByTestId('network-view').boundingBox();
    if (!view) throw new Error('no diagram');
    await expect.poll(async () => overlaps(await nodeBoxes(page))).toEqual([]);
    const boxes = await nodeBoxes(page);
    expect(boxes.map((b) => b.id)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    for (const b of boxes) {
      expect(b.x0).toBeGreaterThanOrEqual(view.x);
      expect(b.x1).toBeLessThanOrEqual(view.x + view.width);
      expect(b.y0).toBeGreaterThanOrEqual(view.y);
      expect(b.y1).toBeLessThanOrEqual(view.y + view.height);
    }
    // A chain reads left to right, and takes a good part of the panel's width.
    for (let k = 1; k < boxes.length; k++) expect(boxes[k].x0).toBeGreaterThan(boxes[k - 1].x1);
    expect(boxes[4].x1 - boxes[0].x0).toBeGreaterThan(view.width / 3);
    await page.screenshot({ path: `${SHOTS}/paths-no-positions.png` });

    // 120 neurons without positions: all of them in the panel after Fit, none on another.
    const crowd = await chainWithoutPositions();
    crowd.name = 'Crowd';
    crowd.neurons = Array.from({ length: 120 }, (_, k) => ({ ...crowd.neurons[0], id: `c${k}`, label: undefined }));
    crowd.connections = [];
    crowd.inputs = [];
    crowd.recording = { ...crowd.recording, watch: ['c0'] };
    await openFile(page, crowd, 'crowd.json');
    await page.getByTestId('fit-view').click();
    await expect.poll(async () => overlaps(await nodeBoxes(page))).toEqual([]);
    const many = await nodeBoxes(page);
    expect(many).toHaveLength(120);
    for (const b of many) {
      expect(b.x0).toBeGreaterThanOrEqual(view.x);
      expect(b.x1).toBeLessThanOrEqual(view.x + view.width);
      expect(b.y0).toBeGreaterThanOrEqual(view.y);
      expect(b.y1).toBeLessThanOrEqual(view.y + view.height);
    }
    await page.screenshot({ path: `${SHOTS}/paths-no-positions-120.png` });
    const axe = await new AxeBuilder({ page }).include('.network-panel').analyze();
    expect(axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id)).toEqual([]);
  });
});

test('a share link pasted into the open lab asks, replaces the work, and Undo brings it back', async ({ page }) => {
  const shared = { ...defaultExperiment(), name: 'Pasted circuit' };
  const code = await encodeExperiment(shared);
  await openLab(page);
  await page.getByTestId('param-c').fill('-55');
  await page.getByTestId('param-c').press('Enter');
  await expect(page.getByTestId('param-c-slider')).toHaveValue('-55');

  // Pasted while the Iris view is shown: the lab's view comes back, with the question.
  await page.getByTestId('view-iris').click();
  await page.evaluate((c) => {
    window.location.hash = `experiment=${c}`;
  }, code);
  const dialog = page.getByTestId('open-link-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('\u201cPasted circuit\u201d');
  expect(await page.evaluate(() => window.location.hash)).toBe('');
  await page.screenshot({ path: `${SHOTS}/paths-link-dialog.png` });
  await page.getByTestId('open-link-open').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('experiment-name')).toHaveText('Pasted circuit');
  await expect(page.getByTestId('param-c-slider')).toHaveValue('-65');

  await page.getByTestId('undo').click();
  await expect(page.getByTestId('experiment-name')).toHaveText('Excite one, inhibit another');
  await expect(page.getByTestId('param-c-slider')).toHaveValue('-55');

  // The same link pasted again asks again (the address bar was cleared after the first).
  await page.evaluate((c) => {
    window.location.hash = `experiment=${c}`;
  }, code);
  await expect(dialog).toBeVisible();
  await page.getByTestId('open-link-keep').click();
  await expect(page.getByTestId('experiment-name')).toHaveText('Excite one, inhibit another');
});

test.describe('Space', () => {
  /** Two frames: React has drawn what a key press changed. */
  const settle = (page: Page) => page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));

  test('after clicking Step 100 ms, Space plays and pauses instead of stepping again', async ({ page }) => {
    await openLab(page);
    await page.getByTestId('step-100').click();
    await expect.poll(() => simTime(page)).toBe(100);
    await expect(page.getByTestId('run-state')).toHaveText('paused');
    await expect(page.getByTestId('step-100')).toBeFocused();

    await page.keyboard.press('Space');
    await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Pause');
    await expect(page.getByTestId('run-state')).toHaveText('running');
    await expect.poll(() => simTime(page)).toBeGreaterThan(200);
    await page.keyboard.press('Space');
    await expect(page.getByTestId('run-state')).toHaveText('paused');
    await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');
  });

  test('a button reached with Tab is pressed by Space, once; a focused slider keeps Space', async ({ page }) => {
    await openLab(page);
    await page.getByTestId('step-1').click();
    await expect.poll(() => simTime(page)).toBe(1);
    // Tab from Step 1 ms: Step 100 ms has the keyboard focus ring; Space presses it (and only it).
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('step-100')).toBeFocused();
    await page.keyboard.press('Space');
    await expect.poll(() => simTime(page)).toBe(101);
    await expect(page.getByTestId('run-state')).toHaveText('paused');
    await settle(page);
    await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');

    // A slider: Space neither plays nor changes the value.
    const slider = page.getByTestId('param-a-slider');
    const before = await slider.inputValue();
    await slider.focus();
    await page.keyboard.press('Space');
    await settle(page);
    await expect(page.getByTestId('play')).toHaveAttribute('aria-label', 'Play');
    await expect(page.getByTestId('run-state')).toHaveText('paused');
    expect(await slider.inputValue()).toBe(before);
    expect(await simTime(page)).toBe(101);

    // The Shortcuts dialog says so.
    await page.getByTestId('shortcuts').click();
    await expect(page.getByTestId('shortcuts-dialog')).toContainText('a button reached with Tab is pressed by Space as usual');
  });
});

test('changing the step says, where the controls are and to screen readers, that the run restarted and is paused', async ({ page }) => {
  for (const viewport of [
    { width: 1440, height: 900 },
    { width: 768, height: 1024 },
  ]) {
    await page.setViewportSize(viewport);
    await openLab(page);
    await page.getByTestId('play').click();
    await expect.poll(() => simTime(page)).toBeGreaterThan(50);
    await page.getByTestId('dt').selectOption('0.5');
    const notice = page.getByRole('status').filter({ hasText: 'Step changed to 0.5 ms' });
    await expect(notice).toHaveText(/^Step changed to 0\.5 ms: the run restarted from 0 and is paused\. Press Play \(Space\) to go on\.\u200b?$/);
    await expect(notice).toBeVisible();
    await expect(page.getByTestId('dt')).toHaveAttribute('aria-describedby', (await notice.getAttribute('id')) ?? 'missing');
    await expect(page.getByTestId('run-state')).toHaveText('paused');
    expect(await simTime(page)).toBe(0);
    // Right under the controls that caused it.
    const dt = await page.getByTestId('dt').boundingBox();
    const line = await page.getByTestId('step-notice-line').boundingBox();
    if (!dt || !line) throw new Error('not drawn');
    expect(line.y).toBeGreaterThanOrEqual(dt.y + dt.height - 1);
    expect(line.y - (dt.y + dt.height)).toBeLessThan(120);
    await page.screenshot({ path: `${SHOTS}/paths-step-notice-${viewport.width}.png` });
    const axe = await new AxeBuilder({ page }).include('.transport-region').analyze();
    expect(axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id)).toEqual([]);

    // The scheme says the same; playing again clears it.
    await page.getByTestId('scheme').selectOption('euler');
    await expect(page.getByTestId('step-notice')).toHaveText(/^Scheme changed to 2004 Euler: the run restarted from 0 and is paused\.\u200b?$/);
    await page.getByTestId('play').click();
    await expect(page.getByTestId('step-notice')).toHaveText('');
    await expect(page.getByTestId('step-notice-line')).not.toBeInViewport();

    // Undo takes the change back, and its notice with it.
    await page.getByTestId('dt').selectOption('0.25');
    await expect(page.getByTestId('step-notice')).toContainText('Step changed to 0.25 ms');
    await page.getByTestId('undo').click();
    await expect(page.getByTestId('dt')).toHaveValue('0.5');
    await expect(page.getByTestId('step-notice')).toHaveText('');
  }
});
