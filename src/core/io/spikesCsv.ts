import Papa from 'papaparse';
import { shownCell as shown } from './csvCell.ts';

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

/** Spikes read from a `time_ms,neuron` CSV: neuron k of the file is `names[neurons[k]]`, in the file's order. */
export interface SpikeTrains {
  times: Float64Array;
  neurons: Int32Array;
  length: number;
  /** Neuron names, in the order they first appear in the file. */
  names: string[];
}

export type SpikesCsvResult = { ok: true; spikes: SpikeTrains } | { ok: false; errors: string[] };

/** Most spikes a file may hold: as many as the page keeps of its own run (liveData's SPIKE_LOG_CAP). */
export const MAX_SPIKES_CSV_ROWS = 20_000_000;
/** Longest neuron name read: far past the lab's ids and `population[i]` names, short of a hostile cell. */
const MAX_NAME_LENGTH = 200;
const MAX_ERRORS = 20;

/**
 * Reads a spikes CSV as the lab writes it (spikesToCsv): a header `time_ms,neuron` (in either order),
 * then one spike per row, in whatever order (a run gathered from several MPI ranks need not be sorted).
 * Every problem names its row (line of the file; 1 = the header). Empty lines are skipped.
 */
export function parseSpikesCsv(text: string): SpikesCsvResult {
  const errors: string[] = [];
  let times = new Float64Array(1024);
  let neurons = new Int32Array(1024);
  let length = 0;
  const names: string[] = [];
  const index = new Map<string, number>();
  let timeColumn = -1;
  let neuronColumn = -1;
  let columns = 0;
  let row = 0;

  Papa.parse<string[]>(text, {
    skipEmptyLines: false,
    step: (result, parser) => {
      row++;
      const cells = result.data;
      if (cells.length === 1 && cells[0].trim() === '') return;
      for (const e of result.errors) if (e.code !== 'UndetectableDelimiter') errors.push(`row ${row}: ${e.message}`);
      if (columns === 0) {
        const header = cells.map((c) => c.trim().toLowerCase());
        timeColumn = header.indexOf('time_ms');
        neuronColumn = header.indexOf('neuron');
        columns = cells.length;
        if (timeColumn < 0 || neuronColumn < 0 || cells.length !== 2) {
          errors.push(`row ${row}: expected the header "time_ms,neuron", got ${shown(cells.join(','))}`);
          parser.abort();
        }
        return;
      }
      if (errors.length >= MAX_ERRORS) {
        parser.abort();
        return;
      }
      if (cells.length !== columns) {
        errors.push(`row ${row}: expected 2 columns (time_ms,neuron), got ${cells.length}`);
        return;
      }
      const timeCell = cells[timeColumn].trim();
      const time = Number(timeCell);
      const name = cells[neuronColumn].trim();
      if (timeCell === '' || !Number.isFinite(time)) errors.push(`row ${row}, column "time_ms": expected a time in ms, got ${shown(cells[timeColumn])}`);
      else if (time < 0) errors.push(`row ${row}, column "time_ms": a spike time cannot be negative, got ${shown(timeCell)}`);
      if (name === '') errors.push(`row ${row}, column "neuron": the neuron name is empty`);
      else if (name.length > MAX_NAME_LENGTH) errors.push(`row ${row}, column "neuron": a name of ${name.length} characters is longer than ${MAX_NAME_LENGTH}`);
      if (errors.length > 0) return;
      if (length >= MAX_SPIKES_CSV_ROWS) {
        errors.push(`row ${row}: the file holds more than ${MAX_SPIKES_CSV_ROWS.toLocaleString('en-US')} spikes, the most the lab reads`);
        parser.abort();
        return;
      }
      let k = index.get(name);
      if (k === undefined) {
        k = names.length;
        names.push(name);
        index.set(name, k);
      }
      if (length === times.length) {
        times = grow(times, new Float64Array(Math.min(MAX_SPIKES_CSV_ROWS, length * 2)));
        neurons = grow(neurons, new Int32Array(Math.min(MAX_SPIKES_CSV_ROWS, length * 2)));
      }
      times[length] = time;
      neurons[length] = k;
      length++;
    },
  });
  if (columns === 0) return { ok: false, errors: ['the file is empty (expected the header "time_ms,neuron" and one spike per row)'] };
  if (errors.length > 0) return { ok: false, errors: errors.slice(0, MAX_ERRORS) };
  return { ok: true, spikes: { times: times.subarray(0, length), neurons: neurons.subarray(0, length), length, names } };
}

function grow<T extends Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
