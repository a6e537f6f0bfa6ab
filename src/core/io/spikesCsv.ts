/** Spikes as CSV with the header `time_ms,neuron`, neuron being its id in the experiment. */
export function spikesToCsv(neurons: Int32Array, times: Float64Array, ids: readonly string[]): string {
  return SPIKES_CSV_HEADER + spikeLines(neurons, times, 0, neurons.length, ids);
}

export const SPIKES_CSV_HEADER = 'time_ms,neuron\n';

/** Spikes per piece of a streamed CSV: each piece's text stays a few tens of MB at most. */
export const SPIKES_CSV_CHUNK = 500_000;

/** The CSV lines (each ending in a newline) of spikes [start, end). */
function spikeLines(neurons: Int32Array, times: Float64Array, start: number, end: number, ids: readonly string[]): string {
  const lines: string[] = [];
  for (let k = start; k < end; k++) lines.push(`${formatTime(times[k])},${ids[neurons[k]]}\n`);
  return lines.join('');
}

/**
 * Writes spikesToCsv's text to `write` a piece at a time, as the spikes come: no piece holds more than
 * `chunk` spikes, so a run whose CSV outgrows a JavaScript string (about 0.5-1 G characters) still
 * gets written whole.
 */
export class SpikesCsvWriter {
  /** Spikes written so far. */
  spikes = 0;

  constructor(
    private readonly write: (text: string) => void,
    private readonly ids: readonly string[],
    private readonly chunk = SPIKES_CSV_CHUNK,
  ) {
    write(SPIKES_CSV_HEADER);
  }

  /** Writes the first `count` spikes of the arrays. */
  add(neurons: Int32Array, times: Float64Array, count = neurons.length): void {
    for (let start = 0; start < count; start += this.chunk) {
      const end = Math.min(count, start + this.chunk);
      this.write(spikeLines(neurons, times, start, end, this.ids));
    }
    this.spikes += count;
  }
}

/** n * dt in floating point (0.30000000000000004) printed as the step grid's value (0.3). */
export function formatTime(t: number): string {
  return String(Number(t.toFixed(6)));
}
