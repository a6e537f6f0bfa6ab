/**
 * The slider half of `npm run bench:page -- --slider`: in the production build (vite build, then vite
 * preview), the 2003 network at 1,000 neurons, a slider (the thalamic input's mean) dragged with real
 * mouse moves at a fixed rate (each sent at its time, not after the page took the one before) while paused, at 1x and as fast as possible. Counts in the page the
 * slider's input events per second and the main-thread long tasks (PerformanceObserver 'longtask':
 * each is a task over 50 ms), and reads the value the Worker ended with. `--compare DIR` serves a
 * second build (e.g. the code before a change) alternately with this one, `--rounds R` times each,
 * and prints the medians of both. `--trace FILE` then records a Chromium trace of one more 1x drag per
 * build and prints what the page's main thread did in it (bench/sliderTrace.ts; read here from the
 * command line, not bench/page.ts).
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import { CHROMIUM_ARGS, systemChromium } from '../scripts/chromium.mjs';
import { writeFileSync } from 'node:fs';
import { median } from '../src/core/iris/metrics.ts';
import { medianShares, sharesText, watchMachine, type MachineShares } from './machineLoad.ts';
import { SLIDER_TRACE_CATEGORIES, sliderTraceText, summarizeSliderTrace, traceFileFor } from './sliderTrace.ts';

/** Mouse moves the drag sends per second, and how long each drag lasts. */
const MOVES_PER_SECOND = 60;
const DRAG_SECONDS = 4;
const SLIDER = 'input-thalamic-E-mean-slider';
const STATES = ['paused', '1x', 'max'] as const;
type State = (typeof STATES)[number];

interface DragResult {
  /** Input events the slider delivered per second of the drag. */
  inputsPerSecond: number;
  /** Mouse moves sent per second (below MOVES_PER_SECOND when the page held them up). */
  movesPerSecond: number;
  longTasks: number;
  longestTask: number;
  /**
   * Pointer move events the slider got per second, and how many mouse moves Chromium merged into each
   * (one per frame at most): moves merged are values the slider never sees; an input event fewer than
   * pointer events is a move that left the value as it was.
   */
  pointerEventsPerSecond: number;
  movesPerPointerEvent: number;
  /** Worst time from a mouse move's timestamp to its input event being handled, ms. */
  worstInputDelay: number;
  /**
   * The main thread's CPU time per wall second of the drag, ms (Chrome's ThreadTime metric): the page's
   * own work, which a machine loaded by other processes does not inflate, unlike the long tasks.
   */
  cpuPerSecond: number;
  /** Animation frames per second during the drag, and the main thread's CPU time per frame, ms. */
  framesPerSecond: number;
  cpuPerFrame: number;
  /**
   * All of Chromium's CPU time per frame, ms (every process and thread: the page's main thread, its
   * Workers, the raster and compositor threads, the display compositor, the browser process). On two
   * cores this is what leaves less of the machine to the threads that deliver the pointer moves.
   */
  allCpuPerFrame: number;
  /** The machine's cores during the drag: busy, idle, stolen by the host (machineLoad.ts). */
  machine: MachineShares | null;
}

/** What the page counts during a drag. */
interface DragState {
  inputs: number;
  frames: number;
  longTasks: number[];
  worstDelay: number;
  /** Pointer move events the slider got, and the mouse moves merged into them (getCoalescedEvents). */
  pointerEvents: number;
  mergedMoves: number;
  observer: PerformanceObserver;
}

async function openNetwork(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  // tsx names functions with an __name helper that the page does not have.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  // A returning visitor: the first-run tour's popover and ring (fixed layers over the page) stay closed.
  await page.addInitScript({ content: "localStorage.setItem('spiking-lab/tour', 'seen');" });
  await page.goto(url);
  await page.getByTestId('examples').click();
  await page.getByTestId('gallery-size-izhikevich-2003-network-1000').check();
  await page.getByTestId('gallery-open-izhikevich-2003-network').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="raster"]')?.getAttribute('aria-label')?.includes(' of 1000 neurons') === true &&
      document.querySelector('[data-testid="run-state"]')?.textContent === 'paused',
    null,
    { timeout: 120_000 },
  );
  return page;
}

/** Drags the slider back and forth for DRAG_SECONDS with MOVES_PER_SECOND mouse moves, ending where it began. */
async function drag(page: Page): Promise<DragResult> {
  const slider = page.getByTestId(SLIDER);
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  if (!box) throw new Error(`${SLIDER} is not visible`);
  await page.evaluate((testId) => {
    const el = document.querySelector(`[data-testid="${testId}"]`);
    const w = window as unknown as { __drag: DragState };
    const state: DragState = { inputs: 0, frames: 0, longTasks: [], worstDelay: 0, pointerEvents: 0, mergedMoves: 0, observer: new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longTasks.push(entry.duration);
    }) };
    const frame = () => {
      state.frames++;
      if (w.__drag === state) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    state.observer.observe({ type: 'longtask', buffered: false });
    el?.addEventListener('input', () => {
      state.inputs++;
    });
    // A pointer event's timeStamp is when the browser received the move: the wait is the page's delay.
    el?.addEventListener('pointermove', (event) => {
      state.worstDelay = Math.max(state.worstDelay, performance.now() - event.timeStamp);
      state.pointerEvents++;
      state.mergedMoves += event instanceof PointerEvent ? Math.max(1, event.getCoalescedEvents().length) : 1;
    });
    w.__drag = state;
  }, SLIDER);
  const y = box.y + box.height / 2;
  // The thumb starts near a third of the way (mean 0 pA of -20..40): swing about +-5 pA around it.
  const from = box.x + box.width * 0.25;
  const to = box.x + box.width * 0.42;
  const home = box.x + box.width / 3;
  await page.mouse.move(home, y);
  await page.mouse.down();
  const total = MOVES_PER_SECOND * DRAG_SECONDS;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const threadTime = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime')?.value ?? Number.NaN;
  const browserCdp = await page.context().browser()?.newBrowserCDPSession();
  const allCpu = async () => browserCdp ? (await browserCdp.send('SystemInfo.getProcessInfo')).processInfo.reduce((sum, p) => sum + p.cpuTime, 0) : Number.NaN;
  const allBefore = await allCpu();
  const cpuBefore = await threadTime();
  const machine = watchMachine();
  const start = performance.now();
  let sent = 0;
  // As a hand on a mouse does: each move leaves at its time, whether or not the page has taken the one before.
  const moves: Promise<void>[] = [];
  for (let k = 0; k < total; k++) {
    const due = start + (k * 1000) / MOVES_PER_SECOND;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const phase = (k % 40) / 40; // a full swing every 40 moves
    const x = from + (to - from) * (phase < 0.5 ? phase * 2 : 2 - phase * 2);
    moves.push(page.mouse.move(x, y));
    sent++;
  }
  await Promise.all(moves);
  const elapsed = (performance.now() - start) / 1000;
  const shares = machine();
  const cpu = (await threadTime()) - cpuBefore;
  const all = (await allCpu()) - allBefore;
  await cdp.detach();
  await browserCdp?.detach();
  await page.mouse.move(home, y);
  await page.mouse.up();
  // Long tasks are reported after they end: give the last one time to arrive.
  await page.waitForTimeout(300);
  const seen = await page.evaluate(() => {
    const w = window as unknown as { __drag: DragState | null };
    const state = w.__drag;
    if (!state) throw new Error('no drag measured');
    state.observer.disconnect();
    w.__drag = null;
    return { inputs: state.inputs, frames: state.frames, longTasks: state.longTasks, worstDelay: state.worstDelay, pointerEvents: state.pointerEvents, mergedMoves: state.mergedMoves };
  });
  return {
    inputsPerSecond: seen.inputs / elapsed,
    movesPerSecond: sent / elapsed,
    longTasks: seen.longTasks.length,
    longestTask: Math.max(0, ...seen.longTasks),
    worstInputDelay: seen.worstDelay,
    pointerEventsPerSecond: seen.pointerEvents / elapsed,
    movesPerPointerEvent: seen.pointerEvents > 0 ? seen.mergedMoves / seen.pointerEvents : Number.NaN,
    cpuPerSecond: (cpu * 1000) / elapsed,
    framesPerSecond: seen.frames / elapsed,
    cpuPerFrame: seen.frames > 0 ? (cpu * 1000) / seen.frames : Number.NaN,
    allCpuPerFrame: seen.frames > 0 ? (all * 1000) / seen.frames : Number.NaN,
    machine: shares,
  };
}

/** One more 1x drag with a Chromium trace recorded, written to `file`; prints its summary. */
async function tracedDrag(browser: Browser, name: string, url: string, file: string): Promise<void> {
  const page = await openNetwork(browser, url);
  try {
    await page.getByTestId('speed').selectOption('1');
    await page.getByTestId('play').click();
    await page.waitForTimeout(1500);
    await browser.startTracing(page, { categories: SLIDER_TRACE_CATEGORIES });
    await drag(page);
    const trace = (await browser.stopTracing()).toString('utf8');
    writeFileSync(file, trace);
    console.log(`${sliderTraceText(name, summarizeSliderTrace(trace))} (${file})`);
  } finally {
    await page.close();
  }
}

async function measure(browser: Browser, url: string): Promise<Record<State, DragResult & { speed: string }>> {
  const page = await openNetwork(browser, url);
  try {
    const out = {} as Record<State, DragResult & { speed: string }>;
    for (const state of STATES) {
      if (state !== 'paused') {
        await page.getByTestId('speed').selectOption(state === 'max' ? 'max' : '1');
        if ((await page.getByTestId('run-state').textContent()) !== 'running') await page.getByTestId('play').click();
        await page.waitForTimeout(1500); // let the run and the plots settle
      }
      const result = await drag(page);
      const speed = (await page.getByTestId('achieved-speed').textContent()) ?? '';
      out[state] = { ...result, speed: state === 'paused' ? '-' : speed.trim() };
    }
    return out;
  } finally {
    await page.close();
  }
}


function printTable(name: string, runs: Record<State, DragResult & { speed: string }>[]): void {
  console.log(`${name} (medians of ${runs.length} run${runs.length === 1 ? '' : 's'}; slider ${SLIDER}, ${MOVES_PER_SECOND} mouse moves/s for ${DRAG_SECONDS} s):`);
  console.log('  state   | moves/s | pointer events/s | moves per event | inputs/s | frames/s | long tasks | longest task | worst input delay | main-thread CPU | CPU per frame | all Chromium CPU per frame | achieved speed');
  for (const state of STATES) {
    const pick = (f: (r: DragResult) => number) => median(runs.map((r) => f(r[state])));
    const speeds = runs.map((r) => r[state].speed).join(' ');
    console.log(
      `  ${state.padEnd(7)} | ${pick((r) => r.movesPerSecond).toFixed(1).padStart(7)} | ${pick((r) => r.pointerEventsPerSecond).toFixed(1).padStart(16)} | ${pick((r) => r.movesPerPointerEvent).toFixed(2).padStart(15)} | ${pick((r) => r.inputsPerSecond).toFixed(1).padStart(8)} | ${pick((r) => r.framesPerSecond).toFixed(1).padStart(8)} | ` +
        `${pick((r) => r.longTasks).toFixed(1).padStart(10)} | ${`${pick((r) => r.longestTask).toFixed(0)} ms`.padStart(12)} | ` +
        `${`${pick((r) => r.worstInputDelay).toFixed(0)} ms`.padStart(17)} | ${`${pick((r) => r.cpuPerSecond).toFixed(0)} ms/s`.padStart(15)} | ${`${pick((r) => r.cpuPerFrame).toFixed(1)} ms`.padStart(13)} | ${`${pick((r) => r.allCpuPerFrame).toFixed(1)} ms`.padStart(26)} | ${speeds}`,
    );
  }
  for (const state of STATES) {
    const pick = (f: (r: DragResult) => number) => median(runs.map((r) => f(r[state])));
    const machine = medianShares(runs.map((r) => r[state].machine));
    console.log(
      `bench:page slider: ${name} ${state} inputs/s ${pick((r) => r.inputsPerSecond).toFixed(1)} pointer-events/s ${pick((r) => r.pointerEventsPerSecond).toFixed(1)} moves-per-event ${pick((r) => r.movesPerPointerEvent).toFixed(2)} longest-task ${pick((r) => r.longestTask).toFixed(0)} ms long-tasks ${pick((r) => r.longTasks)} main-thread-cpu ${pick((r) => r.cpuPerSecond).toFixed(0)} ms/s cpu-per-frame ${pick((r) => r.cpuPerFrame).toFixed(1)} ms all-cpu-per-frame ${pick((r) => r.allCpuPerFrame).toFixed(1)} ms` +
        (machine ? ` machine ${sharesText(machine)}` : ''),
    );
  }
}

/** ", 12% stolen": the host's share of the cores in a drag, shown per round (nothing where unknown). */
const stolenText = (m: MachineShares | null): string => (m ? `, ${Math.round(m.steal * 100)}% stolen` : '');

async function serve(outDir: string, port: number): Promise<PreviewServer> {
  return preview({ build: { outDir }, preview: { port, strictPort: true, host: '127.0.0.1' }, logLevel: 'error' });
}

export async function sliderBench(options: { port: number; rounds: number; compare: string | null }): Promise<void> {
  const outDir = 'dist';
  await build({ logLevel: 'error', build: { outDir } });
  const servers: { name: string; server: PreviewServer; url: string }[] = [];
  const browser = await chromium.launch({ executablePath: systemChromium(), args: CHROMIUM_ARGS });
  try {
    servers.push({ name: 'this build', server: await serve(outDir, options.port), url: `http://127.0.0.1:${options.port}/` });
    if (options.compare) {
      servers.push({ name: options.compare, server: await serve(options.compare, options.port + 1), url: `http://127.0.0.1:${options.port + 1}/` });
    }
    const runs = servers.map(() => [] as Record<State, DragResult & { speed: string }>[]);
    for (let round = 0; round < options.rounds; round++) {
      // Alternate which build goes first, so that neither always meets the machine's load first.
      const order = round % 2 === 0 ? servers.map((_, i) => i) : servers.map((_, i) => servers.length - 1 - i);
      for (const i of order) {
        const result = await measure(browser, servers[i].url);
        runs[i].push(result);
        console.log(`  round ${round + 1} ${servers[i].name}: ${STATES.map((s) => `${s} ${result[s].inputsPerSecond.toFixed(1)}/s longest ${result[s].longestTask.toFixed(0)} ms cpu ${result[s].cpuPerFrame.toFixed(1)} (all ${result[s].allCpuPerFrame.toFixed(1)}) ms/frame${stolenText(result[s].machine)}`).join(', ')}`);
      }
    }
    for (let i = 0; i < servers.length; i++) printTable(servers[i].name, runs[i]);
    const traceAt = process.argv.indexOf('--trace');
    const traceFile = traceAt >= 0 ? process.argv[traceAt + 1] : undefined;
    if (traceFile) for (const [i, s] of servers.entries()) await tracedDrag(browser, s.name, s.url, traceFileFor(traceFile, i));
  } finally {
    await browser.close();
    for (const s of servers) await s.server.close();
  }
}
