import { expect, test, type Locator, type Page } from '@playwright/test';
import { open2003Network, openLab, showNetwork, stepHundreds } from './lab.ts';

/**
 * What a user saw cut or covered at a laptop's and a landscape tablet's width (1024 px), found by going
 * through issue 12 at each size: the experiment's name, an input's Remove button over its legend, a
 * narrow raster's group sizes, a lesson's drawer over the lab.
 */

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const rectOf = (locator: Locator): Promise<Rect> =>
  locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  });

const overlapArea = (p: Rect, q: Rect): number =>
  Math.max(0, Math.min(p.x + p.width, q.x + q.width) - Math.max(p.x, q.x)) * Math.max(0, Math.min(p.y + p.height, q.y + q.height) - Math.max(p.y, q.y));

/** The part of an element's text the page shows, as a share of its whole width (1: not cut). */
const shownShare = (page: Page, testId: string): Promise<number> =>
  page.getByTestId(testId).evaluate((el) => el.clientWidth / Math.max(1, el.scrollWidth));

for (const size of [
  { width: 1024, height: 700 },
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
]) {
  test.describe(`${size.width}x${size.height}`, () => {
    test.use({ viewport: size });

    test("the experiment's name is shown whole and the input's Remove button is clear of its legend", async ({ page }) => {
      await openLab(page);
      await expect(page.getByTestId('experiment-name')).toHaveText('Excite one, inhibit another');
      // Before, the header's buttons left the name 15 px at 1024 ("E…").
      expect(await shownShare(page, 'experiment-name')).toBeGreaterThanOrEqual(0.99);
      const input = page.getByTestId('input-step');
      const legend = await rectOf(input.locator('legend'));
      const remove = await rectOf(page.getByTestId('input-step-remove'));
      expect(overlapArea(legend, remove), 'Remove covers the legend').toBeLessThan(1);
    });
  });
}

test.describe('a pattern at 1024x700', () => {
  test.use({ viewport: { width: 1024, height: 700 } });

  test("its name is whole and its note keeps the header's width, under the buttons", async ({ page }) => {
    await openLab(page);
    await page.getByTestId('examples').click();
    await page.getByTestId('pattern-open-tonic-bursting').click();
    await expect(page.getByTestId('experiment-name')).toHaveText('(C) Tonic bursting');
    expect(await shownShare(page, 'experiment-name')).toBeGreaterThanOrEqual(0.99);
    const note = await rectOf(page.getByTestId('pattern-note'));
    const header = await rectOf(page.locator('.lab-header'));
    const actions = await rectOf(page.locator('.header-actions'));
    // A note squeezed beside the buttons ran to seven lines; on its own row it takes two.
    expect(note.width).toBeGreaterThan(header.width * 0.8);
    expect(note.height).toBeLessThan(60);
    expect(overlapArea(note, actions)).toBeLessThan(1);
  });
});

test.describe('a narrow raster beside the Rhythms panel', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test("the populations' labels and sizes stay inside the raster's left margin", async ({ page }) => {
    await open2003Network(page);
    await page.getByTestId('top-tab-rhythms').click();
    await expect(page.getByTestId('rhythms-panel')).toBeVisible();
    await stepHundreds(page, 1);
    const labels = await page.locator('.raster-panel svg text.group-label, .raster-panel svg text.group-range').evaluateAll((nodes) =>
      nodes.map((n) => {
        const text = n as SVGTextElement;
        const svg = text.ownerSVGElement;
        const left = svg ? svg.getBoundingClientRect().x : 0;
        return { text: text.textContent ?? '', left: text.getBoundingClientRect().x - left };
      }),
    );
    const shown = labels.filter((l) => l.text !== '');
    // Excitatory and Inhibitory, each with its size under it.
    expect(shown.length).toBe(4);
    for (const label of shown) expect(label.left, `"${label.text}" starts left of the raster`).toBeGreaterThanOrEqual(0);
    // A size too long for the margin keeps its number whole: "800", never "00 neurons".
    expect(shown.map((l) => l.text)).toEqual(expect.arrayContaining([expect.stringMatching(/^800( neurons)?$/), expect.stringMatching(/^200( neurons)?$/)]));
  });
});

test.describe('a zoomed raster at 1440x900', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('its density line reads "1 neuron a row", not "1 neurons"', async ({ page }) => {
    await open2003Network(page);
    await stepHundreds(page, 2);
    for (let k = 0; k < 2; k++) await page.getByTestId('raster-zoom-in').click();
    await expect(page.getByTestId('raster')).toHaveAttribute('data-band', '375-624');
    await expect(page.locator('.raster-rate')).toContainText('density, 1 neuron a row');
  });
});

test.describe('a lesson at 1024x768', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test('the lesson does not cover the lab: nothing is hidden under it sideways, the raster scrolls into view above it', async ({ page }) => {
    await openLab(page);
    await page.getByTestId('lessons').click();
    await page.getByTestId('lesson-open-01-one-neuron').click();
    await expect(page.getByTestId('lesson-title')).toHaveText('One neuron: rest, threshold, spike');
    await expect(page.getByTestId('experiment-name')).toHaveText('One neuron, one current step');
    await expect(page.getByTestId('play')).toBeEnabled();
    // One neuron is "1 neuron" to a screen reader, not "1 neurons".
    await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 1 neuron');
    const lesson = await rectOf(page.getByTestId('lesson-panel'));
    // Before, a 348 px drawer at the right covered the trace plot's right third and the header's last buttons.
    for (const testId of ['traces', 'tour-open', 'play']) {
      const r = await rectOf(page.getByTestId(testId));
      expect(r.x + r.width, `${testId} ends left of the window's edge`).toBeLessThanOrEqual(1024);
      if (lesson.x > 0) expect(r.x + r.width, `${testId} ends left of the lesson`).toBeLessThanOrEqual(lesson.x + 1);
    }
    await page.mouse.wheel(0, 2000);
    await expect.poll(async () => {
      const raster = await rectOf(page.getByTestId('raster'));
      const sheet = await rectOf(page.getByTestId('lesson-panel'));
      return raster.height > 40 && raster.y + raster.height <= sheet.y + 1;
    }).toBe(true);
  });
});

test.describe('a lesson at 1440x900', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test("beside the drawer the lab's header keeps the experiment's name whole", async ({ page }) => {
    await openLab(page);
    await page.getByTestId('lessons').click();
    await page.getByTestId('lesson-open-05-network-rhythm').click();
    await expect(page.getByTestId('lesson-title')).toHaveText("A network's rhythm");
    await expect(page.getByTestId('experiment-name')).toHaveText('Izhikevich 2003 network (1,000 neurons)');
    // Before, the lab's 1,080 px left the name no room at all beside the header's buttons.
    const name = await rectOf(page.getByTestId('experiment-name'));
    expect(name.width).toBeGreaterThan(100);
    expect(await shownShare(page, 'experiment-name')).toBeGreaterThanOrEqual(0.99);
    const lesson = await rectOf(page.getByTestId('lesson-panel'));
    const actions = await rectOf(page.locator('.header-actions'));
    expect(actions.x + actions.width).toBeLessThanOrEqual(lesson.x + 1);
  });
});

test.describe('the network diagram on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the editing hint is one wide line block above the legend, not a column over the nodes', async ({ page }) => {
    await openLab(page);
    await showNetwork(page);
    const hint = await rectOf(page.getByTestId('network-status'));
    const legend = await rectOf(page.locator('.net-legend'));
    const canvas = await rectOf(page.locator('.net-canvas'));
    // Before, the hint was held to the canvas's width less 260 px: 80 px, seven lines over the diagram.
    expect(hint.width).toBeGreaterThan(canvas.width * 0.6);
    expect(hint.height).toBeLessThan(60);
    expect(overlapArea(hint, legend), 'the hint covers the legend').toBeLessThan(1);
  });
});

test('a variable ticked after the run began says it is recorded from now, until the run goes on', async ({ page }) => {
  await openLab(page);
  await stepHundreds(page, 4);
  await page.getByTestId('watch-var-u').check();
  // The u chart is empty (the Worker records u from now): the page says why instead of showing nothing.
  await expect(page.getByTestId('recording-note')).toHaveText('u is recorded from t = 400.0 ms on: run on to see its trace.');
  await page.getByTestId('step-100').click();
  await expect(page.getByTestId('recording-note')).toHaveCount(0);
  // Ticked before the run starts, there is nothing to explain.
  await page.getByTestId('reset').click();
  await expect(page.getByTestId('sim-time')).toHaveText('t = 0.0 ms');
  await page.getByTestId('watch-var-g').check();
  await expect(page.getByTestId('recording-note')).toHaveCount(0);
});

test.describe('the f-I curve with its step warning at 1024x768', () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test('the chart keeps a readable height, its rate ticks apart; the panel scrolls instead', async ({ page }) => {
    await openLab(page);
    await page.getByTestId('top-tab-fi').click();
    await page.getByTestId('fi-overlay-FS').check();
    await page.getByTestId('fi-overlay-class2').check();
    await expect(page.getByTestId('fi-step-warning')).toContainText('FS at 250 Hz', { timeout: 60_000 });
    const chart = await rectOf(page.getByTestId('fi-chart'));
    // Before, the controls and the warning left the chart 40 px: 0, 200 and 400 Hz printed on each other.
    expect(chart.height).toBeGreaterThanOrEqual(150);
    const ticks = await page.getByTestId('fi-chart').locator('.fi-y-axis .tick text').evaluateAll((nodes) =>
      nodes.map((n) => {
        const r = n.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom };
      }),
    );
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    const sorted = [...ticks].sort((p, q) => p.top - q.top);
    for (let k = 1; k < sorted.length; k++) expect(sorted[k].top, 'rate ticks overlap').toBeGreaterThanOrEqual(sorted[k - 1].bottom - 0.5);
  });
});

for (const size of [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
]) {
  test.describe(`the Iris view after training at ${size.width}x${size.height}`, () => {
    test.use({ viewport: size });

    test('the page does not scroll on into blank space below the view', async ({ page }) => {
      await openLab(page);
      await page.getByRole('tab', { name: 'Iris classifier' }).click();
      await page.getByTestId('train').click();
      await expect(page.getByTestId('test-accuracy')).toContainText('%', { timeout: 120_000 });
      // The table's answers are in: each right one carries a hidden label for screen readers.
      await expect.poll(() => page.locator('[data-testid="sample-table"] td.is-right').count()).toBeGreaterThan(100);
      // Before, each row's hidden "right" label escaped the table's scroller: 3,600 px of empty page.
      const scroll = await page.evaluate(() => ({ height: document.documentElement.scrollHeight, client: document.documentElement.clientHeight }));
      expect(scroll.height).toBeLessThanOrEqual(scroll.client + 1);
    });
  });
}

for (const size of [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
]) {
  test.describe(`new neurons in the diagram at ${size.width}x${size.height}`, () => {
    test.use({ viewport: size });

    test('added and duplicated neurons come into sight with every other node, without pressing Fit', async ({ page }) => {
      await openLab(page);
      await showNetwork(page);
      for (let k = 0; k < 4; k++) await page.getByTestId('add-neuron').click();
      for (let k = 0; k < 2; k++) await page.getByTestId('duplicate-selected').click();
      await expect(page.locator('g[data-node-id]')).toHaveCount(9);
      // Before, the view panned to the newest node and left the driver and the follower above its edge
      // (1024) or the copies half outside it (1440).
      await expect.poll(async () => {
        const canvas = await rectOf(page.locator('.net-canvas'));
        const nodes = await page.locator('g[data-node-id] circle').evaluateAll((circles) =>
          circles.map((c) => {
            const r = c.getBoundingClientRect();
            return { x: r.x, y: r.y, width: r.width, height: r.height };
          }),
        );
        return nodes.filter((n) => n.x < canvas.x || n.y < canvas.y || n.x + n.width > canvas.x + canvas.width || n.y + n.height > canvas.y + canvas.height).length;
      }).toBe(0);
    });
  });
}

test.describe('measurements on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the PSTH and the ISI histogram show whole in the scrolling page; a silent neuron is a dash, not NaN', async ({ page }) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await openLab(page);
    await stepHundreds(page, 6);
    const panel = page.getByTestId('measurements');
    await panel.locator('summary').click();
    await expect(page.getByTestId('measure-spikes')).toHaveText(/^[1-9]\d*$/);
    // Before, the open panel kept 34% of the window and scrolled inside the scrolling page: the ISI
    // histogram was below its fold.
    const clipped = await panel.evaluate((el) => el.scrollHeight - el.clientHeight);
    expect(clipped).toBeLessThanOrEqual(1);
    const charts = await panel.locator('.measure-chart').count();
    expect(charts).toBe(2);
    const box = await rectOf(panel);
    for (let k = 0; k < charts; k++) {
      const chart = await rectOf(panel.locator('.measure-chart').nth(k));
      expect(chart.y + chart.height).toBeLessThanOrEqual(box.y + box.height + 1);
    }

    // The driver is silent until its step at 100 ms: before, its CV wrote NaN into an attribute.
    await page.getByTestId('reset').click();
    await expect(page.getByTestId('sim-time')).toHaveText('t = 0.0 ms');
    await stepHundreds(page, 1);
    await expect(page.getByTestId('measure-spikes')).toHaveText('0');
    await expect(page.getByTestId('measure-cv')).toHaveText('\u2013');
    await expect(page.getByTestId('measure-cv')).not.toHaveAttribute('data-value', /./);
    expect(errors.filter((e) => e.includes('NaN'))).toEqual([]);
  });
});

test.describe('presentation mode on a portrait tablet', () => {
  test.use({ viewport: { width: 768, height: 1024 } });

  test('the traces and the whole raster, its time axis included, fit the screen', async ({ page }) => {
    await openLab(page);
    await stepHundreds(page, 2);
    await page.getByTestId('present').click();
    await expect(page.getByTestId('present')).toHaveAttribute('aria-pressed', 'true');
    const traces = await rectOf(page.getByTestId('traces'));
    const raster = await rectOf(page.locator('.raster-panel'));
    expect(traces.height).toBeGreaterThan(400);
    // Before, the traces took 60% of the height and the raster's axis ran off the bottom.
    expect(raster.y + raster.height).toBeLessThanOrEqual(1024);
  });
});
