/**
 * Each Worker killed mid-run, from inside it (Playwright reaches every Worker of the page, the nested
 * second Worker too): an uncaught throw, or self.close(), after which a Worker sends nothing at all,
 * like one that ran out of memory. The page must say so and go on working.
 */
import { expect, test, type Page, type Worker } from '@playwright/test';
import { openLab, simTime } from './lab.ts';

const SCREENSHOTS = process.env.SCREENSHOT_DIR;

/** The newest Worker of the page whose script is `file`. */
async function workerOf(page: Page, file: string): Promise<Worker> {
  await expect.poll(() => page.workers().some((w) => w.url().includes(file))).toBe(true);
  const all = page.workers().filter((w) => w.url().includes(file));
  return all[all.length - 1];
}

/** An uncaught throw in the Worker, from a timer: it runs between the Worker's slices, mid-run. */
async function throwIn(worker: Worker): Promise<void> {
  await worker.evaluate(() => {
    setTimeout(() => {
      throw new Error('a fault made by the test');
    }, 0);
  });
}

/** The Worker stops for good without a word, as one that ran out of memory does. */
async function closeFromInside(worker: Worker): Promise<void> {
  await worker.evaluate(() => {
    setTimeout(() => self.close(), 0);
  });
}

async function playUntil(page: Page, ms: number): Promise<void> {
  await page.getByTestId('play').click();
  await expect.poll(() => simTime(page)).toBeGreaterThan(ms);
}

test('the simulation Worker throws mid-run: the page says so, reloads the edited experiment from t = 0, and plays again', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('param-a').fill('0.05');
  await page.getByTestId('param-a').press('Enter');
  await expect(page.getByTestId('undo')).toBeEnabled();
  await playUntil(page, 300);

  await throwIn(await workerOf(page, 'sim.worker'));
  const notice = page.getByTestId('simulation-restarted');
  await expect(notice).toContainText('The simulation stopped with an error (Error: a fault made by the test).');
  await expect(notice).toContainText('It was restarted with \u201cExcite one, inhibit another\u201d, from t = 0. Your changes and undo history are kept.');
  await expect(page.getByTestId('play')).toBeEnabled();
  expect(await simTime(page)).toBeLessThan(300);
  // The person's work: the edit and its undo step.
  await expect(page.getByTestId('param-a')).toHaveValue('0.05');
  await expect(page.getByTestId('undo')).toBeEnabled();
  await expect(page.getByTestId('run-state')).toHaveText('paused');

  if (SCREENSHOTS) {
    await page.screenshot({ path: `${SCREENSHOTS}/restarted-laptop.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SCREENSHOTS}/restarted-phone.png` });
    await page.setViewportSize({ width: 1280, height: 860 });
  }

  await playUntil(page, 200);
  await page.getByTestId('simulation-restarted-dismiss').click();
  await expect(notice).toHaveCount(0);
});

test('the simulation Worker goes silent (closed from inside): noticed within seconds, restarted, plays again', async ({ page }) => {
  await openLab(page);
  await playUntil(page, 200);
  await closeFromInside(await workerOf(page, 'sim.worker'));
  const notice = page.getByTestId('simulation-restarted');
  await expect(notice).toContainText(/The simulation stopped answering \(nothing for 1\d s\)\./, { timeout: 40_000 });
  await expect(page.getByTestId('play')).toBeEnabled();
  await playUntil(page, 200);
});

test('the second Worker of a split run fails: the simulation restarts on two Workers and plays again', async ({ page }) => {
  test.setTimeout(240_000);
  await openLab(page);
  await page.getByTestId('workers').selectOption('2');
  await expect(page.getByTestId('workers-status')).toHaveText('2 Workers');
  await playUntil(page, 200);

  await throwIn(await workerOf(page, 'part.worker'));
  const notice = page.getByTestId('simulation-restarted');
  await expect(notice).toContainText('The simulation stopped with an error (the second Worker failed: Error: a fault made by the test).');
  await expect(page.getByTestId('workers-status')).toHaveText('2 Workers');
  await playUntil(page, 200);
  await page.getByTestId('simulation-restarted-dismiss').click();

  // Closed from inside, it leaves the simulation Worker waiting for it, silent: the page notices that too.
  await closeFromInside(await workerOf(page, 'part.worker'));
  await expect(notice).toContainText(/The simulation stopped answering \(nothing for 1\d s\)\./, { timeout: 40_000 });
  await expect(page.getByTestId('workers-status')).toHaveText('2 Workers');
  await playUntil(page, 200);
});

test('the analysis Worker fails during an f-I job: the panel says so, and Retry computes the curve in a new Worker', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('neuron-select').selectOption('driver');
  await page.getByTestId('top-tab-fi').click();
  await expect(page.getByTestId('fi-curve')).toHaveCount(1);
  await expect(page.getByTestId('fi-status')).toHaveAttribute('data-phase', 'idle');

  // The next job throws once it has started (its first slice is scheduled; a small job would finish before a timer).
  const analysis = await workerOf(page, 'analysis.worker');
  await analysis.evaluate(() => {
    const handle = self.onmessage;
    self.onmessage = (event: MessageEvent<unknown>) => {
      handle?.call(self, event);
      const data: unknown = event.data;
      if (typeof data === 'object' && data !== null && 'type' in data && data.type === 'fiCurves') throw new Error('a fault made by the test');
    };
  });
  await page.getByTestId('fi-to').fill('30');
  const error = page.getByTestId('fi-status-error');
  await expect(error).toContainText('The analysis Worker stopped with an error (Error: a fault made by the test); it was stopped, and Retry runs the job in a new one.');
  await page.getByTestId('fi-status-retry').click();
  await expect(page.getByTestId('fi-status')).toHaveAttribute('data-phase', 'idle');
  await expect(error).toHaveCount(0);
  await expect(page.getByTestId('fi-curve')).toHaveCount(1);
});

test('the Iris Worker fails while training: the page says so, the data set is back, and training again works', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('view-iris').click();
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-rows', '150');
  const iris = await workerOf(page, 'iris.worker');
  await iris.evaluate(() => {
    const handle = self.onmessage;
    self.onmessage = (event: MessageEvent<unknown>) => {
      handle?.call(self, event);
      const data: unknown = event.data;
      if (typeof data === 'object' && data !== null && 'type' in data && data.type === 'train') {
        setTimeout(() => {
          throw new Error('a fault made by the test');
        }, 0);
      }
    };
  });
  await page.getByTestId('train').click();
  const error = page.getByTestId('job-error');
  await expect(error).toHaveText(
    'The classifier Worker stopped with an error (Error: a fault made by the test), so it was restarted: Training was stopped. iris.csv is loaded again; train again to continue.',
  );
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-rows', '150');
  if (SCREENSHOTS) {
    await page.screenshot({ path: `${SCREENSHOTS}/iris-restarted-laptop.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SCREENSHOTS}/iris-restarted-phone.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 860 });
  }
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-progress')).toHaveAttribute('aria-valuenow', '100', { timeout: 30_000 });
  await expect(error).toHaveCount(0);
});
