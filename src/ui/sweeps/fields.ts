/**
 * The sweep forms keep what the user typed as text (so a half-typed "-0." is not thrown away) and turn it
 * into numbers here. Every message names the field the way its label does, so "To (pA): must be more
 * than From (0 pA)" points at the box to fix.
 */

export interface NumberRule {
  /** The field's label as shown, e.g. "From (pA)". */
  label: string;
  min?: number;
  max?: number;
  /** Only whole numbers (counts of points). */
  integer?: boolean;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Reads a typed number: empty, not a number, not whole, or outside [min, max] gives a message naming the field. */
export function parseNumber(text: string, rule: NumberRule): Parsed<number> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: `${rule.label}: enter a number` };
  // Number('') and Number(' ') are 0 and Number('0x10') is 16: accept plain decimals only.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) {
    return { ok: false, message: `${rule.label}: "${trimmed}" is not a number` };
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, message: `${rule.label}: "${trimmed}" is not a finite number` };
  if (rule.integer && !Number.isInteger(value)) return { ok: false, message: `${rule.label}: must be a whole number, got ${trimmed}` };
  if (rule.min !== undefined && rule.max !== undefined && (value < rule.min || value > rule.max)) {
    return { ok: false, message: `${rule.label}: must be from ${rule.min} to ${rule.max}, got ${trimmed}` };
  }
  if (rule.min !== undefined && value < rule.min) return { ok: false, message: `${rule.label}: must be at least ${rule.min}, got ${trimmed}` };
  if (rule.max !== undefined && value > rule.max) return { ok: false, message: `${rule.label}: must be at most ${rule.max}, got ${trimmed}` };
  return { ok: true, value };
}

/** Field key -> message, for the fields at fault. */
export type FieldErrors<K extends string> = Partial<Record<K, string>>;

export type FormResult<K extends string, T> = { ok: true; value: T } | { ok: false; errors: FieldErrors<K> };

/**
 * Reads a form's fields one by one, collecting the message of each field at fault, so one pass shows
 * every problem at once rather than the first only.
 */
export interface FieldReader<K extends string> {
  /** The field's number, or NaN when it is at fault (its message is kept). */
  read(key: K, text: string, rule: NumberRule): number;
  /** Records a problem that involves several fields (e.g. "To must be more than From") against `key`. */
  fail(key: K, message: string): void;
  /** Has `key` a problem already (so a cross-field check need not add another)? */
  failed(key: K): boolean;
  readonly errors: FieldErrors<K>;
  readonly ok: boolean;
}

export function fieldReader<K extends string>(): FieldReader<K> {
  const errors: FieldErrors<K> = {};
  return {
    read(key, text, rule) {
      const parsed = parseNumber(text, rule);
      if (parsed.ok) return parsed.value;
      errors[key] ??= parsed.message;
      return Number.NaN;
    },
    fail(key, message) {
      errors[key] ??= message;
    },
    failed(key) {
      return errors[key] !== undefined;
    },
    errors,
    get ok() {
      return Object.keys(errors).length === 0;
    },
  };
}
