import { expect, test, type Page } from '@playwright/test';
import { openLab, openSongExample, rasterLabel, simTime, spikeCount, stepHundreds } from './lab.ts';

const attr = async (page: Page, name: string) => (await page.getByTestId('raster').getAttribute(name)) ?? '';
const drawn = async (page: Page) => Number(await attr(page, 'data-drawn'));

async function openNetwork(page: Page, size: 1000 | 100000): Promise<void> {
  await openLab(page);
  await page.getByTestId('examples').click();
  await page.getByTestId(`gallery-size-izhikevich-2003-network-${size}`).check();
  await page.getByTestId('gallery-open-izhikevich-2003-network').click();
  // Building 10 M synapses takes a while on a busy machine.
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', rasterLabel(size), { timeout: 400_000 });
  await expect(page.getByTestId('run-state')).toHaveText('paused', { timeout: 60_000 });
}

test('100,000 neurons: the raster draws their density, a zoomed band its single spikes, and the meter its numbers', async ({ page }) => {
  test.setTimeout(600_000);
  await openNetwork(page, 100000);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('raster')).toHaveAttribute('data-mode', 'density');
  await expect.poll(() => spikeCount(page), { timeout: 60_000 }).toBeGreaterThan(0);
  // While it runs, the meter has a real-time factor, a frame rate and a verdict.
  await expect.poll(async () => Number(await page.getByTestId('meter-fps').getAttribute('data-value'))).toBeGreaterThan(0);
  await expect.poll(async () => Number(await page.getByTestId('meter-speed').getAttribute('data-value'))).toBeGreaterThan(0);
  await expect(page.getByTestId('meter-speed')).toHaveText(/^\d+\.\d+x real time$/);
  await expect(page.getByTestId('meter-bottleneck')).toHaveAttribute('data-value', /^(neither|simulation|drawing|both)$/);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  await expect(page.getByTestId('meter-bottleneck')).toHaveAttribute('data-value', 'idle');

  // The page does not hold every spike of this network: no CSV export here, a note instead.
  await expect(page.getByTestId('export-spikes')).toBeHidden();
  await expect(page.getByTestId('export-spikes-note')).toHaveText('Spikes CSV: npm run sim');
  // Within the first second the window holds the whole run: the density counts every spike.
  await expect.poll(async () => (await drawn(page)) === (await spikeCount(page)) && (await drawn(page)) > 0).toBe(true);

  // Zoom in on the band until its neurons fit the pixel rows: the Worker sends their spikes.
  for (let k = 0; k < 16 && (await attr(page, 'data-mode')) === 'density'; k++) {
    const band = await attr(page, 'data-band');
    await page.getByTestId('raster-zoom-in').click();
    await expect(page.getByTestId('raster')).not.toHaveAttribute('data-band', band);
    await expect.poll(async () => (await attr(page, 'data-mode')) === 'spikes' || (await drawn(page)) < (await spikeCount(page))).toBe(true);
  }
  await expect(page.getByTestId('raster')).toHaveAttribute('data-mode', 'spikes');
  const [first, last] = (await attr(page, 'data-band')).split('-').map(Number);
  expect(last - first + 1).toBeLessThan(100_000);
  // The band's own spikes, fewer than the network's.
  await stepHundreds(page, 1);
  await expect.poll(() => drawn(page)).toBeGreaterThan(0);
  expect(await drawn(page)).toBeLessThan(await spikeCount(page));

  // Back to the whole network: density again.
  await page.getByTestId('raster-zoom-reset').click();
  await expect(page.getByTestId('raster')).toHaveAttribute('data-band', '0-99999');
  await expect(page.getByTestId('raster')).toHaveAttribute('data-mode', 'density');
});

test('1,000 neurons: drag a rectangle to zoom into a band and a span of time, and back', async ({ page }) => {
  await openNetwork(page, 1000);
  await stepHundreds(page, 3);
  const all = await drawn(page);
  expect(all).toBe(await spikeCount(page));
  await expect(page.getByTestId('raster')).toHaveAttribute('data-span', 'live');

  // From a quarter to half way down, over the middle third of the 1,000 ms window (0-1000 ms).
  const box = await page.getByTestId('raster').boundingBox();
  if (!box) throw new Error('no raster');
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.25);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.4, { steps: 4 });
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.5, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByTestId('raster')).not.toHaveAttribute('data-span', 'live');
  const [first, last] = (await attr(page, 'data-band')).split('-').map(Number);
  expect(first).toBeGreaterThan(200);
  expect(first).toBeLessThan(300);
  expect(last).toBeGreaterThan(450);
  expect(last).toBeLessThan(550);
  const [t0, t1] = (await attr(page, 'data-span')).split('-').map(Number);
  expect(t0).toBeGreaterThan(50);
  expect(t0).toBeLessThan(150);
  expect(t1).toBeGreaterThan(200);
  expect(t1).toBeLessThan(300);
  // A quarter of the neurons over 150 ms of the 300 run: a share of the spikes.
  await expect.poll(() => drawn(page)).toBeLessThan(all / 3);
  expect(await drawn(page)).toBeGreaterThan(0);
  // Fewer neurons still, until they fit the pixel rows: single spikes.
  for (let k = 0; k < 6 && (await attr(page, 'data-mode')) === 'density'; k++) {
    const band = await attr(page, 'data-band');
    await page.getByTestId('raster-zoom-in').click();
    await expect(page.getByTestId('raster')).not.toHaveAttribute('data-band', band);
  }
  await expect(page.getByTestId('raster')).toHaveAttribute('data-mode', 'spikes');
  expect(await drawn(page)).toBeGreaterThan(0);

  // The keyboard too: the zoom buttons are buttons.
  await page.getByTestId('raster-zoom-reset').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('raster')).toHaveAttribute('data-band', '0-999');
  await expect(page.getByTestId('raster')).toHaveAttribute('data-span', 'live');
  await expect.poll(() => drawn(page)).toBe(all);
});

/** An axis's labelled ticks as (pixel, ms) and the right end of its line, pixels. */
async function timeTicks(page: Page, axis: string): Promise<{ marks: { x: number; t: number }[]; right: number }> {
  const g = page.locator(axis);
  // A tick's place in the svg: its own translate and its group's (the ticks move as one group).
  const marks = (await g.locator('g.tick').evaluateAll((els) => els.map((el) => ({ x: el instanceof SVGGraphicsElement ? el.getCTM()?.e ?? Number.NaN : Number.NaN, text: el.textContent ?? '' }))))
    .filter((m) => m.text.trim() !== '')
    .map((m) => ({ x: m.x, t: Number(m.text.replace(/\u2212/g, '-').replace(/,/g, '')) }));
  const line = /H\s*([-\d.e]+)/.exec((await g.locator('path.domain').getAttribute('d')) ?? '');
  return { marks, right: Number(line?.[1]) };
}

test('as the run moves on, every time tick moves with its time: the right edge is now, on the raster and the traces', async ({ page }) => {
  await openLab(page);
  const axes = ['svg.raster-axes g.x-axis', '[data-testid="traces"] g.chart:last-of-type g.x-axis'];
  // The window (1 s) starts scrolling once the run is longer than it.
  await stepHundreds(page, 10);
  // Steps of 1 ms move the ticks less than their spacing (the same ticks, moved), steps of 100 ms bring new ones.
  for (const size of [1, 1, 1, 100, 1, 1, 100]) {
    const before = await simTime(page);
    await page.getByTestId(size === 1 ? 'step-1' : 'step-100').click();
    await expect.poll(() => simTime(page)).toBe(before + size);
    await expect(page.getByTestId('run-state')).toHaveText('paused');
    const now = before + size;
    for (const axis of axes) {
      // The page draws the frame after the step on its next animation frame: wait until the ticks say so.
      await expect.poll(async () => {
        const { marks, right } = await timeTicks(page, axis);
        if (marks.length < 2) return `${marks.length} labelled ticks`;
        const first = marks[0];
        const last = marks[marks.length - 1];
        const pxPerMs = (last.x - first.x) / (last.t - first.t);
        // Every tick on the one linear map the outer ticks define, and that map puts `now` at the right end
        // (a quarter pixel: a step of 1 ms moves them about one pixel).
        const off = marks.filter((m) => Math.abs(first.x + (m.t - first.t) * pxPerMs - m.x) > 0.25);
        return off.length === 0 && Math.abs(first.x + (now - first.t) * pxPerMs - right) <= 0.25
          ? 'ok'
          : `ticks ${JSON.stringify(marks)} end at ${right} px, where ${now} ms should be`;
      }).toBe('ok');
    }
  }
});

test('group labels fit the left margin, shortened with an ellipsis where they must be, at desktop and phone widths', async ({ page }) => {
  await openSongExample(page);
  for (const size of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(size);
    const labels = page.locator('.raster-axes text.group-label');
    await expect.poll(() => labels.count()).toBeGreaterThan(1);
    const boxes = await labels.evaluateAll((nodes) =>
      nodes.map((n) => {
        const svg = n.closest('svg');
        const text = n.textContent ?? '';
        return { text, left: n.getBoundingClientRect().left - (svg?.getBoundingClientRect().left ?? 0) };
      }),
    );
    const shown = boxes.filter((b) => b.text !== '');
    expect(shown.length).toBeGreaterThan(1);
    for (const b of shown) expect(b.left, `"${b.text}" at ${size.width} px`).toBeGreaterThanOrEqual(0);
    // "Independent inputs" does not fit a phone's margin whole, and is shortened rather than cut.
    if (size.width === 390) expect(shown.some((b) => b.text.endsWith('\u2026'))).toBe(true);
  }
});

test('group sizes under the labels fit the left margin too: on a phone "80,000 neurons" gives way to the count', async ({ page }) => {
  test.setTimeout(600_000);
  await openNetwork(page, 100000);
  for (const size of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(size);
    const ranges = page.locator('.raster-axes text.group-range');
    await expect.poll(() => ranges.evaluateAll((nodes) => nodes.filter((n) => n.textContent !== '').length)).toBe(2);
    const boxes = await ranges.evaluateAll((nodes) =>
      nodes.flatMap((n) => {
        const svg = n.closest('svg');
        return n.textContent ? [{ text: n.textContent, left: n.getBoundingClientRect().left - (svg?.getBoundingClientRect().left ?? 0) }] : [];
      }),
    );
    for (const b of boxes) expect(b.left, `"${b.text}" at ${size.width} px`).toBeGreaterThanOrEqual(0);
    // The whole text where the plot's margin has room for it (a wide raster), else the count.
    for (const b of boxes) expect(b.text).toMatch(/^[28]0,000( neurons)?$/);
    if (size.width === 390) expect(boxes.map((b) => b.text)).toEqual(['80,000', '20,000']);
  }
});
