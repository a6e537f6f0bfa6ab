import Papa from 'papaparse';

/**
 * A classification data set read from CSV: numeric feature columns and one class column.
 * X[r] is row r's feature vector (in featureNames order), y[r] the index of its class in classNames
 * (classes numbered in order of first appearance).
 */
export interface Dataset {
  featureNames: string[];
  classNames: string[];
  /** Name of the column the classes came from. */
  classColumn: string;
  X: Float64Array[];
  y: Int32Array;
}

export type DatasetResult = { ok: true; dataset: Dataset } | { ok: false; errors: string[] };

export interface ParseDatasetOptions {
  /** The class column, by header name. Default: the last column whose values are mostly not numbers. */
  classColumn?: string;
  /** Most data rows accepted (default MAX_DATASET_ROWS). */
  maxRows?: number;
}

export const MAX_DATASET_ROWS = 5000;
const MAX_ERRORS = 20;

/**
 * Parses a CSV data set: a header row, then one row per sample. Rows are numbered as in the file
 * (row 1 = the header; blank lines count but are skipped). Never throws: every problem becomes a
 * message naming its row and column, e.g. `row 7, column "petal_width": expected a number, got "abc"`.
 */
export function parseDatasetCsv(text: string, options: ParseDatasetOptions = {}): DatasetResult {
  const maxRows = options.maxRows ?? MAX_DATASET_ROWS;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { ok: false, errors: ['the file is empty'] };
  const parsed = Papa.parse<string[]>(body, { skipEmptyLines: false });
  const errors = new Errors();
  for (const e of parsed.errors) {
    if (e.code === 'UndetectableDelimiter') continue; // a one-column file; reported below if it matters
    errors.add(`row ${(e.row ?? 0) + 1}: ${e.message}`);
  }

  // Records with their row numbers, blank lines dropped.
  const records: { row: number; cells: string[] }[] = [];
  parsed.data.forEach((cells, k) => {
    if (cells.length === 1 && cells[0].trim() === '') return;
    records.push({ row: k + 1, cells: cells.map((c) => c.trim()) });
  });
  if (records.length === 0) return { ok: false, errors: ['the file is empty'] };
  const header = records[0];
  const names = header.cells;
  const seen = new Map<string, number>();
  names.forEach((name, k) => {
    if (name === '') errors.add(`row ${header.row}, column ${k + 1}: the column has no name`);
    else if (seen.has(name)) errors.add(`row ${header.row}, column ${k + 1}: column "${name}" appears twice`);
    else seen.set(name, k);
  });
  const rows = records.slice(1);
  if (rows.length === 0) {
    errors.add('no data rows after the header');
    return { ok: false, errors: errors.messages() };
  }
  if (rows.length > maxRows) {
    errors.add(`the file has ${rows.length} data rows; at most ${maxRows} are supported`);
    return { ok: false, errors: errors.messages() };
  }
  if (names.length < 2) {
    errors.add(`row ${header.row}: expected at least two columns (features and a class), got ${names.length}`);
    return { ok: false, errors: errors.messages() };
  }

  const complete = rows.filter(({ row, cells }) => {
    if (cells.length === names.length) return true;
    errors.add(`row ${row}: expected ${names.length} columns, got ${cells.length}`);
    return false;
  });
  if (complete.length === 0) return { ok: false, errors: errors.messages() };

  let classIndex: number;
  if (options.classColumn !== undefined) {
    classIndex = names.indexOf(options.classColumn);
    if (classIndex < 0) {
      errors.add(`no column named "${options.classColumn}" (the columns are ${names.map((n) => `"${n}"`).join(', ')})`);
      return { ok: false, errors: errors.messages() };
    }
  } else {
    classIndex = -1;
    for (let k = names.length - 1; k >= 0 && classIndex < 0; k--) {
      let text = 0;
      let numbers = 0;
      for (const { cells } of complete) {
        if (cells[k] === '') continue;
        if (isNumber(cells[k])) numbers++;
        else text++;
      }
      if (text > numbers) classIndex = k;
    }
    if (classIndex < 0) {
      errors.add('no class column: every column holds numbers; choose the class column by name');
      return { ok: false, errors: errors.messages() };
    }
  }
  const classColumn = names[classIndex];
  const featureColumns = names.map((_, k) => k).filter((k) => k !== classIndex);

  const X: Float64Array[] = [];
  const labels: string[] = [];
  for (const { row, cells } of complete) {
    const x = new Float64Array(featureColumns.length);
    let good = true;
    featureColumns.forEach((k, f) => {
      const cell = cells[k];
      if (cell === '') {
        errors.add(`row ${row}, column "${names[k]}": missing value (expected a number)`);
        good = false;
      } else if (!isNumber(cell)) {
        errors.add(`row ${row}, column "${names[k]}": expected a number, got "${shorten(cell)}"`);
        good = false;
      } else x[f] = Number(cell);
    });
    const label = cells[classIndex];
    if (label === '') {
      errors.add(`row ${row}, column "${classColumn}": missing class`);
      good = false;
    }
    if (good) {
      X.push(x);
      labels.push(label);
    }
  }
  if (errors.count > 0) return { ok: false, errors: errors.messages() };

  const classNames: string[] = [];
  const classOf = new Map<string, number>();
  const y = new Int32Array(labels.length);
  labels.forEach((label, r) => {
    let c = classOf.get(label);
    if (c === undefined) {
      c = classNames.length;
      classOf.set(label, c);
      classNames.push(label);
    }
    y[r] = c;
  });
  if (classNames.length < 2) {
    return { ok: false, errors: [`column "${classColumn}" has only one class ("${shorten(classNames[0])}"); at least two are needed`] };
  }
  return { ok: true, dataset: { featureNames: featureColumns.map((k) => names[k]), classNames, classColumn, X, y } };
}

/** A finite decimal number, as a CSV cell (no hex, no "Infinity", no blanks). */
function isNumber(cell: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell) && Number.isFinite(Number(cell));
}

function shorten(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

class Errors {
  private readonly list: string[] = [];
  private dropped = 0;

  get count(): number {
    return this.list.length + this.dropped;
  }

  add(message: string): void {
    if (this.list.length < MAX_ERRORS) this.list.push(message);
    else this.dropped++;
  }

  messages(): string[] {
    return this.dropped > 0 ? [...this.list, `... and ${this.dropped} more problems`] : [...this.list];
  }
}

/** How many rows of each class, indexed by class. */
export function classCounts(y: Int32Array, classCount: number): number[] {
  const counts = new Array<number>(classCount).fill(0);
  for (let r = 0; r < y.length; r++) counts[y[r]]++;
  return counts;
}
