/**
 * Files in and out of the page: opening and saving experiments, recorded currents from CSV and the
 * spikes CSV. The pure parts (decoding, messages, experiment changes, CSV assembly) are separate from
 * the two DOM helpers at the end so they can be tested in Node.
 */
import { parseExperimentJson, validateExperiment } from '../core/experiment/validate.ts';
import type { Experiment, InputSpec } from '../core/experiment/types.ts';
import { parseRecordedCurrentCsv } from '../core/io/recordedCurrent.ts';
import { parseSpikesCsv, SPIKES_CSV_CHUNK, SpikesCsvWriter, type SpikeTrains } from '../core/io/spikesCsv.ts';

/** Field errors listed in a message; the rest are counted. */
export const MAX_LISTED_ERRORS = 10;
/** Largest file the page reads, bytes (an experiment with the most recorded values is well under this). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

/** `Excite one, inhibit another` -> `excite-one-inhibit-another` (never empty). */
export function kebabName(name: string): string {
  const kebab = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return kebab === '' ? 'experiment' : kebab;
}

/**
 * "<title>" and then one error per line, at most `max` listed and the rest counted. A validator's own
 * trailing "... and N more errors" line is folded into the count.
 */
export function errorMessage(title: string, errors: readonly string[], max = MAX_LISTED_ERRORS): string {
  let list = errors.slice();
  let extra = 0;
  const last = list[list.length - 1];
  const more = last === undefined ? null : /^\.\.\. and (\d+) more errors?$/.exec(last);
  if (more) {
    extra = Number(more[1]);
    list = list.slice(0, -1);
  }
  const shown = list.slice(0, max);
  const hidden = list.length - shown.length + extra;
  const lines = [title, ...shown];
  if (hidden > 0) lines.push(`\u2026 and ${hidden} more`);
  return lines.join('\n');
}

/**
 * The text of a file: strict UTF-8 (a leading byte-order mark is dropped). Empty files, binary files
 * (invalid UTF-8 or NUL bytes) and very large files get a message instead.
 */
export function decodeTextFile(bytes: Uint8Array, name: string, what: string): Outcome<string> {
  if (bytes.length === 0) return { ok: false, message: `Could not open ${name}: the file is empty (expected ${what}).` };
  const tooLarge = fileSizeProblem(name, bytes.length);
  if (tooLarge) return { ok: false, message: tooLarge };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, message: `Could not open ${name}: it is not UTF-8 text (is it a binary file?). Expected ${what}.` };
  }
  if (text.includes('\u0000')) {
    return { ok: false, message: `Could not open ${name}: it contains NUL bytes, so it looks like a binary file. Expected ${what}.` };
  }
  if (text.trim() === '') return { ok: false, message: `Could not open ${name}: the file holds only white space (expected ${what}).` };
  return { ok: true, value: text };
}

/** Why a file of this size is not read, or null. */
export function fileSizeProblem(name: string, size: number): string | null {
  if (size <= MAX_FILE_BYTES) return null;
  return `Could not open ${name}: the file is ${formatBytes(size)}, more than the ${formatBytes(MAX_FILE_BYTES)} the lab reads.`;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n >= 10 * 1024 * 1024 ? 0 : 1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} kB`;
  return `${n} bytes`;
}

/** An experiment from the bytes of a file, or the message to show. */
export function readExperimentFile(bytes: Uint8Array, name: string): Outcome<Experiment> {
  const text = decodeTextFile(bytes, name, 'a JSON experiment');
  if (!text.ok) return text;
  const parsed = parseExperimentJson(text.value);
  if (!parsed.ok) return { ok: false, message: errorMessage(`Could not open ${name}:`, parsed.errors) };
  return { ok: true, value: parsed.experiment };
}

/** `experiment` with `added` inputs; existing inputs with the same ids are replaced where they stood. */
export function withInputs(experiment: Experiment, added: readonly InputSpec[]): Experiment {
  const byId = new Map(added.map((i) => [i.id, i]));
  const inputs = experiment.inputs.map((i) => byId.get(i.id) ?? i);
  const present = new Set(experiment.inputs.map((i) => i.id));
  for (const i of added) if (!present.has(i.id)) inputs.push(i);
  return { ...experiment, inputs };
}

export function withoutInput(experiment: Experiment, id: string): Experiment {
  return { ...experiment, inputs: experiment.inputs.filter((i) => i.id !== id) };
}

export interface RecordedDrive {
  experiment: Experiment;
  inputs: (InputSpec & { kind: 'recorded' })[];
  steps: number;
}

/**
 * `experiment` driven by the recorded current in a CSV file (header of neuron ids, one row per step of
 * dt), checked as a whole before anything is loaded; or the message to show.
 */
export function readRecordedCurrentFile(bytes: Uint8Array, name: string, experiment: Experiment, neuronIds: readonly string[]): Outcome<RecordedDrive> {
  const text = decodeTextFile(bytes, name, 'a CSV file with a header row of neuron ids');
  if (!text.ok) return text;
  const parsed = parseRecordedCurrentCsv(text.value, new Set(neuronIds), experiment.simulation.dt, name);
  if (!parsed.ok) return { ok: false, message: errorMessage(`Could not read ${name} as a recorded current:`, parsed.errors) };
  const next = withInputs(experiment, parsed.inputs);
  const checked = validateExperiment(next);
  if (!checked.ok) return { ok: false, message: errorMessage(`Could not use ${name} as a recorded current:`, checked.errors) };
  return { ok: true, value: { experiment: checked.experiment, inputs: parsed.inputs, steps: parsed.steps } };
}

/**
 * The spikes CSV (exactly spikesToCsv's text) as parts for a Blob, built a chunk at a time so a long
 * run's export never needs one giant string.
 */
export function spikesCsvParts(neurons: Int32Array, times: Float64Array, length: number, ids: readonly string[], chunk = SPIKES_CSV_CHUNK): string[] {
  const parts: string[] = [];
  new SpikesCsvWriter((text) => parts.push(text), ids, chunk).add(neurons, times, length);
  return parts;
}

/** The spikes of another run from a spikes CSV (`time_ms,neuron`), checked row by row; or the message to show. */
export function readSpikesFile(bytes: Uint8Array, name: string): Outcome<SpikeTrains> {
  const text = decodeTextFile(bytes, name, 'a spikes CSV (time_ms,neuron)');
  if (!text.ok) return text;
  const parsed = parseSpikesCsv(text.value);
  if (!parsed.ok) return { ok: false, message: errorMessage(`Could not read ${name} as spikes:`, parsed.errors) };
  return { ok: true, value: parsed.spikes };
}

/** The spikes CSV's file name; says when the export holds only the first spikes of the run. */
export function spikesFileName(experimentName: string, kept: number, dropped: number): string {
  const base = `${kebabName(experimentName)}-spikes`;
  return dropped > 0 ? `${base}-first-${kept}-of-${kept + dropped}.csv` : `${base}.csv`;
}

// ---------------------------------------------------------------------------------------------
// DOM

/** Offers `parts` as a download named `fileName`. */
export function downloadFile(parts: BlobPart[], fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started reading the blob by the time this runs.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * The bytes of a picked file, or the message to show when it is too large to read. Reading can also
 * fail (the file was moved or deleted after it was picked).
 */
export async function readPickedFile(file: File): Promise<Outcome<Uint8Array>> {
  const tooLarge = fileSizeProblem(file.name, file.size);
  if (tooLarge) return { ok: false, message: tooLarge };
  try {
    return { ok: true, value: new Uint8Array(await file.arrayBuffer()) };
  } catch (error) {
    return { ok: false, message: `Could not read ${file.name}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
