/**
 * Benchmark: the analysis Worker's sweeps under Node, each timed whole (build, run, classify) as the
 * Worker runs them, after one warm-up run; medians of --runs runs (default 5). One line each:
 *   bench:sweeps fi-curve 41 currents 0-20 pA 1000 ms dt 0.25 euler + rheobase: <ms> ms (<steps> steps, rheobase <I> pA)
 *   bench:sweeps firing-map 60x60 (a, b) 300 ms dt 0.25 euler: <ms> ms (<ns> ns per neuron-step, <classes> classes)
 *   bench:sweeps thumbnails 20 patterns x 120 bins: <ms> ms
 */
import { FICurveRun } from '../src/core/analysis/fICurve.ts';
import { FiringMapRun } from '../src/core/analysis/firingMap.ts';
import type { FICurveRequest, FiringMapRequest } from '../src/core/analysis/sweeps.ts';
import { patternThumbnail } from '../src/core/analysis/thumbnails.ts';
import { PATTERNS } from '../src/core/experiment/patterns.ts';
import { median } from '../src/core/iris/metrics.ts';

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 5;
if (!(Number.isInteger(runs) && runs >= 1)) {
  console.error('--runs: expected a whole number >= 1');
  process.exit(2);
}


/** Median wall time of `runs` calls of `f` after one warm-up call, ms, and the last call's result. */
function time<T>(f: () => T): { ms: number; result: T } {
  let result = f();
  const wall: number[] = [];
  for (let k = 0; k < runs; k++) {
    const start = performance.now();
    result = f();
    wall.push(performance.now() - start);
  }
  return { ms: median(wall), result };
}

const RS = { a: 0.02, b: 0.2, c: -65, d: 8, v0: -70 };

const fiRequest: FICurveRequest = {
  label: 'RS', cell: RS, numerics: { dt: 0.25, scheme: 'euler' },
  currents: { from: 0, to: 20, count: 41 }, duration: 1000, settle: 200,
};
const fi = time(() => {
  const run = new FICurveRun(fiRequest);
  run.advance(Number.POSITIVE_INFINITY);
  return { curve: run.result(), steps: run.total };
});
console.log(
  `bench:sweeps fi-curve 41 currents 0-20 pA 1000 ms dt 0.25 euler + rheobase: ${fi.ms.toFixed(1)} ms ` +
    `(${fi.result.steps} steps, rheobase ${fi.result.curve.rheobase?.toFixed(4)} pA)`,
);

const mapRequest: FiringMapRequest = {
  cell: RS, numerics: { dt: 0.25, scheme: 'euler' }, plane: 'ab',
  x: { from: 0.005, to: 0.2, count: 60 }, y: { from: -0.1, to: 0.3, count: 60 },
  amplitude: 10, onset: 50, duration: 300,
};
const map = time(() => {
  const run = new FiringMapRun(mapRequest);
  run.advance(Number.POSITIVE_INFINITY);
  return run.result();
});
const neuronSteps = 60 * 60 * Math.round(300 / 0.25);
console.log(
  `bench:sweeps firing-map 60x60 (a, b) 300 ms dt 0.25 euler: ${map.ms.toFixed(1)} ms ` +
    `(${((map.ms * 1e6) / neuronSteps).toFixed(1)} ns per neuron-step, ${new Set(map.result.classes).size} classes)`,
);

const thumbs = time(() => PATTERNS.map((p) => patternThumbnail(p, 120)));
console.log(`bench:sweeps thumbnails ${PATTERNS.length} patterns x 120 bins: ${thumbs.ms.toFixed(1)} ms`);
