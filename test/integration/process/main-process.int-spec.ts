import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { createInterface } from "node:readline";
import { createOwnDatabase } from "../../support/own-database";
import { PROJECT_ROOT } from "../../support/services";

const MAIN = path.join(PROJECT_ROOT, "dist/src/main.js");
const SHUTDOWN_TIMEOUT_MS = 5000;
let databaseUrl = "";

interface Started {
  child: ChildProcess;
  url: string;
  lines: string[];
}

/** Runs the built entry point as operators do and waits for its "started" log line. */
async function startMain(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Started> {
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      HTTP_PORT: "0",
      LOG_LEVEL: "info",
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start line within 30 s:\n${lines.join("\n")}`)), 30000);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      lines.push(line);
      const entry = safeJson(line);
      if (entry?.msg === "lottery service started") {
        clearTimeout(timer);
        resolve(entry.url as string);
      }
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code} before starting:\n${lines.join("\n")}`)));
  });
  return { child, url, lines };
}

function safeJson(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

describe("the service process (dist/src/main.js)", () => {
  let running: ChildProcess | undefined;
  // Role all runs the worker's jobs, which scan whole tables: give them a database of their own.
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  beforeAll(async () => {
    database = await createOwnDatabase();
    databaseUrl = database.url;
  });
  afterAll(() => database.drop());
  afterEach(() => {
    if (running && running.exitCode === null) running.kill("SIGKILL");
    running = undefined;
  });

  it("exits 0 within the shutdown bound on SIGTERM, after leaving a ready state", async () => {
    const { child, url, lines } = await startMain(["all"]);
    running = child;
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);

    const stoppedAt = Date.now();
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 1000);
    expect(lines.some((line) => safeJson(line)?.msg === "stopped" && safeJson(line)?.clean === true)).toBe(true);
  });

  it("takes its role from the command line and exits 0 on SIGINT too", async () => {
    const { child, url, lines } = await startMain(["worker"]);
    running = child;
    expect(safeJson(lines.find((l) => safeJson(l)?.msg === "lottery service started") ?? "")?.role).toBe("worker");
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    child.kill("SIGINT");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  });

  it("refuses a bad configuration value by name and exits non-zero", async () => {
    const child = spawn(process.execPath, [MAIN, "all"], { env: { ...process.env, HTTP_PORT: "eighty" }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(stderr).toMatch(/HTTP_PORT: .*\(got "eighty"\)/);
  });

  it("refuses an unknown role", async () => {
    const child = spawn(process.execPath, [MAIN, "chef"], { env: process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, "exit");
    expect(code).toBe(2);
    expect(stderr).toMatch(/ROLE: .*api.*consumer.*worker.*all.*\(got "chef"\)/);
  });
});
