// npm run bench:campaign: a bulk grant campaign end to end, beside the raw insert ceiling of the
// same run. It starts what it measures: a fresh database `lottery_bench_campaign`, a Kafka broker
// (unless KAFKA_BROKERS is set) and the service's api, consumer and worker roles (CONSUMERS and
// WORKERS processes of the two). Then it creates a campaign, uploads RECIPIENTS uIds over the
// streamed REST route, starts it and polls its status until DONE: grants/s from start to DONE,
// with CPU per process group. Writes bench/results/campaign-<time>.json.
// Settings: DATABASE_URL, KAFKA_BROKERS, RECIPIENTS (1000000), PER_USER (1), AWARD_TYPE (DESC),
// CONSUMERS (1), WORKERS (1), CHUNK_SIZE (5000), CHUNK_CONCURRENCY (2), WRITE_BATCH (2500),
// RAW_CLIENTS (8), RAW_SECONDS (10), UPLOAD_ONLY (1: stop after the upload, e.g. to see the api's
// memory stay flat over RECIPIENTS=5000000).
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import { Client } from "pg";
import { pgPoolConfigFromUrl } from "../src/infrastructure/persistence/pg-pool-config";
import { benchBroker, databaseUrl, recreateDatabase, startService, stopServices } from "./bench-services";
import { cpuBetween, cpuSnapshot, type ProcessGroup } from "./cpu";
import { rawInsertTps } from "./raw-insert";
import { writeReport } from "./report";

const DATABASE = "lottery_bench_campaign";
const RECIPIENTS = Number(process.env.RECIPIENTS ?? 1_000_000);
const PER_USER = Number(process.env.PER_USER ?? 1);
const AWARD_TYPE = process.env.AWARD_TYPE ?? "DESC";
const CONSUMERS = Number(process.env.CONSUMERS ?? 1);
const WORKERS = Number(process.env.WORKERS ?? 1);
const ADMIN_TOKEN = randomBytes(24).toString("hex");
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function call(baseUrl: string, method: string, route: string, body?: unknown): Promise<any> {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (response.status >= 300) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** RECIPIENTS uIds, one per line, produced as the upload streams them (the bench holds none of them). */
function recipientStream(): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      if (next >= RECIPIENTS) return controller.close();
      const lines: string[] = [];
      for (let i = 0; i < 10_000 && next < RECIPIENTS; i++) lines.push(`campaign-user-${next++}`);
      controller.enqueue(encoder.encode(`${lines.join("\n")}\n`));
    },
  });
}

/** Resident memory of a process in MiB (Linux /proc), 0 where it cannot be read. */
function rssMiB(pid: number | undefined): number {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  log(`recreating database ${DATABASE}`);
  await recreateDatabase(DATABASE);
  const broker = await benchBroker();
  const db = new Client(pgPoolConfigFromUrl(databaseUrl(DATABASE)));
  await db.connect();
  const services: ChildProcess[] = [];
  try {
    const raw = await rawInsertTps(db, databaseUrl(DATABASE), Number(process.env.RAW_CLIENTS ?? 8), Number(process.env.RAW_SECONDS ?? 10));
    log(`ceiling: raw single-row INSERT ${raw.tps}/s`);
    const env = {
      DATABASE_URL: databaseUrl(DATABASE),
      REDIS_KEY_PREFIX: `lottery-bench-campaign:${Date.now()}:`,
      KAFKA_BROKERS: broker.brokers,
      ADMIN_TOKEN,
      HTTP_PORT: "0",
      LOG_LEVEL: "info",
      DATABASE_POOL_SIZE: "12",
      CAMPAIGN_CHUNK_SIZE: process.env.CHUNK_SIZE ?? "5000",
      CAMPAIGN_CHUNK_CONCURRENCY: process.env.CHUNK_CONCURRENCY ?? "2",
      CAMPAIGN_WRITE_BATCH: process.env.WRITE_BATCH ?? "2500",
      CAMPAIGN_INTERVAL_MS: "200",
      // The scanner would only re-send what the campaign runner sends itself.
      SCANNER_STALE_AFTER_MS: "600000",
    };
    const api = await startService("api", env);
    const roleOf = new Map<number | undefined, string>([[api.child.pid, "api"]]);
    services.push(api.child);
    for (const role of [...Array(CONSUMERS).fill("consumer"), ...Array(WORKERS).fill("worker")] as string[]) {
      const started = await startService(role, env);
      roleOf.set(started.child.pid, role);
      services.push(started.child);
    }
    const groups: ProcessGroup = (pid, comm, cmdline) => {
      const role = roleOf.get(pid);
      if (role) return `${role} (node)`;
      if (comm === "postgres") return cmdline.includes(` ${DATABASE} `) ? `postgres backends of ${DATABASE}` : "postgres (other)";
      if (comm === "java") return "java (Kafka)";
      if (pid === process.pid) return "bench (node)";
      return undefined;
    };

    const campaignId = 700_000_001;
    await call(api.url, "POST", "/api/v1/campaigns", { campaignId, name: "bench", award: { awardId: "b", type: AWARD_TYPE, name: "Bench award", content: "bench" }, perUser: PER_USER });
    log(`uploading ${RECIPIENTS} recipients (streamed)`);
    const uploadStarted = Date.now();
    // The api process's memory while it reads the upload: flat, whatever the number of lines.
    let peakRssMiB = 0;
    const sampler = setInterval(() => (peakRssMiB = Math.max(peakRssMiB, rssMiB(api.child.pid))), 200);
    const uploaded = await fetch(`${api.url}/api/v1/campaigns/${campaignId}/recipients`, {
      method: "POST",
      headers: { "content-type": "text/plain", authorization: `Bearer ${ADMIN_TOKEN}` },
      body: recipientStream(),
      duplex: "half",
    } as RequestInit).then((r) => r.json() as Promise<{ accepted: number }>);
    clearInterval(sampler);
    const uploadS = (Date.now() - uploadStarted) / 1000;
    if (uploaded.accepted !== RECIPIENTS) throw new Error(`upload accepted ${uploaded.accepted} of ${RECIPIENTS}`);
    log(`uploaded in ${uploadS.toFixed(1)} s, api peak RSS ${peakRssMiB} MiB`);
    if (process.env.UPLOAD_ONLY === "1") {
      process.stdout.write(`upload: ${RECIPIENTS} recipients in ${uploadS.toFixed(1)} s (${Math.round(RECIPIENTS / uploadS)} lines/s), api peak RSS ${peakRssMiB} MiB\n`);
      return;
    }

    const before = cpuSnapshot();
    const started = Date.now();
    await call(api.url, "POST", `/api/v1/campaigns/${campaignId}/start`);
    const grants = RECIPIENTS * PER_USER;
    let status: any;
    let orderedAt: number | undefined;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      status = await call(api.url, "GET", `/api/v1/campaigns/${campaignId}`);
      if (orderedAt === undefined && status.ordered >= grants) orderedAt = Date.now();
      process.stderr.write(`\rbench: ${status.state} ordered ${status.ordered} sent ${status.sent} granted ${status.granted} failed ${status.failed}   `);
      if (status.state === "DONE") break;
      if (Date.now() - started > 30 * 60_000) throw new Error("the campaign did not finish within 30 minutes");
    }
    process.stderr.write("\n");
    const seconds = (Date.now() - started) / 1000;
    const cpu = cpuBetween(before, cpuSnapshot(), groups);
    const perGrantMs = (group: string) => (cpu?.[group] === undefined ? undefined : Math.round(((cpu[group] * 1000) / grants) * 1000) / 1000);
    const report = {
      benchmark: "campaign",
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version },
      settings: { recipients: RECIPIENTS, perUser: PER_USER, awardType: AWARD_TYPE, consumers: CONSUMERS, workers: WORKERS, chunkSize: env.CAMPAIGN_CHUNK_SIZE, chunkConcurrency: env.CAMPAIGN_CHUNK_CONCURRENCY, writeBatch: env.CAMPAIGN_WRITE_BATCH },
      upload: { seconds: Math.round(uploadS * 10) / 10, linesPerSecond: Math.round(RECIPIENTS / uploadS), apiPeakRssMiB: peakRssMiB },
      run: {
        grants,
        secondsToDone: Math.round(seconds * 10) / 10,
        grantsPerSecond: Math.round(grants / seconds),
        secondsToAllOrdered: orderedAt === undefined ? undefined : Math.round(((orderedAt - started) / 1000) * 10) / 10,
        final: status,
      },
      ceiling: raw,
      grantsPerSecondOverRawInsert: Math.round((grants / seconds / raw.tps) * 100) / 100,
      cpu,
      cpuMsPerGrant: { worker: perGrantMs("worker (node)"), consumer: perGrantMs("consumer (node)"), postgres: perGrantMs(`postgres backends of ${DATABASE}`), kafka: perGrantMs("java (Kafka)") },
    };
    const file = writeReport("campaign", report);
    process.stdout.write(
      `upload: ${RECIPIENTS} recipients in ${report.upload.seconds} s (${report.upload.linesPerSecond} lines/s)\n` +
        `upload: api peak RSS ${peakRssMiB} MiB\n` +
        `campaign: ${grants} grants from start to DONE in ${report.run.secondsToDone} s = ${report.run.grantsPerSecond} grants/s (all ordered after ${report.run.secondsToAllOrdered} s)\n` +
        `ceiling: raw single-row INSERT ${raw.tps}/s; grants/s over it: ${report.grantsPerSecondOverRawInsert}\n` +
        `CPU ms per grant: ${JSON.stringify(report.cpuMsPerGrant)}\nreport: ${file}\n`,
    );
  } finally {
    await stopServices(services);
    await db.end();
    await broker.stop();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
