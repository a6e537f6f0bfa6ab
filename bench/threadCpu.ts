/**
 * Chromium's CPU time per thread, from Linux's /proc/<pid>/task/<tid>/stat of every Chromium process
 * (the pids from CDP SystemInfo.getProcessInfo): what the page's main thread, its Workers, the raster
 * and compositor threads, the display compositor and the browser process each take. CPU time, unlike
 * wall time, is not stretched by other processes on a shared machine. Empty off Linux.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { CDPSession } from '@playwright/test';

/** Clock ticks per second of /proc's utime and stime (sysconf(_SC_CLK_TCK); 100 on Linux's common configs). */
const TICKS_PER_SECOND = 100;

export interface ThreadCpu {
  /** Process type (renderer, GPU, browser, utility) and the thread's name (Linux keeps 15 characters). */
  process: string;
  name: string;
  pid: number;
  tid: number;
  /** User plus system CPU time, ms. */
  cpuMs: number;
}

/** The threads of every Chromium process with their CPU time so far. */
export async function chromiumThreads(browserCdp: CDPSession): Promise<ThreadCpu[]> {
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
  const out: ThreadCpu[] = [];
  for (const p of processInfo) {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${p.id}/task`);
    } catch {
      continue; // not Linux, or the process has ended
    }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${p.id}/task/${tid}/stat`, 'utf8');
        // The name is in parentheses and may hold spaces: the fields after it start with the state.
        const close = stat.lastIndexOf(')');
        const name = stat.slice(stat.indexOf('(') + 1, close);
        const fields = stat.slice(close + 2).split(' ');
        const ticks = Number(fields[11]) + Number(fields[12]);
        out.push({ process: p.type, name, pid: p.id, tid: Number(tid), cpuMs: (ticks * 1000) / TICKS_PER_SECOND });
      } catch {
        // the thread ended between listing and reading
      }
    }
  }
  return out;
}

/** CPU ms per thread between two readings (threads that started in between count from zero). */
export function cpuBetween(before: ThreadCpu[], after: ThreadCpu[]): ThreadCpu[] {
  const start = new Map(before.map((t) => [t.tid, t.cpuMs]));
  return after.map((t) => ({ ...t, cpuMs: t.cpuMs - (start.get(t.tid) ?? 0) })).filter((t) => t.cpuMs > 0);
}

/** Workers named one by one (by CPU, most first): as many as a run may be split across, and one more (the analysis Worker). */
export const NAMED_WORKERS = 9;

/**
 * CPU per kind of thread, ms: the renderer's main thread, its Workers (by CPU, most first: the
 * simulation Workers), its compositor, raster and thread-pool threads (software raster and decoding
 * run there without a GPU), the GPU process (display compositor) and the rest, per process type.
 */
export function cpuByRole(threads: ThreadCpu[]): Record<string, number> {
  const roles: Record<string, number> = {};
  const add = (role: string, ms: number) => {
    roles[role] = (roles[role] ?? 0) + ms;
  };
  const workers = threads.filter((t) => t.process === 'renderer' && t.name.startsWith('DedicatedWorker')).sort((a, b) => b.cpuMs - a.cpuMs);
  workers.forEach((t, k) => add(k < NAMED_WORKERS ? `worker ${k + 1}` : 'other workers', t.cpuMs));
  for (const t of threads) {
    if (t.process === 'renderer' && t.name.startsWith('DedicatedWorker')) continue;
    // A process's first thread (tid = pid) is its main thread, named after the executable.
    if (t.process === 'renderer' && t.tid === t.pid) add('main', t.cpuMs);
    else if (t.process === 'renderer' && t.name === 'Compositor') add('compositor', t.cpuMs);
    else if (t.process === 'renderer' && t.name.startsWith('CompositorTile')) add('raster', t.cpuMs);
    else if (t.process === 'renderer' && t.name.startsWith('ThreadPool')) add('renderer pool', t.cpuMs);
    else if (t.process === 'renderer') add('renderer other', t.cpuMs);
    else if (t.process === 'GPU') add(t.name === 'VizCompositorTh' ? 'viz compositor' : 'GPU other', t.cpuMs);
    else add(t.process, t.cpuMs);
  }
  return roles;
}
