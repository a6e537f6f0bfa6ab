/**
 * Distributions in editor forms: a Distribution (types.ts) is edited as a draft of text fields, one
 * per number, and parsed back when the form is applied. Pure, so it is tested in Node.
 */
import { distributionMean } from '../../core/experiment/distribution.ts';
import type { Distribution } from '../../core/experiment/types.ts';
import { formatValue, parseNumber } from '../format.ts';

export type DistKind = 'fixed' | 'uniform' | 'normal' | 'r';

export const DIST_KIND_NAMES: Record<DistKind, string> = {
  fixed: 'fixed value',
  uniform: 'uniform [min, max]',
  normal: 'normal (mean, sd)',
  r: '2003 formula: base + scale \u00b7 r^power',
};

/** The fields of each kind, in the order the form shows them. */
export const DIST_FIELDS: Record<DistKind, readonly string[]> = {
  fixed: ['value'],
  uniform: ['min', 'max'],
  normal: ['mean', 'sd'],
  r: ['base', 'scale', 'power'],
};

export interface DistDraft {
  kind: DistKind;
  /** Text of each field of the kind (see DIST_FIELDS). */
  values: Record<string, string>;
}

export function distKind(d: Distribution): DistKind {
  return typeof d === 'number' ? 'fixed' : d.dist;
}

/** The numbers of a distribution by field name. */
function fieldsOf(d: Distribution): Record<string, number> {
  if (typeof d === 'number') return { value: d };
  switch (d.dist) {
    case 'uniform':
      return { min: d.min, max: d.max };
    case 'normal':
      return { mean: d.mean, sd: d.sd };
    case 'r':
      return { base: d.base, scale: d.scale, power: d.power };
  }
}

export function draftOf(d: Distribution): DistDraft {
  const fields = fieldsOf(d);
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) values[k] = formatValue(v);
  return { kind: distKind(d), values };
}


/** Rounds away binary noise (0.1 * 3) so converted values read well in a form. */
function tidy(x: number): number {
  return Number(x.toPrecision(6));
}

/**
 * `d` as a distribution of another kind with the same mean: a fixed value, a range of +-10 % around
 * it (+-0.1 around 0), a normal with that spread as sd, or the r formula with scale 0.
 */
export function convertDistribution(d: Distribution, kind: DistKind): Distribution {
  if (distKind(d) === kind) return d;
  const m = tidy(distributionMean(d));
  const spread = tidy(m === 0 ? 0.1 : Math.abs(m) * 0.1);
  switch (kind) {
    case 'fixed':
      return m;
    case 'uniform':
      return { dist: 'uniform', min: tidy(m - spread), max: tidy(m + spread) };
    case 'normal':
      return { dist: 'normal', mean: m, sd: spread };
    case 'r':
      return { dist: 'r', base: m, scale: 0, power: 1 };
  }
}

/** A distribution from a draft, or the first problem ("c: max must be >= min"). */
export function parseDraft(draft: DistDraft, name: string): { ok: true; value: Distribution } | { ok: false; message: string } {
  const n: Record<string, number> = {};
  for (const field of DIST_FIELDS[draft.kind]) {
    const text = draft.values[field] ?? '';
    const parsed = parseNumber(text);
    if (parsed === null) {
      const what = draft.kind === 'fixed' ? name : `${name} ${field}`;
      return { ok: false, message: text.trim() === '' ? `${what}: enter a number` : `${what}: "${text.trim()}" is not a number` };
    }
    n[field] = parsed;
  }
  switch (draft.kind) {
    case 'fixed':
      return { ok: true, value: n.value };
    case 'uniform':
      if (n.max < n.min) return { ok: false, message: `${name}: max (${formatValue(n.max)}) must be at least min (${formatValue(n.min)})` };
      return { ok: true, value: { dist: 'uniform', min: n.min, max: n.max } };
    case 'normal':
      if (n.sd < 0) return { ok: false, message: `${name}: sd must be >= 0` };
      return { ok: true, value: { dist: 'normal', mean: n.mean, sd: n.sd } };
    case 'r':
      return { ok: true, value: { dist: 'r', base: n.base, scale: n.scale, power: n.power } };
  }
}

/** A draft switched to another kind, keeping the mean when the old draft parses (else defaults). */
export function switchDraftKind(draft: DistDraft, kind: DistKind, fallback: number): DistDraft {
  if (draft.kind === kind) return draft;
  const parsed = parseDraft(draft, '');
  return draftOf(convertDistribution(parsed.ok ? parsed.value : fallback, kind));
}

const SUPERSCRIPTS: Record<string, string> = { '2': '\u00b2', '3': '\u00b3' };

/** Short text for lists: "0.02", "uniform 0 to 0.5", "-65 + 15 r\u00b2". */
export function describeDistribution(d: Distribution): string {
  if (typeof d === 'number') return formatValue(d);
  switch (d.dist) {
    case 'uniform':
      return `uniform ${formatValue(d.min)} to ${formatValue(d.max)}`;
    case 'normal':
      return `normal ${formatValue(d.mean)} \u00b1 ${formatValue(d.sd)}`;
    case 'r': {
      const power = d.power === 1 ? '' : (SUPERSCRIPTS[String(d.power)] ?? `^${formatValue(d.power)}`);
      const sign = d.scale < 0 ? '\u2212' : '+';
      return `${formatValue(d.base)} ${sign} ${formatValue(Math.abs(d.scale))} r${power}`;
    }
  }
}

export function sameDistribution(x: Distribution, y: Distribution): boolean {
  if (typeof x === 'number' || typeof y === 'number') return x === y;
  return JSON.stringify(fieldsOf(x)) === JSON.stringify(fieldsOf(y)) && x.dist === y.dist;
}
