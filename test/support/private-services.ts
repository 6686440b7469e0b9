import { execFile, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Client } from "pg";
import { pgPoolConfigFromUrl } from "../../src/infrastructure/persistence/pg-pool-config";
import { freePort } from "./free-port";
import { migrate, startLocalBroker } from "./services";

const run = promisify(execFile);

/**
 * Private dependencies for fault-injection tests: a PostgreSQL cluster, a Redis server and a Kafka
 * broker that only this test started, in a temp dir, on free loopback ports. A test may stop,
 * crash or replace them; the machine's own PostgreSQL (5432) and Redis (6379) are never touched.
 * Everything is stopped by the pid this harness recorded, never by name.
 */
export async function makeTempDir(label: string): Promise<string> {
  return mkdtempSync(path.join(tmpdir(), `lottery-${label}-`));
}

/** Runs a PostgreSQL server binary as the postgres user when we are root (initdb and pg_ctl refuse root). */
function asPostgresUser(binary: string, args: string[]): [string, string[]] {
  if (userInfo().uid !== 0) return [binary, args];
  return ["runuser", ["-u", "postgres", "--", binary, ...args]];
}

async function postgresBinDir(): Promise<string> {
  const { stdout } = await run("bash", ["-c", "ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1"]).catch(() => ({ stdout: "" }));
  const dir = stdout.trim();
  if (dir && existsSync(path.join(dir, "pg_ctl"))) return dir;
  const { stdout: onPath } = await run("bash", ["-c", "dirname \"$(command -v pg_ctl)\""]).catch(() => ({ stdout: "" }));
  if (onPath.trim()) return onPath.trim();
  throw new Error("no PostgreSQL server binaries (pg_ctl, initdb) found: install postgresql");
}

export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
  ) {}

  /** initdb into a temp dir, start on a free loopback port, create `database` and migrate it. */
  static async start(database = "lottery"): Promise<PrivatePostgres> {
    const dir = await makeTempDir("pg");
    const bin = await postgresBinDir();
    if (userInfo().uid === 0) {
      chmodSync(dir, 0o755);
      const { stdout } = await run("id", ["-u", "postgres"]);
      const { stdout: gid } = await run("id", ["-g", "postgres"]);
      chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    const [initdb, initArgs] = asPostgresUser(path.join(bin, "initdb"), ["-D", path.join(dir, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
    await run(initdb, initArgs);
    const pg = new PrivatePostgres(dir, await freePort(), bin);
    await pg.resume();
    const admin = new Client(pgPoolConfigFromUrl(pg.urlFor("postgres")));
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    await migrate(pg.urlFor(database));
    return pg;
  }

  urlFor(database: string): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts (again) the cluster of this dir; after a crash PostgreSQL replays its WAL first. */
  async resume(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      "-c listen_addresses=127.0.0.1",
      `-k ${this.dir}`,
      "-c fsync=off",
      "-c max_connections=100",
      "-c shared_buffers=32MB",
    ].join(" ");
    const [pgCtl, args] = asPostgresUser(path.join(this.bin, "pg_ctl"), ["-D", this.dataDir, "-o", options, "-l", path.join(this.dir, "server.log"), "-w", "-t", "60", "start"]);
    await run(pgCtl, args);
  }

  /** `immediate` is a crash: no checkpoint, every backend gone at once, recovery at the next start. */
  async stop(mode: "immediate" | "fast" = "immediate"): Promise<void> {
    if (!this.postmasterPid()) return;
    const [pgCtl, args] = asPostgresUser(path.join(this.bin, "pg_ctl"), ["-D", this.dataDir, "-m", mode, "-w", "-t", "60", "stop"]);
    await run(pgCtl, args);
  }

  /** Stops for good and removes the data. */
  async destroy(): Promise<void> {
    await this.stop("immediate").catch(() => this.killPostmaster());
    rmSync(this.dir, { recursive: true, force: true });
  }

  private get dataDir(): string {
    return path.join(this.dir, "data");
  }

  private postmasterPid(): number | undefined {
    const file = path.join(this.dataDir, "postmaster.pid");
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  private killPostmaster(): void {
    const pid = this.postmasterPid();
    if (pid) process.kill(pid, "SIGKILL");
  }
}

export class PrivateRedis {
  private child: ChildProcess | undefined;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await makeTempDir("redis"), await freePort());
    await redis.resume();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** A new, empty server on the same port (nothing is kept on disk). */
  async resume(): Promise<void> {
    const child = spawn(
      "redis-server",
      ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.dir, "--daemonize", "no", "--logfile", path.join(this.dir, "redis.log")],
      { stdio: "ignore" },
    );
    this.child = child;
    await waitForPort(this.port, 10_000, () => child.exitCode !== null);
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}; see ${this.dir}/redis.log`);
  }

  /** SIGKILL: everything in memory is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  async destroy(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class PrivateBroker {
  private constructor(
    readonly dir: string,
    readonly brokers: string,
  ) {}

  static async start(): Promise<PrivateBroker> {
    const dir = await makeTempDir("kafka");
    const { brokers } = await startLocalBroker(dir);
    return new PrivateBroker(dir, brokers);
  }

  /** SIGKILL of the broker's JVM, by the pid kafka.sh recorded. */
  kill(): void {
    const file = path.join(this.dir, "broker.pid");
    if (!existsSync(file)) return;
    const pid = Number(readFileSync(file, "utf8").trim());
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }

  /** Starts the broker of this dir again, on the same port, with its data. */
  async resume(): Promise<void> {
    await startLocalBroker(this.dir);
  }

  async destroy(): Promise<void> {
    this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The built service (`dist/src/main.js`) as a child process, as operators run it. */
export class ServiceProcess {
  readonly lines: string[] = [];
  private child: ChildProcess | undefined;
  url = "";

  constructor(
    private readonly role: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  async start(): Promise<void> {
    const main = path.resolve(__dirname, "../../dist/src/main.js");
    const child = spawn(process.execPath, [main, this.role], {
      env: { ...process.env, HTTP_PORT: "0", LOG_LEVEL: "info", ...this.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line) this.lines.push(line);
    };
    child.stderr?.on("data", collect);
    this.url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.role}: no start line within 60 s:\n${this.lines.slice(-30).join("\n")}`)), 60_000);
      let buffered = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const parts = buffered.split("\n");
        buffered = parts.pop() ?? "";
        for (const line of parts) {
          this.lines.push(line);
          if (line.includes('"lottery service started"')) {
            clearTimeout(timer);
            resolve(JSON.parse(line).url as string);
          }
        }
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${this.role} exited (${code ?? signal}) before starting:\n${this.lines.slice(-30).join("\n")}`));
      });
    });
  }

  /** Whether the process is still alive (it must never crash because a dependency went away). */
  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get exitDescription(): string {
    return `exit code ${this.child?.exitCode}, signal ${this.child?.signalCode}`;
  }

  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
  }

  /** Log lines at `level` or above (pino numbers: 40 warn, 50 error). */
  linesAtLeast(level: number): Array<Record<string, unknown>> {
    return this.lines.flatMap((line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        return typeof entry.level === "number" && entry.level >= level ? [entry] : [];
      } catch {
        return [];
      }
    });
  }
}

async function waitForPort(port: number, timeoutMs: number, gaveUp: () => boolean): Promise<void> {
  const { connect } = await import("node:net");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gaveUp()) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!gaveUp()) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}
