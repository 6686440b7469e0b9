import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Client } from "pg";
import { pgPoolConfigFromUrl } from "../src/infrastructure/persistence/pg-pool-config";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");

/** The URL of `database` on DATABASE_URL's server (the rest of the URL, ?host= included, kept). */
export function databaseUrl(database: string): string {
  const url = new URL(process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres");
  url.pathname = `/${database}`;
  return url.toString();
}

/** Drops and creates `database`, then applies the migrations: every run starts from nothing. */
export async function recreateDatabase(database: string): Promise<void> {
  const admin = new Client(pgPoolConfigFromUrl(databaseUrl("postgres")));
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  await run(process.execPath, [path.join(ROOT, "scripts/migrate.mjs")], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl(database) } });
}

/** KAFKA_BROKERS, or a broker of the run's own from the local jars; `stop` stops only what this started. */
export async function benchBroker(): Promise<{ brokers: string; stop: () => Promise<void> }> {
  if (process.env.KAFKA_BROKERS) return { brokers: process.env.KAFKA_BROKERS, stop: async () => undefined };
  const dir = mkdtempSync(path.join(os.tmpdir(), "lottery-bench-kafka-"));
  const kafkaSh = path.join(ROOT, "scripts/kafka/kafka.sh");
  const { stdout } = await run("bash", [kafkaSh, "start", "--data-dir", dir], { maxBuffer: 1 << 20 });
  return {
    brokers: stdout.trim().split("\n").pop() ?? "",
    stop: async () => {
      await run("bash", [kafkaSh, "stop", "--data-dir", dir]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The service as operators run it (`dist/src/main.js <role>`); resolves with its URL once it logs that it started. */
export function startService(role: string, env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, "dist/src/main.js"), role], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let buffered = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split("\n").slice(0, -1)) {
        if (line.includes('"lottery service started"')) resolve({ child, url: JSON.parse(line).url });
      }
      buffered = buffered.slice(buffered.lastIndexOf("\n") + 1);
    });
    child.once("exit", (code) => reject(new Error(`the service (${role}) exited (${code}) before it started`)));
  });
}

/** SIGTERM to each process still running, and waits for them to exit. */
export async function stopServices(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }),
  );
}
