/**
 * The one place the page talks to the simulation Worker: posts typed Commands from the store and
 * dispatches WorkerEvents back into it. The page never steps the simulation itself.
 */
import type { Command, WorkerEvent } from '../worker/protocol.ts';
import { connectCommandSink, useLabStore } from './store.ts';

const EVENT_TYPES: ReadonlySet<string> = new Set(['loaded', 'frame', 'status', 'error', 'progress', 'cancelled', 'workers']);

/** A light structural check of a Worker message (the Worker is ours, so the shape is trusted beyond this). */
function isWorkerEvent(data: unknown): data is WorkerEvent {
  if (typeof data !== 'object' || data === null || !('type' in data)) return false;
  const type: unknown = data.type;
  if (typeof type !== 'string' || !EVENT_TYPES.has(type)) return false;
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
      'raster' in f && isRasterFrame(f.raster)
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
    'density' in r && (r.density === null || (typeof r.density === 'object' && 'counts' in r.density && r.density.counts instanceof Uint16Array))
  );
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

/** Start the Worker (once), wire it to the store, and load the store's experiment. */
export function startSimulationClient(): SimulationClient {
  if (client) return client;
  const store = useLabStore.getState;
  let worker: Worker;
  try {
    worker = new Worker(new URL('../worker/sim.worker.ts', import.meta.url), { type: 'module' });
  } catch (err) {
    store().showError('load', `The simulation could not start: ${err instanceof Error ? err.message : String(err)}`);
    throw err;
  }
  worker.onmessage = (ev: MessageEvent<unknown>) => {
    if (isWorkerEvent(ev.data)) store().handleWorkerEvent(ev.data);
  };
  worker.onerror = (ev: ErrorEvent) => {
    store().showError('run', `The simulation Worker failed: ${ev.message || 'unknown error'}`);
  };
  worker.onmessageerror = () => {
    store().showError('run', 'A message from the simulation Worker could not be read.');
  };
  const post = (command: Command): void => worker.postMessage(command);
  connectCommandSink(post);
  client = {
    post,
    dispose() {
      connectCommandSink(null);
      worker.terminate();
      client = null;
    },
  };
  post({ type: 'workers', workers: store().workers });
  store().loadExperiment(store().experiment);
  return client;
}
