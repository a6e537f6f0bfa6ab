import { describe, expect, it } from 'vitest';
import { defaultExperiment, izhikevich2003Network } from '../core/experiment/examples.ts';
import type { Experiment } from '../core/experiment/types.ts';
import { SimulationHost } from './host.ts';
import { DensityGrid } from '../core/analysis/rasterDensity.ts';
import { withDensity } from '../ui/liveData.ts';
import type { Frame, Speed, Status, WorkerEvent } from './protocol.ts';

/** A host on a fake clock: `advance(ms)` moves wall time and runs the tasks that fall due. */
function harness() {
  const events: WorkerEvent[] = [];
  let now = 0;
  let tasks: { at: number; task: () => void }[] = [];
  const host = new SimulationHost({
    post: (event) => events.push(event),
    now: () => now,
    schedule: (task, delayMs) => tasks.push({ at: now + Math.max(0, delayMs), task }),
  });
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      tasks.sort((a, b) => a.at - b.at);
      const next = tasks[0];
      if (!next || next.at > end) break;
      tasks = tasks.slice(1);
      now = next.at;
      next.task();
    }
    now = end;
  };
  const frames = () => events.flatMap((e) => (e.type === 'frame' ? [e.frame] : []));
  const status = (): Status | undefined => statusesIn(events).pop();
  const errors = () => events.flatMap((e) => (e.type === 'error' ? [e.message] : []));
  return { host, events, advance, frames, status, errors };
}

/**
 * A host whose clock moves `cost` ms on every reading, so that stepping takes time as it does in a Worker;
 * `runUntil(ms)` runs its scheduled tasks in order until the clock passes ms. Records each delay asked for.
 */
function costlyClock(cost: number) {
  const events: WorkerEvent[] = [];
  const delays: number[] = [];
  const walls: number[] = [];
  let now = 0;
  let tasks: { at: number; task: () => void }[] = [];
  const host = new SimulationHost({
    post: (event) => {
      events.push(event);
      walls.push(now);
    },
    now: () => (now += cost),
    schedule: (task, delayMs) => {
      delays.push(delayMs);
      tasks.push({ at: now + Math.max(0, delayMs), task });
    },
  });
  const runUntil = (ms: number) => {
    while (now < ms) {
      tasks.sort((x, y) => x.at - y.at);
      const next = tasks.shift();
      if (!next) break;
      now = Math.max(now, next.at);
      next.task();
    }
    tasks = [];
  };
  return { host, events, walls, delays, runUntil };
}

/** The statuses the host sent, on their own or in frames, in order. */
const statusesIn = (events: WorkerEvent[]): Status[] =>
  events.flatMap((e) => (e.type === 'status' ? [e.status] : e.type === 'frame' ? [e.frame.status] : []));

const spikesIn = (frames: Frame[]) => frames.reduce((sum, f) => sum + f.spikeNeurons.length, 0);

describe('SimulationHost', () => {
  it('loads, runs at real time on its clock, and sends frames with spikes and traces', () => {
    const h = harness();
    h.host.handle({ type: 'load', experiment: defaultExperiment() });
    expect(h.events[0].type).toBe('loaded');
    h.host.handle({ type: 'play' });
    h.advance(500);
    const status = h.status();
    expect(status?.state).toBe('running');
    // Paced at 1x: 500 ms of wall time is about 500 ms of simulated time.
    expect(status?.time).toBeGreaterThanOrEqual(480);
    expect(status?.time).toBeLessThanOrEqual(501);
    const frames = h.frames();
    expect(frames.length).toBeGreaterThan(10);
    expect(spikesIn(frames)).toBeGreaterThan(5);
    const samples = frames.reduce((sum, f) => sum + f.traceTimes.length, 0);
    expect(samples).toBe(Math.round(status?.time ?? 0)); // one sample per 1 ms step, none lost
    expect(frames[0].watch).toEqual(['driver', 'follower', 'pacer']);
  });

  it('posts one message per frame while running: the frame carries the status', () => {
    const h = harness();
    h.host.handle({ type: 'load', experiment: defaultExperiment() });
    h.host.handle({ type: 'play' });
    const before = h.events.length;
    h.advance(500);
    const posted = h.events.slice(before);
    const frames = posted.flatMap((e) => (e.type === 'frame' ? [e.frame] : []));
    expect(frames.length).toBeGreaterThan(20);
    expect(posted.length).toBe(frames.length);
    for (const f of frames) expect(f.status).toMatchObject({ state: 'running', time: f.time, speed: 1 });
    expect(frames.at(-1)?.status.achievedSpeed).toBeCloseTo(1, 1);
    // A change of state between frames still goes on its own.
    h.host.handle({ type: 'pause' });
    expect(h.events.at(-1)).toMatchObject({ type: 'status', status: { state: 'paused' } });
  });

  it('sends the raster the view asks for: density when the band outnumbers the rows, with every spike counted', () => {
    const h = harness();
    h.host.handle({ type: 'load', experiment: izhikevich2003Network() });
    // 1,000 neurons on 100 rows, the first second on 200 columns (5 ms bins).
    h.host.handle({ type: 'rasterView', view: { id: 7, first: 0, count: 1000, span: null, windowMs: 1000, width: 200, height: 100 } });
    h.host.handle({ type: 'step', ms: 300 });
    h.advance(5000);
    const frames = h.frames();
    const last = frames[frames.length - 1];
    expect(last.raster).toMatchObject({ viewId: 7, mode: 'density', complete: true });
    // The page's grid, from the frames' whole grids and updates.
    const density = frames.reduce<DensityGrid | null>((grid, f) => withDensity(grid, f.raster.density), null);
    expect(density?.layout).toMatchObject({ rows: 100, columns: 201, binMs: 5 });
    // Every spike so far is in the grid: the window still holds the whole run.
    const counted = density ? density.counts.reduce((a, b) => a + b, 0) : 0;
    expect(counted).toBe(spikesIn(frames));
    expect(last.raster.totalSpikes).toBe(counted);
    // A band of 50 neurons fits the rows: spikes again, and a frame at once while paused.
    h.host.handle({ type: 'rasterView', view: { id: 8, first: 100, count: 50, span: null, windowMs: 1000, width: 200, height: 100 } });
    expect(h.frames().at(-1)?.raster).toMatchObject({ viewId: 8, mode: 'spikes', density: null });
  });

  it('reports how busy the Worker is: nearly always as fast as possible, seldom in slow motion', () => {
    // A clock that moves a little on every reading, so stepping takes time as it does in a Worker.
    const busyAt = (speed: Speed): number => {
      const { host, events, runUntil } = costlyClock(1);
      host.handle({ type: 'load', experiment: defaultExperiment() });
      host.handle({ type: 'speed', speed });
      host.handle({ type: 'play' });
      runUntil(500);
      const statuses = statusesIn(events);
      return statuses[statuses.length - 1].busy;
    };
    // Each reading of the clock costs 1 ms here, also outside stepping: 'max' is busy most of the time.
    expect(busyAt('max')).toBeGreaterThan(0.7);
    expect(busyAt(0.1)).toBeLessThan(0.3);
  });

  it('ticks again at once while behind the pace, and waits for the next step when on time', () => {
    // Reading the clock costs `cost` ms: at 5 ms a tick steps a few ms of a 10x run and falls behind.
    const delaysAt = (cost: number, speed: Speed): number[] => {
      const { host, delays, runUntil } = costlyClock(cost);
      host.handle({ type: 'load', experiment: defaultExperiment() });
      host.handle({ type: 'speed', speed });
      host.handle({ type: 'play' });
      runUntil(500);
      return delays.slice(2);
    };
    expect(Math.max(...delaysAt(5, 10))).toBe(0);
    expect(Math.min(...delaysAt(0.01, 1))).toBeGreaterThan(0);
  });

  it('on pace, wakes once per frame and steps what is owed then, not once per step', () => {
    const { host, events, delays, runUntil } = costlyClock(0);
    host.handle({ type: 'load', experiment: defaultExperiment() });
    host.handle({ type: 'play' });
    runUntil(1000);
    // A second at 1x, 1 ms steps: about 60 wake-ups (one per 16 ms frame), each sending a frame.
    expect(delays.length).toBeLessThan(70);
    expect(delays.length).toBeGreaterThan(50);
    const frames = events.flatMap((e) => (e.type === 'frame' ? [e.frame] : []));
    expect(frames.length).toBeGreaterThan(50);
    expect(frames.at(-1)?.time).toBeGreaterThan(980);
  });

  it('while the simulation is the bottleneck, sends about 33 frames a second and the rhythm twice a second', () => {
    // Reading the clock costs `cost` ms, so stepping takes time; the frames' wall times, per second.
    const framesAt = (cost: number, speed: Speed) => {
      const { host, events, walls, runUntil } = costlyClock(cost);
      host.handle({ type: 'load', experiment: izhikevich2003Network(200, 100) });
      host.handle({ type: 'speed', speed });
      host.handle({ type: 'play' });
      runUntil(4000);
      const sent = events.flatMap((e, k) => (e.type === 'frame' ? [{ wall: walls[k], frame: e.frame }] : []));
      const late = sent.filter((s) => s.wall >= 1000);
      const seconds = (late[late.length - 1].wall - late[0].wall) / 1000;
      return { perSecond: (late.length - 1) / seconds, rhythms: late.filter((s) => s.frame.rhythm !== null).length / seconds, time: sent[sent.length - 1].frame.time };
    };
    for (const [cost, speed] of [[1, 'max'], [2, 10]] as const) {
      const bound = framesAt(cost, speed);
      expect(bound.perSecond).toBeGreaterThan(31);
      expect(bound.perSecond).toBeLessThan(37);
      expect(bound.rhythms).toBeGreaterThan(1.7);
      expect(bound.rhythms).toBeLessThan(2.3);
    }
    // On pace: a frame per display refresh, the rhythm four times a second.
    const onPace = framesAt(0.01, 1);
    expect(onPace.perSecond).toBeGreaterThan(55);
    expect(onPace.rhythms).toBeGreaterThan(3.5);
    expect(onPace.time).toBeGreaterThan(3900);
  });

  it('runs slow motion at a tenth of real time', () => {
    const h = harness();
    h.host.handle({ type: 'load', experiment: defaultExperiment() });
    h.host.handle({ type: 'speed', speed: 0.1 });
    h.host.handle({ type: 'play' });
    h.advance(2000);
    expect(h.status()?.time).toBeGreaterThanOrEqual(190);
    expect(h.status()?.time).toBeLessThanOrEqual(201);
  });

  it('steps exactly 1 ms and 100 ms, then pauses', () => {
    const h = harness();
    h.host.handle({ type: 'load', experiment: defaultExperiment() });
    h.host.handle({ type: 'step', ms: 1 });
    h.advance(50);
    expect(h.status()).toMatchObject({ state: 'paused', time: 1 });
    h.host.handle({ type: 'step', ms: 100 });
    h.advance(50);
    expect(h.status()).toMatchObject({ state: 'paused', time: 101 });
    h.host.handle({ type: 'reset' });
    expect(h.status()?.time).toBe(0);
  });

  it('keeps the running experiment when a load fails, naming the field at fault', () => {
    const h = harness();
    h.host.handle({ type: 'load', experiment: defaultExperiment() });
    h.host.handle({ type: 'step', ms: 10 });
    h.advance(10);
    const broken = { ...defaultExperiment(), neurons: [{ ...defaultExperiment().neurons[0], a: 'fast' }] } as unknown as Experiment;
    h.host.handle({ type: 'load', experiment: broken });
    expect(h.errors().join('\n')).toContain('neurons[0].a: expected a number, got "fast"');
    h.host.handle({ type: 'step', ms: 10 });
    h.advance(10);
    expect(h.status()?.time).toBe(20);
  });

  it('applies a live edit without a restart and rejects an invalid one', () => {
    const h = harness();
    h.host.handle({ type: 'load', experiment: defaultExperiment() });
    h.host.handle({ type: 'step', ms: 300 });
    h.advance(100);
    h.host.handle({ type: 'edit', edit: { kind: 'input', input: 'step', param: 'amplitude', value: 0 } });
    h.host.handle({ type: 'edit', edit: { kind: 'synapseType', synapse: 'AMPA', param: 'tau', value: -1 } });
    expect(h.errors()).toEqual(['tau: must be > 0 ms, got -1']);
    const before = h.frames().length;
    h.host.handle({ type: 'step', ms: 500 });
    h.advance(100);
    expect(h.status()?.time).toBe(800);
    const later = h.frames().slice(before);
    const driver = 0;
    // With its drive switched off, the driver falls silent after at most one more spike.
    const driverSpikes = later.reduce((sum, f) => sum + Array.from(f.spikeNeurons).filter((i) => i === driver).length, 0);
    expect(driverSpikes).toBeLessThanOrEqual(1);
  });

  it('refuses a live edit the file validator would refuse: a reset above the cut-off never reaches the run', () => {
    const h = harness();
    h.host.handle({ type: 'load', experiment: defaultExperiment() });
    h.host.handle({ type: 'edit', edit: { kind: 'neuron', neuron: 'driver', param: 'c', value: 40 } });
    expect(h.errors()).toEqual(['c: must be below the spike cut-off vpeak (30 mV by default), got 40']);
    h.host.handle({ type: 'step', ms: 400 });
    h.advance(200);
    expect(h.status()?.time).toBe(400);
    // Driven from 100 ms, the driver fires as a regular-spiking cell; reset to 40 mV it would fire every step.
    const driverSpikes = h.frames().reduce((sum, f) => sum + Array.from(f.spikeNeurons).filter((i) => i === 0).length, 0);
    expect(driverSpikes).toBeGreaterThan(0);
    expect(driverSpikes).toBeLessThan(30);
  });

  it('reports a numerical blow-up with the neuron and time and stops', () => {
    const h = harness();
    const exp = defaultExperiment();
    exp.inputs.push({ id: 'huge', kind: 'pulse', target: 'follower', start: 50, amplitude: 1e300 });
    h.host.handle({ type: 'load', experiment: exp });
    h.host.handle({ type: 'play' });
    h.advance(200);
    expect(h.status()?.state).toBe('failed');
    expect(h.errors()[0]).toMatch(/t = 50\.00 ms: neuron "follower"/);
  });

  it('sets a neuron\'s state on request: the run goes on from there, and bad requests are errors', () => {
    const h = harness();
    h.host.handle({ type: 'load', experiment: defaultExperiment() });
    h.host.handle({ type: 'watch', watch: { neurons: ['driver'], variables: ['v', 'u'] } });
    h.host.handle({ type: 'step', ms: 50 });
    h.advance(50);
    const before = h.frames().length;
    // No input before 100 ms: left alone the driver rests near -70 mV. Put it well above threshold.
    h.host.handle({ type: 'setState', neuron: 'driver', v: 0, u: -5 });
    h.host.handle({ type: 'step', ms: 1 });
    h.advance(50);
    const first = h.frames().slice(before).find((f) => f.traceTimes.length > 0);
    expect(first?.traceTimes[0]).toBe(51);
    // From v = 0 the driver spikes within that step: a spike at 50 ms, and u jumped by d = 8 from about -5
    // (sample layout: (s * watch + w) * variables + k, so index 1 is u).
    const spikes = h.frames().slice(before).flatMap((f) => Array.from(f.spikeTimes).filter((_, k) => f.spikeNeurons[k] === 0));
    expect(spikes).toEqual([50]);
    expect(first?.traces[1]).toBeGreaterThan(2);
    expect(first?.traces[1]).toBeLessThan(6);

    h.host.handle({ type: 'setState', neuron: 'nobody', v: 0, u: 0 });
    h.host.handle({ type: 'setState', neuron: 'driver', v: Number.NaN, u: 0 });
    h.host.handle({ type: 'setState', neuron: 'driver', v: 0, u: Number.POSITIVE_INFINITY });
    const errors = h.events.flatMap((e) => (e.type === 'error' ? [e] : []));
    expect(errors.map((e) => e.context)).toEqual(['setState', 'setState', 'setState']);
    expect(errors[0].message).toMatch(/unknown neuron "nobody"/);
  });

  it('pauses a run with stopAtEnd exactly at its duration, and Play then runs on past it', () => {
    const h = harness();
    const exp = defaultExperiment();
    exp.simulation = { ...exp.simulation, duration: 300, stopAtEnd: true };
    h.host.handle({ type: 'load', experiment: exp });
    h.host.handle({ type: 'speed', speed: 'max' });
    h.host.handle({ type: 'play' });
    h.advance(200);
    expect(h.status()).toMatchObject({ state: 'paused', time: 300 });
    // Every step up to the end was recorded, none after it.
    const times = h.frames().flatMap((f) => Array.from(f.traceTimes));
    expect(times.length).toBe(300);
    expect(times.at(-1)).toBe(300);
    h.host.handle({ type: 'speed', speed: 1 });
    h.host.handle({ type: 'play' });
    h.advance(100);
    expect(h.status()?.state).toBe('running');
    expect(h.status()?.time).toBeGreaterThan(380);
    // Reset brings the end back.
    h.host.handle({ type: 'reset' });
    h.host.handle({ type: 'speed', speed: 'max' });
    h.advance(200);
    expect(h.status()).toMatchObject({ state: 'paused', time: 300 });
  });

  it('runs on without stopAtEnd', () => {
    const h = harness();
    const exp = defaultExperiment();
    exp.simulation = { ...exp.simulation, duration: 300 };
    h.host.handle({ type: 'load', experiment: exp });
    h.host.handle({ type: 'play' });
    h.advance(400);
    expect(h.status()?.state).toBe('running');
    expect(h.status()?.time).toBeGreaterThan(380);
  });

  it('bins every spike into the population rate and sends it with its spectrum a few times per second', () => {
    const h = harness();
    const exp = izhikevich2003Network(200, 100);
    h.host.handle({ type: 'load', experiment: exp });
    h.host.handle({ type: 'play' });
    h.advance(5000);
    const frames = h.frames();
    const withRhythm = frames.filter((f) => f.rhythm !== null);
    // About every 250 ms of wall time, not with every frame.
    expect(withRhythm.length).toBeGreaterThanOrEqual(18);
    expect(withRhythm.length).toBeLessThanOrEqual(21);
    expect(frames.length).toBeGreaterThan(5 * withRhythm.length);

    const last = withRhythm[withRhythm.length - 1].rhythm;
    if (!last) throw new Error('no rhythm');
    const lastIndex = frames.lastIndexOf(withRhythm[withRhythm.length - 1]);
    expect(last.binMs).toBe(1);
    // The last 4,096 ms in 1 ms bins.
    expect(last.end).toBeGreaterThan(4500);
    expect(last.rate.length).toBe(4096);
    // Recount the spikes sent up to that frame in 1 ms bins: the rate is count / (200 neurons * 1 ms), in Hz.
    const counts = new Float64Array(last.rate.length);
    const start = last.end - last.rate.length;
    for (const f of frames.slice(0, lastIndex + 1)) {
      f.spikeTimes.forEach((t) => {
        const bin = Math.floor(t) - start;
        if (bin >= 0 && bin < counts.length) counts[bin]++;
      });
    }
    expect(Array.from(last.rate)).toEqual(Array.from(counts, (c) => Math.fround((c * 1000) / 200)));
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(1000);
    // The spectrum: 0 to 150 Hz in steps of 1000 / 512 Hz, with the strongest rhythm found in it.
    expect(last.df).toBeCloseTo(1000 / 512, 12);
    expect(last.power.length).toBe(Math.floor(150 / last.df) + 1);
    const peakBin = Math.round((last.peakHz ?? 0) / last.df);
    const max = Math.max(...Array.from(last.power).filter((_, k) => k * last.df >= 4));
    expect(last.power[peakBin]).toBe(max);
  });

  it('sends the rate when a step ends and starts it over at reset', () => {
    const h = harness();
    h.host.handle({ type: 'load', experiment: izhikevich2003Network(200, 100) });
    h.host.handle({ type: 'step', ms: 300 });
    h.advance(50);
    const stepped = h.frames().at(-1)?.rhythm;
    expect(stepped?.end).toBe(300);
    expect(stepped?.rate.length).toBe(300);
    // Under one 512 ms Welch segment: no spectrum yet.
    expect(stepped?.power.length).toBe(0);
    expect(stepped?.peakHz).toBeNull();
    h.host.handle({ type: 'reset' });
    const reset = h.frames().at(-1)?.rhythm;
    expect(reset?.rate.length).toBe(0);
    expect(reset?.end).toBe(0);
  });
});
