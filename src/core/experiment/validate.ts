import { checkBudget, DEFAULT_BUDGET, projectionSynapses, type Budget } from './budget.ts';
import { migrate } from './migrate.ts';
import {
  EXPERIMENT_FORMAT,
  EXPERIMENT_VERSION,
  CELL_MODELS,
  INTEGRATION_SCHEMES,
  LESSON_FORMAT,
  LESSON_PANELS,
  LESSON_VERSION,
  RANDOM_DRAWS,
  STDP_PAIRINGS,
  STDP_UPDATES,
  TRACE_VARIABLES,
  SPIKE_PROCESSES,
  type SpikeSourceSpec,
  type ConnectionRule,
  type ConnectionSpec,
  type Distribution,
  type EquationVariant,
  type Experiment,
  type InputSpec,
  type Lesson,
  type NeuronRole,
  type Izhikevich2003NeuronSpec,
  type Izhikevich2007NeuronSpec,
  type Izhikevich2007Params,
  type Izhikevich2007PopulationSpec,
  type NeuronSpec,
  plasticityOf,
  type PlasticitySpec,
  type PopulationSpec,
  type ProjectionSpec,
  type RecordingSpec,
  type SimulationSettings,
  type SynapseKind,
  type SynapseTypeSpec,
  type TraceVariable,
} from './types.ts';

/**
 * The one gate between outside data (files, pasted JSON, URLs, storage) and the typed Experiment.
 * It walks an unknown value with type guards and builds a fresh Experiment from the checked fields, so
 * nothing unchecked (or shared with the caller) gets through. Errors name the field by path
 * (`neurons[3].a: expected a number, got "fast"`) and all of them are collected, up to MAX_ERRORS.
 */

export type ValidationResult = { ok: true; experiment: Experiment } | { ok: false; errors: string[] };

/** Versions this code reads. A file of another version gets a message naming these. */
export const SUPPORTED_VERSIONS: readonly number[] = [1, 2, 3, EXPERIMENT_VERSION];
/** The version that added the izhikevich2007 cell and the expTwo and alpha conductances. */
const NEUROML_KINDS_VERSION = 4;

export const MAX_ERRORS = 50;
/** Longest run the lab accepts, ms (one hour). */
export const MAX_DURATION = 3_600_000;
/**
 * Longest delay, ms (10 s): at the finest step (0.01 ms) a million steps, so delays stay far from the
 * int32 steps of the synapse rows and the spike queue (a bucket per step) stays a few tens of MB.
 */
export const MAX_DELAY_MS = 10_000;
export const MAX_POPULATION_SIZE = 200_000;
export const MAX_POISSON_RATE = 10_000;
export const MAX_RECORDED_VALUES = 10_000_000;
export const MAX_WATCHED = 64;
/** Synapse types are indexed by 16-bit integers in the synapse rows; far more than a model uses. */
export const MAX_SYNAPSE_TYPES = 1000;
export const MAX_SEED = 2 ** 32 - 1;
export const ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Spike cut-off when a neuron or population gives no vpeak (types.ts). */
const DEFAULT_VPEAK = 30;

/** The finest step: 1 ms in this many steps. */
export const MAX_STEPS_PER_MS = 100;
/** The step rule, as messages state it. */
export const STEP_RULE = `1/k ms for a whole number k from 1 to ${MAX_STEPS_PER_MS} (a step that divides 1 ms into whole steps, e.g. 1, 0.5, 0.25, 0.2, 0.1, 0.01)`;

/**
 * Whether `dt` (ms) is a step the lab runs: 1/k ms, k = 1 … MAX_STEPS_PER_MS, so that 1 ms (the 2003
 * paper's step and the unit of delays and rates) is a whole number of steps. Within float tolerance, so
 * that 1/3 written as 0.3333333333333333 counts.
 */
export function isStepSize(dt: number): boolean {
  const k = Math.round(1 / dt);
  return k >= 1 && k <= MAX_STEPS_PER_MS && Math.abs(k * dt - 1) <= 1e-9;
}

/**
 * Validates and copies `input`, and checks that it fits `budget` (budget.ts: what the experiment would
 * take in memory, estimated before anything is allocated); never throws.
 */
export function validateExperiment(input: unknown, budget: Budget = DEFAULT_BUDGET): ValidationResult {
  const p = new Problems();
  const experiment = readExperiment(p, input);
  if (p.count > 0 || experiment === undefined) return { ok: false, errors: p.messages() };
  for (const problem of checkBudget(experiment, budget)) p.add(problem.path, problem.message);
  if (p.count > 0) return { ok: false, errors: p.messages() };
  return { ok: true, experiment };
}

/** A 2003 neuron's model parameters, without id, label, role or position. */
export type CellParameters = Pick<Izhikevich2003NeuronSpec, 'a' | 'b' | 'c' | 'd' | 'v0' | 'u0' | 'vpeak' | 'equation'>;

/** What a sweep varies: a 2003 cell (model left out or "izhikevich2003") or a 2007 cell (model "izhikevich2007"). */
export type LoneCell = (CellParameters & { model?: 'izhikevich2003' }) | (Izhikevich2007Params & { model: 'izhikevich2007' });

const CELL_KEYS = ['model', 'a', 'b', 'c', 'd', 'v0', 'u0', 'vpeak', 'equation'];

/**
 * Validates a neuron's model parameters by the same rules as a neuron of an experiment; messages start
 * with `path` (e.g. "curves[1].cell.c: ..."). Never throws.
 */
export function validateCell(input: unknown, path: string): { ok: true; cell: LoneCell } | { ok: false; errors: string[] } {
  const p = new Problems();
  const o = object(p, input, path);
  const model = o === undefined || field(o, 'model') === undefined ? 'izhikevich2003' : oneOf(p, field(o, 'model'), at(path, 'model'), MODELS);
  let cell: LoneCell | undefined;
  if (o !== undefined && model === 'izhikevich2007') {
    checkKeys(p, o, path, ['model', ...IZH2007_KEYS]);
    const params = readIzhikevich2007(p, o, path);
    if (params !== undefined) cell = { model, ...params };
  } else if (o !== undefined && model === 'izhikevich2003') {
    checkKeys(p, o, path, CELL_KEYS);
    cell = readCellParameters(p, o, path);
  }
  if (p.count > 0 || cell === undefined) return { ok: false, errors: p.messages() };
  return { ok: true, cell };
}

/** One element of an experiment, e.g. as a live edit would leave it. */
export type ExperimentElement =
  | { kind: 'neuron'; value: unknown }
  | { kind: 'synapseType'; value: unknown }
  | { kind: 'connection'; value: unknown }
  | { kind: 'input'; value: unknown };

/**
 * Validates one element in place of the one of the same id in `experiment` (a connection, which has
 * no id, on its own), by the rules of a file, so a live edit is held to exactly what a file is.
 * Messages start with the field (`c: ...`). A rule between two fields (c below vpeak, a pulse no
 * longer than its period) is reported on `changed`, the field the person just set, when it is one of
 * them. Never throws.
 */
export function validateElement(experiment: Experiment, element: ExperimentElement, changed?: string): string[] {
  const p = new Problems();
  const replaced = isObj(element.value) ? field(element.value, 'id') : undefined;
  const ctx: Context = {
    p, dt: experiment.simulation.dt, groups: new Map(), synapses: new Map(), groupsKnown: true, synapsesKnown: true,
    ...(changed !== undefined && { changed }),
  };
  experiment.neurons.forEach((n, i) => {
    if (element.kind !== 'neuron' || n.id !== replaced) ctx.groups.set(n.id, { kind: 'neuron', path: `neurons[${i}]` });
  });
  experiment.populations.forEach((g, i) => ctx.groups.set(g.id, { kind: 'population', size: g.size, path: `populations[${i}]` }));
  experiment.synapseTypes.forEach((s, i) => {
    if (element.kind !== 'synapseType' || s.id !== replaced) ctx.synapses.set(s.id, { kind: s.kind, path: `synapseTypes[${i}]`, ...(plasticityOf(s) !== undefined && { wMax: plasticityOf(s)?.wMax }) });
  });
  switch (element.kind) {
    case 'neuron':
      readNeuron(ctx, element.value, '');
      break;
    case 'synapseType':
      readSynapseType(ctx, element.value, '');
      break;
    case 'connection':
      readConnection(ctx, element.value, '');
      break;
    case 'input':
      readInput(ctx, element.value, '', new Map());
      break;
  }
  return p.messages();
}

/** Parses JSON text and validates it; a syntax error becomes one message with line and column. */
export function parseExperimentJson(text: string, budget: Budget = DEFAULT_BUDGET): ValidationResult {
  const parsed = parseJsonText(text, 'a JSON experiment');
  return parsed.ok ? validateExperiment(parsed.value, budget) : parsed;
}

/** The value of JSON text, or one message (empty text; a syntax error with line and column). */
function parseJsonText(text: string, what: string): { ok: true; value: unknown } | { ok: false; errors: string[] } {
  // Editors on Windows like to start UTF-8 files with a byte-order mark, which JSON.parse rejects.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { ok: false, errors: [`the text is empty: expected ${what}`] };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    return { ok: false, errors: [describeJsonError(body, error)] };
  }
}

// ---------------------------------------------------------------------------------------------
// Lessons: text, a question and an experiment (docs/lesson-format.md)

export type LessonResult = { ok: true; lesson: Lesson } | { ok: false; errors: string[] };

/** Longest lesson title, text and question, characters: a page of text, not a book. */
export const MAX_LESSON_TITLE = 120;
export const MAX_LESSON_TEXT = 20_000;
export const MAX_LESSON_QUESTION = 2_000;
const LESSON_KEYS = ['format', 'version', 'title', 'text', 'question', 'panel', 'experiment'];
/** Control characters other than tab, newline and carriage return: never meant in a lesson's text, often a sign of a binary file. */
function hasControlChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

/**
 * Validates a lesson and its experiment (by validateExperiment, whose messages get the prefix
 * `experiment.`); never throws. The text stays plain text: the page renders it as text nodes only.
 */
export function validateLesson(input: unknown, budget: Budget = DEFAULT_BUDGET): LessonResult {
  const p = new Problems();
  if (!isObj(input)) return { ok: false, errors: [`expected a lesson object, got ${show(input)}`] };
  const format = field(input, 'format');
  if (format !== LESSON_FORMAT) {
    const hint = format === EXPERIMENT_FORMAT ? ' (this is an experiment file: open it with Open\u2026 in the header)' : '';
    p.add('format', `${format === undefined ? 'missing, expected' : 'expected'} "${LESSON_FORMAT}"${format === undefined ? '' : `, got ${show(format)}`}${hint}`);
  }
  const version = field(input, 'version');
  if (version !== LESSON_VERSION) {
    p.add('version', version === undefined ? `missing, expected ${LESSON_VERSION}` : `unsupported version ${show(version)} (supported: ${LESSON_VERSION})`);
  }
  if (p.count > 0) return { ok: false, errors: p.messages() };
  checkKeys(p, input, '', LESSON_KEYS);
  const title = lessonText(p, field(input, 'title'), 'title', MAX_LESSON_TITLE);
  const text = lessonText(p, field(input, 'text'), 'text', MAX_LESSON_TEXT);
  const question = lessonText(p, field(input, 'question'), 'question', MAX_LESSON_QUESTION);
  const panelValue = field(input, 'panel');
  const panel = panelValue === undefined ? 'traces' : oneOf(p, panelValue, 'panel', LESSON_PANELS);
  const experimentValue = field(input, 'experiment');
  let experiment: Experiment | undefined;
  if (experimentValue === undefined) p.add('experiment', 'missing, expected an experiment object (docs/experiment-format.md)');
  else {
    const checked = validateExperiment(experimentValue, budget);
    if (checked.ok) experiment = checked.experiment;
    else for (const message of checked.errors) p.add('', message.startsWith('... and') ? message : `experiment.${message}`);
  }
  if (p.count > 0 || title === undefined || text === undefined || question === undefined || panel === undefined || experiment === undefined) {
    return { ok: false, errors: p.messages() };
  }
  return { ok: true, lesson: { format: LESSON_FORMAT, version: LESSON_VERSION, title, text, question, panel, experiment } };
}

/** Parses a lesson's JSON text and validates it. */
export function parseLessonJson(text: string, budget: Budget = DEFAULT_BUDGET): LessonResult {
  const parsed = parseJsonText(text, 'a JSON lesson');
  return parsed.ok ? validateLesson(parsed.value, budget) : parsed;
}

/** A non-blank string of at most `max` characters without control characters. */
function lessonText(p: Problems, x: unknown, path: string, max: number): string | undefined {
  const s = str(p, x, path);
  if (s === undefined) return undefined;
  if (s.trim() === '') p.add(path, 'must not be empty');
  else if (s.length > max) p.add(path, `must be at most ${max.toLocaleString('en-US')} characters, got ${s.length.toLocaleString('en-US')}`);
  else if (hasControlChars(s)) p.add(path, 'contains control characters (only tabs and line breaks are allowed)');
  else return s;
  return undefined;
}

/**
 * The one save path: pretty JSON with two-space indents and a final newline. The experiment goes
 * through the validator's copy first, so fields always come out in one order (whatever order the
 * editor built them in) and loading then saving a file changes nothing. Should an invalid experiment
 * get here, it is written as it is rather than lost; loading it will then report the problem.
 */
export function serializeExperiment(e: Experiment): string {
  const checked = validateExperiment(e);
  return `${JSON.stringify(checked.ok ? checked.experiment : e, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Error collection and small readers

class Problems {
  private readonly list: string[] = [];
  private dropped = 0;

  get count(): number {
    return this.list.length + this.dropped;
  }

  add(path: string, message: string): void {
    // Keep counting past the cap so the summary can say how many were left out.
    if (this.list.length < MAX_ERRORS) this.list.push(path === '' ? message : `${path}: ${message}`);
    else this.dropped++;
  }

  messages(): string[] {
    return this.dropped > 0 ? [...this.list, `... and ${this.dropped} more errors`] : [...this.list];
  }
}

type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** An own property only: `constructor` or `toString` must not be found on the prototype. */
function field(o: Obj, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function at(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** A value as it appears in a message: strings quoted (and shortened), containers by kind. */
function show(x: unknown): string {
  if (x === undefined) return 'nothing';
  if (x === null) return 'null';
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 37)}...` : x);
  if (typeof x === 'number') return Number.isNaN(x) ? 'NaN' : String(x);
  if (typeof x === 'boolean' || typeof x === 'bigint') return String(x);
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'object') return 'an object';
  return `a ${typeof x}`;
}

function quote(s: string): string {
  return show(s);
}

function listOf(values: readonly (string | number)[]): string {
  return values.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v))).join(', ');
}

/**
 * Reports every key of `o` not in `allowed`. A key that belongs to a sibling variant (another synapse
 * kind, another distribution) gets `other.note`; any other near miss gets a "did you mean" hint.
 */
function checkKeys(p: Problems, o: Obj, path: string, allowed: readonly string[], other?: { keys: readonly string[]; note: string }): void {
  for (const key of Object.keys(o)) {
    if (allowed.includes(key)) continue;
    let hint = '';
    if (other !== undefined && other.keys.includes(key)) hint = ` (${other.note})`;
    else {
      // Short keys are too close to each other for a hint to be more help than noise.
      const near = key.length < 4 ? undefined : allowed.find((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= (k.length > 5 ? 2 : 1));
      if (near !== undefined) hint = ` (did you mean "${near}"?)`;
    }
    p.add(at(path, key), `unknown field${hint}`);
  }
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** An object at `path`, or undefined with an error. */
function object(p: Problems, x: unknown, path: string): Obj | undefined {
  if (isObj(x)) return x;
  p.add(path, x === undefined ? 'missing, expected an object' : `expected an object, got ${show(x)}`);
  return undefined;
}

function array(p: Problems, x: unknown, path: string): unknown[] | undefined {
  if (Array.isArray(x)) return x as unknown[]; // Array.isArray says any[]; its items are unchecked
  p.add(path, x === undefined ? 'missing, expected an array' : `expected an array, got ${show(x)}`);
  return undefined;
}

/** A finite number; NaN, Infinity and numeric strings are errors. */
function num(p: Problems, x: unknown, path: string): number | undefined {
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  if (x === undefined) p.add(path, 'missing, expected a number');
  else if (typeof x === 'number') p.add(path, `expected a finite number, got ${show(x)}`);
  else p.add(path, `expected a number, got ${show(x)}`);
  return undefined;
}

function optNum(p: Problems, x: unknown, path: string): number | undefined {
  return x === undefined ? undefined : num(p, x, path);
}

function optBool(p: Problems, x: unknown, path: string): boolean | undefined {
  if (x === undefined || typeof x === 'boolean') return x;
  p.add(path, `expected true or false, got ${show(x)}`);
  return undefined;
}

function str(p: Problems, x: unknown, path: string): string | undefined {
  if (typeof x === 'string') return x;
  p.add(path, x === undefined ? 'missing, expected a string' : `expected a string, got ${show(x)}`);
  return undefined;
}

function optStr(p: Problems, x: unknown, path: string): string | undefined {
  return x === undefined ? undefined : str(p, x, path);
}

/** One of `options`; `find` narrows to the option type without a cast. */
function oneOf<T extends string>(p: Problems, x: unknown, path: string, options: readonly T[]): T | undefined {
  const found = options.find((o) => o === x);
  if (found !== undefined) return found;
  p.add(path, x === undefined ? `missing, expected one of ${listOf(options)}` : `must be one of ${listOf(options)}, got ${show(x)}`);
  return undefined;
}

/** A number passing `ok`, else `must be <rule>, got x`. */
function numWhere(p: Problems, x: unknown, path: string, ok: (v: number) => boolean, rule: string): number | undefined {
  const v = num(p, x, path);
  if (v === undefined) return undefined;
  if (ok(v)) return v;
  p.add(path, `must be ${rule}, got ${v}`);
  return undefined;
}

function optNumWhere(p: Problems, x: unknown, path: string, ok: (v: number) => boolean, rule: string): number | undefined {
  return x === undefined ? undefined : numWhere(p, x, path, ok, rule);
}

function id(p: Problems, x: unknown, path: string): string | undefined {
  const s = str(p, x, path);
  if (s === undefined) return undefined;
  if (ID_PATTERN.test(s)) return s;
  p.add(path, `must start with a letter or "_" and contain only letters, digits, "_" and "-", got ${quote(s)}`);
  return undefined;
}

/**
 * Reads an id and claims it in `seen`. A string id is claimed even when malformed, so that later
 * references to it are not reported a second time as unknown.
 */
function claimId<T extends { path: string }>(p: Problems, o: Obj, path: string, seen: Map<string, T>, entry: NoInfer<T>): string | undefined {
  const raw = field(o, 'id');
  const value = id(p, raw, at(path, 'id'));
  if (typeof raw !== 'string') return undefined;
  const earlier = seen.get(raw);
  if (earlier !== undefined) {
    p.add(at(path, 'id'), `duplicate id ${quote(raw)} (already used by ${earlier.path})`);
    return undefined;
  }
  seen.set(raw, entry);
  return value;
}

function position(p: Problems, x: unknown, path: string): { x: number; y: number } | undefined {
  const o = object(p, x, path);
  if (o === undefined) return undefined;
  checkKeys(p, o, path, ['x', 'y']);
  const px = num(p, field(o, 'x'), at(path, 'x'));
  const py = num(p, field(o, 'y'), at(path, 'y'));
  return px === undefined || py === undefined ? undefined : { x: px, y: py };
}

// ---------------------------------------------------------------------------------------------
// Distributions

const DIST_KINDS = ['uniform', 'normal', 'r'] as const;
const DIST_FIELDS = ['min', 'max', 'mean', 'sd', 'base', 'scale', 'power'];

function distribution(p: Problems, x: unknown, path: string): Distribution | undefined {
  if (typeof x === 'number') return num(p, x, path);
  if (!isObj(x)) {
    p.add(path, x === undefined ? 'missing, expected a number or a distribution' : `expected a number or a distribution ({"dist": ...}), got ${show(x)}`);
    return undefined;
  }
  const kind = oneOf(p, field(x, 'dist'), at(path, 'dist'), DIST_KINDS);
  if (kind === undefined) return undefined;
  const get = (key: string) => num(p, field(x, key), at(path, key));
  switch (kind) {
    case 'uniform': {
      checkKeys(p, x, path, ['dist', 'min', 'max'], { keys: DIST_FIELDS, note: 'a uniform distribution has min and max' });
      const min = get('min');
      const max = get('max');
      if (min === undefined || max === undefined) return undefined;
      if (max < min) {
        p.add(at(path, 'max'), `must be >= min (${min}), got ${max}`);
        return undefined;
      }
      return { dist: 'uniform', min, max };
    }
    case 'normal': {
      checkKeys(p, x, path, ['dist', 'mean', 'sd'], { keys: DIST_FIELDS, note: 'a normal distribution has mean and sd' });
      const mean = get('mean');
      const sd = numWhere(p, field(x, 'sd'), at(path, 'sd'), (v) => v >= 0, '>= 0');
      return mean === undefined || sd === undefined ? undefined : { dist: 'normal', mean, sd };
    }
    case 'r': {
      checkKeys(p, x, path, ['dist', 'base', 'scale', 'power'], { keys: DIST_FIELDS, note: 'an r distribution has base, scale and power' });
      const base = get('base');
      const scale = get('scale');
      const power = numWhere(p, field(x, 'power'), at(path, 'power'), (v) => v >= 0, '>= 0');
      return base === undefined || scale === undefined || power === undefined ? undefined : { dist: 'r', base, scale, power };
    }
  }
}

/** `d` as a message names it when its smallest draw breaks a lower bound. */
function reachingDownTo(d: Distribution, min: number): string {
  if (typeof d === 'number') return `${d}`;
  const named = `${d.dist === 'r' ? 'an' : 'a'} ${d.dist} distribution`;
  return Number.isFinite(min) ? `${named} reaching down to ${min}` : `${named} with unbounded tails`;
}

/**
 * Why `weight` (a number, or a projection's distribution) cannot be the weight of a `kind` synapse, or
 * null. A conductance is >= 0: inhibition comes from the reversal potential (erev) or the write-up's
 * `effect`, never from the sign. Current synapses take signed weights (the 2003 network inhibits so).
 * A normal distribution (sd > 0) is refused rather than clipped: clipping would silently change its
 * mean and sd, and the format has no clipped distribution.
 */
function weightProblem(kind: SynapseKind, weight: Distribution): string | null {
  if (kind === 'current') return null;
  const { min } = bounds(weight);
  if (min >= 0) return null;
  const inhibit = kind === 'writeup' ? 'use effect "inhibitory"' : 'use an erev below rest, e.g. -80 mV';
  const fix = typeof weight !== 'number' && weight.dist === 'normal' ? '; for a spread of weights use a uniform or r distribution that stays >= 0' : '';
  return `must be >= 0: ${kind} synapses are conductances, which cannot be negative (to inhibit, ${inhibit}${fix}), got ${reachingDownTo(weight, min)}`;
}

/** The smallest and largest values `d` can draw (infinite for a normal with sd > 0). */
export function bounds(d: Distribution): { min: number; max: number } {
  if (typeof d === 'number') return { min: d, max: d };
  switch (d.dist) {
    case 'uniform':
      return { min: d.min, max: d.max };
    case 'normal':
      return d.sd === 0 ? { min: d.mean, max: d.mean } : { min: -Infinity, max: Infinity };
    case 'r': {
      // r ~ U[0,1): r^power spans [0, 1), except power 0, where it is always 1.
      if (d.power === 0) return { min: d.base + d.scale, max: d.base + d.scale };
      const end = d.base + d.scale;
      return { min: Math.min(d.base, end), max: Math.max(d.base, end) };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The experiment

const TOP_KEYS = [
  'format', 'version', 'name', 'description', 'simulation', 'neurons', 'populations', 'synapseTypes',
  'connections', 'projections', 'inputs', 'recording',
];

/** What an id among neurons and populations names; size is undefined when the population's size was invalid. */
type Group = { kind: 'neuron' } | { kind: 'population'; size: number | undefined };

interface Context {
  p: Problems;
  /** Undefined when simulation.dt was invalid: delay checks are then skipped rather than guessed. */
  dt: number | undefined;
  groups: Map<string, Group & { path: string }>;
  /** Kind undefined when the synapse type's kind was invalid; wMax set for a plastic type. */
  synapses: Map<string, { kind: SynapseKind | undefined; path: string; wMax?: number }>;
  /**
   * False when `neurons`/`populations` (or `synapseTypes`) was not an array: every reference would then
   * look unknown, so "unknown" is not reported on top of the one real error.
   */
  groupsKnown: boolean;
  synapsesKnown: boolean;
  /** The field a live edit set (validateElement): a rule between two fields is reported on it. */
  changed?: string;
  /** The file's format version: kinds added later are refused in older files (the current version when absent). */
  version?: number;
}

/** False, with a message at `path`, when `what` is newer than the file's format version. */
function inVersion(ctx: Context, path: string, what: string): boolean {
  const version = ctx.version ?? EXPERIMENT_VERSION;
  if (version >= NEUROML_KINDS_VERSION) return true;
  ctx.p.add(path, `${what} needs version ${NEUROML_KINDS_VERSION} of the format, this file is version ${version}`);
  return false;
}

function readExperiment(p: Problems, input: unknown): Experiment | undefined {
  if (!isObj(input)) {
    p.add('', `expected an experiment object, got ${show(input)}`);
    return undefined;
  }
  const format = field(input, 'format');
  if (format !== EXPERIMENT_FORMAT) {
    p.add('format', format === undefined ? `missing, expected "${EXPERIMENT_FORMAT}"` : `expected "${EXPERIMENT_FORMAT}", got ${show(format)}`);
  }
  const version = field(input, 'version');
  if (typeof version !== 'number') {
    p.add('version', version === undefined ? `missing, expected ${EXPERIMENT_VERSION}` : `expected a number, got ${show(version)}`);
  } else if (!SUPPORTED_VERSIONS.includes(version)) {
    p.add('version', `unsupported version ${show(version)} (supported: ${SUPPORTED_VERSIONS.join(', ')})`);
  }
  // Another format or version has another shape: field-by-field errors against this one would mislead.
  if (p.count > 0) return undefined;

  checkKeys(p, input, '', TOP_KEYS);
  const name = str(p, field(input, 'name'), 'name');
  const description = optStr(p, field(input, 'description'), 'description');
  const simulation = readSimulation(p, field(input, 'simulation'), typeof version === 'number' ? version : EXPERIMENT_VERSION);
  const typesWithinCap = atMost(p, field(input, 'synapseTypes'), 'synapseTypes', MAX_SYNAPSE_TYPES, 'synapse types');
  const ctx: Context = {
    p, dt: simulation.dt, groups: new Map(), synapses: new Map(),
    groupsKnown: Array.isArray(field(input, 'neurons')) && Array.isArray(field(input, 'populations')),
    synapsesKnown: Array.isArray(field(input, 'synapseTypes')) && typesWithinCap,
    ...(typeof version === 'number' && { version }),
  };

  const neurons = items(ctx, input, 'neurons', readNeuron);
  const populations = items(ctx, input, 'populations', readPopulation);
  const synapseTypes = typesWithinCap ? items(ctx, input, 'synapseTypes', readSynapseType) : [];
  const connections = items(ctx, input, 'connections', readConnection);
  const projectionIds = new Map<string, { path: string }>();
  const projections = items(ctx, input, 'projections', (c, x, path) => readProjection(c, x, path, projectionIds));
  const inputIds = new Map<string, { path: string }>();
  const inputs = items(ctx, input, 'inputs', (c, x, path) => readInput(c, x, path, inputIds));
  const recording = readRecording(ctx, field(input, 'recording'), 'recording');

  const sim = simulation.value;
  if (p.count > 0 || name === undefined || sim === undefined || recording === undefined) return undefined;
  const experiment: Experiment = {
    format: EXPERIMENT_FORMAT,
    version: EXPERIMENT_VERSION,
    name,
    ...(description !== undefined && { description }),
    simulation: sim,
    neurons,
    populations,
    synapseTypes,
    connections,
    projections,
    inputs,
    recording,
  };
  // version is one of SUPPORTED_VERSIONS here (checked above, or we would have returned).
  return typeof version === 'number' ? migrate(experiment, version) : experiment;
}

/** False, with an error, when `x` is an array of more than `most` items. */
function atMost(p: Problems, x: unknown, path: string, most: number, what: string): boolean {
  if (!Array.isArray(x) || x.length <= most) return true;
  p.add(path, `at most ${most} ${what}, got ${x.length}`);
  return false;
}

/** Reads the array `key` of `o` item by item; items with errors are left out (the result is then discarded). */
function items<T>(ctx: Context, o: Obj, key: string, read: (ctx: Context, x: unknown, path: string) => T | undefined): T[] {
  const list = array(ctx.p, field(o, key), key);
  const out: T[] = [];
  list?.forEach((x, i) => {
    const item = read(ctx, x, `${key}[${i}]`);
    if (item !== undefined) out.push(item);
  });
  return out;
}

function readSimulation(p: Problems, x: unknown, version: number): { value: SimulationSettings | undefined; dt: number | undefined } {
  const path = 'simulation';
  const o = object(p, x, path);
  if (o === undefined) return { value: undefined, dt: undefined };
  // randomDraws came with version 3: an older file has no such field and was run with the polar-stream draws (see migrate.ts).
  const namesDraws = version >= 3;
  checkKeys(
    p, o, path, ['dt', 'scheme', 'duration', 'seed', ...(namesDraws ? ['randomDraws'] : []), 'stopAtEnd'],
    { keys: ['randomDraws'], note: `needs version 3 or later; a version ${version} file uses the polar-stream draws` },
  );
  const dt = numWhere(p, field(o, 'dt'), at(path, 'dt'), isStepSize, STEP_RULE);
  const scheme = oneOf(p, field(o, 'scheme'), at(path, 'scheme'), INTEGRATION_SCHEMES);
  let duration = numWhere(p, field(o, 'duration'), at(path, 'duration'), (v) => v > 0, '> 0 ms');
  if (duration !== undefined && duration > MAX_DURATION) {
    p.add(at(path, 'duration'), `must be at most ${MAX_DURATION} ms (one hour), got ${duration}`);
    duration = undefined;
  }
  const seed = numWhere(
    p, field(o, 'seed'), at(path, 'seed'),
    (v) => Number.isInteger(v) && v >= 0 && v <= MAX_SEED, `an integer from 0 to ${MAX_SEED}`,
  );
  const randomDraws = namesDraws ? oneOf(p, field(o, 'randomDraws'), at(path, 'randomDraws'), RANDOM_DRAWS) : 'polar-stream';
  const stopAtEnd = optBool(p, field(o, 'stopAtEnd'), at(path, 'stopAtEnd'));
  const value = dt === undefined || scheme === undefined || duration === undefined || seed === undefined || randomDraws === undefined
    ? undefined
    : { dt, scheme, duration, seed, randomDraws, ...(stopAtEnd !== undefined && { stopAtEnd }) };
  return { value, dt };
}

const ROLES: readonly NeuronRole[] = ['excitatory', 'inhibitory'];
const MODELS = CELL_MODELS;

/** Fields shared by single neurons and populations: label, role, position. */
function readDecor(p: Problems, o: Obj, path: string): { ok: boolean; label: { label?: string }; role: { role?: NeuronRole }; position: { position?: { x: number; y: number } } } {
  const before = p.count;
  const rawLabel = field(o, 'label');
  const rawRole = field(o, 'role');
  const rawPosition = field(o, 'position');
  const label = optStr(p, rawLabel, at(path, 'label'));
  const role = rawRole === undefined ? undefined : oneOf(p, rawRole, at(path, 'role'), ROLES);
  const pos = rawPosition === undefined ? undefined : position(p, rawPosition, at(path, 'position'));
  // Each optional field as an object to spread, so that absent fields stay absent (not `undefined`).
  return {
    ok: p.count === before,
    label: label !== undefined ? { label } : {},
    role: role !== undefined ? { role } : {},
    position: pos !== undefined ? { position: pos } : {},
  };
}

const NEURON_KEYS = ['id', 'model', 'label', 'role', 'position', 'a', 'b', 'c', 'd', 'v0', 'u0', 'vpeak', 'equation'];
const EQUATION_KEYS = ['p1', 'p0', 'vb', 'uRestoring'];

/** The optional equation variant of a neuron (Izhikevich 2004). */
function readEquation(p: Problems, x: unknown, path: string): { ok: boolean; value: EquationVariant | undefined } {
  if (x === undefined) return { ok: true, value: undefined };
  const o = object(p, x, path);
  if (o === undefined) return { ok: false, value: undefined };
  const before = p.count;
  checkKeys(p, o, path, EQUATION_KEYS);
  const p1 = optNum(p, field(o, 'p1'), at(path, 'p1'));
  const p0 = optNum(p, field(o, 'p0'), at(path, 'p0'));
  const vb = optNum(p, field(o, 'vb'), at(path, 'vb'));
  const uRestoring = optBool(p, field(o, 'uRestoring'), at(path, 'uRestoring'));
  if (p.count > before) return { ok: false, value: undefined };
  return {
    ok: true,
    value: {
      ...(p1 !== undefined && { p1 }),
      ...(p0 !== undefined && { p0 }),
      ...(vb !== undefined && { vb }),
      ...(uRestoring !== undefined && { uRestoring }),
    },
  };
}

function readNeuron(ctx: Context, x: unknown, path: string): NeuronSpec | undefined {
  const { p } = ctx;
  const o = object(p, x, path);
  if (o === undefined) return undefined;
  const before = p.count;
  const nid = claimId(p, o, path, ctx.groups, { kind: 'neuron', path });
  const model = oneOf(p, field(o, 'model'), at(path, 'model'), MODELS);
  checkKeys(p, o, path, model === 'izhikevich2007' ? NEURON_2007_KEYS : NEURON_KEYS, model === undefined ? undefined : {
    keys: [...NEURON_KEYS, ...NEURON_2007_KEYS],
    note: `not a parameter of the ${model} model`,
  });
  if (model === 'izhikevich2007' && inVersion(ctx, at(path, 'model'), '"izhikevich2007"')) {
    const cell = readIzhikevich2007(p, o, path, ctx.changed);
    const decor = readDecor(p, o, path);
    if (p.count > before || nid === undefined || cell === undefined || !decor.ok) return undefined;
    const neuron: Izhikevich2007NeuronSpec = { id: nid, ...decor.label, model, ...decor.role, ...cell, ...decor.position };
    return neuron;
  }
  if (model !== 'izhikevich2003') return undefined;
  const cell = readCellParameters(p, o, path, ctx.changed);
  const decor = readDecor(p, o, path);
  if (p.count > before || nid === undefined || cell === undefined || !decor.ok) return undefined;
  return { id: nid, ...decor.label, model, ...decor.role, ...cell, ...decor.position };
}

const NEURON_2007_KEYS = ['id', 'model', 'label', 'role', 'position', 'C', 'k', 'vr', 'vt', 'vpeak', 'a', 'b', 'c', 'd', 'v0'];

/** The rules of an izhikevich2007 parameter, checked on a number or on a distribution's bounds. */
const IZH2007_RULES: Record<keyof Izhikevich2007Params, { ok: (v: number) => boolean; rule: string } | null> = {
  C: { ok: (v) => v > 0, rule: '> 0 pF' },
  k: { ok: (v) => v > 0, rule: '> 0 nS/mV' },
  vr: null,
  vt: null,
  vpeak: null,
  a: { ok: recoveryRateOkFor2007, rule: 'between -1 and 1 (1/ms)' },
  b: null,
  c: null,
  d: null,
  v0: null,
};
const IZH2007_KEYS: readonly (keyof Izhikevich2007Params)[] = ['C', 'k', 'vr', 'vt', 'vpeak', 'a', 'b', 'c', 'd', 'v0'];

function recoveryRateOkFor2007(v: number): boolean {
  return Math.abs(v) <= MAX_RECOVERY_RATE;
}

/**
 * C, k, vr, vt, vpeak, a, b, c, d and v0 of an izhikevich2007 neuron, all required (NeuroML has no
 * defaults for them). C and k must be positive (C divides, and k <= 0 has no spike), c below vpeak (else
 * the cell fires every step). vt may lie below vr: k (v - vr)(v - vt) is the same either way, and the
 * exact mapping of some 2003 cells (b from 0.26, cellMapping.ts) needs it.
 */
function readIzhikevich2007(p: Problems, o: Obj, path: string, changed?: string): Izhikevich2007Params | undefined {
  const before = p.count;
  const value: Partial<Izhikevich2007Params> = {};
  for (const key of IZH2007_KEYS) {
    const rule = IZH2007_RULES[key];
    value[key] = rule === null ? num(p, field(o, key), at(path, key)) : numWhere(p, field(o, key), at(path, key), rule.ok, rule.rule);
  }
  const { C, k, vr, vt, vpeak, a, b, c, d, v0 } = value;
  if (c !== undefined && vpeak !== undefined && !(c < vpeak)) {
    if (changed === 'c') p.add(at(path, 'c'), `must be below the spike cut-off vpeak (${vpeak} mV), got ${c}`);
    else p.add(at(path, 'vpeak'), `must be above the reset c (${c} mV), got ${vpeak}`);
  }
  if (p.count > before || C === undefined || k === undefined || vr === undefined || vt === undefined || vpeak === undefined ||
      a === undefined || b === undefined || c === undefined || d === undefined || v0 === undefined) return undefined;
  return { C, k, vr, vt, vpeak, a, b, c, d, v0 };
}

/** a, b, c, d, v0 and the optional u0, vpeak and equation of a neuron (or a lone cell). */
function readCellParameters(p: Problems, o: Obj, path: string, changed?: string): CellParameters | undefined {
  const before = p.count;
  const get = (key: string) => num(p, field(o, key), at(path, key));
  const a = numWhere(p, field(o, 'a'), at(path, 'a'), recoveryRateOk, RECOVERY_RATE_RULE);
  const b = get('b');
  const c = get('c');
  const d = get('d');
  const v0 = get('v0');
  const u0 = optNum(p, field(o, 'u0'), at(path, 'u0'));
  const vpeak = optNum(p, field(o, 'vpeak'), at(path, 'vpeak'));
  const equation = readEquation(p, field(o, 'equation'), at(path, 'equation'));
  // An invalid vpeak is already reported; comparing c with the default instead would mislead.
  if (c !== undefined && (field(o, 'vpeak') === undefined || vpeak !== undefined)) checkResetBelowPeak(p, path, c, c, vpeak, changed === 'c');
  if (p.count > before || a === undefined || b === undefined || c === undefined || d === undefined || v0 === undefined || !equation.ok) return undefined;
  return {
    a, b, c, d, v0,
    ...(u0 !== undefined && { u0 }),
    ...(vpeak !== undefined && { vpeak }),
    ...(equation.value !== undefined && { equation: equation.value }),
  };
}

/**
 * A reset at or above the cut-off would fire every step. `cMax` is the largest c the neuron(s) can get;
 * `vpeak` undefined means absent (the default applies). The complaint goes to vpeak when it is given,
 * unless `onC` (c is the field just set), and to c otherwise.
 */
function checkResetBelowPeak(p: Problems, path: string, cMin: number, cMax: number, vpeak: number | undefined, onC: boolean): void {
  if (!Number.isFinite(cMax)) return; // A normal c has unbounded tails: no fixed bound to compare.
  const peak = vpeak ?? DEFAULT_VPEAK;
  if (cMax < peak) return;
  if (vpeak === undefined || onC) {
    const got = cMin === cMax ? cMax : `up to ${cMax}`;
    p.add(at(path, 'c'), `must be below the spike cut-off vpeak (${peak} mV${vpeak === undefined ? ' by default' : ''}), got ${got}`);
  } else {
    p.add(at(path, 'vpeak'), `must be above the reset c (${cMin === cMax ? `${cMax} mV` : `which reaches ${cMax} mV`}), got ${vpeak}`);
  }
}

/**
 * Largest |a|, 1/ms: u's time constant 1/|a| then spans at least the largest step (1 ms), so the Euler
 * step of u cannot overshoot; the 2004 figure's fastest cell (depolarizing after-potential) has a = 1.
 */
export const MAX_RECOVERY_RATE = 1;
const recoveryRateOk = (v: number) => Math.abs(v) <= MAX_RECOVERY_RATE;
const RECOVERY_RATE_RULE = `between -${MAX_RECOVERY_RATE} and ${MAX_RECOVERY_RATE} (1/ms)`;

const POPULATION_KEYS = ['id', 'size', 'model', 'label', 'role', 'position', 'a', 'b', 'c', 'd', 'v0', 'u0', 'vpeak'];
const POPULATION_2007_KEYS = ['id', 'size', 'model', 'label', 'role', 'position', ...IZH2007_KEYS];

function readPopulation(ctx: Context, x: unknown, path: string): PopulationSpec | undefined {
  const { p } = ctx;
  const o = object(p, x, path);
  if (o === undefined) return undefined;
  const before = p.count;
  const model = oneOf(p, field(o, 'model'), at(path, 'model'), MODELS);
  checkKeys(p, o, path, model === 'izhikevich2007' ? POPULATION_2007_KEYS : POPULATION_KEYS, model === undefined ? undefined : {
    keys: [...POPULATION_KEYS, ...POPULATION_2007_KEYS],
    note: `not a parameter of the ${model} model`,
  });
  const size = numWhere(
    p, field(o, 'size'), at(path, 'size'),
    (v) => Number.isInteger(v) && v >= 1 && v <= MAX_POPULATION_SIZE, `an integer from 1 to ${MAX_POPULATION_SIZE}`,
  );
  const pid = claimId(p, o, path, ctx.groups, { kind: 'population', size, path });
  if (model === 'izhikevich2007' && inVersion(ctx, at(path, 'model'), '"izhikevich2007"')) {
    const cells = readIzhikevich2007Distributions(p, o, path);
    const decor = readDecor(p, o, path);
    if (p.count > before || pid === undefined || size === undefined || cells === undefined || !decor.ok) return undefined;
    const population: Izhikevich2007PopulationSpec = { id: pid, ...decor.label, size, model, ...decor.role, ...cells, ...decor.position };
    return population;
  }
  if (model !== 'izhikevich2003') return undefined;
  const get = (key: string) => distribution(p, field(o, key), at(path, key));
  const a = get('a');
  if (a !== undefined) {
    // Like c against vpeak: a draw is checked when the distribution has fixed bounds.
    const range = bounds(a);
    if (Number.isFinite(range.min) && Number.isFinite(range.max) && !(recoveryRateOk(range.min) && recoveryRateOk(range.max))) {
      const got = typeof a === 'number' ? `${a}` : `a ${a.dist} distribution from ${range.min} to ${range.max}`;
      p.add(at(path, 'a'), `must be ${RECOVERY_RATE_RULE}, got ${got}`);
    }
  }
  const b = get('b');
  const c = get('c');
  const d = get('d');
  const v0 = get('v0');
  const u0 = field(o, 'u0') === undefined ? undefined : get('u0');
  const vpeak = optNum(p, field(o, 'vpeak'), at(path, 'vpeak'));
  const decor = readDecor(p, o, path);
  if (c !== undefined && (field(o, 'vpeak') === undefined || vpeak !== undefined)) {
    const range = bounds(c);
    checkResetBelowPeak(p, path, range.min, range.max, vpeak, false);
  }
  if (p.count > before || pid === undefined || size === undefined || model === undefined || a === undefined ||
      b === undefined || c === undefined || d === undefined || v0 === undefined || !decor.ok) return undefined;
  return {
    id: pid, ...decor.label, size, model, ...decor.role, a, b, c, d, v0,
    ...(u0 !== undefined && { u0 }),
    ...(vpeak !== undefined && { vpeak }),
    ...decor.position,
  };
}


/** The izhikevich2007 parameters of a population: a distribution each, held to the single neuron's rules over its bounds. */
function readIzhikevich2007Distributions(p: Problems, o: Obj, path: string): Omit<Izhikevich2007PopulationSpec, 'id' | 'size' | 'model' | 'label' | 'role' | 'position'> | undefined {
  const before = p.count;
  const value: Partial<Record<keyof Izhikevich2007Params, Distribution>> = {};
  const range: Partial<Record<keyof Izhikevich2007Params, { min: number; max: number }>> = {};
  for (const key of IZH2007_KEYS) {
    const d = distribution(p, field(o, key), at(path, key));
    if (d === undefined) continue;
    const r = bounds(d);
    const rule = IZH2007_RULES[key];
    // A normal with sd > 0 has unbounded tails: a rule with a bound would refuse it, so say so.
    if (rule !== null && !(rule.ok(r.min) && rule.ok(r.max))) {
      p.add(at(path, key), `must be ${rule.rule} for every draw, got ${typeof d === 'number' ? d : `${reachingDownTo(d, r.min)}`}`);
      continue;
    }
    value[key] = d;
    range[key] = r;
  }
  const { c, vpeak } = range;
  // Unbounded tails (a normal with sd > 0) give no fixed bound to compare, as for the 2003 cell's c.
  const finite = (r: { min: number; max: number }) => Number.isFinite(r.min) && Number.isFinite(r.max);
  if (c !== undefined && vpeak !== undefined && finite(c) && finite(vpeak) && !(c.max < vpeak.min)) {
    p.add(at(path, 'vpeak'), `must be above the reset c for every draw (c reaches ${c.max} mV, vpeak goes down to ${vpeak.min} mV)`);
  }
  const { C, k, a, b, d, v0 } = value;
  if (p.count > before || C === undefined || k === undefined || value.vr === undefined || value.vt === undefined ||
      value.vpeak === undefined || a === undefined || b === undefined || value.c === undefined || d === undefined || v0 === undefined) return undefined;
  return { C, k, vr: value.vr, vt: value.vt, vpeak: value.vpeak, a, b, c: value.c, d, v0 };
}

const SYNAPSE_KINDS: readonly SynapseKind[] = ['expConductance', 'expTwoConductance', 'alphaConductance', 'writeup', 'current'];
const SYNAPSE_KEYS: Record<SynapseKind, readonly string[]> = {
  expConductance: ['id', 'kind', 'label', 'gbase', 'tau', 'erev'],
  expTwoConductance: ['id', 'kind', 'label', 'gbase', 'tauRise', 'tauDecay', 'erev'],
  alphaConductance: ['id', 'kind', 'label', 'gbase', 'tau', 'erev'],
  writeup: ['id', 'kind', 'label', 'gbase', 'tau', 'effect'],
  current: ['id', 'kind', 'label', 'pulse'],
};

function readSynapseType(ctx: Context, x: unknown, path: string): SynapseTypeSpec | undefined {
  const { p } = ctx;
  const o = object(p, x, path);
  if (o === undefined) return undefined;
  const before = p.count;
  const kind = oneOf(p, field(o, 'kind'), at(path, 'kind'), SYNAPSE_KINDS);
  const sid = claimId(p, o, path, ctx.synapses, { kind, path });
  if (kind === undefined) return undefined; // Without a kind the allowed fields are unknown.
  checkKeys(p, o, path, [...SYNAPSE_KEYS[kind], 'plasticity'], { keys: Object.values(SYNAPSE_KEYS).flat(), note: `not used by a "${kind}" synapse type` });
  const label = optStr(p, field(o, 'label'), at(path, 'label'));
  const plasticity = readPlasticity(ctx, field(o, 'plasticity'), at(path, 'plasticity'), kind);
  const claimed = sid === undefined ? undefined : ctx.synapses.get(sid);
  if (claimed !== undefined && plasticity !== undefined) claimed.wMax = plasticity.wMax;
  const extras = { ...(label !== undefined && { label }), ...(plasticity !== undefined && kind !== 'writeup' && { plasticity }) };
  if (kind === 'current') {
    const pulse = optStepSpan(ctx, field(o, 'pulse'), at(path, 'pulse'));
    return p.count > before || sid === undefined ? undefined : { id: sid, ...extras, kind, ...(pulse !== undefined && { pulse }) };
  }
  if ((kind === 'expTwoConductance' || kind === 'alphaConductance') && !inVersion(ctx, at(path, 'kind'), `"${kind}"`)) return undefined;
  const gbase = numWhere(p, field(o, 'gbase'), at(path, 'gbase'), (v) => v >= 0, '>= 0 nS');
  if (kind === 'expTwoConductance') {
    const tauRise = numWhere(p, field(o, 'tauRise'), at(path, 'tauRise'), (v) => v > 0, '> 0 ms');
    const tauDecay = numWhere(p, field(o, 'tauDecay'), at(path, 'tauDecay'), (v) => v > 0, '> 0 ms');
    // Equal time constants make NeuroML's peak factor divide by zero; a rise slower than the decay swaps their roles.
    if (tauRise !== undefined && tauDecay !== undefined && !(tauRise < tauDecay)) {
      if (ctx.changed === 'tauDecay') p.add(at(path, 'tauDecay'), `must be longer than tauRise (${tauRise} ms), got ${tauDecay}`);
      else p.add(at(path, 'tauRise'), `must be shorter than tauDecay (${tauDecay} ms), got ${tauRise}`);
    }
    const erev = num(p, field(o, 'erev'), at(path, 'erev'));
    if (p.count > before || sid === undefined || gbase === undefined || tauRise === undefined || tauDecay === undefined || erev === undefined) return undefined;
    return { id: sid, ...extras, kind, gbase, tauRise, tauDecay, erev };
  }
  const tau = numWhere(p, field(o, 'tau'), at(path, 'tau'), (v) => v > 0, '> 0 ms');
  if (kind === 'expConductance' || kind === 'alphaConductance') {
    const erev = num(p, field(o, 'erev'), at(path, 'erev'));
    if (p.count > before || sid === undefined || gbase === undefined || tau === undefined || erev === undefined) return undefined;
    return { id: sid, ...extras, kind, gbase, tau, erev };
  }
  const effect = oneOf(p, field(o, 'effect'), at(path, 'effect'), ROLES);
  if (p.count > before || sid === undefined || gbase === undefined || tau === undefined || effect === undefined) return undefined;
  return { id: sid, ...extras, kind, gbase, tau, effect };
}

// ---------------------------------------------------------------------------------------------
// References

const INDEXED_REF = /^([A-Za-z_][A-Za-z0-9_-]*)\[(0|[1-9][0-9]*)\]$/;

/**
 * Checks a reference to one neuron: a neuron id or `population[i]`. With `allowPopulation`, a
 * population id (all its neurons) is accepted too. Returns the reference when it was a string.
 */
function neuronRef(ctx: Context, x: unknown, path: string, allowPopulation: boolean): string | undefined {
  const { p } = ctx;
  const ref = str(p, x, path);
  if (ref === undefined) return undefined;
  const group = ctx.groups.get(ref);
  if (group !== undefined) {
    if (group.kind === 'neuron' || allowPopulation) return ref;
    p.add(path, `${quote(ref)} is a population: name one of its neurons, e.g. "${ref}[0]"`);
    return undefined;
  }
  const m = INDEXED_REF.exec(ref);
  const base = m === null ? undefined : ctx.groups.get(m[1]);
  if (m !== null && base?.kind === 'population') {
    const index = Number(m[2]);
    if (base.size === undefined || index < base.size) return ref;
    p.add(path, `${ref}: index out of range (${m[1]} has ${base.size} ${base.size === 1 ? 'neuron' : 'neurons'})`);
    return undefined;
  }
  if (m !== null && base?.kind === 'neuron') {
    p.add(path, `${quote(m[1])} is a single neuron, not a population: write ${quote(m[1])}`);
    return undefined;
  }
  if (ctx.groupsKnown) p.add(path, `unknown neuron ${quote(ref)}`);
  return undefined;
}

/** A neuron or population id (a whole group), for projections. */
function groupRef(ctx: Context, x: unknown, path: string): { id: string; size: number | undefined } | undefined {
  const { p } = ctx;
  const ref = str(p, x, path);
  if (ref === undefined) return undefined;
  const group = ctx.groups.get(ref);
  if (group !== undefined) return { id: ref, size: group.kind === 'neuron' ? 1 : group.size };
  if (INDEXED_REF.test(ref)) {
    p.add(path, `expected a neuron or population id, got ${quote(ref)} (a projection connects whole groups; use a connection for one neuron of a population)`);
  } else if (ctx.groupsKnown) {
    p.add(path, `unknown neuron or population ${quote(ref)}`);
  }
  return undefined;
}

/** Synapse kinds a Poisson source can drive: the linear conductances (NeuroML's poissonFiringSynapse takes these). */
export const POISSON_SYNAPSE_KINDS: readonly SynapseKind[] = ['expConductance', 'expTwoConductance', 'alphaConductance'];

/** A synapse type id; `conductanceOnly` for Poisson sources, which need a linear conductance type (POISSON_SYNAPSE_KINDS). */
function synapseRef(ctx: Context, x: unknown, path: string, conductanceOnly = false): string | undefined {
  const { p } = ctx;
  const ref = str(p, x, path);
  if (ref === undefined) return undefined;
  const syn = ctx.synapses.get(ref);
  if (syn === undefined) {
    if (ctx.synapsesKnown) p.add(path, `unknown synapse type ${quote(ref)}`);
    return undefined;
  }
  if (conductanceOnly && syn.kind !== undefined && !POISSON_SYNAPSE_KINDS.includes(syn.kind)) {
    p.add(path, `a Poisson source needs a conductance synapse type (${POISSON_SYNAPSE_KINDS.join(', ')}), ${quote(ref)} is ${syn.kind}`);
    return undefined;
  }
  return ref;
}

/** The weight rule of the synapse type `synapse` (skipped when its kind was invalid, already reported). */
function checkWeight(ctx: Context, synapse: string, weight: Distribution, path: string): void {
  const type = ctx.synapses.get(synapse);
  const kind = type?.kind;
  const problem = kind === undefined ? null : weightProblem(kind, weight);
  if (problem !== null) ctx.p.add(path, problem);
  else if (type?.wMax !== undefined) {
    // Plasticity keeps weights in [0, wMax]: a weight outside would be clipped at the build, unseen.
    const { min, max } = bounds(weight);
    if (min < 0 || max > type.wMax) {
      const got = typeof weight === 'number' || !Number.isFinite(min) ? reachingDownTo(weight, min) : `${weight.dist === 'r' ? 'an' : 'a'} ${weight.dist} distribution from ${min} to ${max}`;
      ctx.p.add(path, `must be between 0 and ${type.wMax} (the wMax of the plastic synapse type ${quote(synapse)}), got ${got}`);
    }
  }
}

const PLASTICITY_KEYS = ['rule', 'pairing', 'update', 'aPlus', 'aMinus', 'tauPlus', 'tauMinus', 'wMax'];

/** A synapse type's optional STDP rule (types.ts, PlasticitySpec). */
function readPlasticity(ctx: Context, x: unknown, path: string, kind: SynapseKind): PlasticitySpec | undefined {
  if (x === undefined) return undefined;
  const { p } = ctx;
  const o = object(p, x, path);
  if (o === undefined) return undefined;
  if (kind === 'writeup') {
    p.add(path, 'not available for "writeup" synapses (their conductance depends on v_pre); use an expConductance or current synapse type');
    return undefined;
  }
  const before = p.count;
  checkKeys(p, o, path, PLASTICITY_KEYS);
  const rule = oneOf(p, field(o, 'rule'), at(path, 'rule'), ['stdp'] as const);
  const pairing = oneOf(p, field(o, 'pairing'), at(path, 'pairing'), STDP_PAIRINGS);
  const update = oneOf(p, field(o, 'update'), at(path, 'update'), STDP_UPDATES);
  const amplitude = (key: string) => numWhere(p, field(o, key), at(path, key), (v) => v >= 0, '>= 0 (in units of weight)');
  const window = (key: string) => numWhere(p, field(o, key), at(path, key), (v) => v > 0 && v <= MAX_DURATION, `> 0 and at most ${MAX_DURATION} ms`);
  const aPlus = amplitude('aPlus');
  const aMinus = amplitude('aMinus');
  const tauPlus = window('tauPlus');
  const tauMinus = window('tauMinus');
  const wMax = numWhere(p, field(o, 'wMax'), at(path, 'wMax'), (v) => v > 0, '> 0 (the largest weight)');
  if (p.count > before || rule === undefined || pairing === undefined || update === undefined || aPlus === undefined ||
      aMinus === undefined || tauPlus === undefined || tauMinus === undefined || wMax === undefined) return undefined;
  return { rule, pairing, update, aPlus, aMinus, tauPlus, tauMinus, wMax };
}

/** Delays are whole steps, a spike acts from the next step at the earliest, and at most MAX_DELAY_MS later. */
function delay(ctx: Context, x: unknown, path: string): number | undefined {
  const v = num(ctx.p, x, path);
  if (v === undefined) return undefined;
  if (v > MAX_DELAY_MS) {
    ctx.p.add(path, `must be at most ${MAX_DELAY_MS} ms (10 s), got ${v}`);
    return undefined;
  }
  return stepSpan(ctx, v, path);
}

/** At least one step. */
function stepSpan(ctx: Context, v: number, path: string): number | undefined {
  if (ctx.dt === undefined || !belowOneStep(v, ctx.dt)) return v;
  ctx.p.add(path, `must be at least one step (${ctx.dt} ms), got ${v}`);
  return undefined;
}

/** A noise hold or a current pulse: optional, at most a run's length, and like a delay at least one step. */
function optStepSpan(ctx: Context, x: unknown, path: string): number | undefined {
  if (x === undefined) return undefined;
  const v = numWhere(ctx.p, x, path, (ms) => ms > 0 && ms <= MAX_DURATION, `> 0 and at most ${MAX_DURATION} ms`);
  return v === undefined ? undefined : stepSpan(ctx, v, path);
}

function belowOneStep(ms: number, dt: number): boolean {
  // Relative tolerance so that e.g. 0.1 stays one step at dt = 0.1 after arithmetic in an editor.
  return ms < dt * (1 - 1e-9);
}

// ---------------------------------------------------------------------------------------------
// Connections, projections, inputs, recording

function readConnection(ctx: Context, x: unknown, path: string): ConnectionSpec | undefined {
  const { p } = ctx;
  const o = object(p, x, path);
  if (o === undefined) return undefined;
  const before = p.count;
  checkKeys(p, o, path, ['pre', 'post', 'synapse', 'weight', 'delay']);
  const pre = neuronRef(ctx, field(o, 'pre'), at(path, 'pre'), false);
  const post = neuronRef(ctx, field(o, 'post'), at(path, 'post'), false);
  const synapse = synapseRef(ctx, field(o, 'synapse'), at(path, 'synapse'));
  const weight = num(p, field(o, 'weight'), at(path, 'weight'));
  if (weight !== undefined && synapse !== undefined) checkWeight(ctx, synapse, weight, at(path, 'weight'));
  const d = delay(ctx, field(o, 'delay'), at(path, 'delay'));
  if (p.count > before || pre === undefined || post === undefined || synapse === undefined || weight === undefined || d === undefined) return undefined;
  return { pre, post, synapse, weight, delay: d };
}

const RULES = ['all-to-all', 'probability', 'in-degree', 'out-degree'] as const;

function readProjection(ctx: Context, x: unknown, path: string, seen: Map<string, { path: string }>): ProjectionSpec | undefined {
  const { p } = ctx;
  const o = object(p, x, path);
  if (o === undefined) return undefined;
  const before = p.count;
  checkKeys(p, o, path, ['id', 'pre', 'post', 'synapse', 'connect', 'autapses', 'weight', 'delay', 'weights']);
  const pid = claimId(p, o, path, seen, { path });
  const pre = groupRef(ctx, field(o, 'pre'), at(path, 'pre'));
  const post = groupRef(ctx, field(o, 'post'), at(path, 'post'));
  const synapse = synapseRef(ctx, field(o, 'synapse'), at(path, 'synapse'));
  const rawAutapses = field(o, 'autapses');
  if (rawAutapses !== undefined && typeof rawAutapses !== 'boolean') p.add(at(path, 'autapses'), `expected true or false, got ${show(rawAutapses)}`);
  const autapses = typeof rawAutapses === 'boolean' ? rawAutapses : undefined;
  const connect = readRule(ctx, field(o, 'connect'), at(path, 'connect'), pre, post, autapses ?? false);
  const weight = distribution(p, field(o, 'weight'), at(path, 'weight'));
  const d = distribution(p, field(o, 'delay'), at(path, 'delay'));
  if (d !== undefined) {
    // Every draw must be at least one step (a distribution that can go lower would fail when wired) and
    // at most MAX_DELAY_MS.
    const { min, max } = bounds(d);
    if (ctx.dt !== undefined && belowOneStep(min, ctx.dt)) p.add(at(path, 'delay'), `must be at least one step (${ctx.dt} ms), got ${reachingDownTo(d, min)}`);
    else if (max > MAX_DELAY_MS) {
      const got = typeof d === 'number' ? `${d}` : `${d.dist === 'r' ? 'an' : 'a'} ${d.dist} distribution reaching up to ${max}`;
      p.add(at(path, 'delay'), `must be at most ${MAX_DELAY_MS} ms (10 s), got ${got}`);
    }
  }
  if (weight !== undefined && synapse !== undefined) checkWeight(ctx, synapse, weight, at(path, 'weight'));
  // A probability rule's count is known only once drawn: the build checks it.
  const made = connect !== undefined && connect.rule !== 'probability' && pre?.size !== undefined && post?.size !== undefined
    ? projectionSynapses(connect, pre.size, post.size, pre.id !== post.id || (autapses ?? false))
    : undefined;
  const weights = keptWeights(ctx, field(o, 'weights'), at(path, 'weights'), synapse, made);
  if (p.count > before || pid === undefined || pre === undefined || post === undefined || synapse === undefined ||
      connect === undefined || weight === undefined || d === undefined) return undefined;
  return {
    id: pid, pre: pre.id, post: post.id, synapse, connect,
    ...(autapses !== undefined && { autapses }),
    weight, delay: d,
    ...(weights !== undefined && { weights }),
  };
}

/** A projection's kept weights (ProjectionSpec.weights): each held to its synapse type's weight rule, as many as it makes synapses. */
function keptWeights(ctx: Context, x: unknown, path: string, synapse: string | undefined, made: number | undefined): number[] | undefined {
  if (x === undefined) return undefined;
  const { p } = ctx;
  if (!Array.isArray(x)) {
    p.add(path, `expected a list of weights, one per synapse, got ${show(x)}`);
    return undefined;
  }
  const weights: number[] = [];
  for (const [k, w] of x.entries()) {
    const before = p.count;
    if (typeof w !== 'number' || !Number.isFinite(w)) p.add(`${path}[${k}]`, `expected a finite number, got ${show(w)}`);
    else if (synapse !== undefined) checkWeight(ctx, synapse, w, `${path}[${k}]`);
    // The first bad weight is enough: a list of a thousand would bury the message.
    if (p.count > before) return undefined;
    weights.push(Number(w));
  }
  if (made !== undefined && weights.length !== made) {
    p.add(path, `has ${weights.length} weights but the projection makes ${made} synapses (delete "weights" to draw them again)`);
    return undefined;
  }
  return weights;
}

function readRule(
  ctx: Context, x: unknown, path: string,
  pre: { id: string; size: number | undefined } | undefined,
  post: { id: string; size: number | undefined } | undefined,
  autapses: boolean,
): ConnectionRule | undefined {
  const { p } = ctx;
  const o = object(p, x, path);
  if (o === undefined) return undefined;
  const rule = oneOf(p, field(o, 'rule'), at(path, 'rule'), RULES);
  switch (rule) {
    case undefined:
      return undefined;
    case 'all-to-all':
      checkKeys(p, o, path, ['rule'], { keys: ['p', 'k'], note: 'all-to-all takes no parameters' });
      return { rule };
    case 'probability': {
      checkKeys(p, o, path, ['rule', 'p'], { keys: ['k'], note: 'k belongs to the in-degree and out-degree rules' });
      const prob = numWhere(p, field(o, 'p'), at(path, 'p'), (v) => v >= 0 && v <= 1, 'between 0 and 1');
      return prob === undefined ? undefined : { rule, p: prob };
    }
    case 'in-degree':
    case 'out-degree': {
      checkKeys(p, o, path, ['rule', 'k'], { keys: ['p'], note: 'p belongs to the probability rule' });
      const k = numWhere(p, field(o, 'k'), at(path, 'k'), (v) => Number.isInteger(v) && v >= 0, 'an integer >= 0');
      if (k === undefined) return undefined;
      // In-degree: each post neuron needs k distinct sources; out-degree: each pre neuron k distinct
      // targets. Without autapses a neuron cannot be its own.
      const pool = rule === 'in-degree' ? pre : post;
      if (pool !== undefined && pool.size !== undefined && pre !== undefined && post !== undefined) {
        const noSelf = pre.id === post.id && !autapses;
        const most = pool.size - (noSelf ? 1 : 0);
        if (k > most) {
          const why = `${pool.id} has ${pool.size} ${pool.size === 1 ? 'neuron' : 'neurons'}${noSelf ? ' and autapses are off' : ''}`;
          p.add(at(path, 'k'), `must be at most ${most} (${why}), got ${k}`);
          return undefined;
        }
      }
      return { rule, k };
    }
  }
}

const INPUT_KINDS = ['constant', 'pulse', 'noise', 'poisson', 'sine', 'recorded', 'spikeSource'] as const;
const INPUT_KEYS: Record<(typeof INPUT_KINDS)[number], readonly string[]> = {
  constant: ['id', 'kind', 'target', 'amplitude'],
  pulse: ['id', 'kind', 'target', 'start', 'duration', 'amplitude', 'period', 'slope'],
  noise: ['id', 'kind', 'target', 'mean', 'sd', 'hold'],
  poisson: ['id', 'kind', 'target', 'rate', 'synapse', 'weight', 'start', 'duration'],
  sine: ['id', 'kind', 'target', 'start', 'duration', 'amplitude', 'period', 'phase'],
  recorded: ['id', 'kind', 'target', 'values', 'source'],
  spikeSource: ['id', 'kind', 'target', 'process', 'rate', 'minISI', 'maxISI'],
};

function readInput(ctx: Context, x: unknown, path: string, seen: Map<string, { path: string }>): InputSpec | undefined {
  const { p } = ctx;
  const o = object(p, x, path);
  if (o === undefined) return undefined;
  const before = p.count;
  const iid = claimId(p, o, path, seen, { path });
  const kind = oneOf(p, field(o, 'kind'), at(path, 'kind'), INPUT_KINDS);
  const target = neuronRef(ctx, field(o, 'target'), at(path, 'target'), true);
  if (kind === undefined) return undefined;
  checkKeys(p, o, path, INPUT_KEYS[kind], { keys: Object.values(INPUT_KEYS).flat(), note: `not used by a "${kind}" input` });
  const get = (key: string) => num(p, field(o, key), at(path, key));
  const done = () => p.count === before;
  switch (kind) {
    case 'constant': {
      const amplitude = get('amplitude');
      return done() && iid !== undefined && target !== undefined && amplitude !== undefined
        ? { id: iid, kind, target, amplitude } : undefined;
    }
    case 'pulse': {
      const start = numWhere(p, field(o, 'start'), at(path, 'start'), (v) => v >= 0, '>= 0 ms');
      const duration = optNumWhere(p, field(o, 'duration'), at(path, 'duration'), (v) => v > 0, '> 0 ms');
      const period = optNumWhere(p, field(o, 'period'), at(path, 'period'), (v) => v > 0, '> 0 ms');
      const amplitude = get('amplitude');
      const slope = optNum(p, field(o, 'slope'), at(path, 'slope'));
      if (duration !== undefined && period !== undefined && period < duration) {
        if (ctx.changed === 'duration') p.add(at(path, 'duration'), `must be at most the period (${period} ms), got ${duration}`);
        else p.add(at(path, 'period'), `must be at least the pulse duration (${duration} ms), got ${period}`);
      }
      if (!done() || iid === undefined || target === undefined || start === undefined || amplitude === undefined) return undefined;
      return {
        id: iid, kind, target, start,
        ...(duration !== undefined && { duration }),
        amplitude,
        ...(period !== undefined && { period }),
        ...(slope !== undefined && { slope }),
      };
    }
    case 'noise': {
      const mean = get('mean');
      const sd = numWhere(p, field(o, 'sd'), at(path, 'sd'), (v) => v >= 0, '>= 0');
      const hold = optStepSpan(ctx, field(o, 'hold'), at(path, 'hold'));
      return done() && iid !== undefined && target !== undefined && mean !== undefined && sd !== undefined
        ? { id: iid, kind, target, mean, sd, ...(hold !== undefined && { hold }) } : undefined;
    }
    case 'poisson': {
      const rate = numWhere(p, field(o, 'rate'), at(path, 'rate'), (v) => v >= 0 && v <= MAX_POISSON_RATE, `between 0 and ${MAX_POISSON_RATE} Hz`);
      const synapse = synapseRef(ctx, field(o, 'synapse'), at(path, 'synapse'), true);
      const weight = get('weight');
      if (weight !== undefined && synapse !== undefined) checkWeight(ctx, synapse, weight, at(path, 'weight'));
      const start = optNumWhere(p, field(o, 'start'), at(path, 'start'), (v) => v >= 0, '>= 0 ms');
      const duration = optNumWhere(p, field(o, 'duration'), at(path, 'duration'), (v) => v > 0, '> 0 ms');
      return done() && iid !== undefined && target !== undefined && rate !== undefined && synapse !== undefined && weight !== undefined
        ? { id: iid, kind, target, rate, synapse, weight, ...(start !== undefined && { start }), ...(duration !== undefined && { duration }) } : undefined;
    }
    case 'sine': {
      const start = numWhere(p, field(o, 'start'), at(path, 'start'), (v) => v >= 0, '>= 0 ms');
      const duration = optNumWhere(p, field(o, 'duration'), at(path, 'duration'), (v) => v > 0, '> 0 ms');
      const period = numWhere(p, field(o, 'period'), at(path, 'period'), (v) => v > 0, '> 0 ms');
      const amplitude = get('amplitude');
      const phase = get('phase');
      if (!done() || iid === undefined || target === undefined || start === undefined || period === undefined || amplitude === undefined || phase === undefined) return undefined;
      return { id: iid, kind, target, start, ...(duration !== undefined && { duration }), amplitude, period, phase };
    }
    case 'recorded': {
      const values = recordedValues(p, field(o, 'values'), at(path, 'values'));
      const source = optStr(p, field(o, 'source'), at(path, 'source'));
      if (!done() || iid === undefined || target === undefined || values === undefined) return undefined;
      return { id: iid, kind, target, values, ...(source !== undefined && { source }) };
    }
    case 'spikeSource': {
      if (!inVersion(ctx, at(path, 'kind'), '"spikeSource"')) return undefined;
      const spec = readSpikeSource(p, o, path);
      return done() && iid !== undefined && target !== undefined && spec !== undefined ? { id: iid, kind, target, ...spec } : undefined;
    }
  }
}

/** What is wrong with a spike source's process and numbers (the rules of a spikeSource input), for readers of other formats. */
export function spikeProcessProblems(process: Obj): string[] {
  const p = new Problems();
  readSpikeSource(p, process, '');
  return p.messages();
}

/** The process of a spikeSource input and its numbers (see SpikeSourceSpec), each field checked on its own. */
function readSpikeSource(p: Problems, o: Obj, path: string): DistributiveOmit<SpikeSourceSpec, 'id' | 'kind' | 'target'> | undefined {
  const process = oneOf(p, field(o, 'process'), at(path, 'process'), SPIKE_PROCESSES);
  if (process === undefined) return undefined;
  const own = { poisson: ['rate'], refPoisson: ['rate', 'minISI'], uniform: ['minISI', 'maxISI'] }[process];
  for (const key of ['rate', 'minISI', 'maxISI']) if (!own.includes(key) && field(o, key) !== undefined) p.add(at(path, key), `not used by a "${process}" spike source`);
  const rate = () => numWhere(p, field(o, 'rate'), at(path, 'rate'), (v) => v > 0 && v <= MAX_POISSON_RATE, `above 0 and at most ${MAX_POISSON_RATE} Hz`);
  const minISI = () => numWhere(p, field(o, 'minISI'), at(path, 'minISI'), (v) => v >= 0, '>= 0 ms');
  switch (process) {
    case 'poisson': {
      const r = rate();
      return r === undefined ? undefined : { process, rate: r };
    }
    case 'refPoisson': {
      const r = rate();
      const m = minISI();
      if (r === undefined || m === undefined) return undefined;
      // The exponential part has mean 1000 / rate - minISI: negative would be no distribution.
      if (m > 1000 / r) {
        p.add(at(path, 'minISI'), `must be at most the mean interval 1000 / rate = ${1000 / r} ms, got ${m}`);
        return undefined;
      }
      return { process, rate: r, minISI: m };
    }
    case 'uniform': {
      const m = minISI();
      const max = numWhere(p, field(o, 'maxISI'), at(path, 'maxISI'), (v) => v > 0, '> 0 ms');
      if (m === undefined || max === undefined) return undefined;
      if (max < m) {
        p.add(at(path, 'maxISI'), `must be at least minISI (${m} ms), got ${max}`);
        return undefined;
      }
      return { process, minISI: m, maxISI: max };
    }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function recordedValues(p: Problems, x: unknown, path: string): number[] | undefined {
  const list = array(p, x, path);
  if (list === undefined) return undefined;
  if (list.length > MAX_RECORDED_VALUES) {
    p.add(path, `at most ${MAX_RECORDED_VALUES} values, got ${list.length}`);
    return undefined;
  }
  const before = p.count;
  const values = new Array<number>(list.length);
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    // Inline check first: this loop can see ten million entries.
    if (typeof v === 'number' && Number.isFinite(v)) values[i] = v;
    else num(p, v, `${path}[${i}]`);
  }
  return p.count === before ? values : undefined;
}

function readRecording(ctx: Context, x: unknown, path: string): RecordingSpec | undefined {
  const { p } = ctx;
  const o = object(p, x, path);
  if (o === undefined) return undefined;
  const before = p.count;
  checkKeys(p, o, path, ['watch', 'variables']);
  const watch: string[] = [];
  const rawWatch = array(p, field(o, 'watch'), at(path, 'watch'));
  if (rawWatch !== undefined && rawWatch.length > MAX_WATCHED) {
    p.add(at(path, 'watch'), `at most ${MAX_WATCHED} neurons, got ${rawWatch.length}`);
  } else {
    rawWatch?.forEach((item, i) => {
      const itemPath = `${path}.watch[${i}]`;
      const ref = neuronRef(ctx, item, itemPath, false);
      if (ref === undefined) return;
      if (watch.includes(ref)) p.add(itemPath, `duplicate ${quote(ref)}`);
      else watch.push(ref);
    });
  }
  const variables: TraceVariable[] = [];
  array(p, field(o, 'variables'), at(path, 'variables'))?.forEach((item, i) => {
    const itemPath = `${path}.variables[${i}]`;
    const v = oneOf(p, item, itemPath, TRACE_VARIABLES);
    if (v === undefined) return;
    if (variables.includes(v)) p.add(itemPath, `duplicate ${quote(v)}`);
    else variables.push(v);
  });
  return p.count > before ? undefined : { watch, variables };
}

// ---------------------------------------------------------------------------------------------
// JSON syntax errors

/**
 * Engines word JSON.parse errors differently and some (Safari) give no position, so the position is
 * found by a small scanner of our own, run only after JSON.parse has failed.
 */
function describeJsonError(text: string, error: unknown): string {
  let found: { at: number; message: string } | null;
  try {
    found = locateJsonError(text);
  } catch {
    found = null; // e.g. nesting too deep for the recursive scanner: fall back to the engine's words.
  }
  if (found === null) return `JSON syntax error: ${error instanceof Error ? error.message : String(error)}`;
  const { line, column } = lineColumn(text, found.at);
  return `JSON syntax error at line ${line}, column ${column}: ${found.message}`;
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

class JsonSyntax extends Error {
  constructor(readonly at: number, message: string) {
    super(message);
  }
}

/** The offset and nature of the first syntax error in `text`, or null if it is valid JSON. */
export function locateJsonError(text: string): { at: number; message: string } | null {
  let i = 0;
  const n = text.length;
  const fail = (message: string, where = i): never => {
    throw new JsonSyntax(where, message);
  };
  const here = (): string => (i >= n ? 'end of text' : JSON.stringify(text[i]));
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  /** The word at i, for messages about bare words such as `undefined` or `tru`. */
  const token = (): string => JSON.stringify(/^[A-Za-z0-9_$.+-]+/.exec(text.slice(i, i + 40))?.[0] ?? text[i]);
  const literal = (word: string) => {
    if (!text.startsWith(word, i)) fail(`unexpected ${token()}`);
    i += word.length;
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= n) fail('unterminated string');
      const ch = text.charCodeAt(i);
      if (ch === 0x22) {
        i++;
        return;
      }
      if (ch < 0x20) fail('line break or control character inside a string');
      if (ch === 0x5c) {
        const esc = text[i + 1];
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('bad \\u escape in string');
          i += 6;
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) i += 2;
        else fail(`bad escape "\\${esc ?? ''}" in string`);
      } else i++;
    }
  };
  // Sticky, from i: the whole number however long (a slice of the text would cut a long one short).
  const numberPattern = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
  const number = () => {
    numberPattern.lastIndex = i;
    const m = numberPattern.exec(text);
    if (m === null || m[0] === '' || m[0] === '-') fail(`unexpected ${here()}`);
    else i += m[0].length;
  };
  const value = (): void => {
    ws();
    if (i >= n) fail('unexpected end of text');
    const ch = text[i];
    if (ch === '{') return obj();
    if (ch === '[') return arr();
    if (ch === '"') return string();
    if (ch === '-' || (ch >= '0' && ch <= '9')) return number();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    if (text.startsWith('NaN', i) || text.startsWith('Infinity', i)) fail(`${text.startsWith('NaN', i) ? 'NaN' : 'Infinity'} is not valid JSON; numbers must be finite`);
    if (ch === "'") fail('strings must use double quotes');
    fail(`unexpected ${/[A-Za-z_$]/.test(ch) ? token() : here()}`);
  };
  const obj = () => {
    i++;
    ws();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (text[i] !== '"') fail(i >= n ? 'unexpected end of text' : `expected a property name in double quotes, got ${here()}`);
      string();
      ws();
      if (text[i] !== ':') fail(`expected ":" after the property name, got ${here()}`);
      i++;
      value();
      ws();
      if (text[i] === ',') {
        i++;
        ws();
        if (text[i] === '}') fail('trailing comma before "}"');
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      fail(i >= n ? 'unexpected end of text (missing "}")' : `expected "," or "}", got ${here()}`);
    }
  };
  const arr = () => {
    i++;
    ws();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      ws();
      if (text[i] === ',') {
        i++;
        ws();
        if (text[i] === ']') fail('trailing comma before "]"');
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail(i >= n ? 'unexpected end of text (missing "]")' : `expected "," or "]", got ${here()}`);
    }
  };
  try {
    value();
    ws();
    if (i < n) fail(`unexpected ${here()} after the end of the JSON value`);
    return null;
  } catch (e) {
    if (e instanceof JsonSyntax) return { at: e.at, message: e.message };
    throw e;
  }
}
