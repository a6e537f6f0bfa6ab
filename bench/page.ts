/**
 * Benchmark of the page: serves the lab with Vite, opens it in Chromium, loads the 1,000-neuron
 * Izhikevich (2003) network, plays it at real time and measures for a few seconds how smoothly the
 * page draws (animation-frame intervals, the longest main-thread task) and what speed the Worker
 * achieves. Chromium: $CHROMIUM_PATH, /usr/bin/chromium, or Playwright's own.
 * Last line, for scripts:
 *   bench:page: N=1000 <fps> fps p95-frame <ms> ms longest-task <ms> ms speed <x>x spikes <n>
 */
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import { CHROMIUM_ARGS, systemChromium } from '../scripts/chromium.mjs';

const seconds = 5;
// The network fires at about 7 Hz: at 2x real time the raster draws what 1,000 neurons firing at
// about 14 Hz produce in real time (--speed 5: about 36 Hz).
const speedArg = process.argv.indexOf('--speed');
const speedOption = speedArg >= 0 ? process.argv[speedArg + 1] : '2';
const server = await createServer({ server: { port: 5191, strictPort: true, host: '127.0.0.1' }, logLevel: 'error' });
await server.listen();
const browser = await chromium.launch({
  executablePath: systemChromium(),
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  // tsx names functions with an __name helper that the page does not have.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.goto('http://127.0.0.1:5191/');
  await page.getByTestId('examples').click();
  await page.getByTestId('gallery-open-izhikevich-2003-network').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="run-state"]')?.textContent === 'paused');
  await page.getByTestId('speed').selectOption(speedOption);
  await page.getByTestId('play').click();
  await page.waitForTimeout(1000); // let the JIT and the plots settle
  const result = await page.evaluate(async (ms) => {
    const intervals: number[] = [];
    let longest = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
    });
    observer.observe({ type: 'longtask', buffered: false });
    const spikesBefore = Number(document.querySelector('[data-testid="raster"]')?.getAttribute('data-spike-count'));
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
    const spikes = Number(document.querySelector('[data-testid="raster"]')?.getAttribute('data-spike-count')) - spikesBefore;
    const speed = document.querySelector('[data-testid="achieved-speed"]')?.textContent ?? '';
    return { intervals, longest, spikes, speed };
  }, seconds * 1000);
  const sorted = [...result.intervals].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const p95 = sorted[Math.floor(sorted.length * 0.95)];
  const speed = Number(/([\d.]+)x/.exec(result.speed)?.[1] ?? NaN);
  console.log(`Izhikevich 2003 network (1,000 neurons) at ${speedOption}x for ${seconds} s in headless Chromium (software rendering):`);
  console.log(`  spikes per wall second: ${(result.spikes / seconds).toFixed(0)} (= 1,000 neurons at ${(result.spikes / seconds / 1000).toFixed(1)} Hz in real time)`);
  console.log(`  frames: ${result.intervals.length}, median interval ${median.toFixed(1)} ms, 95th percentile ${p95.toFixed(1)} ms`);
  console.log(`  longest main-thread task: ${result.longest.toFixed(0)} ms; spikes drawn: ${result.spikes}; achieved speed ${result.speed}`);
  console.log(
    `bench:page: N=1000 ${(1000 / median).toFixed(1)} fps p95-frame ${p95.toFixed(1)} ms longest-task ${result.longest.toFixed(0)} ms speed ${speed}x spikes ${result.spikes}`,
  );
} finally {
  await browser.close();
  await server.close();
}
