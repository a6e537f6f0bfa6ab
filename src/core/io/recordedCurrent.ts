import Papa from 'papaparse';
import type { InputSpec } from '../experiment/types.ts';
import { MAX_RECORDED_VALUES } from '../experiment/validate.ts';
import { shownCell as shown } from './csvCell.ts';

export type RecordedCurrentResult =
  | { ok: true; inputs: (InputSpec & { kind: 'recorded' })[]; steps: number }
  | { ok: false; errors: string[] };

const TIME_COLUMNS = new Set(['time_ms', 't', 'time']);
const MAX_ERRORS = 20;

/**
 * Reads a recorded current: a header row naming the driven neurons (ids or `population[i]`), then one
 * row per step with the current (pA) of each during that step. An optional time column (time_ms, t or
 * time, unless a neuron has that name) is checked to advance by dt. Every problem names its row
 * (1 = the header) and column.
 */
export function parseRecordedCurrentCsv(text: string, neuronIds: ReadonlySet<string>, dt: number, source = 'recorded current'): RecordedCurrentResult {
  // Counted before parsing: the parser would hold every row as an array of strings (tens of bytes each).
  const rowCount = linesIn(text);
  if (rowCount > MAX_RECORDED_VALUES + 1) {
    return { ok: false, errors: [`the file has ${rowCount.toLocaleString('en-US')} rows, more than the ${MAX_RECORDED_VALUES.toLocaleString('en-US')} steps a recorded current may have (plus the header)`] };
  }
  const parsed = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true });
  const rows = parsed.data;
  // A one-column file has no delimiter to detect; that is not an error.
  const errors: string[] = parsed.errors
    .filter((e) => e.code !== 'UndetectableDelimiter')
    .slice(0, MAX_ERRORS)
    .map((e) => `row ${(e.row ?? 0) + 1}: ${e.message}`);
  if (rows.length === 0) return { ok: false, errors: ['the file is empty'] };
  const header = rows[0].map((name) => name.trim());
  // A name of a neuron of this network names that neuron, even "t" or "time".
  const timeColumn = header.findIndex((name) => TIME_COLUMNS.has(name.toLowerCase()) && !neuronIds.has(name));
  const neuronColumns = header.map((name, k) => ({ name, k })).filter(({ k }) => k !== timeColumn);
  if (neuronColumns.length === 0) errors.push('row 1: no neuron columns (the header names the driven neurons)');
  const seen = new Set<string>();
  for (const { name, k } of neuronColumns) {
    if (!neuronIds.has(name)) errors.push(`row 1, column ${k + 1}: unknown neuron ${shown(name)}`);
    if (seen.has(name)) errors.push(`row 1, column ${k + 1}: neuron ${shown(name)} appears twice`);
    seen.add(name);
  }
  if (rows.length < 2) errors.push('no data rows after the header');
  const values = neuronColumns.map(() => new Array<number>(rows.length - 1));
  for (let r = 1; r < rows.length && errors.length < MAX_ERRORS; r++) {
    const row = rows[r];
    if (row.length !== header.length) {
      errors.push(`row ${r + 1}: expected ${header.length} columns, got ${row.length}`);
      continue;
    }
    if (timeColumn >= 0) {
      const t = Number(row[timeColumn]);
      if (row[timeColumn].trim() === '' || !Number.isFinite(t) || Math.abs(t - (r - 1) * dt) > dt * 1e-6) {
        errors.push(`row ${r + 1}, column "${header[timeColumn]}": expected ${(r - 1) * dt} (one row per ${dt} ms step from 0), got ${shown(row[timeColumn])}`);
      }
    }
    neuronColumns.forEach(({ name, k }, c) => {
      const cell = row[k].trim();
      const value = Number(cell);
      if (cell === '' || !Number.isFinite(value)) errors.push(`row ${r + 1}, column "${name}": expected a number, got ${shown(row[k])}`);
      else values[c][r - 1] = value;
    });
  }
  if (errors.length > 0) return { ok: false, errors: errors.slice(0, MAX_ERRORS) };
  return {
    ok: true,
    steps: rows.length - 1,
    inputs: neuronColumns.map(({ name }, c) => ({
      id: `recorded-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`,
      kind: 'recorded',
      target: name,
      values: values[c],
      source,
    })),
  };
}

/** Non-empty lines of `text` (at least the rows the parser would return), counted without splitting it. */
function linesIn(text: string): number {
  let lines = 0;
  let start = 0;
  while (start <= text.length) {
    const found = text.indexOf('\n', start);
    const end = found < 0 ? text.length : found;
    const content = end - start - (text.charCodeAt(end - 1) === 13 ? 1 : 0);
    if (content > 0) lines++;
    start = end + 1;
  }
  return lines;
}
