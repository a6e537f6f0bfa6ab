/**
 * What the machine did while a bench measured: its cores' time busy, idle, and stolen by the host. On a
 * virtual machine the host can take a core away for a while ("steal" in /proc/stat); the same code then
 * runs up to twice as long in wall time, and a run with much steal cannot be compared with one without
 * (measured on the 2-core CI machine: 2% steal with the host quiet, 40% with it busy). Linux only; where
 * /proc/stat cannot be read the benches say nothing of it.
 */
import { readFileSync } from 'node:fs';
import { median } from '../src/core/iris/metrics.ts';

/** The machine's cores' time since boot, in clock ticks, from /proc/stat's first line. */
export interface CpuTicks {
  busy: number;
  idle: number;
  steal: number;
}

/** Parses /proc/stat's "cpu" line: user nice system idle iowait irq softirq steal [guest guest_nice]. */
export function parseCpuTicks(stat: string): CpuTicks | null {
  const line = stat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return null;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  if (f.length < 8 || f.slice(0, 8).some((x) => !Number.isFinite(x) || x < 0)) return null;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = f;
  // guest time is already inside user and nice.
  return { busy: user + nice + system + irq + softirq, idle: idle + iowait, steal };
}

/** Shares of the cores' time between two readings, each 0-1; null when no time passed. */
export interface MachineShares {
  busy: number;
  idle: number;
  steal: number;
}

export function sharesBetween(before: CpuTicks, after: CpuTicks): MachineShares | null {
  const busy = after.busy - before.busy;
  const idle = after.idle - before.idle;
  const steal = after.steal - before.steal;
  const total = busy + idle + steal;
  if (!(total > 0) || busy < 0 || idle < 0 || steal < 0) return null;
  return { busy: busy / total, idle: idle / total, steal: steal / total };
}

/** "busy 61% idle 30% stolen 9%" (of all cores' time). */
export function sharesText(s: MachineShares): string {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return `busy ${pct(s.busy)} idle ${pct(s.idle)} stolen ${pct(s.steal)}`;
}

function readTicks(): CpuTicks | null {
  try {
    return parseCpuTicks(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Starts watching the machine; the returned function gives the shares since then (null off Linux).
 * Every bench that measures time prints them beside its result.
 */
export function watchMachine(): () => MachineShares | null {
  const before = readTicks();
  return () => {
    const after = readTicks();
    return before && after ? sharesBetween(before, after) : null;
  };
}

/** Several measurements' shares, combined by their medians (for a bench that prints medians of runs). */
export function medianShares(list: readonly (MachineShares | null)[]): MachineShares | null {
  const known = list.filter((s): s is MachineShares => s !== null);
  if (known.length === 0) return null;
  return { busy: median(known.map((s) => s.busy)), idle: median(known.map((s) => s.idle)), steal: median(known.map((s) => s.steal)) };
}
