// npm run bench:draw: drives a running service (npm start) with draws and reports draws/s,
// latency percentiles, errors and the WIN/LOSE split; writes bench/results/draw-<time>.json.
//   BASE_URL (http://127.0.0.1:8080)  ADMIN_TOKEN (else .tmp/admin-token)  DURATION_S (20)
//   CONNECTIONS (64)  USERS (100000)  AWARD_RATES ("0.05,0.15,0.20": SINGLE rates, 40% wins)
// Phase 1 finds the maximum rate (closed loop); phase 2 offers 70% of it (rate-limited) and
// reports the latency a user sees below saturation.
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { latencySummary, writeReport } from "./report";

const BASE_URL = process.env.BASE_URL ?? "http://127.0.0.1:8080";
const DURATION_S = Number(process.env.DURATION_S ?? 20);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 64);
const USERS = Number(process.env.USERS ?? 100_000);
// SINGLE rates of the bench strategy's three awards; "0,0,0" measures draws that never publish.
const AWARD_RATES = (process.env.AWARD_RATES ?? "0.05,0.15,0.20").split(",");
const tokenFile = path.resolve(__dirname, "../../.tmp/admin-token");
const ADMIN_TOKEN = process.env.ADMIN_TOKEN ?? (existsSync(tokenFile) ? readFileSync(tokenFile, "utf8").trim() : "");

async function call(method: string, route: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${BASE_URL}${route}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

/** A fresh DOING activity whose stock and per-user limit the run cannot exhaust. */
async function deployBenchActivity(): Promise<number> {
  const activityId = 900_000_000 + (Date.now() % 90_000_000);
  const deployed = await call("POST", "/api/v1/activities", {
    activityId,
    name: "bench",
    beginAt: new Date(Date.now() - 3600_000).toISOString(),
    endAt: new Date(Date.now() + 86_400_000).toISOString(),
    stockCount: 100_000_000,
    takeCount: 1_000,
    strategy: {
      strategyId: activityId,
      mode: "SINGLE",
      awards: [
        { awardId: "1", type: "DESC", name: "IMac", content: "IMac", count: 100_000_000, rate: AWARD_RATES[0] },
        { awardId: "2", type: "DESC", name: "iphone", content: "iphone", count: 100_000_000, rate: AWARD_RATES[1] },
        { awardId: "3", type: "DESC", name: "ipad", content: "ipad", count: 100_000_000, rate: AWARD_RATES[2] },
      ],
    },
  });
  if (deployed.status !== 201) throw new Error(`deploy failed (${deployed.status}): ${JSON.stringify(deployed.json)}; is ADMIN_TOKEN right?`);
  for (const action of ["arraign", "pass", "doing"]) await call("POST", `/api/v1/activities/${activityId}/state`, { action });
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
}

async function phase(activityId: number, overallRate?: number): Promise<PhaseResult> {
  const latencies: number[] = [];
  let wins = 0;
  let losses = 0;
  const refusals: Record<string, number> = {};
  const instance = autocannon({
    url: BASE_URL,
    connections: CONNECTIONS,
    duration: DURATION_S,
    ...(overallRate ? { overallRate } : {}),
    requests: [
      {
        method: "POST",
        path: "/api/v1/draws",
        headers: { "content-type": "application/json" },
        setupRequest: (request: any) => ({
          ...request,
          body: JSON.stringify({ uId: `bench-${Math.floor(Math.random() * USERS)}`, activityId }),
        }),
        onResponse: (status: number, body: string) => {
          if (status !== 200) {
            const code = safeCode(body);
            refusals[code] = (refusals[code] ?? 0) + 1;
          } else if (body.includes('"WIN"')) wins++;
          else losses++;
        },
      },
    ],
  } as any);
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const result: any = await instance;
  return {
    drawsPerSecond: Math.round((wins + losses) / DURATION_S),
    latencyMs: latencySummary(latencies),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    wins,
    losses,
    refusals,
  };
}

function safeCode(body: string): string {
  try {
    return JSON.parse(body).code ?? "UNKNOWN";
  } catch {
    return "UNPARSEABLE";
  }
}

async function main(): Promise<void> {
  const ready = await fetch(`${BASE_URL}/health/ready`).catch(() => undefined);
  if (!ready || ready.status !== 200) throw new Error(`${BASE_URL}/health/ready is not 200: start the service first (npm start)`);
  const activityId = await deployBenchActivity();
  process.stderr.write(`bench: activity ${activityId}; phase 1 (max rate, ${CONNECTIONS} connections, ${DURATION_S} s)\n`);
  const max = await phase(activityId);
  const target = Math.max(1, Math.round(max.drawsPerSecond * 0.7));
  process.stderr.write(`bench: phase 2 (70% of max = ${target} draws/s, ${DURATION_S} s)\n`);
  const atSeventy = await phase(activityId, target);

  const report = {
    benchmark: "draw",
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    settings: { baseUrl: BASE_URL, durationS: DURATION_S, connections: CONNECTIONS, users: USERS, awardRates: AWARD_RATES },
    maxRate: max,
    at70PercentOfMax: { offeredDrawsPerSecond: target, ...atSeventy },
  };
  const file = writeReport("draw", report);
  const line = (name: string, r: PhaseResult) =>
    `${name}: ${r.drawsPerSecond} draws/s, p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, p99 ${r.latencyMs.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}, WIN ${r.wins} / LOSE ${r.losses}`;
  process.stdout.write(`${line("max rate", max)}\n${line("at 70% of max", atSeventy)}\nreport: ${file}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exit(1);
});
