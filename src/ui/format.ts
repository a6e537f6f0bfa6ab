import type { ConnectionSpec } from '../core/experiment/types.ts';

/** Number of decimals of a slider step, e.g. 0.005 -> 3. */
export function stepDecimals(step: number): number {
  if (!Number.isFinite(step) || step <= 0) return 0;
  const s = String(step);
  const e = s.indexOf('e-');
  if (e >= 0) return Number(s.slice(e + 2));
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** Round to the decimals of a step, dropping binary noise (0.30000000000000004 -> 0.3). */
export function roundToStep(value: number, step: number): number {
  return Number(value.toFixed(Math.min(10, stepDecimals(step))));
}

/** A parameter value for a number box: as short as possible, no binary noise. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(10)));
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A typed number, or null when the text is not one. Accepts the Unicode minus sign. */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(/\u2212/g, '-');
  if (!NUMBER_RE.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export function formatSimTime(ms: number): string {
  return `t = ${ms.toFixed(1)} ms`;
}

export function formatAchievedSpeed(x: number): string {
  const v = Number.isFinite(x) ? x : 0;
  return `${v >= 10 ? v.toFixed(1) : v.toFixed(2)}x real time`;
}

export function connectionLabel(c: ConnectionSpec): string {
  return `${c.pre} \u2192 ${c.post} (${c.synapse})`;
}
