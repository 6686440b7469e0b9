import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { request } from "node:http";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const PROJECT_ROOT = path.resolve(__dirname, "../..");
const KAFKA_SCRIPT = path.join(PROJECT_ROOT, "scripts/kafka/kafka.sh");

/** A broker this test run started itself from the local jars; stopped by its own pid at the end. */
export interface LocalBroker {
  brokers: string;
  dataDir: string;
}

export async function startLocalBroker(dataDir: string): Promise<LocalBroker> {
  const { stdout } = await run("bash", [KAFKA_SCRIPT, "start", "--data-dir", dataDir], { maxBuffer: 1 << 20 });
  const brokers = stdout.trim().split("\n").pop() ?? "";
  if (!/^127\.0\.0\.1:\d+$/.test(brokers)) throw new Error(`kafka.sh start printed no broker address: ${stdout}`);
  return { brokers, dataDir };
}

export async function stopLocalBroker(dataDir: string): Promise<void> {
  await run("bash", [KAFKA_SCRIPT, "stop", "--data-dir", dataDir]);
}

/**
 * True when a Docker engine answers `/_ping` where Testcontainers will look for it: DOCKER_HOST
 * (unix:// or tcp://) when set, else /var/run/docker.sock. A docker client on PATH is not enough.
 */
export function dockerEngineAnswers(dockerHost = process.env.DOCKER_HOST || "unix:///var/run/docker.sock"): Promise<boolean> {
  let target: { socketPath: string } | { host: string; port: number };
  if (dockerHost.startsWith("unix://")) {
    const socketPath = dockerHost.slice("unix://".length);
    if (!existsSync(socketPath)) return Promise.resolve(false);
    target = { socketPath };
  } else if (dockerHost.startsWith("tcp://")) {
    const url = new URL(dockerHost.replace(/^tcp:/, "http:"));
    target = { host: url.hostname, port: Number(url.port || 2375) };
  } else {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    const req = request({ ...target, path: "/_ping", timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}

/** The broker version scripts/kafka/kafka.sh runs: KAFKA_VERSION, else the script's default. */
export function kafkaVersion(): string {
  if (process.env.KAFKA_VERSION) return process.env.KAFKA_VERSION;
  const version = /KAFKA_VERSION="\$\{KAFKA_VERSION:-([0-9.]+)\}"/.exec(readFileSync(KAFKA_SCRIPT, "utf8"))?.[1];
  if (!version) throw new Error(`no default KAFKA_VERSION found in ${KAFKA_SCRIPT}`);
  return version;
}

/** Applies the committed migrations to `databaseUrl` with the same command operators use. */
export async function migrate(databaseUrl: string): Promise<void> {
  await run(process.execPath, [path.join(PROJECT_ROOT, "scripts/migrate.mjs")], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
}

/** The same server as `url`, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
