/**
 * Readable time axes for every plot with time on it (traces, raster, rhythms): the unit follows the
 * span and the size of the times shown, so an hour-long run reads "45:47.2" (min:s) rather than
 * "2.7474e+6". Times come in ms; the label names the unit the ticks are written in.
 */
import * as d3 from 'd3';
import { drawTimeTicks } from './timeTicks.ts';

export type TimeUnit = 'ms' | 's' | 'min:s' | 'h:min:s';

export interface TimeAxis {
  unit: TimeUnit;
  /** The axis title, with its unit: "time (s)". */
  label: string;
  /** Tick positions, ms. */
  ticks: number[];
  /** A tick's text (no unit: the label has it). */
  format(ms: number): string;
}

/** Below this the ticks are written in ms (four digits at most). */
const MS_UP_TO = 10_000;
/** Below this in s; beyond, as a clock (minutes and seconds). */
const S_UP_TO = 600_000;
const HOUR_MS = 3_600_000;

function unitFor(t0: number, t1: number): TimeUnit {
  const far = Math.max(Math.abs(t0), Math.abs(t1));
  if (far < MS_UP_TO) return 'ms';
  if (far < S_UP_TO) return 's';
  return far < HOUR_MS ? 'min:s' : 'h:min:s';
}

/** Ticks over [t0, t1] ms at round steps of the unit (seconds or minutes for a clock), with their step. */
function ticksIn(t0: number, t1: number, count: number, unitMs: number): { ticks: number[]; stepMs: number } {
  const lo = Math.min(t0, t1) / unitMs;
  const hi = Math.max(t0, t1) / unitMs;
  return { ticks: d3.ticks(lo, hi, count).map((t) => t * unitMs), stepMs: Math.abs(d3.tickStep(lo, hi, count)) * unitMs };
}

/** Decimals that tell ticks `stepMs` apart when written in `unitMs`. */
function decimals(stepMs: number, unitMs: number): number {
  return stepMs > 0 ? Math.min(6, d3.precisionFixed(stepMs / unitMs)) : 0;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Seconds within the minute, two digits before the point: "07.25". */
function clockSeconds(s: number, places: number): string {
  const text = s.toFixed(places);
  return Number(text) < 10 ? `0${text}` : text;
}

/**
 * The axis for the span [t0, t1] ms with about `count` ticks. Negative times (a window before 0)
 * keep their sign.
 */
export function timeAxis(t0: number, t1: number, count = 5): TimeAxis {
  const unit = unitFor(t0, t1);
  const span = Math.abs(t1 - t0);
  if (unit === 'ms' || unit === 's') {
    const unitMs = unit === 'ms' ? 1 : 1000;
    const { ticks, stepMs } = ticksIn(t0, t1, count, 1);
    const places = decimals(stepMs, unitMs);
    const fmt = d3.format(`,.${places}f`);
    return { unit, label: `time (${unit})`, ticks, format: (ms) => fmt(ms / unitMs).replace('-', '\u2212') };
  }
  // A clock: round steps of seconds for spans under two minutes, of minutes beyond.
  const { ticks, stepMs } = span < 120_000 ? ticksIn(t0, t1, count, 1000) : ticksIn(t0, t1, count, 60_000);
  const places = decimals(stepMs < 1000 ? stepMs : 1000, 1000);
  const hours = unit === 'h:min:s';
  const format = (ms: number): string => {
    const sign = ms < 0 ? '\u2212' : '';
    // Round once to the shown precision so 59.96 s shows as the next minute, not "0:60.0".
    const scale = 10 ** places;
    const total = Math.round((Math.abs(ms) / 1000) * scale) / scale;
    const h = Math.floor(total / 3600);
    const m = Math.floor((total - h * 3600) / 60);
    const s = total - h * 3600 - m * 60;
    return hours ? `${sign}${h}:${pad2(m)}:${clockSeconds(s, places)}` : `${sign}${m}:${clockSeconds(s, places)}`;
  };
  return { unit, label: `time (${unit})`, ticks, format };
}

/**
 * A d3 axis's tick values and format for the time scale `x` (domain in ms), at most one tick per
 * `minGapPx` pixels. Also returns the title with the unit.
 */
export function timeAxisFor(x: d3.ScaleLinear<number, number>, minGapPx = 90): TimeAxis {
  const [t0, t1] = x.domain();
  const [r0, r1] = x.range();
  const count = Math.max(2, Math.floor(Math.abs(r1 - r0) / minGapPx));
  return timeAxis(t0, t1, count);
}

/**
 * Draws the time axis of `x` into `g` (tick text only when `labels`). While a run scrolls the window,
 * the ticks stay the same for many frames and only move (drawTimeTicks moves them together); when a
 * tick enters or leaves, only it is written.
 */
export function drawTimeAxis(g: d3.Selection<SVGGElement, unknown, null, undefined>, x: d3.ScaleLinear<number, number>, time: TimeAxis, labels = true): void {
  const node = g.node();
  if (!node) return;
  const format = labels ? time.format : () => '';
  drawTimeTicks(node, x, time.ticks, format, `${labels} ${time.unit} ${time.ticks.map(format).join(' ')}`);
}
