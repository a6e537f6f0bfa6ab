/**
 * For `npm run bench:page -- --profile FILE`: a Chromium trace with V8's sampling profiler on every
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
interface TraceEvent {
  name?: string;
  ph?: string;
  pid?: number;
  tid?: number;
  id?: string;
  args?: {
    name?: string;
    data?: { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] };
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

/** Per profiled thread, self time per function (name and place), from a trace's JSON. */
export function profileByThread(traceJson: string): ThreadProfile[] {
  const parsed: unknown = JSON.parse(traceJson);
  const raw: unknown = isObject(parsed) && Array.isArray(parsed.traceEvents) ? parsed.traceEvents : parsed;
  if (!Array.isArray(raw)) throw new Error('not a Chrome trace');
  const events = raw.filter(isObject) as TraceEvent[];
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name) names.set(`${e.pid}:${e.tid}`, e.args.name);
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
