import { readFile } from 'node:fs/promises';
import { expect, test, type Download, type Page } from '@playwright/test';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { defaultExperiment } from '../src/core/experiment/examples.ts';
import { parseExperimentJson, serializeExperiment } from '../src/core/experiment/validate.ts';
import { spikesToCsv } from '../src/core/io/spikesCsv.ts';
import { openLab, simTime, spikeCount, stepHundreds } from './lab.ts';

async function downloadText(page: Page, click: () => Promise<void>): Promise<{ download: Download; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  return { download, text: await readFile(path, 'utf8') };
}

/** What `npm run sim` writes for the experiment run for `ms` (same engine, same seed). */
function nodeSpikesCsv(ms: number, extend?: (e: ReturnType<typeof defaultExperiment>) => void): string {
  const experiment = defaultExperiment();
  extend?.(experiment);
  const sim = new Simulation(compileExperiment(experiment));
  sim.run(Math.round(ms / experiment.simulation.dt));
  const { neurons, times } = sim.spikes.drain();
  return spikesToCsv(neurons, times, sim.net.ids);
}

test('Save downloads the current experiment, live edits included', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('neuron-select').selectOption('driver');
  await page.getByTestId('param-a').fill('0.05');
  await page.getByTestId('param-a').press('Enter');
  await expect(page.getByTestId('eq-a')).toHaveText('0.05');

  const { download, text } = await downloadText(page, () => page.getByRole('button', { name: /Save the experiment/ }).click());
  expect(download.suggestedFilename()).toBe('excite-one-inhibit-another.json');
  const parsed = parseExperimentJson(text);
  expect(parsed.ok).toBe(true);
  if (!parsed.ok) return;
  const expected = defaultExperiment();
  expected.neurons[0].a = 0.05;
  expect(parsed.experiment).toEqual(expected);
  expect(text).toBe(serializeExperiment(expected));
});

test('a malformed file is refused with the field errors, and the old circuit keeps running', async ({ page }) => {
  await openLab(page);
  const broken = JSON.parse(serializeExperiment(defaultExperiment())) as { neurons: { a: unknown }[] };
  broken.neurons[0].a = 'fast';
  await page.getByTestId('open-experiment').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(broken, null, 2)),
  });
  const banner = page.getByTestId('error-banner');
  await expect(banner).toContainText('Could not open broken.json:');
  await expect(banner).toContainText('neurons[0].a: expected a number, got "fast"');

  // Untouched: same experiment, same values, and it still runs.
  await expect(page.getByTestId('experiment-name')).toHaveText('Excite one, inhibit another');
  await expect(page.getByTestId('param-a')).toHaveValue('0.02');
  await expect(page.getByTestId('neuron-select').locator('option')).toHaveCount(3);
  await page.getByTestId('play').click();
  await expect.poll(() => simTime(page)).toBeGreaterThan(50);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');

  // Binary junk and empty files get a message too.
  await page.getByTestId('open-experiment').setInputFiles({
    name: 'junk.json',
    mimeType: 'application/json',
    buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0xc3, 0x28]),
  });
  await expect(banner).toContainText('Could not open junk.json: it is not UTF-8 text');
  await page.getByTestId('open-experiment').setInputFiles({ name: 'empty.json', mimeType: 'application/json', buffer: Buffer.alloc(0) });
  await expect(banner).toContainText('Could not open empty.json: the file is empty');
  await expect(page.getByTestId('experiment-name')).toHaveText('Excite one, inhibit another');
});

test('a valid file loads: the 1,000-neuron network fills the raster', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('open-experiment').setInputFiles('public/experiments/izhikevich2003-network.json');
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 1000 neurons');
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
  await stepHundreds(page, 3);
  await expect.poll(() => spikeCount(page)).toBeGreaterThan(1000);
});

test('the spikes CSV is identical to the Node run with the same experiment and seed', async ({ page }) => {
  await openLab(page);
  await stepHundreds(page, 5);
  const { download, text } = await downloadText(page, () => page.getByRole('button', { name: 'Download spikes CSV' }).click());
  expect(download.suggestedFilename()).toBe('excite-one-inhibit-another-spikes.csv');
  const expected = nodeSpikesCsv(500);
  expect(expected.split('\n').length).toBeGreaterThan(10);
  expect(text).toBe(expected);

  // The selected neuron's firing matches the same run.
  await page.getByTestId('neuron-select').selectOption('pacer');
  const pacerSpikes = expected.split('\n').filter((line) => line.endsWith(',pacer')).length;
  const rate = page.getByTestId('neuron-rate');
  await expect(rate).toHaveAttribute('data-spikes', String(pacerSpikes));
  await expect(rate).toHaveAttribute('data-rate', String(Number(((pacerSpikes * 1000) / 500).toFixed(3))));
  await expect(rate).toContainText(`Fired ${pacerSpikes} spikes`);
});

test('drive a neuron from a recorded current CSV; a broken CSV names the row and column', async ({ page }) => {
  await openLab(page);
  const rows = Array.from({ length: 50 }, (_, k) => (k === 20 ? '200' : '0'));
  await page.getByTestId('drive-csv').setInputFiles({ name: 'drive.csv', mimeType: 'text/csv', buffer: Buffer.from(`follower\n${rows.join('\n')}\n`) });
  const summary = page.getByTestId('input-recorded-follower-summary');
  await expect(summary).toContainText('drive.csv');
  await expect(summary).toContainText('50 steps');
  await expect(summary).toContainText('50 ms');
  await expect(page.getByTestId('neuron-select')).toHaveValue('follower');
  await expect(page.getByText('Loading a recorded current restarts the run.')).toBeVisible();

  await stepHundreds(page, 1);
  const { text } = await downloadText(page, () => page.getByTestId('export-spikes').click());
  expect(text.split('\n')).toContain('20,follower');
  // The follower is silent before 100 ms without it; with it, exactly what the Node run gives.
  expect(nodeSpikesCsv(100).split('\n')).not.toContain('20,follower');
  expect(text).toBe(nodeSpikesCsv(100, (e) => e.inputs.push({ id: 'recorded-follower', kind: 'recorded', target: 'follower', values: rows.map(Number), source: 'drive.csv' })));
  await expect(page.getByTestId('neuron-rate')).toHaveAttribute('data-spikes', '1');

  // A broken CSV changes nothing and says where the problem is.
  await page.getByTestId('drive-csv').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('follower\n0\nabc\n0\n') });
  const banner = page.getByTestId('error-banner');
  await expect(banner).toContainText('broken.csv');
  await expect(banner).toContainText('row 3, column "follower": expected a number, got "abc"');
  await expect(summary).toContainText('drive.csv');
  expect(await simTime(page)).toBe(100);

  // Remove reloads without it.
  await page.getByRole('button', { name: 'Remove recorded input recorded-follower' }).click();
  await expect(summary).toHaveCount(0);
  await expect.poll(() => simTime(page)).toBe(0);
});
