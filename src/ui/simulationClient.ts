/**
 * The one place the page talks to the simulation Worker: posts typed Commands from the store and
 * dispatches WorkerEvents back into it, and starts a new Worker when one fails. The page never steps
 * the simulation itself.
 */
import type { Command, WorkerEvent } from '../worker/protocol.ts';
import { isLearnedWeights } from '../core/engine/learnedWeights.ts';
import { isPlasticityFrame } from './plasticity/plasticityData.ts';
import { connectCommandSink, useLabStore } from './store.ts';
import { describeFault, superviseWorker, type SupervisedWorker, type WorkerFault, type WorkerLike } from './workerSupervisor.ts';

const EVENT_TYPES: ReadonlySet<string> = new Set(['loaded', 'frame', 'status', 'error', 'progress', 'cancelled', 'fault', 'workers', 'learnedWeights']);

/** A light structural check of a Worker message (the Worker is ours, so the shape is trusted beyond this). */
function isWorkerEvent(data: unknown): data is WorkerEvent {
  if (typeof data !== 'object' || data === null || !('type' in data)) return false;
  const type: unknown = data.type;
  if (typeof type !== 'string' || !EVENT_TYPES.has(type)) return false;
  // Written into the experiment (Keep learned weights): checked in full, and by the validator after.
  if (type === 'learnedWeights') return 'weights' in data && isLearnedWeights(data.weights);
  if (type === 'frame') {
    if (!('frame' in data) || typeof data.frame !== 'object' || data.frame === null) return false;
    const f = data.frame;
    return (
      'spikeNeurons' in f && f.spikeNeurons instanceof Int32Array &&
      'spikeTimes' in f && f.spikeTimes instanceof Float64Array &&
      'traceTimes' in f && f.traceTimes instanceof Float64Array &&
      'traces' in f && f.traces instanceof Float32Array &&
      'watch' in f && Array.isArray(f.watch) &&
      'variables' in f && Array.isArray(f.variables) &&
      'time' in f && typeof f.time === 'number' &&
      'rhythm' in f && (f.rhythm === null || isRhythmFrame(f.rhythm)) &&
      'raster' in f && isRasterFrame(f.raster) &&
      'plasticity' in f && (f.plasticity === null || isPlasticityFrame(f.plasticity)) &&
      'status' in f && isStatus(f.status)
    );
  }
  return true;
}

function isRasterFrame(r: unknown): boolean {
  return (
    typeof r === 'object' && r !== null &&
    'mode' in r && (r.mode === 'spikes' || r.mode === 'density') &&
    'complete' in r && typeof r.complete === 'boolean' &&
    'replace' in r && typeof r.replace === 'boolean' &&
    'totalSpikes' in r && typeof r.totalSpikes === 'number' &&
    'density' in r && (r.density === null || isDensityFrame(r.density))
  );
}

function isDensityFrame(d: unknown): boolean {
  return (
    typeof d === 'object' && d !== null &&
    'counts' in d && d.counts instanceof Uint16Array &&
    'layout' in d && typeof d.layout === 'object' && d.layout !== null &&
    'firstBin' in d && typeof d.firstBin === 'number' &&
    'fromBin' in d && typeof d.fromBin === 'number' &&
    'columns' in d && typeof d.columns === 'number' &&
    'update' in d && typeof d.update === 'boolean'
  );
}

function isStatus(s: unknown): boolean {
  return typeof s === 'object' && s !== null && 'state' in s && typeof s.state === 'string' && 'time' in s && typeof s.time === 'number';
}

function isRhythmFrame(r: unknown): boolean {
  return (
    typeof r === 'object' && r !== null &&
    'rate' in r && r.rate instanceof Float32Array &&
    'power' in r && r.power instanceof Float32Array &&
    'binMs' in r && typeof r.binMs === 'number' &&
    'end' in r && typeof r.end === 'number' &&
    'df' in r && typeof r.df === 'number' &&
    'peakHz' in r && (r.peakHz === null || typeof r.peakHz === 'number') &&
    'gammaHz' in r && (r.gammaHz === null || typeof r.gammaHz === 'number')
  );
}

export interface SimulationClient {
  post(command: Command): void;
  dispose(): void;
}

let client: SimulationClient | null = null;

function createSimulationWorker(): Worker {
  return new Worker(new URL('../worker/sim.worker.ts', import.meta.url), { type: 'module' });
}

/**
 * Start the Worker (once), wire it to the store, and load the store's experiment. When the Worker fails
 * (a throw, an unreadable message, or silence), the store says so and reloads the last good experiment
 * in a new Worker. `createWorker` is for tests.
 */
export function startSimulationClient(createWorker: () => WorkerLike = createSimulationWorker): SimulationClient {
  if (client) return client;
  const store = useLabStore.getState;
  let current: SupervisedWorker | null = null;
  /** The raster's latest view: the Worker keeps it across loads, so a new Worker needs it again. */
  let rasterView: Command | null = null;

  const post = (command: Command): void => {
    if (command.type === 'rasterView') rasterView = command;
    current?.post(command);
  };
  const onMessage = (data: unknown): void => {
    if (!isWorkerEvent(data)) return;
    if (data.type === 'fault') {
      current?.terminate();
      onFault({ kind: 'error', message: data.message });
      return;
    }
    store().handleWorkerEvent(data);
  };
  const onFault = (fault: WorkerFault): void => {
    connectCommandSink(null);
    current = null;
    // The store queues the reload of the last good experiment; the new Worker gets it once connected.
    if (store().recoverFromWorkerFault(`The simulation ${describeFault(fault)}`)) launch();
  };
  const launch = (): void => {
    try {
      current = superviseWorker(createWorker, { onMessage, onFault });
    } catch (err) {
      store().showError('load', `The simulation could not start: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    }
    current.post({ type: 'workers', workers: store().workers } satisfies Command);
    if (rasterView) current.post(rasterView);
    connectCommandSink(post);
  };

  launch();
  client = {
    post,
    dispose() {
      connectCommandSink(null);
      current?.terminate();
      current = null;
      client = null;
    },
  };
  store().loadExperiment(store().experiment);
  return client;
}
