/**
 * Benchmark of the page: serves the lab with Vite, opens it in Chromium, loads the Izhikevich (2003)
 * network at --size 1000 | 10000 | 100000 neurons (default 100000), plays it and measures for a few
 * seconds how smoothly the page draws (animation-frame intervals, the longest main-thread task) and
 * what speed the Worker achieves. Chromium: $CHROMIUM_PATH, /usr/bin/chromium, or Playwright's own.
 * Options: --size N, --speed S (default 2 at 1,000 neurons, 1 above; max: as fast as possible),
 * --workers auto | 1 | 2 (the lab's Workers choice, default auto), --port P (default 5191).
 * --slider: instead, a slider dragged in the production build while paused, at 1x and at max speed
 * (bench/pageSlider.ts; --rounds R, --compare DIR: another build served alternately with this one).
 * Last line, for scripts (fps: the page's animation frames; raster fps: its redraws with new data):
 *   bench:page: N=<n> <fps> fps raster <fps> fps p95-frame <ms> ms longest-task <ms> ms speed <x>x spikes <n> workers <w> sim-s/wall-s <r>
 */
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import { CHROMIUM_ARGS, systemChromium } from '../scripts/chromium.mjs';
import { sliderBench } from './pageSlider.ts';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

if (process.argv.includes('--slider')) {
  const at = process.argv.indexOf('--compare');
  await sliderBench({ port: Number(option('port', '5191')), rounds: Number(option('rounds', '1')), compare: at >= 0 ? (process.argv[at + 1] ?? null) : null });
  process.exit(0);
}

const SIZES = ['1000', '10000', '100000'];
const size = option('size', '100000');
if (!SIZES.includes(size)) throw new Error(`--size must be one of ${SIZES.join(', ')} (got ${size})`);
const neurons = Number(size);
const seconds = 5;
// At 1,000 neurons (about 7 Hz) 2x real time draws what 1,000 neurons firing at about 14 Hz produce in
// real time; the larger networks run at real time (or as close to it as the Worker gets).
const speedOption = option('speed', neurons === 1000 ? '2' : '1');
const port = Number(option('port', '5191'));
const workers = option('workers', 'auto');
if (!['auto', '1', '2'].includes(workers)) throw new Error(`--workers must be auto, 1 or 2 (got ${workers})`);
const server = await createServer({ server: { port, strictPort: true, host: '127.0.0.1' }, logLevel: 'error' });
await server.listen();
const browser = await chromium.launch({
  executablePath: systemChromium(),
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  // tsx names functions with an __name helper that the page does not have.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.getByTestId('workers').selectOption(workers);
  await page.getByTestId('examples').click();
  await page.getByTestId(`gallery-size-izhikevich-2003-network-${size}`).check();
  await page.getByTestId('gallery-open-izhikevich-2003-network').click();
  // Building 10 M synapses takes a while on a busy machine.
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="raster"]')?.getAttribute('aria-label')?.includes(` of ${n} neurons`) === true &&
      document.querySelector('[data-testid="run-state"]')?.textContent === 'paused',
    neurons,
    { timeout: 600_000 },
  );
  await page.getByTestId('speed').selectOption(speedOption);
  await page.getByTestId('play').click();
  await page.waitForTimeout(2000); // let the JIT and the plots settle
  const result = await page.evaluate(async (ms) => {
    const intervals: number[] = [];
    let longest = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
    });
    observer.observe({ type: 'longtask', buffered: false });
    const raster = () => document.querySelector('[data-testid="raster"]');
    const spikesBefore = Number(raster()?.getAttribute('data-spike-count'));
    const simTime = () => Number(/([\d,.]+)\s*ms/.exec(document.querySelector('[data-testid="sim-time"]')?.textContent ?? '')?.[1].replace(/,/g, '') ?? NaN);
    const simBefore = simTime();
    const wallBefore = performance.now();
    const drawsBefore = Number(raster()?.getAttribute('data-draws') ?? NaN);
    await new Promise<void>((done) => {
      let last = performance.now();
      const end = last + ms;
      const frame = (now: number) => {
        intervals.push(now - last);
        last = now;
        if (now < end) requestAnimationFrame(frame);
        else done();
      };
      requestAnimationFrame(frame);
    });
    observer.disconnect();
    const simRate = (simTime() - simBefore) / (performance.now() - wallBefore);
    const workersStatus = document.querySelector('[data-testid="workers-status"]')?.textContent ?? '';
    const spikes = Number(raster()?.getAttribute('data-spike-count')) - spikesBefore;
    const draws = Number(raster()?.getAttribute('data-draws') ?? NaN) - drawsBefore;
    const speed = document.querySelector('[data-testid="achieved-speed"]')?.textContent ?? '';
    const mode = raster()?.getAttribute('data-mode') ?? 'spikes';
    return { intervals, longest, spikes, speed, mode, draws, simRate, workersStatus };
  }, seconds * 1000);
  const sorted = [...result.intervals].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const p95 = sorted[Math.floor(sorted.length * 0.95)];
  const speed = Number(/([\d.]+)x/.exec(result.speed)?.[1] ?? NaN);
  const count = neurons.toLocaleString('en-US');
  console.log(`Izhikevich 2003 network (${count} neurons) at ${speedOption}x for ${seconds} s in headless Chromium (software rendering):`);
  console.log(`  spikes per wall second: ${(result.spikes / seconds).toFixed(0)} (= ${count} neurons at ${(result.spikes / seconds / neurons).toFixed(1)} Hz in real time)`);
  console.log(`  frames: ${result.intervals.length}, median interval ${median.toFixed(1)} ms, 95th percentile ${p95.toFixed(1)} ms; raster drawn as ${result.mode}`);
  // The page may draw at 60 fps while new data comes less often: the raster redraws only for new data.
  const rasterFps = result.draws / seconds;
  console.log(`  raster redraws with new data: ${Number.isNaN(rasterFps) ? 'not counted' : `${rasterFps.toFixed(1)} a second`}`);
  console.log(`  ${result.workersStatus} (asked: ${workers}); simulated s per wall s over the ${seconds} s: ${result.simRate.toFixed(3)}`);
  console.log(`  longest main-thread task: ${result.longest.toFixed(0)} ms; spikes: ${result.spikes}; achieved speed ${result.speed}`);
  console.log(
    `bench:page: N=${neurons} ${(1000 / median).toFixed(1)} fps raster ${rasterFps.toFixed(1)} fps p95-frame ${p95.toFixed(1)} ms longest-task ${result.longest.toFixed(0)} ms speed ${speed}x spikes ${result.spikes} workers ${/^2 Workers/.test(result.workersStatus) ? 2 : 1} sim-s/wall-s ${result.simRate.toFixed(3)}`,
  );
} finally {
  await browser.close();
  await server.close();
}
