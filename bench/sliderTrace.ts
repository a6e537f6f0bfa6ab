/**
 * For `npm run bench:page -- --slider --trace FILE`: a Chromium trace of one more 1x drag per build
 * (after the measured ones: tracing costs time of its own), written to FILE (the compared build's to
 * FILE with `.compare` before its extension), and what the page's main thread did in it: its tasks
 * over 50 ms and the longest, and per second of the drag the time of the plots' animation frames, the
 * input events, style and layout, paint and commit, and garbage collection.
 */

import { threadNames, traceEvents, type TraceEvent } from './pageProfile.ts';

export const SLIDER_TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8', '__metadata'];

/** What the main thread spent its time on, per second of the trace, ms. */
const KINDS: Record<string, readonly string[]> = {
  'animation frames (the plots)': ['FireAnimationFrame'],
  'input events': ['EventDispatch'],
  'style and layout': ['UpdateLayoutTree', 'Layout'],
  'paint and commit': ['PrePaint', 'Paint', 'Layerize', 'Commit', 'UpdateLayer'],
  'garbage collection (inside the above)': ['MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'V8.GC_MARK_COMPACTOR'],
};

export interface SliderTraceSummary {
  seconds: number;
  tasks: number;
  longTasks: number;
  longestTask: number;
  /** Per KINDS entry, ms per second. */
  perSecond: Record<string, number>;
}

/** The time the events cover, ms, each moment once (a Paint inside a Commit, say, counted once). */
function unionMs(events: TraceEvent[]): number {
  const spans = events.map((e) => [e.ts ?? 0, (e.ts ?? 0) + (e.dur ?? 0)] as const).sort((p, q) => p[0] - q[0]);
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of spans) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total / 1000;
}

/** The page's main thread (the renderer's CrRendererMain with the most animation frames) in a trace's JSON. */
export function summarizeSliderTrace(traceJson: string): SliderTraceSummary {
  const events = traceEvents(traceJson);
  const names = threadNames(events);
  const mains = new Set([...names].filter(([, name]) => name === 'CrRendererMain').map(([key]) => key));
  const frames = new Map<string, number>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.name === 'FireAnimationFrame' && mains.has(key)) frames.set(key, (frames.get(key) ?? 0) + 1);
  }
  const main = [...frames.entries()].sort((p, q) => q[1] - p[1])[0]?.[0];
  if (!main) throw new Error('no page main thread with animation frames in the trace');
  const mine = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && typeof e.ts === 'number' && typeof e.dur === 'number');
  const start = Math.min(...mine.map((e) => e.ts ?? 0));
  const end = Math.max(...mine.map((e) => (e.ts ?? 0) + (e.dur ?? 0)));
  const seconds = (end - start) / 1e6;
  // Top-level tasks: the scheduler's RunTask (its ThreadControllerImpl::RunTask wrapper, where the
  // trace has only that, is the same task: counting both would count each task twice).
  const taskName = mine.some((e) => e.name === 'RunTask') ? 'RunTask' : 'ThreadControllerImpl::RunTask';
  const tasks = mine.filter((e) => e.name === taskName).map((e) => (e.dur ?? 0) / 1000);
  const perSecond: Record<string, number> = {};
  for (const [kind, names] of Object.entries(KINDS)) {
    const total = unionMs(mine.filter((e) => e.name !== undefined && names.includes(e.name)));
    perSecond[kind] = seconds > 0 ? total / seconds : Number.NaN;
  }
  return { seconds, tasks: tasks.length, longTasks: tasks.filter((d) => d > 50).length, longestTask: Math.max(0, ...tasks), perSecond };
}

export function sliderTraceText(name: string, s: SliderTraceSummary): string {
  const kinds = Object.entries(s.perSecond).map(([kind, ms]) => `${kind} ${ms.toFixed(1)}`).join(', ');
  return `  trace of a 1x drag, ${name}: ${s.seconds.toFixed(1)} s, ${s.tasks} main-thread tasks, ${s.longTasks} over 50 ms, longest ${s.longestTask.toFixed(0)} ms; ms per second: ${kinds}`;
}

/** FILE for this build, FILE with `.compare` before the extension for the other. */
export function traceFileFor(file: string, index: number): string {
  if (index === 0) return file;
  const dot = file.lastIndexOf('.');
  return dot > file.lastIndexOf('/') ? `${file.slice(0, dot)}.compare${file.slice(dot)}` : `${file}.compare`;
}
