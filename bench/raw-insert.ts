import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import type { Client } from "pg";
import { pgPoolConfigFromUrl } from "../src/infrastructure/persistence/pg-pool-config";

const ROOT = path.resolve(__dirname, "../..");

/**
 * The machine's raw single-row INSERT rate: pgbench, `clients` clients for `seconds`, each
 * transaction one INSERT and its commit (bench/raw-insert.sql), into a scratch table of the bench
 * database. The ceiling one-row-per-commit work could reach at best, measured in the same run.
 */
export async function rawInsertTps(db: Client, databaseUrl: string, clients: number, seconds: number): Promise<{ tps: number; clients: number; seconds: number; command: string }> {
  await db.query("DROP TABLE IF EXISTS bench_raw_insert");
  await db.query("CREATE TABLE bench_raw_insert (id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), payload text NOT NULL)");
  const config = pgPoolConfigFromUrl(databaseUrl);
  const args = [
    "-n",
    "-h", String(config.host ?? "127.0.0.1"),
    "-p", String(config.port ?? 5432),
    "-U", String(config.user ?? "postgres"),
    "-c", String(clients),
    "-j", String(Math.min(clients, os.cpus().length)),
    "-T", String(seconds),
    "-f", path.join(ROOT, "bench/raw-insert.sql"),
    String(config.database),
  ];
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn("pgbench", args, { env: { ...process.env, PGPASSWORD: String(config.password ?? "") }, stdio: ["ignore", "pipe", "pipe"] });
      let text = "";
      child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (text += chunk.toString()));
      child.on("error", (error) => reject(new Error(`pgbench could not run (${error.message}); install PostgreSQL's client tools`)));
      child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`pgbench exited ${code}: ${text.slice(-500)}`))));
    });
    const match = /tps = ([\d.]+) \((?:without initial connection time|excluding connections establishing)\)/.exec(output);
    if (!match) throw new Error(`no tps in pgbench output: ${output.slice(-500)}`);
    return { tps: Math.round(Number(match[1])), clients, seconds, command: `pgbench ${args.join(" ")}` };
  } finally {
    await db.query("DROP TABLE IF EXISTS bench_raw_insert");
  }
}
