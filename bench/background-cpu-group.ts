// BACKGROUND_CPU_SHARES for bench:draw: the consumer and worker roles, and the PostgreSQL backends
// that serve them, run in a CPU cgroup of that weight (the default weight is 1024), as an operator
// would give background services a lower CPUWeight= than the api. Without it every role weighs
// the same, and each fetch the consumer handles takes a core from the api at once (README,
// Benchmark). Linux only, as root, with the cgroup v1 cpu controller or cgroup v2.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const V1_ROOT = "/sys/fs/cgroup/cpu";
const V2_ROOT = "/sys/fs/cgroup";

export class BackgroundCpuGroup {
  /** Where each process placed here was before, to put it back. */
  private readonly origins = new Map<number, string>();

  private constructor(
    private readonly root: string,
    private readonly dir: string,
    private readonly controller: string,
  ) {}

  /** A group of `shares` (2-262144, as cgroup v1 cpu.shares); undefined when `shares` is. */
  static create(shares: number | undefined): BackgroundCpuGroup | undefined {
    if (shares === undefined) return undefined;
    if (!Number.isInteger(shares) || shares < 2 || shares > 262_144) throw new Error(`BACKGROUND_CPU_SHARES must be an integer from 2 to 262144, not ${shares}`);
    const v1 = existsSync(path.join(V1_ROOT, "cpu.shares"));
    const root = v1 ? V1_ROOT : V2_ROOT;
    if (!v1 && !readIfAny(path.join(V2_ROOT, "cgroup.controllers")).split(/\s+/).includes("cpu")) {
      throw new Error("BACKGROUND_CPU_SHARES needs a cgroup cpu controller (v1 at /sys/fs/cgroup/cpu, or v2 with cpu enabled)");
    }
    const dir = path.join(root, `lottery-bench-background-${process.pid}`);
    try {
      mkdirSync(dir);
      // cgroup v2 weighs 1-10000 around 100 where v1 weighs around 1024.
      if (v1) writeFileSync(path.join(dir, "cpu.shares"), String(shares));
      else writeFileSync(path.join(dir, "cpu.weight"), String(Math.max(1, Math.min(10_000, Math.round((shares * 100) / 1024)))));
    } catch (error) {
      throw new Error(`BACKGROUND_CPU_SHARES: cannot make the cgroup ${dir} (run as root): ${(error as Error).message}`);
    }
    return new BackgroundCpuGroup(root, dir, v1 ? "cpu" : "");
  }

  /** Moves these processes (all their threads) into the group; those already gone are skipped. */
  place(pids: Iterable<number>): void {
    for (const pid of pids) {
      if (this.origins.has(pid)) continue;
      const origin = this.cgroupOf(pid);
      if (origin === undefined) continue;
      try {
        writeFileSync(path.join(this.dir, "cgroup.procs"), String(pid));
        this.origins.set(pid, origin);
      } catch {
        // The process ended meanwhile.
      }
    }
  }

  /** Puts every process still alive back where it was, and removes the group. */
  remove(): void {
    for (const [pid, origin] of this.origins) {
      try {
        writeFileSync(path.join(this.root, origin, "cgroup.procs"), String(pid));
      } catch {
        // Gone already.
      }
    }
    try {
      rmdirSync(this.dir);
    } catch (error) {
      process.stderr.write(`bench: could not remove ${this.dir}: ${(error as Error).message}\n`);
    }
  }

  /** The process's cgroup path under this hierarchy's root, from /proc/<pid>/cgroup. */
  private cgroupOf(pid: number): string | undefined {
    for (const line of readIfAny(`/proc/${pid}/cgroup`).split("\n")) {
      const [, controllers, where] = line.split(":");
      if (where !== undefined && (this.controller === "" ? controllers === "" : controllers.split(",").includes(this.controller))) return where;
    }
    return undefined;
  }
}

function readIfAny(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
