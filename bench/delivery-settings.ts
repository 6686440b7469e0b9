// The delivery bench's settings, read once from the environment; delivery.bench.ts's header lists them.
import path from "node:path";

function intEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min} (got "${raw}")`);
  return value;
}

export const ROOT = path.resolve(__dirname, "../..");
export const DATABASE_URL = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/lottery_bench";
export const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? "";
export const BACKLOG = intEnv("BACKLOG", 200_000, 1);
export const STUCK = intEnv("STUCK", 100_000, 0);
export const AWARD_TYPE_NAME = process.env.AWARD_TYPE || "DESC";
export const CONSUMER_CONCURRENCY = intEnv("CONSUMER_CONCURRENCY", 6, 1);
export const CONSUMER_BATCH = intEnv("CONSUMER_BATCH", 1_000, 1);
// Partitions of lottery_invoice when this run creates it (a fresh broker); an existing topic keeps its own.
export const PARTITIONS = intEnv("PARTITIONS", 6, 1);
export const RAW_CLIENTS = intEnv("RAW_CLIENTS", 6, 1);
export const RAW_SECONDS = intEnv("RAW_SECONDS", 10, 1);
export const POOL_SIZE = intEnv("POOL_SIZE", 20, 2);
export const PRODUCE_BATCH = intEnv("PRODUCE_BATCH", 2_000, 1);
export const PRODUCE_IN_FLIGHT = intEnv("PRODUCE_IN_FLIGHT", 1, 1);
export const TIMEOUT_S = intEnv("TIMEOUT_S", 1_200, 10);
export const STALL_S = intEnv("STALL_S", 120, 5);
export const USERS = 50_000;
export const INSERT_CHUNK = 50_000;
export const SCANNER_BATCH = intEnv("SCANNER_BATCH", 2_000, 1);
export const SEND_TIMEOUT_MS = 30_000;
// The bench's orders belong to no real activity (the order table has no foreign key to it).
export const ACTIVITY_ID = 900_000_001;
export const ANCHOR = { coupons: 5_300_000, seconds: 600, perSecond: Math.round(5_300_000 / 600), consumerThreads: 64 };

/** DATABASE_URL fit for a report or a log line: its password masked. */
export function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "<unparseable>";
  }
}
