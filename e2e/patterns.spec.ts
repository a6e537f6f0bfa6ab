import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { compileExperiment } from '../src/core/engine/compile.ts';
import { Simulation } from '../src/core/engine/simulation.ts';
import { PATTERNS, type FiringPattern } from '../src/core/experiment/patterns.ts';
import { spikesToCsv } from '../src/core/io/spikesCsv.ts';
import { openLab, sampleCount, simTime, stepHundreds } from './lab.ts';

function patternOf(id: string): FiringPattern {
  const pattern = PATTERNS.find((p) => p.id === id);
  if (!pattern) throw new Error(`no pattern ${id}`);
  return pattern;
}

/** What `npm run sim -- public/patterns/<id>.json --duration <ms>` writes (same engine and file). */
function commandLineSpikes(id: string, ms: number): string {
  const experiment = patternOf(id).make();
  const sim = new Simulation(compileExperiment(experiment));
  sim.run(Math.round(ms / experiment.simulation.dt));
  const { neurons, times } = sim.spikes.drain();
  return spikesToCsv(neurons, times, sim.net.ids);
}

/** Spike times of the pattern's neuron over its first `ms`, computed in Node by the same engine. */
function engineSpikeTimes(id: string, ms: number): number[] {
  const experiment = patternOf(id).make();
  const sim = new Simulation(compileExperiment(experiment));
  sim.run(Math.round(ms / experiment.simulation.dt));
  return Array.from(sim.spikes.drain().times);
}

async function openPattern(page: Page, id: string): Promise<void> {
  await page.getByTestId('examples').click();
  await page.getByTestId(`pattern-open-${id}`).click();
  await expect(page.getByTestId('experiment-name')).toHaveText(patternOf(id).title);
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  // The step control shows the pattern's own step (0.2 ms for the rebound burst, as in the figure).
  await expect(page.getByTestId('dt')).toHaveValue(String(patternOf(id).make().simulation.dt));
}

// Three patterns whose names are checkable from spikes alone: regular spikes, one spike, one burst.
for (const { id, check } of [
  { id: 'tonic-spiking', check: (times: number[]) => expect(times.length).toBeGreaterThanOrEqual(4) },
  { id: 'phasic-spiking', check: (times: number[]) => expect(times).toHaveLength(1) },
  { id: 'rebound-burst', check: (times: number[]) => expect(times.length).toBeGreaterThanOrEqual(4) },
]) {
  test(`pattern ${id}: opens from the gallery, shows its behaviour, and gives the command line's spikes`, async ({ page }) => {
    await openLab(page);
    await openPattern(page, id);
    await stepHundreds(page, 2);
    expect(await simTime(page)).toBe(200);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-spikes').click()]);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv).toBe(commandLineSpikes(id, 200));
    check(csv.trim().split('\n').slice(1).map((line) => Number(line.split(',')[0])));
  });
}

// ---------- Reading the charts as a viewer would: the drawn line and the axes' tick marks ----------

interface Point {
  t: number;
  y: number;
}

/** A tick label as a number (d3 writes minus as U+2212 and may group thousands). */
const tickValue = (text: string): number => Number(text.replace(/\u2212/g, '-').replace(/,/g, ''));

/** The linear map pixel -> value that an axis's outermost labelled ticks define, and its value per pixel. */
async function axisInverse(ticks: Locator, along: 'x' | 'y'): Promise<{ at: (pixel: number) => number; perPixel: number }> {
  // A tick's place in the svg: its own translate and its axis's (a time axis moves its ticks as one group).
  const marks = (await ticks.evaluateAll((els) => els.map((el) => {
    const m = el instanceof SVGGraphicsElement ? el.getCTM() : null;
    return { x: m?.e ?? Number.NaN, y: m?.f ?? Number.NaN, text: el.textContent ?? '' };
  })))
    .filter((m) => m.text.trim() !== '')
    .map((m) => ({ pixel: along === 'x' ? m.x : m.y, value: tickValue(m.text) }));
  expect(marks.length).toBeGreaterThanOrEqual(2);
  const a = marks[0];
  const b = marks[marks.length - 1];
  const perPixel = (b.value - a.value) / (b.pixel - a.pixel);
  return { at: (pixel) => a.value + (pixel - a.pixel) * perPixel, perPixel: Math.abs(perPixel) };
}

/** The vertices of a d3 line path ("M x,y L x,y ..."), in pixels. */
function pathVertices(d: string): [number, number][] {
  return [...d.matchAll(/[ML]\s*(-?[\d.e+-]+)[ ,]\s*(-?[\d.e+-]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** The charts in the traces panel: the v chart, the input chart, and the (t, value) points each draws for `neuron`. */
async function readCharts(page: Page, neuron = 'neuron'): Promise<{ v: Point[]; input: Trace; vBox: DOMRectLike; inputBox: DOMRectLike }> {
  const traces = page.getByTestId('traces');
  const charts = traces.locator('g.chart');
  // The time axis is labelled under the bottom chart only; all charts share it.
  const time = await axisInverse(charts.last().locator('g.x-axis g.tick'), 'x');
  const read = async (variable: string): Promise<{ points: Point[]; perPixel: number; box: DOMRectLike }> => {
    const chart = traces.locator(`g.chart[data-variable="${variable}"]`);
    const value = await axisInverse(chart.locator('g.y-axis g.tick'), 'y');
    const d = (await chart.locator(`path.trace-line[data-neuron="${neuron}"]`).getAttribute('d')) ?? '';
    const bg = chart.locator('rect.plot-bg');
    const box = { y: Number(await bg.getAttribute('y')), height: Number(await bg.getAttribute('height')) };
    return { points: pathVertices(d).map(([px, py]) => ({ t: time.at(px), y: value.at(py) })), perPixel: value.perPixel, box };
  };
  const v = await read('v');
  const input = await read('iext');
  return { v: v.points, input: { points: input.points, perPixel: input.perPixel }, vBox: v.box, inputBox: input.box };
}

/** A drawn line's points and what one pixel of its height is worth. */
interface Trace {
  points: Point[];
  perPixel: number;
}

interface DOMRectLike {
  y: number;
  height: number;
}

/** Spike peaks on the drawn v line: each run of points above 0 mV is one spike, at its highest point. */
function drawnPeaks(v: Point[]): Point[] {
  const peaks: Point[] = [];
  let best: Point | null = null;
  for (const p of v) {
    if (p.y > 0) {
      if (!best || p.y > best.y) best = p;
    } else if (best) {
      peaks.push(best);
      best = null;
    }
  }
  if (best) peaks.push(best);
  return peaks;
}

const intervals = (t: number[]) => t.slice(1).map((x, k) => x - t[k]);
/** Groups of peaks split wherever two are more than `gap` ms apart. */
function groups(t: number[], gap: number): number[][] {
  const out: number[][] = [];
  for (const x of t) {
    const last = out[out.length - 1];
    if (last && x - last[last.length - 1] <= gap) last.push(x);
    else out.push([x]);
  }
  return out;
}

/**
 * The drawn input's value over [from, to] ms: every point there within 1.5 px of `level` (the short
 * input chart spans a 14 pA step in about 30 px, and its tick marks sit half a pixel off the line).
 */
function expectInputLevel(input: Trace, from: number, to: number, level: number): void {
  const inside = input.points.filter((p) => p.t >= from && p.t <= to);
  expect(inside.length, `input points in ${from}..${to} ms`).toBeGreaterThanOrEqual(2);
  for (const p of inside) expect(Math.abs(p.y - level), `input at ${p.t.toFixed(1)} ms`).toBeLessThan(1.5 * input.perPixel);
}

// Step and sample instants: a step switched on at 10.25 ms shows from the sample at 10.5 ms (samples
// are taken at the end of each step); the drawn points carry about 1 px (0.5 ms here) of rounding.
const TRACE_PATTERNS: { id: string; see: string; check: (peaks: number[], v: Point[], input: Trace) => void }[] = [
  {
    id: 'tonic-spiking',
    see: 'a regular train of spikes from the step on',
    check: (peaks, _v, input) => {
      expect(peaks[0]).toBeGreaterThan(10);
      expect(peaks.length).toBeGreaterThanOrEqual(7);
      // After the first, adapting intervals (4 and 14.5 ms) they settle at about 27.7 ms, +- 0.5 ms.
      const settled = intervals(peaks).slice(3);
      for (const isi of settled) expect(Math.abs(isi - 27.7)).toBeLessThan(1.5);
      expectInputLevel(input, 0, 9.5, 0);
      expectInputLevel(input, 11.5, 199, 14);
    },
  },
  {
    id: 'phasic-spiking',
    see: 'exactly one spike after the onset of the step, then silence',
    check: (peaks, v, input) => {
      expect(peaks).toHaveLength(1);
      expect(peaks[0]).toBeGreaterThan(20);
      expect(peaks[0]).toBeLessThan(60);
      // After it, v stays well below threshold although the input stays on.
      expect(Math.max(...v.filter((p) => p.t > peaks[0] + 3).map((p) => p.y))).toBeLessThan(-40);
      expectInputLevel(input, 0, 19.5, 0);
      expectInputLevel(input, 21.5, 199, 0.5);
    },
  },
  {
    id: 'tonic-bursting',
    see: 'bursts of spikes separated by long pauses',
    check: (peaks, _v, input) => {
      const bursts = groups(peaks, 15);
      expect(bursts.length).toBeGreaterThanOrEqual(3);
      for (const burst of bursts) expect(burst.length).toBeGreaterThanOrEqual(4);
      const longestWithin = Math.max(...bursts.flatMap(intervals));
      const shortestPause = Math.min(...bursts.slice(1).map((b, k) => b[0] - bursts[k][bursts[k].length - 1]));
      expect(shortestPause).toBeGreaterThan(3 * longestWithin);
      expectInputLevel(input, 0, 21.5, 0);
      expectInputLevel(input, 23.5, 199, 15);
    },
  },
  {
    id: 'rebound-spike',
    see: 'one spike after the inhibition ends, none during it',
    check: (peaks, v, input) => {
      expect(peaks).toHaveLength(1);
      expect(peaks[0]).toBeGreaterThan(25);
      // The inhibition pulls v down while it lasts.
      const before = v.filter((p) => p.t > 15 && p.t < 19.5).map((p) => p.y);
      const during = v.filter((p) => p.t > 21 && p.t < 25).map((p) => p.y);
      expect(Math.min(...during)).toBeLessThan(Math.min(...before) - 3);
      expectInputLevel(input, 0, 19.5, 0);
      expectInputLevel(input, 21, 24.5, -15);
      expectInputLevel(input, 26, 199, 0);
    },
  },
];

test.describe('the traces of a pattern show its behaviour, with the input under v', () => {
  // Wide enough that 200 ms in the 500 ms window leaves every spike of a burst its own pixels.
  test.use({ viewport: { width: 1600, height: 1000 } });

  for (const { id, see, check } of TRACE_PATTERNS) {
    test(`${patternOf(id).title}: ${see}`, async ({ page }) => {
      await openLab(page);
      await openPattern(page, id);
      await expect(page.getByTestId('pattern-note')).toContainText(patternOf(id).note);
      await page.getByTestId('window').selectOption('500');
      await stepHundreds(page, 2);
      const dt = patternOf(id).make().simulation.dt;
      await expect.poll(() => sampleCount(page)).toBe(Math.round(200 / dt));

      const { v, input, vBox, inputBox } = await readCharts(page);
      // The input chart sits directly under v and is the shorter of the two.
      expect(inputBox.y).toBeGreaterThan(vBox.y + vBox.height);
      expect(inputBox.y).toBeLessThan(vBox.y + vBox.height + 20);
      expect(inputBox.height).toBeLessThan(vBox.height / 2);
      expect(v[v.length - 1].t).toBeGreaterThan(198); // drawn to the end of the run

      const peaks = drawnPeaks(v);
      // Spike peaks are drawn at +30 mV, at the spike times the engine gives in Node.
      for (const p of peaks) expect(Math.abs(p.y - 30)).toBeLessThan(1.5);
      const expected = engineSpikeTimes(id, 200);
      expect(peaks.map((p) => p.t)).toHaveLength(expected.length);
      peaks.forEach((p, k) => expect(Math.abs(p.t - expected[k]), `peak ${k}`).toBeLessThan(1));
      check(peaks.map((p) => p.t), v, input);
    });
  }

  test('a loaded pattern: its note under the title, which folds away', async ({ page }) => {
    await openLab(page);
    await openPattern(page, 'rebound-spike');
    await page.getByTestId('window').selectOption('500');
    await stepHundreds(page, 2);
    const note = page.getByTestId('pattern-note');
    await expect(note).toContainText('What to notice');
    await expect(note).toContainText(patternOf('rebound-spike').note);
    await page.screenshot({ path: 'test-results/pattern-rebound-spike.png' });
    await page.getByTestId('pattern-note-toggle').click();
    await expect(page.getByTestId('pattern-note-toggle')).toHaveAttribute('aria-expanded', 'false');
    await expect(note.getByText(patternOf('rebound-spike').note)).toBeHidden();
    await page.getByTestId('pattern-note-toggle').click();
    await expect(note.getByText(patternOf('rebound-spike').note)).toBeVisible();
  });
});

test('any experiment: ticking I_in puts the input chart right under v, above u', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('watch-var-iext').check();
  await page.getByTestId('watch-var-u').check();
  await stepHundreds(page, 2);
  const order = await page.getByTestId('traces').locator('g.chart').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-variable')));
  expect(order).toEqual(['v', 'iext', 'u']);
  // The driver's step: 10 pA from 100 ms.
  const { input, vBox, inputBox } = await readCharts(page, 'driver');
  expect(inputBox.y).toBeGreaterThan(vBox.y + vBox.height);
  expect(inputBox.height).toBeLessThan(vBox.height);
  expectInputLevel(input, 0, 99, 0);
  expectInputLevel(input, 101.5, 199, 10);
});

test('the gallery draws all 20 patterns as computed thumbnails, kept for the next opening', async ({ page }) => {
  await openLab(page);
  await page.getByTestId('examples').click();
  const dialog = page.getByTestId('gallery-dialog');
  const grid = dialog.getByTestId('pattern-grid');
  await expect(grid.locator('[data-testid^="pattern-card-"]')).toHaveCount(PATTERNS.length);
  await expect(grid.locator('[data-thumbnail="ready"]')).toHaveCount(PATTERNS.length, { timeout: 30_000 });
  for (const pattern of PATTERNS) {
    const button = dialog.getByTestId(`pattern-open-${pattern.id}`);
    await expect(button).toContainText(pattern.title);
    await expect(button).toHaveAttribute('title', pattern.note);
    // Every pattern fires at least once in its run, so its band reaches the spike peaks.
    expect(Number(await button.locator('svg.pattern-thumb').getAttribute('data-spikes'))).toBeGreaterThan(0);
    expect(((await button.locator('path.pattern-thumb-v').getAttribute('d')) ?? '').length).toBeGreaterThan(100);
  }
  // Pointing at a thumbnail shows its note under the grid.
  await dialog.getByTestId('pattern-open-tonic-bursting').hover();
  await expect(dialog.getByTestId('pattern-hint')).toContainText(patternOf('tonic-bursting').note);
  await dialog.screenshot({ path: 'test-results/gallery-thumbnails.png' });

  await dialog.getByTestId('pattern-open-phasic-bursting').click();
  await expect(page.getByTestId('experiment-name')).toHaveText(patternOf('phasic-bursting').title);
  await expect(page.getByTestId('gallery-dialog')).toHaveCount(0);
  // Reopened: the thumbnails are there at once, and the open pattern is marked.
  await page.getByTestId('examples').click();
  expect(await page.locator('[data-thumbnail="pending"]').count()).toBe(0);
  await expect(page.getByTestId('pattern-card-phasic-bursting')).toHaveClass(/is-current/);
});

test('Play runs a pattern to the end of its protocol, pauses there with the run shown whole, and Play again runs on', async ({ page }) => {
  await openLab(page);
  await openPattern(page, 'tonic-spiking');
  // The figure's panel spans 100 ms: the plots' window is the run.
  await expect(page.getByTestId('window')).toHaveValue('100');
  await page.getByTestId('speed').selectOption('max');
  await page.getByTestId('play').click();
  await expect.poll(() => simTime(page)).toBe(100);
  await expect(page.getByTestId('run-state')).toHaveText('paused');
  await expect.poll(() => sampleCount(page)).toBe(400);
  const { v } = await readCharts(page);
  expect(v[0].t).toBeLessThan(1);
  expect(v[v.length - 1].t).toBeGreaterThan(99);
  expect(drawnPeaks(v).map((p) => p.t)).toHaveLength(engineSpikeTimes('tonic-spiking', 100).length);
  // Past the end the input stays on and the neuron keeps firing.
  await page.getByTestId('speed').selectOption('1');
  await page.getByTestId('play').click();
  await expect.poll(() => simTime(page)).toBeGreaterThan(150);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
});
