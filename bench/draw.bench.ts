// npm run bench:draw: the draw path under load, beside its ceiling measured in the same run.
// It starts everything it measures: a fresh database `lottery_bench_draw` on DATABASE_URL's
// server, its own Redis key prefix, a local Kafka broker (unless KAFKA_BROKERS is set) and the
// service's api, consumer and worker roles, one process each (the consumer delivers while draws
// run). Then:
//   1. maximum rate: autocannon, closed loop, CONNECTIONS connections, DURATION_S seconds;
//   2. 70% of that rate, offered at a fixed arrival rate (open loop, bench/open-loop.ts): the
//      latency a user sees below saturation;
//   3. the ceiling: pgbench running issue 8's draw-shaped transaction (bench/draw-reference.pgbench,
//      one stock row per award) against the same database, with no HTTP, Node or Redis in the way;
//   4. pgbench running the service's own draw statement (bench/draw-shaped.pgbench), for comparison.
// It prints draws/s, p50/p95/p99, Node and PostgreSQL CPU ms per draw, the ceiling and the
// ratio, and writes bench/results/draw-<time>.json.
// Settings: DATABASE_URL (postgresql://postgres@127.0.0.1:5432/postgres), REDIS_URL, KAFKA_BROKERS,
// DURATION_S (20), CONNECTIONS (64), USERS (100000), AWARD_RATES ("0.05,0.15,0.20": 40% wins),
// POOL_SIZE (16), PGBENCH_CLIENTS (16), API_NODE_ARGS (node options of the api process, e.g. to profile it),
// BACKGROUND_CPU_SHARES (unset: the consumer and worker weigh as the api; see bench/background-cpu-group.ts),
// CONSUMER_BUSY_SHARE (0.3: the consumer paces its grants, as README says to where it shares the api's cores).
import { execFile, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import autocannon from "autocannon";
import { Client } from "pg";
import { GrantState } from "../src/domain/award/draw-order.entity";
import { pgPoolConfigFromUrl } from "../src/infrastructure/persistence/pg-pool-config";
import { BackgroundCpuGroup } from "./background-cpu-group";
import { benchBroker, databaseUrl, recreateDatabase, startService, stopServices } from "./bench-services";
import { cpuBetween, cpuSnapshot, type CpuSnapshot, type ProcessGroup } from "./cpu";
import { drawShapedPgbenchScript } from "./draw-shaped.pgbench";
import { openLoop } from "./open-loop";
import { latencySummary, writeReport } from "./report";

const run = promisify(execFile);
const DATABASE = "lottery_bench_draw";
const ROOT = path.resolve(__dirname, "../..");
const DURATION_S = Number(process.env.DURATION_S ?? 20);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 64);
const USERS = Number(process.env.USERS ?? 100_000);
const AWARD_RATES = (process.env.AWARD_RATES ?? "0.05,0.15,0.20").split(",");
const POOL_SIZE = Number(process.env.POOL_SIZE ?? 16);
const PGBENCH_CLIENTS = Number(process.env.PGBENCH_CLIENTS ?? 16);
const BACKGROUND_CPU_SHARES = process.env.BACKGROUND_CPU_SHARES ? Number(process.env.BACKGROUND_CPU_SHARES) : undefined;
// Everything shares two cores here, so the consumer paces its grants (README, CONSUMER_BUSY_SHARE).
const CONSUMER_BUSY_SHARE = process.env.CONSUMER_BUSY_SHARE ?? "0.3";
const ADMIN_TOKEN = randomBytes(24).toString("hex");

async function call(baseUrl: string, method: string, route: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

/** A DOING activity whose stock and per-user limit the run cannot exhaust; strategy id = activity id. */
async function deployBenchActivity(baseUrl: string, activityId: number): Promise<number> {
  const deployed = await call(baseUrl, "POST", "/api/v1/activities", {
    activityId,
    name: "bench",
    beginAt: new Date(Date.now() - 3600_000).toISOString(),
    endAt: new Date(Date.now() + 86_400_000).toISOString(),
    stockCount: 2_000_000_000,
    takeCount: 1_000_000,
    strategy: {
      strategyId: activityId,
      mode: "SINGLE",
      awards: AWARD_RATES.map((rate, i) => ({ awardId: String(i + 1), type: "DESC", name: `award ${i + 1}`, content: "bench", count: 2_000_000_000, rate })),
    },
  });
  if (deployed.status !== 201) throw new Error(`deploy failed (${deployed.status}): ${JSON.stringify(deployed.json)}`);
  for (const action of ["arraign", "pass", "doing"]) await call(baseUrl, "POST", `/api/v1/activities/${activityId}/state`, { action });
  return activityId;
}

interface PhaseResult {
  drawsPerSecond: number;
  latencyMs: ReturnType<typeof latencySummary>;
  errors: number;
  non2xx: number;
  wins: number;
  losses: number;
  refusals: Record<string, number>;
  cpu?: Record<string, number>;
  /** node: the api process alone; postgres: every backend of the bench database (draws, and the consumer's grants). */
  cpuMsPerDraw?: { node: number; postgres: number };
  /** PostgreSQL CPU ms per draw spent for each role's connections (named by application_name). */
  postgresMsPerDrawByRole?: Record<string, number>;
}

/** What the draws of a phase answered: WIN and LOSE, and refusals by code. */
class DrawTally {
  wins = 0;
  losses = 0;
  readonly refusals: Record<string, number> = {};

  readonly onResponse = (status: number, body: string): void => {
    if (status !== 200) {
      const code = safeCode(body);
      this.refusals[code] = (this.refusals[code] ?? 0) + 1;
    } else if (body.includes('"WIN"')) this.wins++;
    else this.losses++;
  };

  result(durationS: number, latencies: number[], errors: number, non2xx: number, window: CpuWindow): PhaseResult {
    const draws = this.wins + this.losses;
    const cpu = window.cpu;
    return {
      drawsPerSecond: Math.round(draws / durationS),
      latencyMs: latencySummary(latencies),
      errors,
      non2xx,
      wins: this.wins,
      losses: this.losses,
      refusals: this.refusals,
      cpu,
      cpuMsPerDraw:
        cpu && draws > 0
          ? { node: round((cpu["api (node)"] * 1000) / draws), postgres: round((cpu[`postgres backends of ${DATABASE}`] * 1000) / draws) }
          : undefined,
      postgresMsPerDrawByRole: draws > 0 ? perDraw(window.postgresByRole, draws) : undefined,
    };
  }
}

interface CpuWindow {
  cpu?: Record<string, number>;
  postgresByRole?: Record<string, number>;
}

/**
 * Which role each backend of the bench database serves, from the application_name every role's
 * DATABASE_URL carries (pg_stat_activity); refreshed while the bench runs, as pools open connections.
 */
const backendRoles = new Map<number, string>();

async function watchBackendRoles(): Promise<() => Promise<void>> {
  const client = new Client(pgPoolConfigFromUrl(databaseUrl(DATABASE)));
  await client.connect();
  const refresh = async () => {
    const { rows } = await client.query<{ pid: number; application_name: string }>(
      "SELECT pid, application_name FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [DATABASE],
    );
    for (const row of rows) backendRoles.set(row.pid, row.application_name.startsWith(APPLICATION_PREFIX) ? row.application_name.slice(APPLICATION_PREFIX.length) : row.application_name || "other");
  };
  await refresh();
  const timer = setInterval(() => void refresh().catch(() => undefined), 500);
  return async () => {
    clearInterval(timer);
    await client.end();
  };
}

const APPLICATION_PREFIX = "lottery-bench-";

function cpuWindow(before: CpuSnapshot | undefined, after: CpuSnapshot | undefined, groups: ProcessGroup): CpuWindow {
  const byRole = cpuBetween(before, after, (pid, comm) => (comm === "postgres" ? backendRoles.get(pid) : undefined));
  if (byRole) for (const key of ["wallSeconds", "machineBusyPercentOfAllCores", "everything else"]) delete byRole[key];
  return { cpu: cpuBetween(before, after, groups), postgresByRole: byRole };
}

function perDraw(cpuSeconds: Record<string, number> | undefined, draws: number): Record<string, number> | undefined {
  if (!cpuSeconds) return undefined;
  return Object.fromEntries(Object.entries(cpuSeconds).map(([role, seconds]) => [role, round((seconds * 1000) / draws)]));
}

const drawBody = (activityId: number) => JSON.stringify({ uId: `bench-${Math.floor(Math.random() * USERS)}`, activityId });

/** The latency a user sees below saturation: draws offered at a fixed rate (bench/open-loop.ts). */
async function fixedRatePhase(baseUrl: string, activityId: number, durationS: number, groups: ProcessGroup, rate: number): Promise<PhaseResult> {
  const tally = new DrawTally();
  const before = cpuSnapshot();
  const result = await openLoop({ url: baseUrl, path: "/api/v1/draws", rate, durationS, body: () => drawBody(activityId), onResponse: tally.onResponse });
  const non2xx = [...result.statuses.entries()].filter(([status]) => status !== 200).reduce((sum, [, n]) => sum + n, 0);
  return tally.result(durationS, result.latenciesMs, result.errors, non2xx, cpuWindow(before, cpuSnapshot(), groups));
}

/** Closed loop: CONNECTIONS connections, each sending its next draw as soon as the last is answered. */
async function phase(baseUrl: string, activityId: number, durationS: number, groups: ProcessGroup): Promise<PhaseResult> {
  const latencies: number[] = [];
  const tally = new DrawTally();
  const instance = autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    duration: durationS,
    requests: [
      {
        method: "POST",
        path: "/api/v1/draws",
        headers: { "content-type": "application/json" },
        setupRequest: (request: any) => ({ ...request, body: drawBody(activityId) }),
        onResponse: tally.onResponse,
      },
    ],
  } as any);
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const before = cpuSnapshot();
  const result: any = await instance;
  return tally.result(durationS, latencies, result.errors + result.timeouts, result.non2xx, cpuWindow(before, cpuSnapshot(), groups));
}

interface CeilingResult {
  tps: number;
  cpu?: Record<string, number>;
  postgresCpuMsPerDraw?: number;
  script: string;
}

/**
 * pgbench running a draw-shaped transaction (`scriptName` in bench/): what this machine's
 * PostgreSQL can do for draws. `generated` is the script's text when it is made at run time
 * (from the service's own statement), written to a temporary file for pgbench.
 */
async function ceiling(activityId: number, groups: ProcessGroup, scriptName: string, generated?: string): Promise<CeilingResult> {
  const dir = generated === undefined ? undefined : mkdtempSync(path.join(os.tmpdir(), "lottery-pgbench-"));
  const script = dir === undefined ? path.join(ROOT, "bench", scriptName) : path.join(dir, scriptName);
  if (dir !== undefined) writeFileSync(script, generated as string);
  const config = pgPoolConfigFromUrl(databaseUrl(DATABASE));
  const seconds = Math.max(10, Math.round(DURATION_S * 0.75));
  const args = [
    "-n", "-M", "prepared", "-c", String(PGBENCH_CLIENTS), "-j", "2", "-T", String(seconds),
    "-D", "n=0", "-D", `activity=${activityId}`, "-D", `users=${USERS}`,
    "-h", String(config.host), "-p", String(config.port), "-U", String(config.user ?? "postgres"), "-f", script, DATABASE,
  ];
  const finished = run("pgbench", args, { maxBuffer: 1 << 22 });
  // pgbench's backends are gone once it ends, and their CPU with them: measure a window inside its run.
  await sleep(1000);
  const before: CpuSnapshot | undefined = cpuSnapshot();
  const countBefore = await takesOf(activityId);
  await sleep((seconds - 2) * 1000);
  const after = cpuSnapshot();
  const countAfter = await takesOf(activityId);
  const { stdout } = await finished;
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  const cpu = cpuBetween(before, after, groups);
  const tps = Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? NaN);
  const postgres = cpu?.[`postgres backends of ${DATABASE}`];
  const draws = countAfter - countBefore;
  return { tps: Math.round(tps), cpu, postgresCpuMsPerDraw: postgres !== undefined && draws > 0 ? round((postgres * 1000) / draws) : undefined, script: `bench/${scriptName}` };
}

async function takesOf(activityId: number): Promise<number> {
  return withBenchDatabase(async (client) =>
    Number((await client.query("SELECT count(*) FROM user_take_activity WHERE activity_id = $1", [activityId])).rows[0].count),
  );
}

/**
 * Waits until the consumer has granted every order of the activity (or 120 s), so a phase does
 * not start with the backlog the phase before it left: at the maximum rate the consumer falls
 * behind, and catching up during the 70 % phase would add its work to that phase's latency.
 * The ungranted orders found, and how long they took to clear.
 */
async function untilDelivered(activityId: number): Promise<{ ungranted: number; waitedMs: number }> {
  return withBenchDatabase(async (client) => {
    const started = Date.now();
    const count = async () =>
      Number((await client.query("SELECT count(*) FROM user_strategy_export WHERE activity_id = $1 AND grant_state = $2", [activityId, GrantState.INIT])).rows[0].count);
    const ungranted = await count();
    for (let left = ungranted; left > 0 && Date.now() - started < 120_000; left = await count()) await sleep(200);
    return { ungranted, waitedMs: Date.now() - started };
  });
}

/** `work` on a connection of its own to the bench database, closed after. */
async function withBenchDatabase<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(pgPoolConfigFromUrl(databaseUrl(DATABASE)));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(): Promise<void> {
  process.stderr.write(`bench: recreating database ${DATABASE}\n`);
  await recreateDatabase(DATABASE);
  const broker = await benchBroker();
  const brokers = broker.brokers;
  const services: ChildProcess[] = [];
  const stops: (() => Promise<void>)[] = [];
  try {
    const env = {
      DATABASE_URL: databaseUrl(DATABASE),
      DATABASE_POOL_SIZE: String(POOL_SIZE),
      REDIS_KEY_PREFIX: `lottery-bench-draw:${Date.now()}:`,
      KAFKA_BROKERS: brokers,
      ADMIN_TOKEN,
      HTTP_PORT: "0",
      LOG_LEVEL: "info",
      CONSUMER_BUSY_SHARE,
    };
    // The roles in processes of their own, as in production, so each one's CPU is its own.
    // API_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the api process.
    const stopWatching = await watchBackendRoles();
    stops.push(stopWatching);
    const started = await startService("api", roleEnv(env, "api"), process.env.API_NODE_ARGS ? process.env.API_NODE_ARGS.split(" ") : []);
    const roleOf = new Map<number | undefined, string>([[started.child.pid, "api"]]);
    services.push(started.child);
    for (const role of ["consumer", "worker"]) {
      const other = await startService(role, roleEnv(env, role));
      roleOf.set(other.child.pid, role);
      services.push(other.child);
    }
    const background = BackgroundCpuGroup.create(BACKGROUND_CPU_SHARES);
    if (background) {
      // Pools open connections as they need them: their backends are placed as they appear.
      const placeBackground = () =>
        background.place([...roleOf, ...backendRoles].flatMap(([pid, role]) => (pid !== undefined && (role === "consumer" || role === "worker") ? [pid] : [])));
      placeBackground();
      const timer = setInterval(placeBackground, 1_000);
      stops.push(async () => {
        clearInterval(timer);
        background.remove();
      });
      process.stderr.write(`bench: the consumer and worker roles and their PostgreSQL backends at CPU shares ${BACKGROUND_CPU_SHARES} (the api's: 1024)\n`);
    }
    const groups: ProcessGroup = (pid, comm, cmdline) => {
      const role = roleOf.get(pid);
      if (role) return `${role} (node)`;
      if (pid === process.pid) return "bench and autocannon (node)";
      if (comm === "postgres") return cmdline.includes(` ${DATABASE} `) ? `postgres backends of ${DATABASE}` : "postgres (other)";
      if (comm.startsWith("redis-server")) return "redis";
      if (comm === "java") return "java (Kafka)";
      if (comm === "pgbench") return "pgbench";
      return undefined;
    };
    const activityId = await deployBenchActivity(started.url, 900_000_001);
    process.stderr.write(`bench: warming up (5 s)\n`);
    await phase(started.url, activityId, 5, groups);
    process.stderr.write(`bench: phase 1, maximum rate (${CONNECTIONS} connections, ${DURATION_S} s)\n`);
    const max = await phase(started.url, activityId, DURATION_S, groups);
    const target = Math.max(1, Math.round(max.drawsPerSecond * 0.7));
    const backlog = await untilDelivered(activityId);
    process.stderr.write(`bench: the consumer cleared the ${backlog.ungranted} orders left ungranted by phase 1 in ${backlog.waitedMs} ms\n`);
    process.stderr.write(`bench: phase 2, 70% of max = ${target} draws/s offered (${DURATION_S} s)\n`);
    const atSeventy = await fixedRatePhase(started.url, activityId, DURATION_S, groups, target);
    const referenceActivity = await deployBenchActivity(started.url, 900_000_002);
    process.stderr.write(`bench: ceiling, pgbench with issue 8's draw shape (bench/draw-reference.pgbench, ${PGBENCH_CLIENTS} clients)\n`);
    const top = await ceiling(referenceActivity, groups, "draw-reference.pgbench");
    const statementActivity = await deployBenchActivity(started.url, 900_000_003);
    process.stderr.write(`bench: pgbench with the service's own draw statement (bench/draw-shaped.pgbench, ${PGBENCH_CLIENTS} clients)\n`);
    const own = await ceiling(statementActivity, groups, "draw-shaped.pgbench", drawShapedPgbenchScript());

    const report = {
      benchmark: "draw",
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      settings: { durationS: DURATION_S, connections: CONNECTIONS, users: USERS, awardRates: AWARD_RATES, poolSize: POOL_SIZE, pgbenchClients: PGBENCH_CLIENTS, backgroundCpuShares: BACKGROUND_CPU_SHARES ?? null, consumerBusyShare: Number(CONSUMER_BUSY_SHARE) },
      maxRate: max,
      backlogAfterMaxRate: backlog,
      at70PercentOfMax: { offeredDrawsPerSecond: target, ...atSeventy },
      ceiling: top,
      drawsPerSecondOverCeiling: round(max.drawsPerSecond / top.tps),
      serviceStatement: own,
      drawsPerSecondOverServiceStatement: round(max.drawsPerSecond / own.tps),
    };
    const file = writeReport("draw", report);
    const line = (name: string, r: PhaseResult) =>
      `${name}: ${r.drawsPerSecond} draws/s, p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, p99 ${r.latencyMs.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}, ` +
      `WIN ${r.wins} / LOSE ${r.losses}; CPU per draw: node ${r.cpuMsPerDraw?.node} ms, postgres ${r.cpuMsPerDraw?.postgres} ms ` +
      `(${Object.entries(r.postgresMsPerDrawByRole ?? {}).map(([role, ms]) => `${role} ${ms}`).join(", ")})`;
    process.stdout.write(
      `${line("max rate", max)}\n${line("at 70% of max", atSeventy)}\n` +
        `ceiling (pgbench, issue 8's draw shape): ${top.tps} draws/s, postgres ${top.postgresCpuMsPerDraw} ms CPU per draw\n` +
        `max rate / ceiling: ${report.drawsPerSecondOverCeiling}\n` +
        `pgbench, the service's draw statement: ${own.tps} draws/s, postgres ${own.postgresCpuMsPerDraw} ms CPU per draw; max rate / it: ${report.drawsPerSecondOverServiceStatement}\n` +
        `report: ${file}\n`,
    );
  } finally {
    await stopServices(services);
    for (const stop of stops) await stop().catch(() => undefined);
    await broker.stop();
  }
}

/** The role's environment: its connections carry application_name lottery-bench-<role>. */
function roleEnv(env: Record<string, string>, role: string): Record<string, string> {
  const url = new URL(env.DATABASE_URL);
  url.searchParams.set("application_name", `${APPLICATION_PREFIX}${role}`);
  return { ...env, DATABASE_URL: url.toString() };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function safeCode(body: string): string {
  try {
    return JSON.parse(body).code ?? "UNKNOWN";
  } catch {
    return "UNPARSEABLE";
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
