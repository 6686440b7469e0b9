// Where the delivery bench's CPU went (bench/cpu.ts, Linux /proc), per process group.
import { cpuBetween, cpuSnapshot, type CpuSnapshot } from "./cpu";

const NODE_GROUP = "bench process (node) (cpu s)";
const postgresGroup = (database: string): string => `postgres backends of ${database} (cpu s)`;

/**
 * The groups: this process, the PostgreSQL backends of the bench database `database`, the other
 * PostgreSQL processes, the Java processes (Kafka brokers); what no group claims (other people's
 * tests, for one) is "everything else".
 */
function groupsFor(database: string) {
  return (pid: number, comm: string, cmdline: string): string | undefined => {
    if (pid === process.pid) return NODE_GROUP;
    if (comm === "postgres") return cmdline.includes(` ${database} `) ? postgresGroup(database) : "postgres (other) (cpu s)";
    if (comm === "java") return "java (Kafka brokers) (cpu s)";
    return undefined;
  };
}

/** CPU seconds per group since `start`, for the bench database `database`. */
export function cpuSince(start: CpuSnapshot | undefined, database: string): Record<string, number> | undefined {
  return cpuBetween(start, cpuSnapshot(), groupsFor(database));
}

/** CPU milliseconds per delivery of the bench process (Node) and of the database's backends, from a cpuSince result. */
export function cpuPerDelivery(
  cpu: Record<string, number> | undefined,
  deliveries: number,
  database: string,
): { nodeMs: number; postgresMs: number } | undefined {
  if (!cpu || deliveries === 0) return undefined;
  const per = (seconds: number | undefined) => Math.round(((seconds ?? 0) * 1000 * 1000) / deliveries) / 1000;
  return { nodeMs: per(cpu[NODE_GROUP]), postgresMs: per(cpu[postgresGroup(database)]) };
}
