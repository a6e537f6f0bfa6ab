/**
 * Work survives hostile conditions: a full storage, an autosave too large to build (left by an earlier
 * version of the lab, which saved before building), an oversized share link, and a link that would
 * replace the person's work.
 */
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { defaultExperiment, izhikevich2003Network } from '../src/core/experiment/examples.ts';
import type { Experiment } from '../src/core/experiment/types.ts';
import { serializeExperiment } from '../src/core/experiment/validate.ts';
import { encodeExperiment } from '../src/core/io/shareLink.ts';
import { deflateBomb, linkCode } from '../test/deflateBomb.ts';
import { AUTOSAVE_PREFIX as PREFIX, openLab, storedAutosaves } from './lab.ts';


/** The page at a laptop's and a phone's size, for a look at how a message reads. */
async function screenshots(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: testInfo.outputPath(`${name}-${width}x${height}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 860 });
}

async function setC(page: Page, value: string): Promise<void> {
  await page.getByTestId('param-c').fill(value);
  await page.getByTestId('param-c').press('Enter');
}

/** Storage set up from a page of the same origin that is not the lab, so no autosave runs meanwhile. */
async function seedStorage(page: Page, items: [string, string][]): Promise<void> {
  await page.goto('/favicon.svg');
  await page.evaluate((entries) => {
    localStorage.clear();
    for (const [k, v] of entries) localStorage.setItem(k, v);
  }, items);
}

/** A population of 200,000 connected all-to-all onto itself: 4e10 synapses, far more than a tab holds. */
function lockOut(): Experiment {
  const e = izhikevich2003Network(1000, 100);
  const [E] = e.populations;
  const experiment: Experiment = {
    ...e,
    name: 'Two hundred thousand, all to all',
    populations: [{ ...E, size: 200_000 }],
    projections: [{ ...e.projections[0], connect: { rule: 'all-to-all' } }],
    inputs: e.inputs.filter((i) => i.target === 'E'),
    recording: { watch: ['E[0]'], variables: ['v'] },
  };
  // Not validated: today's validator refuses it (the memory budget), which is what this file is about.
  return experiment;
}

/** 200,000 neurons, 100 inputs each: builds in several seconds (10 s on a busy 2-core machine), so there is time to give up on it. */
function slowToBuild(): Experiment {
  return { ...izhikevich2003Network(200_000, 100), name: 'Two hundred thousand, 100 inputs each' };
}

const myCircuit = serializeExperiment({ ...defaultExperiment(), name: 'My circuit' });
const huge = serializeExperiment(lockOut());
const slow = serializeExperiment(slowToBuild());
/** What an earlier version of the lab left: the good circuit, then `newest`, autosaved 250 ms after the edit, never built. */
const earlierLab = (newest: string): [string, string][] => {
  const goodAt = Date.UTC(2026, 10, 30, 9, 15);
  return [[`${PREFIX}${goodAt}`, myCircuit], [`${PREFIX}${goodAt + 60_250}`, newest]];
};

test('a full storage: autosave says so, the work stays open and the stored autosaves stay; with room again it saves', async ({ page }, testInfo) => {
  await openLab(page);
  await setC(page, '-55');
  await expect.poll(async () => (await storedAutosaves(page))[0]).toContain('"c": -55,');
  const before = await storedAutosaves(page);
  // Fill the origin's storage to the last character.
  const filled = await page.evaluate(() => {
    let n = 0;
    for (let size = 1 << 20; size >= 1; size = Math.floor(size / 2)) {
      for (;;) {
        try {
          localStorage.setItem(`filler/${n}`, 'x'.repeat(size));
          n++;
        } catch {
          break;
        }
      }
    }
    return n;
  });
  expect(filled).toBeGreaterThan(0);

  await setC(page, '-52');
  const banner = page.getByTestId('error-banner');
  await expect(banner).toHaveAttribute('data-context', 'autosave');
  await expect(banner).toContainText('This experiment could not be autosaved: the browser\'s storage for this site is full. Your work is still open here; use Save to keep it as a file.');
  await expect(banner).toContainText('The autosaves stored before are kept.');
  await screenshots(page, testInfo, 'storage-full');
  await expect(page.getByTestId('param-c-slider')).toHaveValue('-52');
  await expect(page.getByTestId('play')).toBeEnabled();
  expect(await storedAutosaves(page)).toEqual(before);
  // Save still gives the work as a file.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-experiment').click()]);
  expect(await readFile(await download.path(), 'utf8')).toContain('"c": -52,');

  await page.evaluate((n) => {
    for (let k = 0; k < n; k++) localStorage.removeItem(`filler/${k}`);
  }, filled);
  await setC(page, '-51');
  await expect.poll(async () => (await storedAutosaves(page))[0]).toContain('"c": -51,');
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
});

test('locked out no more: the 200,000-neuron all-to-all autosave an earlier lab left opens the last good one, says so, and is kept', async ({ page }, testInfo) => {
  await seedStorage(page, earlierLab(huge));
  await page.goto('/');
  await expect(page.getByTestId('play')).toBeEnabled();
  await expect(page.getByTestId('experiment-name')).toHaveText('My circuit');
  await expect(page.getByTestId('opening-autosave')).toHaveCount(0);
  const notice = page.getByTestId('autosave-notice');
  await expect(notice).toContainText('An autosave could not be opened.');
  await expect(notice).toContainText('Opened instead: the autosave saved');
  await expect(notice.getByTestId('autosave-errors')).toContainText('synapses');
  await screenshots(page, testInfo, 'huge-autosave');
  const [download] = await Promise.all([page.waitForEvent('download'), notice.getByTestId('autosave-download').click()]);
  expect(await readFile(await download.path(), 'utf8')).toBe(huge);

  // The lab runs and autosaves, and a reload opens the good one again, never the huge one.
  await page.getByTestId('step-100').click();
  await expect(page.getByTestId('sim-time')).toContainText('100');
  await setC(page, '-55');
  await expect.poll(async () => (await storedAutosaves(page))[0]).toContain('"c": -55,');
  await page.reload();
  await expect(page.getByTestId('play')).toBeEnabled();
  await expect(page.getByTestId('experiment-name')).toHaveText('My circuit');
  await expect(page.getByTestId('param-c-slider')).toHaveValue('-55');
  await expect(page.getByTestId('autosave-notice')).toContainText('An autosave could not be opened.');
  expect(await storedAutosaves(page)).toContain(huge);
});

test('an autosave slow to build offers the last good one at once; taking it cancels the build and keeps the slow one', async ({ page }, testInfo) => {
  await seedStorage(page, earlierLab(slow));
  await page.goto('/');
  const opening = page.getByTestId('opening-autosave');
  await expect(opening).toContainText('Opening your newest autosave');
  await expect(opening).toContainText('It was saved before it was ever built, so it may be too large for this tab. If it is not built within 30 s, the last good one (saved ');
  await screenshots(page, testInfo, 'opening-autosave');
  await page.getByTestId('open-last-good').click();

  await expect(page.getByTestId('experiment-name')).toHaveText('My circuit');
  await expect(page.getByTestId('play')).toBeEnabled();
  await expect(opening).toHaveCount(0);
  const notice = page.getByTestId('autosave-notice');
  await expect(notice).toContainText('Opened instead: the autosave saved');
  await expect(notice.getByTestId('autosave-errors')).toHaveText('you chose the last good one while it was building');
  await screenshots(page, testInfo, 'gave-up-on-autosave');
  const [download] = await Promise.all([page.waitForEvent('download'), notice.getByTestId('autosave-download').click()]);
  expect(await readFile(await download.path(), 'utf8')).toBe(slow);
  await page.reload();
  await expect(page.getByTestId('play')).toBeEnabled();
  await expect(page.getByTestId('experiment-name')).toHaveText('My circuit');
  await expect(page.getByTestId('autosave-notice')).toContainText('it did not finish building when the lab last opened it');
  expect(await storedAutosaves(page)).toContain(slow);
});

test('a tab closed while an autosave was building reopens usable on the last good one, and says so', async ({ page, context }, testInfo) => {
  await seedStorage(page, earlierLab(slow));
  await page.goto('/');
  await expect(page.getByTestId('opening-autosave')).toBeVisible();
  // The person gives up the way they had to before: closing the tab (or it crashed) mid-build.
  await page.close();

  const again = await context.newPage();
  await again.goto('/');
  await expect(again.getByTestId('play')).toBeEnabled();
  await expect(again.getByTestId('experiment-name')).toHaveText('My circuit');
  await expect(again.getByTestId('opening-autosave')).toHaveCount(0);
  const notice = again.getByTestId('autosave-notice');
  await expect(notice).toContainText('An autosave could not be opened.');
  await expect(notice.getByTestId('autosave-errors')).toHaveText('it did not finish building when the lab last opened it');
  await screenshots(again, testInfo, 'reopened-after-unfinished-build');
  expect(await storedAutosaves(again)).toContain(slow);
});

test('an oversized share link gets a message naming the cap, and the lab stays as it was', async ({ page }, testInfo) => {
  // About 390 KB of link that would unpack to 300 MB.
  const code = linkCode(await deflateBomb(300));
  expect(code.length).toBeGreaterThan(300_000);
  const message = 'The shared link could not be opened: the link is too large: its experiment unpacks to more than 1,000,000 bytes (1 MB), the most a link may hold';

  // At start: the default experiment opens.
  await page.goto(`/#experiment=${code}`);
  await expect(page.getByTestId('play')).toBeEnabled();
  await expect(page.getByTestId('error-banner')).toContainText(message);
  await expect(page.getByTestId('experiment-name')).toHaveText(defaultExperiment().name);
  await screenshots(page, testInfo, 'oversized-link');
  await page.getByTestId('error-dismiss').click();

  // Pasted into the open lab: the work stays.
  await setC(page, '-55');
  await page.evaluate((c) => {
    window.location.hash = `experiment=${c}`;
  }, code);
  await expect(page.getByTestId('error-banner')).toContainText(message);
  await expect(page.getByTestId('param-c-slider')).toHaveValue('-55');
  await expect(page.getByTestId('play')).toBeEnabled();
  expect(await page.evaluate(() => window.location.hash)).toBe('');
});

test('a share link never replaces unsaved work without asking: the dialog works from the keyboard', async ({ page }, testInfo) => {
  const shared = { ...defaultExperiment(), name: 'Shared circuit' };
  const code = await encodeExperiment(shared);
  await openLab(page);
  await setC(page, '-55');
  await expect.poll(async () => (await storedAutosaves(page))[0]).toContain('"c": -55,');

  // Pasted into the address bar of the open lab.
  await page.evaluate((c) => {
    window.location.hash = `experiment=${c}`;
  }, code);
  const dialog = page.getByTestId('open-link-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading')).toHaveText('Open the shared experiment?');
  await expect(dialog).toContainText('The link holds \u201cShared circuit\u201d. Opening it replaces \u201cExcite one, inhibit another\u201d, the experiment open now. Undo brings it back; Save keeps it as a file first.');
  await expect(page.getByTestId('open-link-keep')).toBeFocused();
  const axe = await new AxeBuilder({ page }).include('[data-testid="open-link-dialog"]').analyze();
  expect(axe.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => v.id)).toEqual([]);
  await screenshots(page, testInfo, 'confirm-link');
  // Escape keeps the work.
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('param-c-slider')).toHaveValue('-55');
  await expect(page.getByTestId('experiment-name')).toHaveText('Excite one, inhibit another');

  // Opened at start with the work autosaved: the work opens, and the same question comes.
  await page.goto(`/#experiment=${code}`);
  await expect(page.getByTestId('open-link-dialog')).toBeVisible();
  await expect(page.getByTestId('param-c-slider')).toHaveValue('-55');
  // Tab to "Open", Enter: the link replaces it, and Undo brings the work back.
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('open-link-open')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('experiment-name')).toHaveText('Shared circuit');
  await expect(page.getByTestId('param-c-slider')).toHaveValue('-65');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('experiment-name')).toHaveText('Excite one, inhibit another');
  await expect(page.getByTestId('param-c-slider')).toHaveValue('-55');
});
