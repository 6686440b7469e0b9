import { existsSync, readFileSync, realpathSync } from "node:fs";
import path from "node:path";

/**
 * The Kafka broker `npm start` (scripts/kafka/kafka.sh) runs for a checkout, found from the files
 * kafka.sh keeps in its data dir: ports.env (BROKER_PORT=…) and broker.pid. Without this the CLI,
 * run in a second shell next to `npm start`, would try the default 127.0.0.1:9092 and time out.
 */
export interface LocalBroker {
  brokers: string;
  dataDir: string;
}

/** Where a checkout's broker lives: `.tmp/kafka` under the working directory, then under the checkout of this CLI. */
export function localBrokerDirs(cwd: string = process.cwd(), cliDir: string = __dirname): string[] {
  // dist/src/interfaces/cli/main.js (or src/interfaces/cli/main.ts under ts-jest) → the checkout.
  const checkout = path.basename(path.resolve(cliDir, "../../..")) === "dist" ? path.resolve(cliDir, "../../../..") : path.resolve(cliDir, "../../..");
  return [...new Set([path.join(cwd, ".tmp/kafka"), path.join(checkout, ".tmp/kafka")])];
}

/** The first of `dirs` whose broker is running, as kafka.sh itself decides it (`kafka.sh status`). */
export function findLocalBroker(dirs: string[]): LocalBroker | undefined {
  for (const dir of dirs) {
    const found = runningBroker(dir);
    if (found) return found;
  }
  return undefined;
}

function runningBroker(dir: string): LocalBroker | undefined {
  if (!existsSync(path.join(dir, "ports.env")) || !existsSync(path.join(dir, "broker.pid"))) return undefined;
  const dataDir = realpathSync(dir);
  const port = /^BROKER_PORT=(\d+)$/m.exec(readFileSync(path.join(dataDir, "ports.env"), "utf8"))?.[1];
  const pid = Number(readFileSync(path.join(dataDir, "broker.pid"), "utf8").trim());
  if (!port || !Number.isSafeInteger(pid) || pid <= 0 || !alive(pid)) return undefined;
  // As kafka.sh does: a recycled pid is only our broker if it runs this dir's server.properties.
  const cmdline = readCmdline(pid);
  if (cmdline !== undefined && !cmdline.includes(path.join(dataDir, "server.properties"))) return undefined;
  return { brokers: `127.0.0.1:${port}`, dataDir };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user; still a running broker.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readCmdline(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return undefined;
  }
}

/**
 * The environment the CLI configures itself from: KAFKA_BROKERS when set, else this checkout's
 * local broker when one runs. `kafkaOrigin` says where the address came from, for the message
 * when Kafka does not answer.
 */
export function withLocalBroker(env: NodeJS.ProcessEnv, dirs: string[] = localBrokerDirs()): { env: NodeJS.ProcessEnv; kafkaOrigin: string } {
  if (env.KAFKA_BROKERS) return { env, kafkaOrigin: "from KAFKA_BROKERS" };
  const found = findLocalBroker(dirs);
  if (found) return { env: { ...env, KAFKA_BROKERS: found.brokers }, kafkaOrigin: `the local broker of ${found.dataDir}` };
  return {
    env,
    kafkaOrigin: "the default: KAFKA_BROKERS is unset and no local broker runs in .tmp/kafka; set KAFKA_BROKERS or start one with npm start or npm run kafka:start",
  };
}
