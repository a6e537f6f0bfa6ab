import { formatTime, spikesToCsv } from '../io/spikesCsv.ts';
import type { Recording } from './recording.ts';

/** Rows of the voltages CSV per piece, so a long recording is written without one giant string. */
const ROWS_PER_PIECE = 5000;

/** The recording's spikes as the lab's spikes CSV (time_ms,neuron): the step's start, as everywhere. */
export function recordingSpikesCsv(recording: Recording, ids: readonly string[], steps = recording.steps): string {
  const neurons: number[] = [];
  const times: number[] = [];
  for (let k = 0; k < steps; k++) {
    for (let i = 0; i < recording.n; i++) {
      if (recording.spiked[k * recording.n + i] === 1) {
        neurons.push(i);
        times.push(k * recording.dt);
      }
    }
  }
  return spikesToCsv(Int32Array.from(neurons), Float64Array.from(times), ids);
}

/**
 * The voltages as CSV: `time_ms` (the end of each step, as the lab's traces), then one column per neuron
 * `<id> v (mV)`; a step that fired shows the spike peak. Yields the text a piece at a time.
 */
export function* recordingVoltagesCsv(recording: Recording, ids: readonly string[], steps = recording.steps): Generator<string> {
  const n = recording.n;
  yield `time_ms,${ids.map((id) => `${id} v (mV)`).join(',')}\n`;
  for (let start = 0; start < steps; start += ROWS_PER_PIECE) {
    const lines: string[] = [];
    for (let k = start; k < Math.min(steps, start + ROWS_PER_PIECE); k++) {
      const row = [formatTime((k + 1) * recording.dt)];
      for (let i = 0; i < n; i++) row.push(String(Number(recording.v[k * n + i].toFixed(6))));
      lines.push(row.join(','));
    }
    yield lines.join('\n') + '\n';
  }
}

/** True and recovered weights of every ordered pair of distinct neurons. */
export function weightsCsv(
  ids: readonly string[],
  truth: Float64Array,
  voltage: Float64Array,
  beta: Float64Array,
  z: Float64Array,
): string {
  const n = ids.length;
  const lines = ['post,pre,true_nS,voltage_nS,spikes_beta,spikes_z'];
  const fmt = (x: number) => String(Number(x.toPrecision(8)));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const k = i * n + j;
      lines.push(`${ids[i]},${ids[j]},${fmt(truth[k])},${fmt(voltage[k])},${fmt(beta[k])},${fmt(z[k])}`);
    }
  }
  return lines.join('\n') + '\n';
}
