import { beforeEach, describe, expect, it } from 'vitest';
import { defaultExperiment } from '../core/experiment/examples.ts';
import type { Command } from '../worker/protocol.ts';
import { connectCommandSink, useLabStore, windowForRun } from './store.ts';
import { liveData } from './liveData.ts';
import { PATTERNS } from '../core/experiment/patterns.ts';

let sent: Command[] = [];

beforeEach(() => {
  sent = [];
  connectCommandSink((c) => sent.push(c));
  useLabStore.setState({ experiment: defaultExperiment(), pendingExperiment: null, lastError: null });
});

describe('store', () => {
  it('loads: posts load, then watch from the recording, and switches the experiment on "loaded"', () => {
    const exp = defaultExperiment();
    exp.name = 'other';
    useLabStore.getState().loadExperiment(exp);
    expect(sent.map((c) => c.type)).toEqual(['load', 'watch', 'speed']);
    expect(sent[1]).toEqual({ type: 'watch', watch: { neurons: ['driver', 'follower', 'pacer'], variables: ['v'] } });
    expect(useLabStore.getState().experiment.name).not.toBe('other');
    useLabStore.getState().handleWorkerEvent({
      type: 'loaded',
      network: { neuronCount: 3, ids: ['driver', 'follower', 'pacer'], roles: new Uint8Array(3), groups: [], dt: 1, workers: 1, workersReason: 'chosen' },
      continued: false,
    });
    expect(useLabStore.getState().experiment.name).toBe('other');
    expect(useLabStore.getState().selectedNeuronId).toBe('driver');
  });

  it('applies a live edit to its experiment and posts the same edit', () => {
    const problem = useLabStore.getState().edit({ kind: 'neuron', neuron: 'driver', param: 'a', value: 0.1 });
    expect(problem).toBeNull();
    expect(useLabStore.getState().experiment.neurons[0].a).toBe(0.1);
    expect(sent).toEqual([{ type: 'edit', edit: { kind: 'neuron', neuron: 'driver', param: 'a', value: 0.1 } }]);
  });

  it('a live edit is one store update (each runs every subscriber\'s selector), and Undo still goes back', () => {
    useLabStore.setState({ past: [], future: [] });
    const before = useLabStore.getState().experiment;
    let updates = 0;
    const unsubscribe = useLabStore.subscribe(() => updates++);
    useLabStore.getState().edit({ kind: 'neuron', neuron: 'driver', param: 'a', value: 0.1 });
    unsubscribe();
    expect(updates).toBe(1);
    useLabStore.getState().undo();
    expect(useLabStore.getState().experiment).toBe(before);
  });

  it('posts setState for a neuron without changing the experiment', () => {
    const before = useLabStore.getState().experiment;
    useLabStore.getState().setNeuronState('driver', -20, 3);
    expect(sent).toEqual([{ type: 'setState', neuron: 'driver', v: -20, u: 3 }]);
    expect(useLabStore.getState().experiment).toBe(before);
  });

  it('refuses an invalid edit without posting it', () => {
    const problem = useLabStore.getState().edit({ kind: 'connection', index: 0, param: 'delay', value: 0 });
    expect(problem).toMatch(/delay/);
    expect(sent).toEqual([]);
    expect(useLabStore.getState().experiment.connections[0].delay).toBe(2);
  });

  it('applies all edits of a preset or none', () => {
    const problem = useLabStore.getState().editAll([
      { kind: 'neuron', neuron: 'driver', param: 'c', value: -50 },
      { kind: 'neuron', neuron: 'nobody', param: 'd', value: 2 },
    ]);
    expect(problem).toMatch(/nobody/);
    expect(sent).toEqual([]);
    expect(useLabStore.getState().experiment.neurons[0].c).toBe(-65);
  });

  it('posts watch changes and keeps variables in a fixed order', () => {
    useLabStore.getState().setWatch({ neurons: ['driver'], variables: ['v'] });
    sent = [];
    useLabStore.getState().toggleWatchedVariable('isyn', true);
    useLabStore.getState().toggleWatchedVariable('u', true);
    expect(sent.at(-1)).toEqual({ type: 'watch', watch: { neurons: ['driver'], variables: ['v', 'u', 'isyn'] } });
    expect(useLabStore.getState().experiment.recording.variables).toEqual(['v', 'u', 'isyn']);
  });

  it('shows Worker errors until dismissed', () => {
    useLabStore.getState().handleWorkerEvent({ type: 'error', context: 'run', message: 'Stopped at t = 12 ms' });
    expect(useLabStore.getState().lastError?.message).toBe('Stopped at t = 12 ms');
    useLabStore.getState().dismissError();
    expect(useLabStore.getState().lastError).toBeNull();
  });

  it('keeps a neuron picked while the experiment was loading', () => {
    useLabStore.getState().loadExperiment(defaultExperiment());
    useLabStore.getState().selectNeuron('pacer');
    useLabStore.getState().handleWorkerEvent({
      type: 'loaded',
      network: { neuronCount: 3, ids: ['driver', 'follower', 'pacer'], roles: new Uint8Array(3), groups: [], dt: 1, workers: 1, workersReason: 'chosen' },
      continued: false,
    });
    expect(useLabStore.getState().selectedNeuronId).toBe('pacer');
  });

  it('shows Play/Pause at once but keeps the Worker status as sent until it agrees', () => {
    const status = (state: 'running' | 'paused') => ({ type: 'status' as const, status: { state, time: 5, achievedSpeed: 1, speed: 1, busy: 0.5 } });
    useLabStore.setState({ status: status('paused').status, playIntent: null });
    useLabStore.getState().togglePlay();
    expect(sent.at(-1)).toEqual({ type: 'play' });
    expect(useLabStore.getState().playIntent).toBe('running');
    expect(useLabStore.getState().status.state).toBe('paused');
    useLabStore.getState().handleWorkerEvent(status('paused')); // sent before the Worker saw 'play'
    expect(useLabStore.getState().playIntent).toBe('running');
    useLabStore.getState().handleWorkerEvent(status('running'));
    expect(useLabStore.getState().playIntent).toBeNull();
    useLabStore.getState().togglePlay();
    expect(sent.at(-1)).toEqual({ type: 'pause' });
  });

  it('takes the status a frame carries: it settles Play and shows the achieved speed', () => {
    useLabStore.setState({ status: { state: 'paused', time: 0, achievedSpeed: 0, speed: 1, busy: 0 }, playIntent: null });
    useLabStore.getState().togglePlay();
    expect(useLabStore.getState().playIntent).toBe('running');
    useLabStore.getState().handleWorkerEvent({
      type: 'frame',
      frame: {
        spikeNeurons: new Int32Array(0), spikeTimes: new Float64Array(0), traceTimes: new Float64Array(0), traces: new Float32Array(0),
        watch: [], variables: ['v'], time: 16, rhythm: null, plasticity: null,
        raster: { viewId: -1, mode: 'spikes', complete: true, replace: false, totalSpikes: 0, density: null, groupSpikes: null },
        status: { state: 'running', time: 16, achievedSpeed: 0.98, speed: 1, busy: 0.1 },
      },
    });
    expect(useLabStore.getState().playIntent).toBeNull();
    expect(useLabStore.getState().status).toMatchObject({ state: 'running', achievedSpeed: 0.98 });
    expect(liveData.frameTime).toBe(16);
  });

  it('stores a running status only when what the page shows changes; the time goes to liveData every time', () => {
    const running = (time: number, achievedSpeed: number, busy: number) =>
      ({ type: 'status' as const, status: { state: 'running' as const, time, achievedSpeed, speed: 1 as const, busy } });
    useLabStore.setState({ status: running(100, 1, 0.2).status, playIntent: null });
    let updates = 0;
    const stop = useLabStore.subscribe(() => updates++);
    // 60 frames a second at 1x: the time moves, the speed and busy share move below what is shown.
    for (let k = 1; k <= 60; k++) useLabStore.getState().handleWorkerEvent(running(100 + k * 16, 1 + (k % 3) * 0.001, 0.2 + (k % 2) * 0.001));
    expect(updates).toBe(0);
    expect(liveData.clockTime).toBe(100 + 60 * 16);
    useLabStore.getState().handleWorkerEvent(running(1100, 0.97, 0.2));
    expect(updates).toBe(1);
    expect(useLabStore.getState().status.achievedSpeed).toBe(0.97);
    // The busy share is shown by the meter only, which reads it from liveData: no store update.
    useLabStore.getState().handleWorkerEvent(running(1116, 0.97, 0.25));
    expect(updates).toBe(1);
    expect(liveData.workerBusy).toBe(0.25);
    useLabStore.getState().handleWorkerEvent({ type: 'status', status: { state: 'paused', time: 1120, achievedSpeed: 0, speed: 1, busy: 0 } });
    expect(updates).toBe(2);
    expect(useLabStore.getState().status).toMatchObject({ state: 'paused', time: 1120 });
    stop();
  });

  it('shows a run with an end whole: the window becomes its duration, and goes back to 1 s after it', () => {
    const pattern = PATTERNS.find((p) => p.id === 'class-1-excitable');
    if (!pattern) throw new Error('no pattern');
    const exp = pattern.make();
    expect(windowForRun(exp, 1000)).toBe(300);
    expect(windowForRun(defaultExperiment(), 300)).toBe(1000);
    expect(windowForRun(defaultExperiment(), 2000)).toBe(2000);
    // Longer than the plots keep: capped at MAX_WINDOW_MS.
    expect(windowForRun({ ...exp, simulation: { ...exp.simulation, duration: 60_000 } }, 1000)).toBe(5000);

    useLabStore.getState().loadExperiment(exp);
    const network = { neuronCount: 1, ids: ['neuron'], roles: new Uint8Array(1), groups: [], dt: 0.25, workers: 1, workersReason: 'chosen' };
    useLabStore.getState().handleWorkerEvent({ type: 'loaded', network, continued: false });
    expect(useLabStore.getState().windowMs).toBe(300);
  });
});

describe('the resource budget in editor actions', () => {
  it('refuses a change that would not fit, with the message, keeping the experiment and posting nothing', () => {
    const before = useLabStore.getState().experiment;
    const history = useLabStore.getState().past;
    const next = structuredClone(before);
    next.populations.push({ id: 'E', size: 200_000, model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 });
    next.projections.push({ id: 'EE', pre: 'E', post: 'E', synapse: 'AMPA', connect: { rule: 'all-to-all' }, weight: 1, delay: 1 });
    const problem = useLabStore.getState().change(next, 'add E');
    expect(problem).toMatch(/^projections\[0\]: projection "EE", all-to-all from "E" \(200,000 neurons\) onto itself needs 39,999,800,000 synapses/);
    expect(useLabStore.getState().experiment).toBe(before);
    expect(useLabStore.getState().past).toBe(history);
    expect(sent).toEqual([]);
  });

  it('refuses watching more than the trace ring can hold at a fine step, keeping the watch', () => {
    const exp = structuredClone(useLabStore.getState().experiment);
    exp.simulation.dt = 0.01;
    exp.populations.push({ id: 'P', size: 64, model: 'izhikevich2003', a: 0.02, b: 0.2, c: -65, d: 8, v0: -65 });
    useLabStore.setState({ experiment: exp, watch: { neurons: ['driver'], variables: ['v'] } });
    const neurons = Array.from({ length: 64 }, (_, i) => `P[${i}]`);
    expect(useLabStore.getState().setWatch({ neurons, variables: ['v', 'u'] })).toBeNull();
    const problem = useLabStore.getState().setWatch({ neurons, variables: ['v', 'u', 'g', 'isyn', 'iext'] });
    expect(problem).toMatch(/^recording\.watch: traces of 64 neurons x 5 variables over the plots' 5,000 ms at 0\.01 ms steps needs 160,655,360 samples \(about 1\.2 GiB\)/);
    expect(useLabStore.getState().lastError?.message).toBe(problem);
    expect(useLabStore.getState().watch.variables).toEqual(['v', 'u']);
    expect(sent.filter((c) => c.type === 'watch')).toHaveLength(1);
  });
});
