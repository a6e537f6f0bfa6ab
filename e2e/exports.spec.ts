/**
 * Getting results out: each plot's Export menu (PNG, SVG and the traces' CSV), read back as a reader
 * of the files would (the SVG parsed, the PNG's header, the CSV's rows against the engine run in
 * Node), and the Measurements panel's numbers against the same spikes computed here.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import type { TraceVariable } from '../src/core/experiment/types.ts';
import { PATTERNS } from '../src/core/experiment/patterns.ts';
import { openLab, simTime, stepHundreds } from './lab.ts';

/** Where screenshots and copies of the exported files go, when set (EXPORT_SHOTS=dir): to look at them. */
const SHOTS = process.env.EXPORT_SHOTS;

async function keep(name: string, bytes: Buffer | null, page?: Page): Promise<void> {
  if (!SHOTS) return;
  await mkdir(SHOTS, { recursive: true });
  if (bytes) await writeFile(`${SHOTS}/${name}`, bytes);
  else await page?.screenshot({ path: `${SHOTS}/${name}` });
}

async function download(page: Page, plot: string, format: 'png' | 'svg' | 'csv'): Promise<{ name: string; bytes: Buffer }> {
  const menu = page.getByTestId(`export-${plot}`);
  await menu.locator('summary').click();
  const [file] = await Promise.all([page.waitForEvent('download'), menu.getByTestId(`export-${plot}-${format}`).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(path) };
}

interface SvgSummary {
  width: number;
  height: number;
  title: string;
  /** Every text element's content, in document order. */
  texts: string[];
  legend: string[];
  counts: Record<string, number>;
  parseError: boolean;
}

/** The exported SVG as a reader sees it: parsed by the browser's XML parser, outside the page. */
async function readSvg(page: Page, text: string, selectors: string[]): Promise<SvgSummary> {
  return page.evaluate(
    ({ text, selectors }) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const root = doc.documentElement;
      return {
        width: Number(root.getAttribute('width')),
        height: Number(root.getAttribute('height')),
        title: doc.querySelector('text.figure-title')?.textContent ?? '',
        texts: Array.from(doc.querySelectorAll('text'), (t) => t.textContent ?? ''),
        legend: Array.from(doc.querySelectorAll('g.legend-item text'), (t) => t.textContent ?? ''),
        counts: Object.fromEntries(selectors.map((s) => [s, doc.querySelectorAll(s).length])),
        parseError: doc.querySelector('parsererror') !== null || root.namespaceURI !== 'http://www.w3.org/2000/svg',
      };
    },
    { text, selectors },
  );
}

/** A PNG's size from its IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Both images of a plot: the SVG parsed, and the PNG twice its size. */
async function exportBoth(page: Page, plot: string, selectors: string[]): Promise<SvgSummary> {
  const svg = await download(page, plot, 'svg');
  expect(svg.name).toMatch(new RegExp(`-${plot}\\.svg$`));
  const summary = await readSvg(page, svg.bytes.toString('utf8'), selectors);
  expect(summary.parseError).toBe(false);
  const png = await download(page, plot, 'png');
  expect(png.name).toMatch(new RegExp(`-${plot}\\.png$`));
  expect(pngSize(png.bytes)).toEqual({ width: summary.width * 2, height: summary.height * 2 });
  await keep(`exports-file-${plot}.svg`, svg.bytes);
  await keep(`exports-file-${plot}.png`, png.bytes);
  return summary;
}

function pattern(id: string) {
  const p = PATTERNS.find((q) => q.id === id);
  if (!p) throw new Error(`no pattern ${id}`);
  return p;
}

async function openPattern(page: Page, id: string): Promise<void> {
  await page.getByTestId('examples').click();
  await page.getByTestId(`pattern-open-${id}`).click();
  await expect(page.getByTestId('experiment-name')).toHaveText(pattern(id).title);
  await expect(page.getByTestId('run-state')).toHaveText('paused');
}

test('traces: SVG with axes, units and legend, the same lines as the page; PNG at twice the size; CSV with units equal to the engine', async ({ page }) => {
  await openLab(page);
  await openPattern(page, 'tonic-spiking');
  await stepHundreds(page, 2);

  const onPage = await page.getByTestId('traces').locator('path.trace-line').evaluateAll((paths) => paths.map((p) => p.getAttribute('d')));
  const svg = await exportBoth(page, 'traces', ['path.trace-line', 'g.y-axis g.tick', 'g.x-axis g.tick']);
  expect(svg.title).toMatch(/^Traces: /);
  expect(svg.texts).toContain('v (mV)');
  expect(svg.texts).toContain('time (ms)');
  expect(svg.texts.some((t) => /v in mV, currents in pA/.test(t))).toBe(true);
  // One legend entry per watched neuron, and every line the page draws (same count as the page).
  const watched = await page.getByLabel('Trace colours').locator('li').allTextContents();
  expect(svg.legend).toHaveLength(watched.length);
  expect(svg.counts['path.trace-line']).toBe(onPage.length);
  expect(svg.counts['path.trace-line']).toBeGreaterThan(0);
  expect(svg.counts['g.y-axis g.tick']).toBeGreaterThan(2);

  // The CSV: the header names neuron, variable and unit; the values are the engine's, sample by sample.
  const csv = await download(page, 'traces', 'csv');
  expect(csv.name).toMatch(/-traces\.csv$/);
  const rows = Papa.parse<string[]>(csv.bytes.toString('utf8').trim()).data;
  const header = rows[0];
  expect(header[0]).toBe('time_ms');
  const UNIT_OF: Record<string, TraceVariable> = { 'v (mV)': 'v', u: 'u', 'I_in (pA)': 'iext', 'g (nS)': 'g', 'I_syn (pA)': 'isyn' };
  const columns = header.slice(1).map((name) => {
    const m = /^(\S+) (.+)$/.exec(name);
    if (!m || !(m[2] in UNIT_OF)) throw new Error(`unexpected column "${name}"`);
    return { neuron: m[1], variable: UNIT_OF[m[2]] };
  });
  expect(columns.map((c) => c.variable)).toContain('v');
  const experiment = pattern('tonic-spiking').make();
  const compiled = compileExperiment(experiment);
  const neurons = [...new Set(columns.map((c) => c.neuron))];
  const variables = [...new Set(columns.map((c) => c.variable))];
  const sim = new Simulation(compiled, Int32Array.from(neurons, (id) => compiled.ids.indexOf(id)), variables);
  sim.run(Math.round(200 / experiment.simulation.dt));
  const engine = sim.traces.drain();
  expect(rows.length - 1).toBe(engine.times.length);
  const stride = neurons.length * variables.length;
  for (let s = 0; s < engine.times.length; s++) {
    expect(Number(rows[s + 1][0])).toBeCloseTo(engine.times[s], 9);
    columns.forEach((c, j) => {
      const expected = engine.values[s * stride + neurons.indexOf(c.neuron) * variables.length + variables.indexOf(c.variable)];
      // Float32 on the page, 7 significant digits in the file.
      expect(Math.abs(Number(rows[s + 1][j + 1]) - expected)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected)));
    });
  }
});

test('raster: every spike shown is a vector mark in the SVG, with axes and the role legend', async ({ page }) => {
  await openLab(page);
  await stepHundreds(page, 3);
  const raster = page.getByTestId('raster');
  const drawn = Number(await raster.getAttribute('data-drawn'));
  expect(drawn).toBeGreaterThan(0);
  const svg = await exportBoth(page, 'raster', ['rect.spike', 'g.x-axis g.tick', 'image']);
  expect(svg.counts['rect.spike']).toBe(drawn);
  expect(svg.counts['image']).toBe(0);
  expect(svg.texts).toContain('time (ms)');
  expect(svg.legend).toEqual(['excitatory', 'inhibitory']);
  expect(svg.texts.some((t) => t === `${drawn} spikes shown, one mark each`)).toBe(true);
});

test('raster of 1,000 neurons in density mode: the SVG carries the density as drawn', async ({ page }) => {
  test.setTimeout(300_000);
  await openLab(page);
  await page.getByTestId('examples').click();
  await page.getByTestId('gallery-size-izhikevich-2003-network-1000').check();
  await page.getByTestId('gallery-open-izhikevich-2003-network').click();
  await expect(page.getByTestId('raster')).toHaveAttribute('aria-label', 'Spike raster of 1000 neurons', { timeout: 200_000 });
  await expect(page.getByTestId('run-state')).toHaveText('paused', { timeout: 60_000 });
  await stepHundreds(page, 2);
  await expect(page.getByTestId('raster')).toHaveAttribute('data-mode', 'density');
  const svg = await exportBoth(page, 'raster', ['rect.spike', 'image.raster-density']);
  expect(svg.counts['image.raster-density']).toBe(1);
  expect(svg.counts['rect.spike']).toBe(0);
  expect(svg.texts.some((t) => t.startsWith('density: '))).toBe(true);
  expect(svg.legend).toEqual(['excitatory', 'inhibitory']);

  // Measurements of a population: rate from every spike the page keeps; PSTH counts add up to the spikes.
  await page.getByTestId('measurements').locator('summary').click();
  await page.getByTestId('measure-target').selectOption('__all');
  // Until the panel has measured the new choice it shows the first population's numbers.
  const spikes = Number(await page.getByTestId('raster').getAttribute('data-spike-count'));
  expect(spikes).toBeGreaterThan(0);
  await expect(page.getByTestId('measure-spikes')).toHaveText(spikes.toLocaleString('en-US'));
  const rate = Number(await page.getByTestId('measure-rate').getAttribute('data-value'));
  expect(rate).toBeCloseTo(spikes / (1000 * 0.2), 6);
});

test('phase plane, f-I curve and firing map: axes with units, legends, and the marks the page draws', async ({ page }) => {
  test.setTimeout(180_000);
  await openLab(page);
  await page.getByTestId('neuron-select').selectOption('driver');
  await stepHundreds(page, 1);

  await page.getByTestId('top-tab-phase').click();
  await expect(page.getByTestId('phase-plane')).toBeVisible();
  const phase = await exportBoth(page, 'phase-plane', ['[data-testid="phase-v-nullcline"]', '[data-testid="phase-u-nullcline"]', '[data-testid="phase-fixed-point"]']);
  expect(phase.texts).toEqual(expect.arrayContaining(['v (mV)', 'u']));
  expect(phase.legend).toEqual(expect.arrayContaining(['v-nullcline', 'u-nullcline', 'stable', 'saddle']));
  expect(phase.counts['[data-testid="phase-v-nullcline"]']).toBe(1);
  expect(phase.counts['[data-testid="phase-fixed-point"]']).toBe(await page.getByTestId('phase-fixed-point').count());

  await page.getByTestId('top-tab-fi').click();
  await expect(page.locator('[data-testid="fi-curve"][data-curve="this"][data-stale="false"]')).toHaveAttribute('data-points', '51', { timeout: 60_000 });
  const fi = await exportBoth(page, 'fi-curve', ['[data-testid="fi-curve"]', '[data-testid="fi-rheobase"]']);
  expect(fi.texts).toEqual(expect.arrayContaining(['Input current I (pA)', 'Firing rate (Hz)']));
  expect(fi.counts['[data-testid="fi-curve"]']).toBe(await page.getByTestId('fi-chart').locator('[data-testid="fi-curve"]').count());
  expect(fi.legend.length).toBe(await page.getByTestId('fi-legend').locator(':scope > li').count());
  expect(fi.legend[0]).toMatch(/rheobase/);

  await page.getByTestId('top-tab-map').click();
  await expect(page.getByTestId('firing-map')).toHaveAttribute('data-stale', 'false', { timeout: 120_000 });
  const map = await exportBoth(page, 'firing-map', ['image.map-classes', '[data-testid="map-neuron"]']);
  expect(map.counts['image.map-classes']).toBe(1);
  expect(map.counts['[data-testid="map-neuron"]']).toBe(1);
  const plane = await page.getByTestId('firing-map').getAttribute('data-plane');
  expect(map.texts.some((t) => (plane === 'ab' ? /^a\b/ : /^c\b/).test(t))).toBe(true);
  expect(map.legend.length).toBe(await page.getByTestId('map-legend-item').count());
});

test('rhythms: both plots in one figure with their axes and a legend of what is drawn', async ({ page }) => {
  await openLab(page);
  await stepHundreds(page, 6);
  await page.getByTestId('top-tab-rhythms').click();
  await expect(page.getByTestId('rhythm-rate-plot')).toBeVisible();
  const svg = await exportBoth(page, 'rhythms', ['svg svg', 'g.series path']);
  expect(svg.counts['svg svg']).toBe(2);
  expect(svg.counts['g.series path']).toBe(2);
  expect(svg.texts).toEqual(expect.arrayContaining(['Population rate (Hz per neuron)', 'frequency (Hz)']));
  expect(svg.legend).toEqual(expect.arrayContaining(['\u03b1 band (8\u201313 Hz)', '\u03b3 band (30\u201380 Hz)']));
});

test('Iris: the scatter and the confusion matrix export with their legends and every point and count', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await expect(page.getByTestId('play')).toBeEnabled();
  await page.getByTestId('view-iris').click();
  await expect(page.getByTestId('dataset-summary')).toHaveAttribute('data-rows', '150');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('train-progress')).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 });

  const scatter = await exportBoth(page, 'scatter', ['g.iris-point']);
  expect(scatter.counts['g.iris-point']).toBe(150);
  expect(scatter.legend).toEqual(expect.arrayContaining(['test', 'misclassified']));
  expect(scatter.legend.length).toBeGreaterThanOrEqual(5);
  expect(scatter.texts.some((t) => /cm/.test(t))).toBe(true);

  // The Iris view's files are named after it, not after the lab's experiment.
  const named = await download(page, 'scatter', 'svg');
  expect(named.name).toBe('iris-scatter.svg');
  const counts = await page.getByTestId('confusion').locator('button').allTextContents();
  const confusion = await exportBoth(page, 'confusion', ['rect.confusion-cell', 'text.confusion-count']);
  expect(confusion.counts['rect.confusion-cell']).toBe(counts.length);
  expect(confusion.texts).toEqual(expect.arrayContaining(['predicted class', 'true class', ...counts]));
  expect(confusion.legend).toHaveLength(2);
});

test('measurements: a regular spiking neuron\u2019s rate, ISIs and CV match its spikes; the PSTH adds up; exports work', async ({ page }) => {
  await openLab(page);
  await openPattern(page, 'tonic-spiking');
  await stepHundreds(page, 5);
  expect(await simTime(page)).toBe(500);
  await page.getByTestId('measurements').locator('summary').click();

  // The same spikes in Node, measured with plain arithmetic here.
  const experiment = pattern('tonic-spiking').make();
  const sim = new Simulation(compileExperiment(experiment));
  sim.run(Math.round(500 / experiment.simulation.dt));
  const times = Array.from(sim.spikes.drain().times);
  expect(times.length).toBeGreaterThan(5);
  const isis = times.slice(1).map((t, k) => t - times[k]);
  const mean = isis.reduce((s, x) => s + x, 0) / isis.length;
  const sd = Math.sqrt(isis.reduce((s, x) => s + (x - mean) ** 2, 0) / isis.length);

  await expect(page.getByTestId('measure-spikes')).toHaveText(String(times.length));
  const value = async (id: string) => Number(await page.getByTestId(id).getAttribute('data-value'));
  expect(await value('measure-rate')).toBeCloseTo(times.length / 0.5, 9);
  expect(await value('measure-isi-mean')).toBeCloseTo(mean, 9);
  expect(await value('measure-cv')).toBeCloseTo(sd / mean, 9);
  // A tonic cell after its first adapting intervals: regular, CV well under 0.5.
  expect(await value('measure-cv')).toBeLessThan(0.5);
  await expect(page.getByTestId('measure-cv')).toHaveText((sd / mean).toFixed(3));

  // The PSTH's rates (Hz per neuron in 10 ms bins) sum back to the spikes; the ISI histogram to the intervals.
  const psth = page.getByTestId('measure-psth');
  expect(Number(await psth.getAttribute('data-total')) * 0.01).toBeCloseTo(times.length, 9);
  expect(Number(await psth.getAttribute('data-bins'))).toBe(50);
  expect(Number(await page.getByTestId('measure-isi-histogram').getAttribute('data-total'))).toBe(isis.length);

  const svg = await exportBoth(page, 'psth', ['path.bars']);
  expect(svg.texts).toEqual(expect.arrayContaining(['time (ms)', 'rate (Hz per neuron)']));
  expect(svg.legend).toHaveLength(1);
  const isiCsv = Papa.parse<string[]>((await download(page, 'isi-histogram', 'csv')).bytes.toString('utf8').trim()).data;
  expect(isiCsv[0]).toEqual(['isi_bin_start_ms', 'count']);
  expect(isiCsv.slice(1).reduce((s, r) => s + Number(r[1]), 0)).toBe(isis.length);
});

test('the export menu and the measurements panel: no critical or serious accessibility violations; screenshots', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openLab(page);
  await openPattern(page, 'tonic-spiking');
  await stepHundreds(page, 3);
  // The plots first (the layout's default for issue 12): the network diagram out of the way.
  const hide = page.getByTestId('hide-network');
  if (await hide.isVisible()) await hide.click();
  await page.getByTestId('measurements').locator('summary').click();
  await expect(page.getByTestId('measure-cv')).toBeVisible();
  for (const viewport of [{ width: 1440, height: 900 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(viewport);
    await page.getByTestId('export-traces').locator('summary').click();
    await expect(page.getByTestId('export-traces-csv')).toBeVisible();
    await keep(`exports-${viewport.width}x${viewport.height}.png`, null, page);
    for (const include of ['[data-testid="export-traces"]', '[data-testid="measurements"]']) {
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).include(include).analyze();
      const severe = results.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
      for (const v of severe) console.log(`[axe ${include}] ${v.impact} ${v.id}: ${v.help}`);
      expect(severe).toEqual([]);
    }
    // Escape closes the menu and gives the focus back to its button.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('export-traces-csv')).toBeHidden();
    await expect(page.getByTestId('export-traces').locator('summary')).toBeFocused();
  }
});
