/**
 * Benchmark of the engine under Node: the Izhikevich (2003) network at the three sizes of issue 10,
 * each built and run in a process of its own (bench/network-lab.ts), optionally side by side with the
 * same network in Brian2 (scripts/brian2-network-bench.py): both are built and warmed up, then their
 * measured seconds alternate.
 *
 *   npm run bench                                  the three networks, 5 measured seconds each
 *   npm run bench -- --seconds 10 --sizes 1000,10000:1000
 *   npm run bench -- --brian2                      the same networks in Brian2 too, seconds alternating
 *   npm run bench -- --workers 2                   each network also split across 2 worker threads
 *                                                  (bench/threads.ts), seconds alternating with 1 thread
 *   npm run bench -- --delays 20                   delays drawn from 1-20 steps instead of all 1
 *
 * --sizes takes N or N:K (K inputs per neuron; N alone: 1000 -> all-to-all, 10000 -> 1000,
 * 100000 -> 100, others -> min(N, 1000)). The networks run in order of size. The last lines, for
 * scripts, one per network, the largest last:
 *   bench: N=<n> K=<k> <x> s/sim-s <y> neuron-updates/s <z> syn-events/s <r> Hz cpu <c> s/sim-s build <b> s
 *          <s> B/syn synapses <t> B/syn total peak <m> MiB
 *          [workers <w> <xw> s/sim-s cpu <cw> s/sim-s speedup <x/xw>]
 *          [brian2 <x2> s/sim-s <r2> Hz cpu <c2> s/sim-s build <b2> s peak <m2> MiB ratio <x/x2> cpu-ratio <c/c2>]
 *          [machine busy <p>% idle <q>% stolen <s>%]
 * (on one line each). s/sim-s is the median wall time per simulated second; cpu the median CPU time
 * of the process, which a machine shared with other work inflates less; machine, the cores' time over
 * the measured seconds (bench/machineLoad.ts): a virtual machine's host may steal a share of it.
 */
import { spawn, spawnSync, fork } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LabMessage, LabResult } from './network-lab.ts';
import { median } from '../src/core/iris/metrics.ts';
import { sharesText, watchMachine } from './machineLoad.ts';

interface BrianResult {
  synapses: number;
  buildSeconds: number;
  wall: number;
  cpu: number;
  rate: number;
  peakRss: number;
}

/** The networks: N = 1,000 all-to-all, N = 10,000 with K = 1,000, N = 100,000 with K = 100. */
const TABLE = new Map([[1000, 1000], [10000, 1000], [100000, 100]]);

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function parseArgs(args: string[]) {
  let seconds = 5;
  let networks = [...TABLE].map(([size, k]) => ({ size, k }));
  let brian2 = false;
  let workers = 1;
  let delays = 1;
  for (let a = 0; a < args.length; a++) {
    const arg = args[a];
    if (arg === '--seconds') {
      seconds = Number(args[++a]);
      if (!(Number.isInteger(seconds) && seconds >= 1)) fail('--seconds: expected a whole number >= 1');
    } else if (arg === '--sizes') {
      const list = args[++a] ?? '';
      networks = list.split(',').map((item) => {
        const [sizeText, kText] = item.split(':');
        const size = Number(sizeText);
        const k = kText === undefined ? (TABLE.get(size) ?? Math.min(size, 1000)) : Number(kText);
        if (!(Number.isInteger(size) && Number.isInteger(k) && size >= 10 && k >= 1 && k <= size)) {
          fail(`--sizes: "${item}" is not N or N:K with whole numbers N >= 10 and 1 <= K <= N`);
        }
        return { size, k };
      });
      networks.sort((x, y) => x.size - y.size || x.k - y.k);
    } else if (arg === '--brian2') {
      brian2 = true;
    } else if (arg === '--workers') {
      workers = Number(args[++a]);
      if (!(Number.isInteger(workers) && workers >= 2)) fail('--workers: expected a whole number >= 2');
    } else if (arg === '--delays') {
      delays = Number(args[++a]);
      if (!(Number.isInteger(delays) && delays >= 1)) fail('--delays: expected a whole number >= 1');
    } else {
      fail(`unknown option ${arg}; options: --seconds N, --sizes N[:K],..., --brian2, --workers W, --delays D`);
    }
  }
  return { seconds, networks, brian2, workers, delays };
}


/** A Python with Brian2: $BRIAN2_PYTHON when set, else Debian's /usr/bin/python3 (python3-brian) or python3 on the PATH. */
function findBrian2(): { python: string; version: string } | null {
  const candidates = process.env.BRIAN2_PYTHON ? [process.env.BRIAN2_PYTHON] : ['/usr/bin/python3', 'python3'];
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import brian2; print(brian2.__version__)'], {
      encoding: 'utf8',
      env: { ...process.env, PYTHONWARNINGS: 'ignore' },
    });
    if (probe.status === 0) return { python, version: probe.stdout.trim() };
  }
  return null;
}

/** The lab's run of one network in its own process, one measured second at a time. */
async function startLab(size: number, k: number, seconds: number, delays = 1, threads = 1) {
  // fork keeps tsx's loader (the parent's execArgv); the child's output goes straight through.
  const child = fork(fileURLToPath(new URL('./network-lab.ts', import.meta.url)), [size, k, seconds, delays, threads].map(String));
  const exited = new Promise<never>((_, reject) => child.on('exit', (code) => reject(new Error(`lab run of N=${size} K=${k} exited with ${code}`))));
  exited.catch(() => undefined); // it exits after its result too
  // Our own child's messages, shaped by network-lab.ts.
  const next = async () => ((await Promise.race([once(child, 'message'), exited])) as [LabMessage])[0];
  await next(); // built, warmed up
  let result: LabResult | null = null;
  return {
    async second() {
      child.send('second');
      const message = await next();
      if (message.kind === 'result') {
        result = message.result;
        child.disconnect();
      }
    },
    result: () => result ?? Promise.reject(new Error(`lab run of N=${size} K=${k} gave no result`)),
  };
}

/** Brian2's run of the same network, paced by us (scripts/brian2-network-bench.py --paced). */
async function startBrian2(python: string, size: number, k: number, seconds: number) {
  const script = fileURLToPath(new URL('../scripts/brian2-network-bench.py', import.meta.url));
  // Debian's pythran and sympy warn about NumPy deprecations on import: noise here.
  const child = spawn(python, [script, String(size), String(k), String(seconds), '--paced'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, PYTHONWARNINGS: 'ignore', OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  // A Brian2 that went wrong is stopped, so that the lab's figures still print and the bench ends.
  const stop = (message: string): never => {
    child.kill();
    child.stdin.destroy();
    child.stdout.destroy();
    throw new Error(message);
  };
  const next = async () => {
    const line = await lines.next();
    return line.done ? stop(`Brian2 run of N=${size} K=${k} ended early (see its messages above)`) : line.value;
  };
  const expectReady = async () => {
    const line = await next();
    if (line !== 'brian2-ready') stop(`Brian2 said "${line}"`);
  };
  await expectReady(); // built, warmed up
  let done = 0;
  return {
    async second() {
      child.stdin.write('go\n');
      if (++done < seconds) await expectReady();
    },
    async result(): Promise<BrianResult> {
      const line = await next();
      child.stdin.end();
      console.log(line);
      const m = /brian2: N=\d+ K=\d+ synapses=(\d+) build=([\d.]+) s ([\d.]+) s\/sim-s cpu=([\d.]+) s\/sim-s rate=([\d.]+) Hz maxrss=(\d+) KiB/.exec(line);
      if (!m) return stop(`Brian2 said "${line}"`);
      return {
        synapses: Number(m[1]), buildSeconds: Number(m[2]), wall: Number(m[3]), cpu: Number(m[4]), rate: Number(m[5]), peakRss: Number(m[6]) * 1024,
      };
    },
  };
}

const MiB = 1024 * 1024;
const { seconds, networks, brian2, workers, delays } = parseArgs(process.argv.slice(2));
const brian = brian2 ? findBrian2() : null;
if (brian2 && !brian) {
  console.log(
    'Brian2: skipped, no Python with brian2 found ($BRIAN2_PYTHON, /usr/bin/python3, python3); ' +
      'on Debian: apt-get install python3-brian. Running the lab alone.',
  );
} else if (brian) {
  console.log(`Brian2 ${brian.version} (${brian.python}, Cython runtime, one thread): each network is built in both, then their measured seconds alternate.`);
} else {
  console.log('Brian2: off (npm run bench -- --brian2 runs each network in Brian2 too).');
}
if (workers > 1) console.log(`Each network also split across ${workers} worker threads; its measured seconds alternate with one thread's.`);
if (delays > 1) console.log(`Delays drawn uniformly from 1-${delays} steps.`);
console.log(`${seconds} measured simulated seconds per network, after one warm-up second.\n`);

const lines: string[] = [];
const table: string[] = [];
const brianError = (error: unknown) => error instanceof Error ? error.message : String(error);
for (const { size, k } of networks) {
  // Both built and warmed up, then their measured seconds alternate, so that both meet the same
  // moments of a shared machine.
  const labRun = await startLab(size, k, seconds, delays);
  const splitRun = workers > 1 ? await startLab(size, k, seconds, delays, workers) : null;
  let brianRun: Awaited<ReturnType<typeof startBrian2>> | null = null;
  if (brian) {
    try {
      brianRun = await startBrian2(brian.python, size, k, seconds);
    } catch (error) {
      console.log(`Brian2: skipped N=${size} K=${k}: ${brianError(error)}`);
    }
  }
  const machine = watchMachine();
  for (let s = 0; s < seconds; s++) {
    await labRun.second();
    await splitRun?.second();
    if (brianRun) {
      try {
        await brianRun.second();
      } catch (error) {
        console.log(`Brian2: skipped N=${size} K=${k}: ${brianError(error)}`);
        brianRun = null;
      }
    }
  }
  const shares = machine();
  const lab = await labRun.result();
  const split = splitRun ? await splitRun.result() : null;
  let b: BrianResult | null = null;
  if (brianRun) {
    try {
      b = await brianRun.result();
    } catch (error) {
      console.log(`Brian2: skipped N=${size} K=${k}: ${brianError(error)}`);
    }
  }
  const wall = median(lab.wall);
  const cpu = median(lab.cpu);
  const rate = median(lab.spikes) / size;
  const steps = 1000; // dt = 1 ms: steps per simulated second
  let line =
    `bench: N=${size} K=${k} ${wall.toFixed(4)} s/sim-s ` +
    `${((size * steps) / wall).toExponential(3)} neuron-updates/s ` +
    `${median(lab.events.map((e, s) => e / lab.wall[s])).toExponential(3)} syn-events/s ${rate.toFixed(2)} Hz ` +
    `cpu ${cpu.toFixed(4)} s/sim-s build ${lab.buildSeconds.toFixed(2)} s ${(lab.synapseBytes / lab.synapses).toFixed(1)} B/syn synapses ` +
    `${(lab.totalBytes / lab.synapses).toFixed(1)} B/syn total peak ${(lab.peakRss / MiB).toFixed(0)} MiB`;
  let row =
    `| ${size.toLocaleString('en-US')} | ${k === size ? 'all' : k.toLocaleString('en-US')} | ${wall.toFixed(4)} (cpu ${cpu.toFixed(4)}) | ` +
    `${rate.toFixed(2)} | ${lab.buildSeconds.toFixed(2)} | ${(lab.totalBytes / lab.synapses).toFixed(1)} | ${(lab.peakRss / MiB).toFixed(0)} |`;
  if (split) {
    const splitWall = median(split.wall);
    if (median(split.spikes) !== median(lab.spikes)) console.log(`note: ${workers} threads gave ${median(split.spikes)} spikes a second, one thread ${median(lab.spikes)}`);
    line += ` workers ${workers} ${splitWall.toFixed(4)} s/sim-s cpu ${median(split.cpu).toFixed(4)} s/sim-s speedup ${(wall / splitWall).toFixed(2)}`;
    row += ` ${splitWall.toFixed(4)} (cpu ${median(split.cpu).toFixed(4)}) | ${(wall / splitWall).toFixed(2)} |`;
  }
  if (b && b.synapses !== lab.synapses) console.log(`note: Brian2 made ${b.synapses} synapses, the lab ${lab.synapses}`);
  if (b) {
    line +=
      ` brian2 ${b.wall.toFixed(4)} s/sim-s ${b.rate.toFixed(2)} Hz cpu ${b.cpu.toFixed(4)} s/sim-s build ${b.buildSeconds.toFixed(2)} s ` +
      `peak ${(b.peakRss / MiB).toFixed(0)} MiB ratio ${(wall / b.wall).toFixed(2)} cpu-ratio ${(cpu / b.cpu).toFixed(2)}`;
    row +=
      ` ${b.wall.toFixed(4)} (cpu ${b.cpu.toFixed(4)}) | ${b.rate.toFixed(2)} | ${b.buildSeconds.toFixed(2)} | ` +
      `${(b.peakRss / MiB).toFixed(0)} | ${(wall / b.wall).toFixed(2)} (cpu ${(cpu / b.cpu).toFixed(2)}) |`;
  }
  // Last on the line: what the host left this machine while it measured (machineLoad.ts).
  if (shares) line += ` machine ${sharesText(shares)}`;
  console.log('');
  lines.push(line);
  table.push(row);
}

console.log(
  '| N | K | lab s/sim-s | lab Hz | lab build s | lab B/syn (all arrays) | lab peak MiB |' +
    (workers > 1 ? ` lab, ${workers} threads, s/sim-s | speedup |` : '') +
    (brian ? ' Brian2 s/sim-s | Brian2 Hz | Brian2 build s | Brian2 peak MiB | lab/Brian2 |' : ''),
);
console.log('|---|---|---|---|---|---|---|' + (workers > 1 ? '---|---|' : '') + (brian ? '---|---|---|---|---|' : ''));
for (const row of table) console.log(row);
console.log('');
for (const line of lines) console.log(line);
