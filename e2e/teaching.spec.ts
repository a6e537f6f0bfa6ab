import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { encodeLesson } from '../src/core/io/shareLink.ts';
import { parseLessonJson } from '../src/core/experiment/validate.ts';
import { SHIPPED_LESSONS } from '../src/ui/lessons/lessonList.ts';
import { openLab } from './lab.ts';

/** Where the screenshots go (test-results unless SCREENSHOT_DIR says). */
const SHOTS = process.env.SCREENSHOT_DIR ?? 'test-results/shots';

/** Critical and serious axe findings (WCAG 2.1 A/AA and best practice) inside `include`. */
async function severeFindings(page: Page, include: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).include(include).analyze();
  return results.violations
    .filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

function shippedLesson(id: string) {
  const parsed = parseLessonJson(readFileSync(`public/lessons/${id}.json`, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.lesson;
}

test.describe('the first-run tour', () => {
  // Without the config's storage that marks the tour as seen: a first visit.
  test.use({ storageState: { cookies: [], origins: [] } });

  test('shows on the first run, walks play, a slider, the traces and the gallery, and Skip remembers it', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await openLab(page);
    const tour = page.getByTestId('tour');
    await expect(tour).toBeVisible();
    await expect(tour).toHaveAttribute('role', 'dialog');
    await expect(page.getByTestId('tour-count')).toHaveText('Step 1 of 4');
    await expect(tour.getByRole('heading')).toHaveText('Play and pause');
    await expect(page.getByTestId('tour-next')).toBeFocused();
    expect(await severeFindings(page, '[data-testid="tour"]')).toEqual([]);

    // Each step points at its element: the popover sits just below, above or beside it, overlapping neither.
    const pointsAt = async (selector: string) => {
      const target = await page.locator(selector).first().boundingBox();
      const pop = await tour.boundingBox();
      if (!target || !pop) throw new Error('no box');
      const below = pop.y >= target.y + target.height - 1 && pop.y - (target.y + target.height) < 40;
      const above = pop.y + pop.height <= target.y + 1 && target.y - (pop.y + pop.height) < 40;
      const beside = (pop.x >= target.x + target.width - 1 && pop.x - (target.x + target.width) < 40) || (pop.x + pop.width <= target.x + 1 && target.x - (pop.x + pop.width) < 40);
      return below || above || (beside && pop.y < target.y + target.height && pop.y + pop.height > target.y);
    };
    expect(await pointsAt('[data-testid="play"]')).toBe(true);
    const titles = ['Play and pause', 'Change a parameter', 'Read the traces', 'The gallery'];
    const targets = ['[data-testid="play"]', '[data-testid="param-a-slider"]', '.trace-panel', '[data-testid="examples"]'];
    for (let k = 1; k < titles.length; k++) {
      await page.getByTestId('tour-next').click();
      await expect(tour.getByRole('heading')).toHaveText(titles[k]);
      expect(await pointsAt(targets[k]), titles[k]).toBe(true);
    }
    await page.screenshot({ path: `${SHOTS}/teach-tour-1440.png` });
    await page.getByTestId('tour-back').click();
    await expect(tour.getByRole('heading')).toHaveText('Read the traces');
    await page.getByTestId('tour-skip').click();
    await expect(tour).toHaveCount(0);
    expect(await page.evaluate(() => localStorage.getItem('spiking-lab/tour'))).toBe('seen');

    await page.reload();
    await expect(page.getByTestId('play')).toBeEnabled();
    await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 3 neurons');
    await expect(tour).toHaveCount(0);
  });

  test('reopens from the Tour button and works from the keyboard: Enter for Next, Escape closes and gives focus back', async ({ page }) => {
    await openLab(page);
    await page.getByTestId('tour-skip').click();
    await page.getByTestId('tour-open').focus();
    await page.keyboard.press('Enter');
    const tour = page.getByTestId('tour');
    await expect(tour.getByRole('heading')).toHaveText('Play and pause');
    await expect(page.getByTestId('tour-next')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(tour.getByRole('heading')).toHaveText('Change a parameter');
    await page.keyboard.press('Shift+Tab');
    await expect(page.getByTestId('tour-back')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(tour.getByRole('heading')).toHaveText('Play and pause');
    await page.keyboard.press('Escape');
    await expect(tour).toHaveCount(0);
    await expect(page.getByTestId('tour-open')).toBeFocused();
    // Escape closed only the tour: the run did not start and nothing else changed.
    await expect(page.getByTestId('run-state')).toHaveText('paused');

    // Done on the last step also closes it.
    await page.getByTestId('tour-open').click();
    for (let k = 0; k < 3; k++) await page.getByTestId('tour-next').click();
    await expect(page.getByTestId('tour-next')).toHaveText('Done');
    await page.getByTestId('tour-next').click();
    await expect(tour).toHaveCount(0);
  });

  // What each step points at: the traces step at the traces and the raster both.
  const STEP_TARGETS = [['[data-testid="play"]'], ['[data-testid="param-a-slider"]'], ['.trace-panel', '.raster-panel'], ['[data-testid="examples"]']];
  for (const size of [{ width: 1440, height: 900 }, { width: 1024, height: 700 }, { width: 768, height: 1024 }, { width: 390, height: 844 }]) {
    test(`at ${size.width}x${size.height} the popover stays on screen and never covers what it points at`, async ({ page }) => {
      await page.setViewportSize(size);
      await page.goto('/');
      const tour = page.getByTestId('tour');
      await expect(tour).toBeVisible();
      for (let k = 0; k < 4; k++) {
        await expect(tour).toHaveAttribute('data-step', String(k));
        const pop = await tour.boundingBox();
        if (!pop) throw new Error('no popover');
        expect(pop.x).toBeGreaterThanOrEqual(0);
        expect(pop.y).toBeGreaterThanOrEqual(0);
        expect(pop.x + pop.width).toBeLessThanOrEqual(size.width);
        expect(pop.y + pop.height).toBeLessThanOrEqual(size.height);
        for (const selector of STEP_TARGETS[k]) {
          const target = await page.locator(selector).first().boundingBox();
          if (!target) throw new Error(`no ${selector}`);
          const covered = Math.max(0, Math.min(pop.x + pop.width, target.x + target.width) - Math.max(pop.x, target.x)) * Math.max(0, Math.min(pop.y + pop.height, target.y + target.height) - Math.max(pop.y, target.y));
          expect(covered, `step ${k + 1}: the popover covers ${selector}`).toBeLessThan(1);
        }
        // The step's target starts inside the window (a tall one may run on below it).
        const first = await page.locator(STEP_TARGETS[k][0]).first().boundingBox();
        expect(first && first.y >= -1 && first.y < size.height, `step ${k + 1}: ${STEP_TARGETS[k][0]} at ${JSON.stringify(first)}`).toBe(true);
        if (k === 2) await page.screenshot({ path: `${SHOTS}/teach-tour-traces-${size.width}x${size.height}.png` });
        if (k < 3) await page.getByTestId('tour-next').click();
      }
    });
  }
});

test.describe('lessons', () => {
  const expected: Record<string, { name: RegExp; panel: string | null }> = {
    '01-one-neuron': { name: /^One neuron, one current step$/, panel: null },
    '02-abcd-patterns': { name: /^\(A\) Tonic spiking$/, panel: null },
    '03-bursting-phase-plane': { name: /^\(C\) Tonic bursting$/, panel: 'phase' },
    '04-excitation-inhibition': { name: /^Excite one, inhibit another$/, panel: 'network' },
    '05-network-rhythm': { name: /^Izhikevich 2003 network \(1,000 neurons\)$/, panel: 'rhythms' },
  };

  test('each shipped lesson opens its experiment and panel, with its text and question beside it', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await openLab(page);
    for (const [index, entry] of SHIPPED_LESSONS.entries()) {
      const lesson = shippedLesson(entry.id);
      await page.getByTestId('lessons').click();
      if (index === 0) {
        expect(await severeFindings(page, '[data-testid="lessons-dialog"]')).toEqual([]);
        await page.screenshot({ path: `${SHOTS}/teach-lessons-dialog-1440.png` });
      }
      await page.getByTestId(`lesson-open-${entry.id}`).click();
      const panel = page.getByTestId('lesson-panel');
      await expect(page.getByTestId('lesson-title')).toHaveText(entry.title);
      await expect(panel).toContainText(`Lesson ${index + 1} of 6`);
      await expect(page.getByTestId('lesson-question')).toContainText(lesson.question);
      // Paragraphs as text: the first sentence of the lesson's text shows.
      await expect(page.getByTestId('lesson-text')).toContainText(lesson.text.split('\n')[0]);
      const want = expected[entry.id];
      if (want) {
        await expect(page.getByTestId('experiment-name')).toHaveText(want.name);
        if (want.panel) await expect(page.getByTestId(`top-tab-${want.panel}`)).toHaveAttribute('aria-selected', 'true');
        await expect(page.getByTestId('play')).toBeEnabled();
      } else {
        // The flower lesson: the Iris view, with the shipped data set.
        await expect(page.getByTestId('view-iris')).toHaveAttribute('aria-selected', 'true');
        await expect(page.getByTestId('train')).toBeEnabled({ timeout: 30_000 });
      }
      if (entry.id === '01-one-neuron') {
        expect(await severeFindings(page, '[data-testid="lesson-panel"]')).toEqual([]);
        await page.screenshot({ path: `${SHOTS}/teach-lesson-1440.png` });
      }
      if (entry.id === '06-iris-flower') await page.screenshot({ path: `${SHOTS}/teach-lesson-iris-1440.png` });
      if (want) {
        // The lesson panel does not cover the plots: the app narrows beside it.
        const lessonBox = await panel.boundingBox();
        const traces = await page.locator('.trace-panel').boundingBox();
        expect(lessonBox && traces && traces.x + traces.width <= lessonBox.x + 1).toBe(true);
      }
    }
    await page.getByTestId('lesson-leave').click();
    await expect(page.getByTestId('lesson-panel')).toHaveCount(0);
  });

  test('Next lesson walks the sequence, and a lesson from a file shows its text as text', async ({ page }) => {
    await openLab(page);
    await page.getByTestId('lessons').click();
    await page.getByTestId('lesson-open-01-one-neuron').click();
    await page.getByTestId('lesson-next').click();
    await expect(page.getByTestId('lesson-title')).toHaveText('a, b, c, d and the 20 patterns');
    await expect(page.getByTestId('experiment-name')).toHaveText('(A) Tonic spiking');
    await expect(page.getByTestId('param-d')).toHaveValue('6');

    const own = { ...shippedLesson('01-one-neuron'), title: 'My <b>lesson</b>', text: 'Line one<script>window.__hacked = 1</script>\n\n<img src=x onerror="window.__hacked = 2">', question: 'Why?' };
    await page.getByTestId('lessons').click();
    await page.getByTestId('open-lesson-file').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(own)) });
    await expect(page.getByTestId('lesson-title')).toHaveText('My <b>lesson</b>');
    await expect(page.getByTestId('lesson-panel')).toContainText('Lesson');
    await expect(page.getByTestId('lesson-text').locator('p')).toHaveText(['Line one<script>window.__hacked = 1</script>', '<img src=x onerror="window.__hacked = 2">']);
    await expect(page.getByTestId('lesson-text').locator('img, script, b')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __hacked?: number }).__hacked)).toBeUndefined();
    await expect(page.getByTestId('experiment-name')).toHaveText('One neuron, one current step');

    // A broken file: a message naming the field, and the lesson and experiment stay.
    const broken = { ...own, panel: 'sidebar', experiment: { ...own.experiment, neurons: [{ ...own.experiment.neurons[0], a: 'fast' }] } };
    await page.getByTestId('lessons').click();
    await page.getByTestId('open-lesson-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    await expect(page.getByTestId('error-banner')).toContainText('panel: must be one of');
    await expect(page.getByTestId('error-banner')).toContainText('experiment.neurons[0].a: expected a number, got "fast"');
    await page.getByTestId('lessons-dialog-close').click();
    await expect(page.getByTestId('lesson-title')).toHaveText('My <b>lesson</b>');
  });

  test('a lesson opens from a share link, and its own Share makes that link', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const lesson = shippedLesson('03-bursting-phase-plane');
    await page.goto(`/#lesson=${await encodeLesson(lesson)}`);
    await expect(page.getByTestId('lesson-title')).toHaveText('The phase plane of a bursting cell');
    await expect(page.getByTestId('experiment-name')).toHaveText('(C) Tonic bursting');
    await expect(page.getByTestId('top-tab-phase')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('lesson-panel')).not.toContainText('Lesson 3 of 6');
    expect(page.url()).not.toContain('#lesson=');

    await page.getByTestId('lesson-share').click();
    const url = await page.getByTestId('lesson-share-url').inputValue();
    expect(url).toContain('#lesson=');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);

    // The link in another tab of the same lab, which has work of its own: it asks first.
    const other = await context.newPage();
    await other.goto('/');
    // The autosave of the first tab opens here: the bursting cell, which this tab then changes.
    await expect(other.getByTestId('experiment-name')).toHaveText('(C) Tonic bursting');
    await expect(other.getByTestId('play')).toBeEnabled();
    await other.getByTestId('param-d').fill('3');
    await other.getByTestId('param-d').press('Enter');
    await other.goto(url);
    await expect(other.getByTestId('open-link-dialog')).toBeVisible();
    await other.getByTestId('open-link-open').click();
    await expect(other.getByTestId('lesson-title')).toHaveText('The phase plane of a bursting cell');
    await expect(other.getByTestId('experiment-name')).toHaveText('(C) Tonic bursting');

    // A damaged link: a message, nothing replaced.
    await other.goto('/#lesson=AAAA');
    await expect(other.getByTestId('error-banner')).toContainText('The lesson link could not be opened');
  });

  test('phone: the lesson is a sheet below the plots that can be folded away', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openLab(page);
    await page.getByTestId('lessons').click();
    await page.getByTestId('lesson-open-01-one-neuron').click();
    await expect(page.getByTestId('lesson-title')).toHaveText('One neuron: rest, threshold, spike');
    const box = await page.getByTestId('lesson-panel').boundingBox();
    expect(box && box.x === 0 && box.width === 390 && box.y + box.height <= 845).toBe(true);
    await page.screenshot({ path: `${SHOTS}/teach-lesson-390.png` });
    await page.getByTestId('lesson-collapse').click();
    await expect(page.getByTestId('lesson-question')).toBeHidden();
  });
});

test('f-I curve: at dt = 1 ms the FS and class 2 stairs are named, and one click moves to the finer step', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLab(page);
  await page.getByTestId('neuron-select').selectOption('driver');
  await page.getByTestId('top-tab-fi').click();
  await expect(page.locator('[data-testid="fi-curve"][data-curve="this"][data-stale="false"]')).toHaveCount(1, { timeout: 30_000 });
  // The RS driver alone, under 50 Hz: no stairs to speak of.
  await expect(page.getByTestId('fi-step-warning')).toHaveCount(0);

  await page.getByTestId('fi-overlay-FS').check();
  await page.getByTestId('fi-overlay-class2').check();
  const warning = page.getByTestId('fi-step-warning');
  await expect(warning).toContainText('FS at 250 Hz (4 steps per spike)', { timeout: 30_000 });
  await expect(warning).toContainText('Class 2 at 333 Hz (3 steps per spike)');
  await expect(page.getByTestId('fi-finer-step')).toHaveText('Use dt = 0.1 ms');
  await page.screenshot({ path: `${SHOTS}/teach-fi-warning-1440.png` });
  await page.getByTestId('fi-finer-step').click();
  await expect(page.getByTestId('dt')).toHaveValue('0.1');
  await expect(page.locator('[data-testid="fi-curve"][data-curve="class2"][data-stale="false"]')).toHaveCount(1, { timeout: 60_000 });
  await expect(page.locator('[data-testid="fi-curve"][data-curve="FS"][data-stale="false"]')).toHaveCount(1, { timeout: 60_000 });
  await expect(page.locator('[data-testid="fi-curve"][data-curve="this"][data-stale="false"]')).toHaveCount(1, { timeout: 60_000 });
  await expect(warning).toHaveCount(0);
  // Undo brings the 1 ms step back, and with it the warning.
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('dt')).toHaveValue('1');
  await expect(warning).toBeVisible();
});

test.describe('a lesson below 1280 px', () => {
  // A landscape laptop keeps the text in a drawer beside the lab; a portrait tablet has it in a sheet under the lab.
  for (const size of [{ width: 1024, height: 700, beside: true }, { width: 768, height: 1024, beside: false }]) {
    test(`at ${size.width}x${size.height} the text and both plots are readable together`, async ({ page }) => {
      await page.setViewportSize({ width: size.width, height: size.height });
      await openLab(page);
      await page.getByTestId('lessons').click();
      await page.getByTestId('lesson-open-01-one-neuron').click();
      await expect(page.getByTestId('lesson-title')).toHaveText('One neuron: rest, threshold, spike');
      await expect(page.getByTestId('play')).toBeEnabled();
      const panel = page.getByTestId('lesson-panel');
      const viewBox = async (selector: string) => {
        const b = await page.locator(selector).first().boundingBox();
        if (!b) throw new Error(`no ${selector}`);
        return b;
      };
      // The text: a readable column with room for several lines.
      const lessonBox = await viewBox('[data-testid="lesson-panel"]');
      const text = await viewBox('.lesson-body');
      expect(text.width).toBeGreaterThanOrEqual(280);
      expect(Math.min(text.y + text.height, size.height) - Math.max(text.y, 0)).toBeGreaterThanOrEqual(size.beside ? 400 : 250);
      // The plots: scrolled to the traces, the trace plot and the raster both whole on screen, clear of the lesson.
      await page.locator('.trace-panel').evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 4));
      const traces = await viewBox('[data-testid="traces"]');
      const raster = await viewBox('[data-testid="raster"]');
      for (const [name, b] of [['traces', traces], ['raster', raster]] as const) {
        expect(b.height, `${name} height`).toBeGreaterThanOrEqual(name === 'traces' ? 150 : 60);
        expect(b.width, `${name} width`).toBeGreaterThanOrEqual(300);
        expect(b.y, `${name} top`).toBeGreaterThanOrEqual(0);
        if (size.beside) {
          expect(b.x + b.width, `${name} is left of the lesson`).toBeLessThanOrEqual(lessonBox.x);
          expect(b.y + b.height, `${name} bottom`).toBeLessThanOrEqual(size.height);
        } else {
          expect(b.y + b.height, `${name} is above the lesson`).toBeLessThanOrEqual((await viewBox('[data-testid="lesson-panel"]')).y);
        }
      }
      // Nothing sideways.
      const scroll = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(scroll.width).toBeLessThanOrEqual(scroll.client);
      await page.screenshot({ path: `${SHOTS}/teach-lesson-${size.width}x${size.height}.png` });

      if (!size.beside) {
        // The sheet's edge resizes it, by keyboard: more room for the text, and back.
        const handle = page.getByTestId('lesson-resize');
        const before = Number(await handle.getAttribute('aria-valuenow'));
        await handle.focus();
        await page.keyboard.press('ArrowUp');
        await expect(handle).toHaveAttribute('aria-valuenow', String(before + 5));
        await expect.poll(async () => (await viewBox('[data-testid="lesson-panel"]')).height).toBeGreaterThan(lessonBox.height + 30);
        await page.keyboard.press('ArrowDown');
        await expect(handle).toHaveAttribute('aria-valuenow', String(before));
        expect(await severeFindings(page, '[data-testid="lesson-panel"]')).toEqual([]);
      }
      // Hide text gives the room back to the lab.
      await page.getByTestId('lesson-collapse').click();
      await expect(page.locator('.lesson-body')).toBeHidden();
      await expect(panel).toBeVisible();
    });
  }
});
