/**
 * The step's noise (Simulation.applyInputs: the counter-based ziggurat draws) for the Izhikevich (2003)
 * network on one thread, in CPU time, optionally alternating in one process with another checkout:
 *   npm run bench:noise -- --size 100000:100 --compare ../main --rounds 7 --steps 300
 * Each tree builds the same network and runs a warm-up second; then, round by round and tree by tree,
 * `--steps` steps are run and the CPU time (process.cpuUsage) of applyInputs and of the whole run is
 * taken. CPU time, not wall time: on a shared machine the wall clock also counts the time the process
 * waits for a core. The trees must fire the same spikes (printed).
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from '../src/core/iris/metrics.ts';
import { networkSize, optionFailure, wholeNumber } from './options.ts';

type SimulationModule = typeof import('../src/core/engine/simulation.ts');
type CompileModule = typeof import('../src/core/engine/compile.ts');
type BudgetModule = typeof import('../src/core/experiment/budget.ts');
type ExamplesModule = typeof import('../src/core/experiment/examples.ts');

const fail: (message: string) => never = optionFailure('bench:noise');

let size = 100000;
let k = 100;
let steps = 300;
let rounds = 7;
let compare: string | null = null;
const args = process.argv.slice(2);
for (let a = 0; a < args.length; a++) {
  const arg = args[a];
  if (arg === '--size') {
    ({ size, k } = networkSize(args[++a], fail));
  } else if (arg === '--steps' || arg === '--rounds') {
    const value = wholeNumber(arg, args[++a], 1, fail);
    if (arg === '--steps') steps = value;
    else rounds = value;
  } else if (arg === '--compare') {
    compare = args[++a] ?? fail('--compare: expected a directory (another checkout with node_modules)');
  } else {
    fail(`unknown option ${arg}; options: --size N[:K], --steps S, --rounds R, --compare DIR`);
  }
}

interface Tree {
  name: string;
  run: (steps: number) => number;
  noiseMicroseconds: () => number;
  spikes: number;
  noise: number[];
  whole: number[];
}

/** The tree at `root`: its own modules (a checkout of this project, so typed as this tree's), its network built and warmed up. */
async function load(root: string): Promise<Tree> {
  const module = (path: string) => import(pathToFileURL(resolve(root, path)).href);
  const { Simulation } = (await module('src/core/engine/simulation.ts')) as SimulationModule;
  const { compileExperiment } = (await module('src/core/engine/compile.ts')) as CompileModule;
  const { UNLIMITED } = (await module('src/core/experiment/budget.ts')) as BudgetModule;
  const { izhikevich2003Network } = (await module('src/core/experiment/examples.ts')) as ExamplesModule;
  const sim = new Simulation(compileExperiment(izhikevich2003Network(size, k), UNLIMITED));
  // applyInputs is private: reached through the prototype, as bench/phases.ts does.
  const proto = Simulation.prototype as unknown as Record<string, unknown>;
  const method = proto.applyInputs;
  if (typeof method !== 'function') fail(`${root}: Simulation has no method applyInputs`);
  let noise = 0;
  proto.applyInputs = function (this: unknown, ...callArgs: unknown[]): unknown {
    const start = process.cpuUsage();
    const result: unknown = Reflect.apply(method, this, callArgs);
    const used = process.cpuUsage(start);
    noise += used.user + used.system;
    return result;
  };
  sim.run(Math.round(1000 / sim.net.dt));
  sim.spikes.drain();
  return {
    name: root,
    run: (n) => {
      sim.run(n);
      return sim.spikes.drain().neurons.length;
    },
    noiseMicroseconds: () => {
      const taken = noise;
      noise = 0;
      return taken;
    },
    spikes: 0,
    noise: [],
    whole: [],
  };
}

const trees = [await load(process.cwd())];
if (compare !== null) trees.push(await load(compare));
for (let round = 0; round < rounds; round++) {
  for (const tree of trees) {
    tree.noiseMicroseconds();
    const start = process.cpuUsage();
    tree.spikes += tree.run(steps);
    const used = process.cpuUsage(start);
    tree.noise.push((tree.noiseMicroseconds() * 1000) / (steps * size));
    tree.whole.push((used.user + used.system) / 1000 / steps);
  }
}
console.log(`bench:noise: N=${size} K=${k}, ${rounds} rounds of ${steps} steps per tree after a warm-up second, CPU time; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
for (const tree of trees) {
  console.log(`  ${tree.name}: noise ${median(tree.noise).toFixed(2)} ns/neuron-step, whole step ${median(tree.whole).toFixed(3)} ms (medians), ${tree.spikes} spikes`);
}
if (trees.length === 2) {
  const [self, other] = trees;
  console.log(`  this / compared: noise ${(median(self.noise) / median(other.noise)).toFixed(2)}, whole step ${(median(self.whole) / median(other.whole)).toFixed(2)}${self.spikes === other.spikes ? '' : ' (different spikes!)'}`);
}
