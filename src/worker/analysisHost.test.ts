import { describe, expect, it } from 'vitest';
import { manualEnvironment } from '../../test/manualHost.ts';
import { computeFICurve } from '../core/analysis/fICurve.ts';
import { computeFiringMap } from '../core/analysis/firingMap.ts';
import type { FICurveRequest, FiringMapRequest } from '../core/analysis/sweeps.ts';
import { patternThumbnail } from '../core/analysis/thumbnails.ts';
import { PATTERNS } from '../core/experiment/patterns.ts';
import { AnalysisHost, SLICE_MS } from './analysisHost.ts';
import type { AnalysisEvent } from './analysisProtocol.ts';

/**
 * A host on a fake clock that moves `tick` ms at every reading, whose scheduled tasks (one slice each)
 * run only when the test says so.
 */
function harness(tick = 1) {
  const m = manualEnvironment<AnalysisEvent>(tick);
  return { ...m, host: new AnalysisHost(m.env) };
}

const RS = { a: 0.02, b: 0.2, c: -65, d: 8, v0: -70 };
const EULER = { dt: 0.25, scheme: 'euler' } as const;

const curve = (label: string, cell = RS): FICurveRequest => ({
  label, cell, numerics: EULER, currents: { from: 0, to: 20, count: 21 }, duration: 500, settle: 100,
});

const mapRequest = (duration = 300, dt = 0.25): FiringMapRequest => ({
  cell: RS, numerics: { dt, scheme: 'euler' }, plane: 'cd',
  x: { from: -65, to: -45, count: 5 }, y: { from: 0, to: 8, count: 5 },
  amplitude: 10, onset: 50, duration,
});

describe('AnalysisHost', () => {
  it('computes f-I curves in order, in slices with progress, then says done', () => {
    const h = harness();
    const requests = [curve('RS'), curve('FS', { a: 0.1, b: 0.2, c: -65, d: 2, v0: -70 })];
    h.host.handle({ type: 'fiCurves', job: 7, curves: requests });
    expect(h.events).toEqual([]); // nothing runs before the first scheduled task
    h.runTasks();
    const curves = h.of('fiCurve');
    expect(curves.map((c) => [c.job, c.index, c.curve.label])).toEqual([[7, 0, 'RS'], [7, 1, 'FS']]);
    expect(curves[0].curve).toEqual(computeFICurve(requests[0]));
    expect(curves[1].curve).toEqual(computeFICurve(requests[1]));
    const progress = h.of('progress');
    expect(progress.length).toBeGreaterThan(1);
    for (let k = 1; k < progress.length; k++) expect(progress[k].done).toBeGreaterThanOrEqual(progress[k - 1].done);
    const last = progress[progress.length - 1];
    expect(last.done).toBe(last.total);
    // 2000 steps per run; 1 pA spacing needs 7 bisections (1 / 2^7 = 0.0078): 8 runs per curve.
    expect(last.total).toBe(2 * 2000 * 8);
    expect(h.events[h.events.length - 1]).toEqual({ type: 'done', job: 7, outcome: 'finished' });
  });

  it('keeps each slice near SLICE_MS of wall time', () => {
    // Each clock reading moves 1 ms: a slice reads the clock about twice per batch until its deadline.
    let readings = 0;
    const events: AnalysisEvent[] = [];
    const tasks: (() => void)[] = [];
    let now = 0;
    const host = new AnalysisHost({ post: (e) => events.push(e), now: () => (readings++, (now += 1)), schedule: (t) => tasks.push(t) });
    host.handle({ type: 'firingMap', job: 1, request: mapRequest(2000, 0.1) });
    const perTask: number[] = [];
    while (tasks.length > 0) {
      const before = readings;
      tasks.shift()?.();
      perTask.push(readings - before);
    }
    expect(perTask.length).toBeGreaterThan(2); // 20000 steps do not fit one slice
    for (const n of perTask) expect(n).toBeLessThanOrEqual(SLICE_MS + 4);
    expect(events.filter((e) => e.type === 'firingMap')).toHaveLength(1);
  });

  it('computes a firing map equal to the core computation', () => {
    const h = harness();
    const request = mapRequest();
    h.host.handle({ type: 'firingMap', job: 3, request });
    h.runTasks();
    const [answer] = h.of('firingMap');
    expect(answer.job).toBe(3);
    expect(answer.map).toEqual(computeFiringMap(request));
    expect(h.of('done')).toEqual([{ type: 'done', job: 3, outcome: 'finished' }]);
  });

  it('computes the f-I curve and the map of an izhikevich2007 cell, as the core does', () => {
    const h = harness();
    const rs2007 = { model: 'izhikevich2007', C: 100, k: 0.7, vr: -60, vt: -40, vpeak: 35, a: 0.03, b: -2, c: -50, d: 100, v0: -60 } as const;
    const request: FICurveRequest = { ...curve('RS 2007', rs2007), numerics: { dt: 0.1, scheme: 'euler' }, currents: { from: 0, to: 200, count: 21 } };
    h.host.handle({ type: 'fiCurves', job: 4, curves: [request] });
    h.runTasks();
    const [answer] = h.of('fiCurve');
    expect(answer.curve).toEqual(computeFICurve(request));
    // Just above the 2007 RS cell's saddle-node, 51.43 pA, by less than the 2.45 pA a 400 ms window needs to
    // pass its bottleneck (sweeps2007.test.ts); measured 52.83 pA. The 2003 RS cell's 4 pA would not do.
    expect(answer.curve.rheobase).toBeGreaterThan(51.43);
    expect(answer.curve.rheobase).toBeLessThan(51.43 + 2.45);
    const map: FiringMapRequest = { ...mapRequest(300, 0.1), cell: rs2007, x: { from: -60, to: -36, count: 5 }, y: { from: 0, to: 200, count: 5 }, amplitude: 100 };
    h.host.handle({ type: 'firingMap', job: 5, request: map });
    h.runTasks();
    expect(h.of('firingMap')[0].map).toEqual(computeFiringMap(map));
  });

  it('sends one thumbnail per id, in order', () => {
    const h = harness();
    h.host.handle({ type: 'thumbnails', job: 4, ids: ['resonator', 'tonic-spiking', 'mixed-mode'], buckets: 60 });
    h.runTasks();
    const thumbs = h.of('thumbnail');
    expect(thumbs.map((t) => t.thumbnail.id)).toEqual(['resonator', 'tonic-spiking', 'mixed-mode']);
    const resonator = PATTERNS.find((p) => p.id === 'resonator');
    if (!resonator) throw new Error('test bug');
    expect(thumbs[0].thumbnail).toEqual(patternThumbnail(resonator, 60));
    expect(h.of('done')).toEqual([{ type: 'done', job: 4, outcome: 'finished' }]);
    // An empty list is a finished job with nothing in it.
    h.host.handle({ type: 'thumbnails', job: 5, ids: [], buckets: 60 });
    h.runTasks();
    expect(h.of('done')[1]).toEqual({ type: 'done', job: 5, outcome: 'finished' });
  });

  it('cancel stops a job between slices: no result, a cancelled done, no more work', () => {
    const h = harness();
    h.host.handle({ type: 'firingMap', job: 9, request: mapRequest(2000, 0.1) });
    h.runTasks(1);
    expect(h.of('progress')).toHaveLength(1);
    h.host.handle({ type: 'cancel', job: 9 });
    expect(h.events[h.events.length - 1]).toEqual({ type: 'done', job: 9, outcome: 'cancelled' });
    h.runTasks();
    expect(h.of('firingMap')).toEqual([]);
    expect(h.of('progress')).toHaveLength(1);
    expect(h.pending()).toBe(0);
    // Cancelling a job that is not running (finished, or never was) is no error and no event.
    const count = h.events.length;
    h.host.handle({ type: 'cancel', job: 9 });
    h.host.handle({ type: 'cancel', job: 12345 });
    expect(h.events.length).toBe(count);
  });

  it('a new job replaces a running one of the same kind, not one of another kind', () => {
    const h = harness();
    h.host.handle({ type: 'firingMap', job: 1, request: mapRequest(2000, 0.1) });
    h.host.handle({ type: 'fiCurves', job: 2, curves: [curve('RS')] });
    h.runTasks(2);
    h.host.handle({ type: 'firingMap', job: 3, request: mapRequest() });
    expect(h.of('done')).toEqual([{ type: 'done', job: 1, outcome: 'cancelled' }]);
    h.runTasks();
    expect(h.of('firingMap').map((e) => e.job)).toEqual([3]);
    expect(h.of('fiCurve').map((e) => e.job)).toEqual([2]);
    expect(h.of('done').filter((e) => e.outcome === 'finished').map((e) => e.job).sort()).toEqual([2, 3]);
    expect(h.of('progress').every((e) => e.job !== 1 || e.done < e.total)).toBe(true);
  });

  it('a rejected job leaves the running one alone', () => {
    const h = harness();
    h.host.handle({ type: 'firingMap', job: 1, request: mapRequest() });
    h.host.handle({ type: 'firingMap', job: 2, request: { ...mapRequest(), amplitude: Number.NaN } });
    h.runTasks();
    expect(h.of('error')).toEqual([{ type: 'error', job: 2, message: 'request.amplitude: expected a finite number, got NaN' }]);
    expect(h.of('firingMap').map((e) => e.job)).toEqual([1]);
  });

  it('answers a run that blows up with an error naming the point, and ends the job', () => {
    const h = harness();
    // A jump of u this large sends v past what a double holds at the first spike.
    const bad = { ...curve('bad', { ...RS, d: 1e300 }), numerics: { dt: 1, scheme: 'izhikevich2003' as const } };
    h.host.handle({ type: 'fiCurves', job: 8, curves: [curve('RS'), bad] });
    h.runTasks();
    expect(h.of('fiCurve').map((e) => e.index)).toEqual([0]);
    const [error] = h.of('error');
    expect(error.job).toBe(8);
    expect(error.message).toMatch(/^At I = \d+ pA: Stopped at t = 3\.00 ms: neuron "n\d+" has [uv] = /);
    expect(h.of('done')).toEqual([]);
    // The host still works.
    h.host.handle({ type: 'fiCurves', job: 10, curves: [curve('RS')] });
    h.runTasks();
    expect(h.of('done')).toEqual([{ type: 'done', job: 10, outcome: 'finished' }]);
  });

  const withCurve = (patch: Record<string, unknown>) => ({ type: 'fiCurves', job: 1, curves: [curve('RS'), { ...curve('x'), ...patch }] });
  const withMap = (patch: Record<string, unknown>) => ({ type: 'firingMap', job: 1, request: { ...mapRequest(), ...patch } });

  it.each<[string, unknown, string]>([
    ['an unknown command', { type: 'train', job: 1 }, 'type: expected "fiCurves", "firingMap", "thumbnails" or "cancel", got "train"'],
    ['a command that is not an object', 42, 'command: expected an object, got 42'],
    ['a missing job number', { type: 'cancel' }, 'job: expected a number, got undefined'],
    ['no curves', { type: 'fiCurves', job: 1, curves: [] }, 'curves: expected a list of 1 to 16 curves, got 0'],
    ['a step the lab does not offer', withCurve({ numerics: { dt: 0.3, scheme: 'euler' } }), 'curves[1].numerics.dt: must be 1/k ms for a whole number k from 1 to 100 (a step that divides 1 ms into whole steps, e.g. 1, 0.5, 0.25, 0.2, 0.1, 0.01), got 0.3'],
    ['an unknown scheme', withCurve({ numerics: { dt: 1, scheme: 'rk4' } }), 'curves[1].numerics.scheme: expected "izhikevich2003" or "euler", got "rk4"'],
    ['too many currents', withCurve({ currents: { from: 0, to: 10, count: 402 } }), 'curves[1].currents.count: expected a whole number from 1 to 401, got 402'],
    ['a fractional count', withCurve({ currents: { from: 0, to: 10, count: 2.5 } }), 'curves[1].currents.count: expected a whole number from 1 to 401, got 2.5'],
    ['currents running backwards', withCurve({ currents: { from: 10, to: 0, count: 5 } }), 'curves[1].currents.to: must not be below from (10 pA), got 0'],
    ['an infinite current', withCurve({ currents: { from: 0, to: Infinity, count: 5 } }), 'curves[1].currents.to: expected a finite number, got Infinity'],
    ['settle not before the end', withCurve({ settle: 500 }), 'curves[1].settle: expected 0 or more and less than the duration (500 ms), got 500'],
    ['a negative settle', withCurve({ settle: -1 }), 'curves[1].settle: expected 0 or more and less than the duration (500 ms), got -1'],
    ['a run too long', withCurve({ duration: 20001 }), 'curves[1].duration: expected 0.25 to 20000 ms, got 20001'],
    ['a parameter that is not a number', withCurve({ cell: { ...RS, a: 'fast' } }), 'curves[1].cell.a: expected a number, got "fast"'],
    ['a missing parameter', withCurve({ cell: { a: 0.02, b: 0.2, c: -65, v0: -70 } }), 'curves[1].cell.d: missing, expected a number'],
    ['a reset above the cut-off', withCurve({ cell: { ...RS, c: 35 } }), 'curves[1].cell.c: must be below the spike cut-off vpeak (30 mV by default), got 35'],
    ['a bad equation variant', withCurve({ cell: { ...RS, equation: { uRestoring: 'no' } } }), 'curves[1].cell.equation.uRestoring: expected true or false, got "no"'],
    ['a label that is not text', withCurve({ label: 3 }), 'curves[1].label: expected a text of at most 200 characters, got 3'],
    ['a 2007 cell without k', withCurve({ cell: { model: 'izhikevich2007', C: 100, vr: -60, vt: -40, vpeak: 35, a: 0.03, b: -2, c: -50, d: 100, v0: -60 } }), 'curves[1].cell.k: missing, expected a number'],
    ['a 2007 cell with a 2003 field', withCurve({ cell: { model: 'izhikevich2007', C: 100, k: 0.7, vr: -60, vt: -40, vpeak: 35, a: 0.03, b: -2, c: -50, d: 100, v0: -60, u0: 0 } }), 'curves[1].cell.u0: unknown field'],
    ['an unknown cell model', withCurve({ cell: { ...RS, model: 'hodgkinHuxley' } }), 'curves[1].cell.model: must be one of "izhikevich2003", "izhikevich2007", got "hodgkinHuxley"'],
    ['2007 resets reaching its cut-off', withMap({ cell: { model: 'izhikevich2007', C: 100, k: 0.7, vr: -60, vt: -40, vpeak: 35, a: 0.03, b: -2, c: -50, d: 100, v0: -60 }, x: { from: -60, to: 35, count: 5 } }), 'request.x: c must stay below the spike cut-off vpeak (35 mV), got up to 35'],
    ['an unknown plane', withMap({ plane: 'ac' }), 'request.plane: expected "ab" or "cd", got "ac"'],
    ['too many points along x', withMap({ x: { from: -65, to: -45, count: 201 } }), 'request.x.count: expected a whole number from 1 to 200, got 201'],
    ['resets reaching the cut-off', withMap({ x: { from: -65, to: 30, count: 5 } }), 'request.x: c must stay below the spike cut-off vpeak (30 mV), got up to 30'],
    ['an onset after the end', withMap({ onset: 300 }), 'request.onset: expected 0 or more and less than the duration (300 ms), got 300'],
    ['a map too large to finish', withMap({ x: { from: -65, to: -45, count: 200 }, y: { from: 0, to: 8, count: 200 }, duration: 20000, numerics: { dt: 0.1, scheme: 'euler' } }),
      'request.duration: 200 x 200 points for 20000 ms at 0.1 ms steps is 8.0e+9 neuron-steps, more than 1e+9; use fewer points, a shorter run or a larger step'],
    ['an unknown pattern', { type: 'thumbnails', job: 1, ids: ['tonic-spiking', 'nope'], buckets: 60 }, 'ids[1]: no firing pattern "nope"'],
    ['no bins', { type: 'thumbnails', job: 1, ids: ['tonic-spiking'], buckets: 0 }, 'buckets: expected a whole number from 1 to 2000, got 0'],
  ])('rejects %s with an error naming the field', (_, command, message) => {
    const h = harness();
    expect(() => h.host.handle(command)).not.toThrow();
    const job = typeof command === 'object' && command !== null && 'job' in command && typeof command.job === 'number' ? command.job : -1;
    expect(h.events).toEqual([{ type: 'error', job, message }]);
    h.runTasks();
    expect(h.events).toHaveLength(1); // nothing started
  });

  it('never throws, whatever arrives', () => {
    const h = harness();
    const junk: unknown[] = [undefined, null, 'fiCurves', [], { type: 'fiCurves', job: 1 }, { type: 'firingMap', job: 1, request: null },
      { type: 'thumbnails', job: 1, ids: 'resonator', buckets: 10 }, { type: 'fiCurves', job: 1, curves: [null] },
      { type: 'fiCurves', job: 1, curves: [{ ...curve('x'), cell: { ...RS, constructor: 1, a: undefined } }] },
      { type: 'cancel', job: Number.NaN }, Object.create(null)];
    for (const command of junk) expect(() => h.host.handle(command)).not.toThrow();
    h.runTasks();
    expect(h.events.every((e) => e.type === 'error')).toBe(true);
    expect(h.events).toHaveLength(junk.length);
  });
});
