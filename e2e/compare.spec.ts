import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { defaultExperiment } from '../src/core/experiment/examples.ts';
import { spikesToCsv } from '../src/core/io/spikesCsv.ts';
import { openLab } from './lab.ts';

/** What the lab (and `npm run sim`) writes for the default experiment run for `ms`. */
function labSpikesCsv(ms: number): string {
  const experiment = defaultExperiment();
  const sim = new Simulation(compileExperiment(experiment));
  sim.run(Math.round(ms / experiment.simulation.dt));
  const { neurons, times } = sim.spikes.drain();
  return spikesToCsv(neurons, times, sim.net.ids);
}

const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

/** The page at a desktop's, a small laptop's and a phone's size, into SHOTS_DIR when set (else the test's output). */
async function screenshots(page: Page, testInfo: TestInfo, name: string, scrollTo?: string): Promise<void> {
  for (const [width, height] of [[1440, 900], [1024, 700], [390, 844]]) {
    await page.setViewportSize({ width, height });
    if (scrollTo) await page.getByTestId(scrollTo).scrollIntoViewIfNeeded();
    const file = `compare-${name}-${width}x${height}.png`;
    await page.screenshot({ path: process.env.SHOTS_DIR ? join(process.env.SHOTS_DIR, file) : testInfo.outputPath(file) });
  }
  await page.setViewportSize({ width: 1280, height: 860 });
}

async function openCompare(page: Page): Promise<void> {
  await page.getByTestId('top-tab-compare').click();
  await expect(page.getByTestId('compare-panel')).toBeVisible();
}

/** Opens `text` as the other run, runs the lab to the file's span (the experiment's 1,000 ms) and waits for the verdict. */
async function compareWith(page: Page, name: string, text: string): Promise<void> {
  await page.getByTestId('compare-open').setInputFiles(csvFile(name, text));
  await expect(page.getByTestId('compare-short')).toContainText("the file's run lasts 1,000 ms");
  await page.getByTestId('compare-run-to').click();
  await expect(page.getByTestId('compare-verdict')).toContainText('over 0\u20131,000 ms');
  await expect(page.getByTestId('compare-short')).toHaveCount(0);
}

test('a CSV equal to the lab\'s own exported spikes is identical, once the lab has run its span', async ({ page }) => {
  await openLab(page);
  await openCompare(page);
  const csv = labSpikesCsv(1000);
  await compareWith(page, 'same.csv', csv);
  const spikes = csv.trim().split('\n').length - 1;
  await expect(page.getByTestId('compare-verdict')).toHaveText(`Identical over 0\u20131,000 ms: all ${spikes} spikes of the 3 neurons pair up at the same time.`);
  await expect(page.getByTestId('compare-first')).toHaveCount(0);

  // The file is the lab's own export of this run.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download spikes CSV' }).click()]);
  expect(await readFile(await download.path(), 'utf8')).toBe(csv);
});

test('one spike moved names that spike as the first difference; a broken file is refused by row and the comparison stays', async ({ page }, testInfo) => {
  await openLab(page);
  await openCompare(page);
  const lines = labSpikesCsv(1000).trim().split('\n');
  const k = lines.findIndex((l, i) => i > 0 && l.endsWith(',pacer') && Number(l.split(',')[0]) > 300);
  const time = Number(lines[k].split(',')[0]);
  lines[k] = `${time + 3},pacer`;
  await compareWith(page, 'moved.csv', `${lines.join('\n')}\n`);
  await expect(page.getByTestId('compare-verdict')).toContainText('Differs over 0\u20131,000 ms');
  await expect(page.getByTestId('compare-verdict')).toContainText('1 of 3 neurons differ');
  const first = page.getByTestId('compare-first');
  await expect(first).toHaveAttribute('data-time', String(time));
  await expect(first).toHaveAttribute('data-neuron', 'pacer');
  await expect(first).toHaveText(`First difference at ${time} ms, neuron pacer: the lab spikes at ${time} ms, the file at ${time + 3} ms.`);
  await expect(page.getByTestId('compare-counts')).toContainText('pacer');
  await screenshots(page, testInfo, 'moved-spike', 'compare-panel');

  // Within two steps (2 ms) it is still a difference; the shift is 3 ms.
  await page.getByTestId('compare-tolerance').selectOption('2');
  await expect(first).toHaveAttribute('data-time', String(time));

  await page.getByTestId('compare-open').setInputFiles(csvFile('broken.csv', 'time_ms,neuron\n1,driver\nsoon,pacer\n'));
  await expect(page.getByTestId('compare-error')).toHaveText('Could not read broken.csv as spikes:\nrow 3, column "time_ms": expected a time in ms, got "soon"');
  await expect(first).toHaveAttribute('data-neuron', 'pacer');
});

test('Run on NEURON downloads the folder as one zip with run.py and the mechanisms, and opens NEURON\'s spikes to compare', async ({ page }, testInfo) => {
  await openLab(page);
  await page.getByTestId('run-on-neuron').first().click();
  const dialog = page.getByTestId('neuron-dialog');
  await expect(dialog).toBeVisible();
  await page.getByTestId('neuron-processes').selectOption('4');
  await expect(page.getByTestId('neuron-commands')).toContainText('nrnivmodl mechanisms');
  await expect(page.getByTestId('neuron-commands')).toContainText('mpiexec -n 4 python3 run.py');
  await screenshots(page, testInfo, 'neuron-dialog');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('neuron-download').click()]);
  expect(download.suggestedFilename()).toBe('excite-one-inhibit-another-neuron.zip');
  const files = unzipSync(new Uint8Array(await readFile(await download.path())));
  const names = Object.keys(files);
  expect(names).toContain('excite-one-inhibit-another-neuron/run.py');
  expect(names).toContain('excite-one-inhibit-another-neuron/README.md');
  const mechanisms = names.filter((n) => /^excite-one-inhibit-another-neuron\/mechanisms\/[^/]+\.mod$/.test(n));
  expect(mechanisms.length).toBeGreaterThan(0);
  expect(strFromU8(files['excite-one-inhibit-another-neuron/run.py'])).toContain('ParallelContext');
  expect(strFromU8(files[mechanisms[0]])).toMatch(/NEURON\s*\{/);

  await page.getByTestId('neuron-open-spikes').setInputFiles(csvFile('spikes.csv', labSpikesCsv(1000)));
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('top-tab-compare')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('compare-short')).toContainText('The lab has not run yet');
});
