/**
 * How long the Worker holds its thread while building a big network: drives the simulation Worker's
 * host (src/worker/host.ts) on the real clock, as the Worker does, and times each slice of the build
 * (the Worker reads commands, a Cancel among them, only between slices). Then times each step of the
 * compile on its own, by stage (the longest step and the total of each), to show where the long ones
 * are and where the build's time goes.
 *
 *   npm run bench:build                       the 2003 network at 100,000 neurons, K = 100, 3 builds
 *   npm run bench:build -- --size 20000:50 --runs 5
 *   npm run bench:build -- --workers 2        split across two Workers (a Node thread for the second)
 *
 * Last line, for scripts: `build-slices: N=<n> K=<k> workers <w> slices <count> median <ms> p90 <ms>
 * max <ms> [cpu-max <ms>] total <s>` (medians over the runs of each run's median, p90 and longest
 * slice, wall time; with one Worker also the most CPU time the process spent in one slice, which a
 * busy machine does not inflate).
 */
import { Worker } from 'node:worker_threads';
import { compileSteps } from '../src/core/engine/compile.ts';
import { izhikevich2003Network } from '../src/core/experiment/examples.ts';
import type { Experiment } from '../src/core/experiment/types.ts';
import { SimulationHost } from '../src/worker/host.ts';
import type { PartReply } from '../src/worker/partProtocol.ts';
import type { WorkerEvent } from '../src/worker/protocol.ts';
import type { PartChannel } from '../src/worker/splitSimulation.ts';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function parseArgs(args: string[]) {
  let size = 100_000;
  let k = 100;
  let runs = 3;
  let workers = 1;
  for (let a = 0; a < args.length; a++) {
    const arg = args[a];
    if (arg === '--size') {
      const [sizeText, kText] = (args[++a] ?? '').split(':');
      size = Number(sizeText);
      k = Number(kText ?? Math.min(size, 100));
      if (!(Number.isInteger(size) && Number.isInteger(k) && size >= 10 && k >= 1 && k <= size)) fail('--size: expected N or N:K, whole numbers, 1 <= K <= N');
    } else if (arg === '--runs') {
      runs = Number(args[++a]);
      if (!(Number.isInteger(runs) && runs >= 1)) fail('--runs: expected a whole number >= 1');
    } else if (arg === '--workers') {
      workers = Number(args[++a]);
      if (workers !== 1 && workers !== 2) fail('--workers: 1 or 2');
    } else {
      fail(`unknown option ${arg}; options: --size N[:K], --runs R, --workers 1|2`);
    }
  }
  return { size, k, runs, workers };
}

/** The second Worker as a Node thread (the one the host tests use). */
function startPart(threads: Worker[]): PartChannel {
  const worker = new Worker(new URL('../test/partThread.mjs', import.meta.url));
  threads.push(worker);
  return {
    post: (command) => worker.postMessage(command),
    onReply: (listener) => worker.on('message', (reply: PartReply) => listener(reply)),
    terminate: () => void worker.terminate(),
  };
}

/** One build through the host, on the real clock: the wall time of every slice, ms, in order, and the stage each ended in. */
async function hostSlices(experiment: Experiment, workers: number): Promise<{ slices: number[]; cpu: number[]; stages: string[] }> {
  const threads: Worker[] = [];
  const slices: number[] = [];
  // The process's CPU time in each slice: with one Worker, what the slice itself took, even when the
  // machine is busy and the thread waits for a core (then the wall time is longer).
  const cpu: number[] = [];
  const stages: string[] = [];
  let stage = '';
  const tasks: { at: number; task: () => void }[] = [];
  let loaded = false;
  const outcome: { failed: string | null } = { failed: null };
  const host = new SimulationHost({
    post: (event: WorkerEvent) => {
      if (event.type === 'loaded') loaded = true;
      if (event.type === 'progress') stage = event.progress.stage;
      if (event.type === 'error') outcome.failed = event.message;
    },
    now: () => performance.now(),
    schedule: (task, delayMs) => tasks.push({ at: performance.now() + delayMs, task }),
    parts: workers === 2 ? { isolated: true, cores: 2, start: () => startPart(threads) } : undefined,
  });
  host.handle({ type: 'workers', workers: workers === 2 ? 2 : 1 });
  const timed = (work: () => void) => {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    work();
    slices.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
    stages.push(loaded ? 'the last slice (making the simulation and loading it)' : stage);
  };
  timed(() => host.handle({ type: 'load', experiment }));
  while (!loaded && outcome.failed === null) {
    const next = tasks.shift();
    if (!next) fail('the build stopped without loading');
    const wait = next.at - performance.now();
    // Let the second Worker's reply in (a Worker's event loop would, between its tasks).
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
    timed(next.task);
  }
  await Promise.all(threads.map((t) => t.terminate()));
  if (outcome.failed !== null) fail(`the build failed: ${outcome.failed}`);
  return { slices, cpu, stages };
}

/** A stage's name without its numbers, so that builds of any size group alike. */
const stageName = (stage: string) => stage.replace(/\(\d+ of \d+\)/, '').replace(/[\d,]+/g, '#');

/** Each step of the compile alone, per stage: how many, the longest and all of them together, ms. */
function compileStepsByStage(experiment: Experiment): Map<string, { steps: number; longest: number; total: number }> {
  const stages = new Map<string, { steps: number; longest: number; total: number }>();
  const steps = compileSteps(experiment);
  for (;;) {
    const start = performance.now();
    const step = steps.next();
    const ms = performance.now() - start;
    if (step.done) break;
    const stage = stageName(step.value.stage);
    const entry = stages.get(stage) ?? { steps: 0, longest: 0, total: 0 };
    entry.steps++;
    entry.total += ms;
    entry.longest = Math.max(entry.longest, ms);
    stages.set(stage, entry);
  }
  return stages;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const median = (values: number[]) => quantile(values, 0.5);

const { size, k, runs, workers } = parseArgs(process.argv.slice(2));
const experiment = izhikevich2003Network(size, k);
console.log(`build slices: the 2003 network, N = ${size.toLocaleString('en-US')}, K = ${k}, ${workers} Worker${workers > 1 ? 's' : ''}, ${runs} builds`);
const perRun: { slices: number; median: number; p90: number; max: number; cpuMax: number; total: number }[] = [];
// Per stage (the one each slice ended in), each build's wall and CPU time over its slices, ms.
const stageTimes = new Map<string, { wall: number[]; cpu: number[] }>();
for (let r = 0; r < runs; r++) {
  const { slices, cpu, stages } = await hostSlices(experiment, workers);
  const row = {
    slices: slices.length,
    median: median(slices),
    p90: quantile(slices, 0.9),
    max: Math.max(...slices),
    cpuMax: Math.max(...cpu),
    total: slices.reduce((a, b) => a + b, 0) / 1000,
  };
  perRun.push(row);
  const longest = [...slices].sort((a, b) => b - a).slice(0, 5).map((ms) => ms.toFixed(1));
  console.log(`  build ${r + 1}: ${row.slices} slices, median ${row.median.toFixed(1)} ms, p90 ${row.p90.toFixed(1)} ms, longest ${longest.join(', ')} ms; busy ${row.total.toFixed(2)} s`);
  const at = slices.indexOf(Math.max(...slices));
  console.log(`    the longest ended in: ${stages[at]}`);
  const runTimes = new Map<string, { wall: number; cpu: number }>();
  for (const [s, ms] of slices.entries()) {
    const entry = runTimes.get(stageName(stages[s])) ?? { wall: 0, cpu: 0 };
    entry.wall += ms;
    entry.cpu += cpu[s];
    runTimes.set(stageName(stages[s]), entry);
  }
  for (const [stage, { wall, cpu: used }] of runTimes) {
    const entry = stageTimes.get(stage) ?? { wall: [], cpu: [] };
    entry.wall.push(wall);
    entry.cpu.push(used);
    stageTimes.set(stage, entry);
  }
  const cpuAt = cpu.indexOf(row.cpuMax);
  if (workers === 1) console.log(`    most CPU in one slice: ${row.cpuMax.toFixed(1)} ms (wall ${slices[cpuAt].toFixed(1)} ms), ending in: ${stages[cpuAt]}`);
}
console.log(`  each stage's slices together (medians over the builds; wall ms${workers === 1 ? ', CPU ms' : ''}):`);
for (const [stage, { wall, cpu: used }] of stageTimes) console.log(`    ${stage}: ${median(wall).toFixed(0)}${workers === 1 ? `, cpu ${median(used).toFixed(0)}` : ''}`);
console.log('  the compile by stage (one more build, steps timed alone; the stage a step reports is the one it ended in):');
const byStage = compileStepsByStage(experiment);
for (const [stage, { steps, longest, total }] of byStage) console.log(`    ${stage}: ${steps} steps, longest ${longest.toFixed(1)} ms, total ${total.toFixed(0)} ms`);
console.log(`    all stages: ${[...byStage.values()].reduce((sum, s) => sum + s.total, 0).toFixed(0)} ms`);
const summary = (pick: (row: (typeof perRun)[number]) => number) => median(perRun.map(pick));
console.log(
  `build-slices: N=${size} K=${k} workers ${workers} slices ${summary((r) => r.slices)} median ${summary((r) => r.median).toFixed(1)} ` +
    `p90 ${summary((r) => r.p90).toFixed(1)} max ${summary((r) => r.max).toFixed(1)}${workers === 1 ? ` cpu-max ${summary((r) => r.cpuMax).toFixed(1)}` : ''} total ${summary((r) => r.total).toFixed(2)}`,
);
