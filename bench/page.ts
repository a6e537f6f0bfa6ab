/**
 * Benchmark of the page: builds the lab (vite build) and serves it (vite preview), opens it in Chromium,
 * loads the Izhikevich (2003) network at --size 1000 | 10000 | 100000 neurons (default 100000), plays
 * it and measures for a few seconds how smoothly the page draws (animation-frame intervals, the longest
 * main-thread task), what speed the Worker achieves, and Chromium's CPU time per thread (the main
 * thread, each Worker, compositor, raster, display compositor; bench/threadCpu.ts). Chromium:
 * $CHROMIUM_PATH, /usr/bin/chromium, or Playwright's own.
 * Options: --size N, --speed S (default 2 at 1,000 neurons, 1 above; max: as fast as possible),
 * --workers auto | 1 .. 8 (the lab's Workers choice, default auto; more than the machine's cores too), --port P (default 5191),
 * --rounds R (default 1), --compare DIR (another build, e.g. the code before a change, served
 * alternately with this one; medians of both are printed), --dist DIR (serve that build instead of
 * building this tree).
 * --profile FILE: also record a Chromium trace with V8's sampling profiler on every thread while measuring
 * (it slows the page), write it to FILE and print each thread's heaviest functions (bench/pageProfile.ts).
 * --trace FILE: also record a Chromium trace of the main thread's tasks while measuring, write it to FILE
 * and print each task over 50 ms: its wall and thread CPU time and its longest events (with --rounds R,
 * FILE is each round's trace in turn: the last one stays).
 * --slider: instead, a slider dragged in the production build while paused, at 1x and at max speed
 * (bench/pageSlider.ts; --rounds R, --compare DIR: another build served alternately with this one).
 * Last line, for scripts (fps: the page's animation frames; raster fps: its redraws with new data; machine:
 * the cores' time while measuring, bench/machineLoad.ts, where /proc/stat can be read):
 *   bench:page: N=<n> <fps> fps raster <fps> fps p95-frame <ms> ms longest-task <ms> ms speed <x>x spikes <n> workers <w> sim-s/wall-s <r>
 *     [machine busy <p>% idle <q>% stolen <s>%]
 */
import { chromium, type Browser } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import { CHROMIUM_ARGS, systemChromium } from '../scripts/chromium.mjs';
import { sliderBench } from './pageSlider.ts';
import { chromiumThreads, cpuBetween, cpuByRole, NAMED_WORKERS } from './threadCpu.ts';
import { MAX_WORKERS, parseWorkersChoice } from '../src/worker/protocol.ts';
import { median } from '../src/core/iris/metrics.ts';
import { medianShares, sharesText, watchMachine, type MachineShares } from './machineLoad.ts';
import { writeFileSync } from 'node:fs';
import { longTasks, longTaskText, PROFILE_CATEGORIES, profileByThread, profileText, TASK_CATEGORIES } from './pageProfile.ts';

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
const rounds = Number(option('rounds', '1'));
const compareAt = process.argv.indexOf('--compare');
const compare = compareAt >= 0 ? (process.argv[compareAt + 1] ?? null) : null;
const workers = option('workers', 'auto');
const profileAt = process.argv.indexOf('--profile');
const profileFile = profileAt >= 0 ? (process.argv[profileAt + 1] ?? 'page-trace.json') : null;
const traceAt = process.argv.indexOf('--trace');
const traceFile = traceAt >= 0 ? (process.argv[traceAt + 1] ?? 'page-trace.json') : null;
const traceCategories = [...new Set([...(profileFile ? PROFILE_CATEGORIES : []), ...(traceFile ? TASK_CATEGORIES : [])])];
if (parseWorkersChoice(workers) === null) throw new Error(`--workers must be auto or a whole number from 1 to ${MAX_WORKERS} (got ${workers})`);

interface PageResult {
  fps: number;
  p95: number;
  rasterFps: number;
  longest: number;
  speed: number;
  spikes: number;
  workers: number;
  simRate: number;
  mode: string;
  workersStatus: string;
  /** Chromium's CPU time per wall second of the measurement, ms, per kind of thread (cpuByRole). */
  cpu: Record<string, number>;
  /** The machine's cores over the measurement: busy, idle, stolen by the host (machineLoad.ts). */
  machine: MachineShares | null;
}

async function measure(browser: Browser, url: string): Promise<PageResult> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  try {
    // tsx names functions with an __name helper that the page does not have.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    // The choice as the lab keeps it (workersPreference.ts): any number of Workers, not only those the page offers for this machine's cores.
    await page.addInitScript((choice) => localStorage.setItem('spiking-lab/workers', choice), workers);
    await page.goto(url);
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
    const browserCdp = await browser.newBrowserCDPSession();
    if (traceCategories.length > 0) await browser.startTracing(page, { categories: traceCategories });
    const threadsBefore = await chromiumThreads(browserCdp);
    const machine = watchMachine();
    const wallBefore = performance.now();
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
    const wall = (performance.now() - wallBefore) / 1000;
    const shares = machine();
    const threads = cpuBetween(threadsBefore, await chromiumThreads(browserCdp));
    await browserCdp.detach();
    if (traceCategories.length > 0) {
      const trace = (await browser.stopTracing()).toString('utf8');
      for (const file of new Set([profileFile, traceFile])) if (file) writeFileSync(file, trace);
      if (profileFile) console.log(`  CPU profile per thread (trace in ${profileFile}):\n${profileText(profileByThread(trace))}`);
      if (traceFile) console.log(`  main-thread tasks over 50 ms (trace in ${traceFile}):\n${longTaskText(longTasks(trace))}`);
    }
    const cpu = Object.fromEntries(Object.entries(cpuByRole(threads)).map(([role, ms]) => [role, ms / wall]));
    const sorted = [...result.intervals].sort((a, b) => a - b);
    return {
      fps: 1000 / sorted[Math.floor(sorted.length / 2)],
      p95: sorted[Math.floor(sorted.length * 0.95)],
      // The page may draw at 60 fps while new data comes less often: the raster redraws only for new data.
      rasterFps: result.draws / seconds,
      longest: result.longest,
      speed: Number(/([\d.]+)x/.exec(result.speed)?.[1] ?? NaN),
      spikes: result.spikes,
      workers: Number(/^(\d+) Workers/.exec(result.workersStatus)?.[1] ?? 1),
      simRate: result.simRate,
      mode: result.mode,
      workersStatus: result.workersStatus,
      cpu,
      machine: shares,
    };
  } finally {
    await page.close();
  }
}


/** The kinds of thread in a fixed order, then whatever else took CPU. */
const ROLE_ORDER = [...Array.from({ length: NAMED_WORKERS }, (_, k) => `worker ${k + 1}`), 'other workers', 'main', 'compositor', 'raster', 'renderer pool', 'renderer other', 'viz compositor', 'GPU other', 'browser', 'utility'];
function cpuText(cpu: Record<string, number>): string {
  const roles = [...ROLE_ORDER.filter((r) => r in cpu), ...Object.keys(cpu).filter((r) => !ROLE_ORDER.includes(r))];
  const total = Object.values(cpu).reduce((a, b) => a + b, 0);
  return `${roles.map((r) => `${r} ${cpu[r].toFixed(0)}`).join(', ')}; all ${total.toFixed(0)} ms/s`;
}

/** The simulation Workers' CPU time per wall second, ms: the run's Workers are the busiest (the analysis and other lab Workers, idle here, come after). */
const workerCpu = (r: PageResult): number => {
  let sum = 0;
  for (let k = 1; k <= r.workers; k++) sum += r.cpu[`worker ${k}`] ?? 0;
  return sum;
};
/** Everything else Chromium spent per wall second, ms: what the page takes from the cores the Workers step on. */
const pageCpu = (r: PageResult): number => Object.values(r.cpu).reduce((a, b) => a + b, 0) - workerCpu(r);
/**
 * The Workers' CPU seconds per simulated second: what a simulated second costs them, stepping and
 * their frame work (waiting at the barrier sleeps and costs none). A machine loaded by other
 * processes slows the run without changing this much.
 */
const cpuPerSimSecond = (r: PageResult): number => workerCpu(r) / 1000 / r.simRate;
function costText(r: PageResult): string {
  return `Workers ${cpuPerSimSecond(r).toFixed(2)} CPU s per simulated s; the rest of Chromium ${pageCpu(r).toFixed(0)} ms/s (${(pageCpu(r) / Math.max(1e-9, r.rasterFps)).toFixed(1)} ms per raster redraw)`;
}

function summary(name: string, runs: PageResult[]): PageResult {
  const pick = (f: (r: PageResult) => number) => median(runs.map(f));
  const roles = [...new Set(runs.flatMap((r) => Object.keys(r.cpu)))];
  return {
    fps: pick((r) => r.fps),
    p95: pick((r) => r.p95),
    rasterFps: pick((r) => r.rasterFps),
    longest: pick((r) => r.longest),
    speed: pick((r) => r.speed),
    spikes: pick((r) => r.spikes),
    workers: pick((r) => r.workers),
    simRate: pick((r) => r.simRate),
    mode: runs.map((r) => r.mode).join(' '),
    workersStatus: `${name}: ${runs.map((r) => r.workersStatus).join('; ')}`,
    cpu: Object.fromEntries(roles.map((role) => [role, pick((r) => r.cpu[role] ?? 0)])),
    machine: medianShares(runs.map((r) => r.machine)),
  };
}

function lastLine(r: PageResult): string {
  return `bench:page: N=${neurons} ${r.fps.toFixed(1)} fps raster ${r.rasterFps.toFixed(1)} fps p95-frame ${r.p95.toFixed(1)} ms longest-task ${r.longest.toFixed(0)} ms speed ${Number(r.speed.toPrecision(3))}x spikes ${Math.round(r.spikes)} workers ${r.workers} sim-s/wall-s ${r.simRate.toFixed(3)}${r.machine ? ` machine ${sharesText(r.machine)}` : ''}`;
}

async function serve(outDir: string, at: number): Promise<PreviewServer> {
  return preview({ build: { outDir }, preview: { port: at, strictPort: true, host: '127.0.0.1' }, logLevel: 'error' });
}

const distAt = process.argv.indexOf('--dist');
const outDir = distAt >= 0 ? (process.argv[distAt + 1] ?? 'dist') : 'dist';
if (distAt < 0) await build({ logLevel: 'error', build: { outDir } });
const browser = await chromium.launch({ executablePath: systemChromium(), args: CHROMIUM_ARGS });
const servers: { name: string; server: PreviewServer; url: string }[] = [];
try {
  servers.push({ name: 'this build', server: await serve(outDir, port), url: `http://127.0.0.1:${port}/` });
  if (compare) servers.push({ name: compare, server: await serve(compare, port + 1), url: `http://127.0.0.1:${port + 1}/` });
  const runs = servers.map(() => [] as PageResult[]);
  for (let round = 0; round < rounds; round++) {
    // Alternate which build goes first, so that neither always meets the machine's load first.
    const order = round % 2 === 0 ? servers.map((_, i) => i) : servers.map((_, i) => servers.length - 1 - i);
    for (const i of order) {
      const r = await measure(browser, servers[i].url);
      runs[i].push(r);
      console.log(`  round ${round + 1} ${servers[i].name}: sim-s/wall-s ${r.simRate.toFixed(3)}, raster ${r.rasterFps.toFixed(1)} fps, p95 ${r.p95.toFixed(1)} ms, longest task ${r.longest.toFixed(0)} ms, ${r.workersStatus}`);
      console.log(`    CPU ms per wall s: ${cpuText(r.cpu)}`);
      console.log(`    ${costText(r)}`);
      if (r.machine) console.log(`    machine: ${sharesText(r.machine)} of its cores' time`);
    }
  }
  const count = neurons.toLocaleString('en-US');
  console.log(`Izhikevich 2003 network (${count} neurons) at ${speedOption}x for ${seconds} s in headless Chromium (software rendering), production build, Workers asked: ${workers}; medians of ${rounds}:`);
  const summaries = servers.map((s, i) => summary(s.name, runs[i]));
  for (let i = servers.length - 1; i >= 0; i--) {
    const r = summaries[i];
    console.log(`  ${servers[i].name}: ${(r.spikes / seconds).toFixed(0)} spikes per wall s; raster drawn as ${r.mode}; ${r.rasterFps.toFixed(1)} redraws/s with new data`);
    console.log(`    CPU ms per wall s: ${cpuText(r.cpu)}`);
    const pick = (f: (x: PageResult) => number) => median(runs[i].map(f));
    console.log(`    Workers ${pick(cpuPerSimSecond).toFixed(2)} CPU s per simulated s; the rest of Chromium ${pick(pageCpu).toFixed(0)} ms/s (${pick((x) => pageCpu(x) / Math.max(1e-9, x.rasterFps)).toFixed(1)} ms per raster redraw)`);
    console.log(`    ${lastLine(r)}`);
  }
  console.log(lastLine(summaries[0]));
} finally {
  await browser.close();
  for (const s of servers) await s.server.close();
}
