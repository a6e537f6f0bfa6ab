/** Spikes as CSV with the header `time_ms,neuron`, neuron being its id in the experiment. */
export function spikesToCsv(neurons: Int32Array, times: Float64Array, ids: readonly string[]): string {
  const lines = ['time_ms,neuron'];
  for (let k = 0; k < neurons.length; k++) lines.push(`${formatTime(times[k])},${ids[neurons[k]]}`);
  return lines.join('\n') + '\n';
}

/** n * dt in floating point (0.30000000000000004) printed as the step grid's value (0.3). */
export function formatTime(t: number): string {
  return String(Number(t.toFixed(6)));
}
