import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";

/** Busy clock ticks of the machine and of every process, read from Linux /proc. */
export interface CpuSnapshot {
  at: number;
  machineBusy: number;
  processes: Map<number, { comm: string; cmdline: string; ticks: number }>;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export function cpuSnapshot(): CpuSnapshot | undefined {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const machineBusy = fields.reduce((a, b) => a + b, 0) - fields[3] - (fields[4] ?? 0); // minus idle and iowait
    const processes = new Map<number, { comm: string; cmdline: string; ticks: number }>();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
        processes.set(Number(entry), { comm, cmdline, ticks: Number(rest[11]) + Number(rest[12]) }); // utime + stime
      } catch {
        // The process ended while we read it.
      }
    }
    return { at: Date.now(), machineBusy, processes };
  } catch {
    return undefined;
  }
}

export type ProcessGroup = (pid: number, comm: string, cmdline: string) => string | undefined;

/** CPU seconds per group between two snapshots, the machine's busy share of its cores, and what no group claims. */
export function cpuBetween(start: CpuSnapshot | undefined, end: CpuSnapshot | undefined, groupOf: ProcessGroup): Record<string, number> | undefined {
  if (!start || !end) return undefined;
  const wallS = (end.at - start.at) / 1000;
  const groups: Record<string, number> = {};
  let named = 0;
  for (const [pid, { comm, cmdline, ticks }] of end.processes) {
    const delta = ticks - (start.processes.get(pid)?.ticks ?? 0);
    const group = groupOf(pid, comm, cmdline);
    if (delta <= 0 || !group) continue;
    groups[group] = (groups[group] ?? 0) + delta;
    named += delta;
  }
  const busy = end.machineBusy - start.machineBusy;
  const out: Record<string, number> = {
    wallSeconds: Math.round(wallS * 10) / 10,
    machineBusyPercentOfAllCores: Math.round((busy / TICKS_PER_SECOND / wallS / os.cpus().length) * 100),
  };
  for (const [group, ticks] of Object.entries(groups)) out[group] = Math.round((ticks / TICKS_PER_SECOND) * 100) / 100;
  out["everything else"] = Math.round((Math.max(0, busy - named) / TICKS_PER_SECOND) * 100) / 100;
  return out;
}
