/**
 * Reading Chromium traces recorded by `npm run bench:page`.
 *
 * --trace FILE: the main thread's tasks (the 'RunTask' events of the toplevel category) longer than
 * 50 ms, each with its wall and thread CPU time and the events inside it that took the longest, so a
 * long task can be told apart as work (CPU close to wall) or as waiting for a core (CPU far below wall).
 *
 * --profile FILE: a Chromium trace with V8's sampling profiler on every
 * thread (the page's main thread and each Worker), written to FILE, and per thread the functions that
 * took the most samples (self time), so where a Worker's CPU goes in Chromium can be read without
 * DevTools. The trace format: 'Profile' and 'ProfileChunk' events of the
 * disabled-by-default-v8.cpu_profiler category, whose nodes and samples come in chunks per profile id.
 */

export const PROFILE_CATEGORIES = ['disabled-by-default-v8.cpu_profiler', 'v8.execute', '__metadata'];

interface CallFrame {
  functionName?: string;
  url?: string;
  lineNumber?: number;
}
interface ProfileNode {
  id: number;
  callFrame?: CallFrame;
  parent?: number;
}
export interface TraceEvent {
  name?: string;
  cat?: string;
  ph?: string;
  pid?: number;
  tid?: number;
  id?: string;
  /** Start and duration, µs; tdur: the thread's CPU time during it. */
  ts?: number;
  dur?: number;
  tdur?: number;
  args?: {
    name?: string;
    data?: {
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
      functionName?: string;
      url?: string;
      type?: string;
    };
  };
}

interface ThreadProfile {
  thread: string;
  /** Self time per function, µs. */
  self: Map<string, number>;
  total: number;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

/** A trace's events, from its JSON (an object with traceEvents, or the bare array). */
export function traceEvents(traceJson: string): TraceEvent[] {
  const parsed: unknown = JSON.parse(traceJson);
  const raw: unknown = isObject(parsed) && Array.isArray(parsed.traceEvents) ? parsed.traceEvents : parsed;
  if (!Array.isArray(raw)) throw new Error('not a Chrome trace');
  return raw.filter(isObject);
}

/** Thread names by 'pid:tid', from the metadata events. */
export function threadNames(events: TraceEvent[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) names.set(`${e.pid}:${e.tid}`, e.args.name);
  return names;
}

/** Per profiled thread, self time per function (name and place), from a trace's JSON. */
export function profileByThread(traceJson: string): ThreadProfile[] {
  const events = traceEvents(traceJson);
  const names = threadNames(events);
  const profiles = new Map<string, { thread: string; nodes: Map<number, ProfileNode>; self: Map<string, number>; total: number }>();
  for (const e of events) {
    if (e.name !== 'ProfileChunk' && e.name !== 'Profile') continue;
    const key = `${e.pid}:${e.id}`;
    let p = profiles.get(key);
    if (!p) {
      p = { thread: `${names.get(`${e.pid}:${e.tid}`) ?? 'thread'} ${e.pid}:${e.tid}`, nodes: new Map(), self: new Map(), total: 0 };
      profiles.set(key, p);
    }
    const data = e.args?.data;
    for (const node of data?.cpuProfile?.nodes ?? []) p.nodes.set(node.id, node);
    const samples = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    for (let k = 0; k < samples.length; k++) {
      const node = p.nodes.get(samples[k]);
      const frame = node?.callFrame;
      const file = frame?.url ? frame.url.replace(/^.*\//, '') : '';
      const name = `${frame?.functionName || '(anonymous)'}${file ? ` ${file}:${(frame?.lineNumber ?? 0) + 1}` : ''}`;
      // A sample's time: the gap to the next one (the last of a chunk: the gap before it).
      const us = Math.max(0, deltas[k + 1] ?? deltas[k] ?? 0);
      p.self.set(name, (p.self.get(name) ?? 0) + us);
      p.total += us;
    }
  }
  return [...profiles.values()].filter((p) => p.total > 0).map(({ thread, self, total }) => ({ thread, self, total }));
}

/** The heaviest functions of each thread, as text. */
export function profileText(profiles: ThreadProfile[], top = 25): string {
  const lines: string[] = [];
  for (const p of [...profiles].sort((a, b) => b.total - a.total)) {
    lines.push(`  ${p.thread}: ${(p.total / 1000).toFixed(0)} ms sampled`);
    const rows = [...p.self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
    for (const [name, us] of rows) lines.push(`    ${((100 * us) / p.total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`);
  }
  return lines.join('\n');
}

/** What --trace records: the main thread's tasks and what runs inside them, with thread CPU times. */
export const TASK_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink', 'cc', '__metadata'];

/** An event inside a long task: its name (with the function or event type when known), wall and CPU ms. */
export interface TaskPart {
  name: string;
  wallMs: number;
  cpuMs: number;
}
export interface LongTask {
  thread: string;
  /** Start, ms from the trace's first task. */
  atMs: number;
  wallMs: number;
  /** The thread's CPU time during the task; NaN when the trace has none. */
  cpuMs: number;
  /** The longest events inside it (outermost ones only), longest first. */
  top: TaskPart[];
}

function partName(e: TraceEvent): string {
  const d = e.args?.data;
  const detail = d?.functionName || d?.type || (d?.url ? d.url.replace(/^.*\//, '') : '');
  return detail ? `${e.name} (${detail})` : (e.name ?? '?');
}

/**
 * The renderer main threads' tasks longer than `thresholdMs` (wall), with their CPU time and the `top`
 * longest timeline events nested in each (those not inside another such event), from a trace's JSON.
 */
export function longTasks(traceJson: string, thresholdMs = 50, top = 6): LongTask[] {
  const events = traceEvents(traceJson);
  const names = threadNames(events);
  const complete = events.filter((e) => e.ph === 'X' && e.ts !== undefined && e.dur !== undefined);
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of complete) {
    const key = `${e.pid}:${e.tid}`;
    if (names.get(key) !== 'CrRendererMain') continue;
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push(e);
  }
  const tasks: LongTask[] = [];
  let origin = Number.POSITIVE_INFINITY;
  for (const list of byThread.values()) for (const e of list) if (e.name === 'RunTask') origin = Math.min(origin, e.ts ?? origin);
  for (const [key, list] of byThread) {
    list.sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0) || (b.dur ?? 0) - (a.dur ?? 0));
    for (let i = 0; i < list.length; i++) {
      const task = list[i];
      const ts = task.ts ?? 0;
      const dur = task.dur ?? 0;
      if (task.name !== 'RunTask' || dur < thresholdMs * 1000) continue;
      // The outermost DevTools timeline events inside the task (what its Performance panel shows:
      // Layout, PrePaint, FireAnimationFrame, FunctionCall, ...), seen through the scheduler's and
      // Blink's wrappers; each one skips those nested in it.
      const parts: TaskPart[] = [];
      let coveredTo = ts;
      for (let j = i + 1; j < list.length && (list[j].ts ?? 0) < ts + dur; j++) {
        const e = list[j];
        const start = e.ts ?? 0;
        if (start < coveredTo || e.name === 'RunTask' || !(e.cat ?? '').split(',').includes('devtools.timeline')) continue;
        coveredTo = start + (e.dur ?? 0);
        parts.push({ name: partName(e), wallMs: (e.dur ?? 0) / 1000, cpuMs: e.tdur === undefined ? Number.NaN : e.tdur / 1000 });
      }
      // The same event nested in itself (a FunctionCall in a FunctionCall) is merged by name.
      const merged = new Map<string, TaskPart>();
      for (const p of parts) {
        const m = merged.get(p.name);
        if (m) {
          m.wallMs += p.wallMs;
          m.cpuMs += p.cpuMs;
        } else merged.set(p.name, { ...p });
      }
      tasks.push({
        thread: `${names.get(key) ?? 'thread'} ${key}`,
        atMs: (ts - origin) / 1000,
        wallMs: dur / 1000,
        cpuMs: task.tdur === undefined ? Number.NaN : task.tdur / 1000,
        top: [...merged.values()].sort((a, b) => b.wallMs - a.wallMs).slice(0, top),
      });
    }
  }
  return tasks.sort((a, b) => a.atMs - b.atMs);
}

/** The long tasks as text: one line per task, then its longest parts. */
export function longTaskText(tasks: LongTask[]): string {
  if (tasks.length === 0) return '  no main-thread task over the threshold';
  const wall = tasks.reduce((a, t) => a + t.wallMs, 0);
  const cpu = tasks.reduce((a, t) => a + t.cpuMs, 0);
  const longest = tasks.reduce((a, t) => (t.wallMs > a.wallMs ? t : a));
  const lines = [`  ${tasks.length} tasks; longest ${longest.wallMs.toFixed(1)} ms wall (${longest.cpuMs.toFixed(1)} ms CPU); CPU ${((100 * cpu) / wall).toFixed(0)}% of their wall time`];
  for (const t of tasks) {
    lines.push(`  at ${t.atMs.toFixed(0)} ms: ${t.wallMs.toFixed(1)} ms wall, ${t.cpuMs.toFixed(1)} ms CPU (${t.thread})`);
    for (const p of t.top) lines.push(`    ${p.wallMs.toFixed(1).padStart(6)} ms wall ${p.cpuMs.toFixed(1).padStart(6)} ms CPU  ${p.name}`);
  }
  return lines.join('\n');
}
