// npm run bench:delivery: how fast prizes are delivered, without the HTTP service. Uses the
// project's own classes (InvoiceConsumer, DeliverInvoicesUseCase, ResendStuckInvoicesUseCase) in
// this process, against PostgreSQL and a Kafka broker; writes bench/results/delivery-<time>.json.
//   KAFKA_BROKERS (required; `npm run kafka:start` starts a local broker and prints its address)
//   DATABASE_URL (postgresql://postgres@127.0.0.1:5432/lottery_bench; created and migrated here)
//   BACKLOG (200000)  STUCK (100000)  AWARD_TYPE (DESC | COUPON)  CONSUMER_CONCURRENCY (6)
//   CONSUMER_BATCH (1000)  POOL_SIZE (20)  PRODUCE_BATCH (2000)  PRODUCE_IN_FLIGHT (1)
//   SCANNER_BATCH (2000)  RAW_CLIENTS (6)  RAW_SECONDS (10)  TIMEOUT_S (1200)  STALL_S (120)
//   PARTITIONS (6: of lottery_invoice, when this run creates it on a fresh broker)
// Phase 0 (ceiling): this machine's raw single-row INSERT TPS, one commit per row, measured with
// pgbench against the same database in the same run; the drain rate is reported against it.
// Phase 1 (drain): BACKLOG orders are inserted (mq_state 1), their invoices produced to
// lottery_invoice (the produce rate is reported), then the consumer starts and the time until
// every order has grant_state 1 gives deliveries/s.
// Phase 2 (scanner): STUCK orders are inserted with mq_state 2 (their send failed); the scanner
// re-sends them while the consumer keeps running. Reported: the re-send rate (all mq_state 1)
// and the re-send plus delivery rate (all grant_state 1).
// Anchor (seeds/000): 5.3 million coupons in 10 minutes, about 8,800/s, on a cluster whose
// RocketMQ consumers ran 64 threads.
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { Client, type Pool } from "pg";
import { ResendStuckInvoicesUseCase } from "../src/application/compensation/resend-stuck-invoices.use-case";
import { DeliverInvoicesUseCase } from "../src/application/delivery/deliver-invoices.use-case";
import { AwardDistributorFactory } from "../src/domain/award/award-distributor.factory";
import { AwardType, awardTypeFromName, awardTypeName } from "../src/domain/award/award-type";
import type { InvoiceMessage } from "../src/domain/award/invoice.message";
import { PgUnitOfWork } from "../src/infrastructure/persistence/pg-unit-of-work";
import { generateRedeemCode } from "../src/infrastructure/delivery/random-token";
import { KafkaDeadLetterPublisher } from "../src/infrastructure/kafka/dead-letter.kafka-publisher";
import { KafkaInvoicePublisher } from "../src/infrastructure/kafka/invoice.kafka-publisher";
import { PgDeadLetterLog } from "../src/infrastructure/persistence/dead-letter.pg-log";
import { KafkaClient, type OutgoingMessage } from "../src/infrastructure/kafka/kafka-client";
import { applicationTopics, INVOICE_TOPIC } from "../src/infrastructure/kafka/kafka-topics";
import { createLogger } from "../src/infrastructure/logging/logger";
import { PgDrawOrderRepository } from "../src/infrastructure/persistence/draw-order.pg-repository";
import { PgOutboxRepository } from "../src/infrastructure/persistence/outbox.pg-repository";
import { createPgPool } from "../src/infrastructure/persistence/pg-pool.factory";
import { pgPoolConfigFromUrl } from "../src/infrastructure/persistence/pg-pool-config";
import { InvoiceConsumer } from "../src/infrastructure/kafka/invoice.consumer";
import { cpuBetween, cpuSnapshot, type CpuSnapshot } from "./cpu";
import { rawInsertTps } from "./raw-insert";
import { writeReport } from "./report";

const ROOT = path.resolve(__dirname, "../..");
const DATABASE_URL = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/lottery_bench";
const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? "";
const BACKLOG = intEnv("BACKLOG", 200_000, 1);
const STUCK = intEnv("STUCK", 100_000, 0);
const AWARD_TYPE_NAME = process.env.AWARD_TYPE || "DESC";
const CONSUMER_CONCURRENCY = intEnv("CONSUMER_CONCURRENCY", 6, 1);
const CONSUMER_BATCH = intEnv("CONSUMER_BATCH", 1_000, 1);
// Partitions of lottery_invoice when this run creates it (a fresh broker); an existing topic keeps its own.
const PARTITIONS = intEnv("PARTITIONS", 6, 1);
const RAW_CLIENTS = intEnv("RAW_CLIENTS", 6, 1);
const RAW_SECONDS = intEnv("RAW_SECONDS", 10, 1);
const POOL_SIZE = intEnv("POOL_SIZE", 20, 2);
const PRODUCE_BATCH = intEnv("PRODUCE_BATCH", 2_000, 1);
const PRODUCE_IN_FLIGHT = intEnv("PRODUCE_IN_FLIGHT", 1, 1);
const TIMEOUT_S = intEnv("TIMEOUT_S", 1_200, 10);
const STALL_S = intEnv("STALL_S", 120, 5);
const USERS = 50_000;
const INSERT_CHUNK = 50_000;
const SCANNER_BATCH = intEnv("SCANNER_BATCH", 2_000, 1);
const SEND_TIMEOUT_MS = 30_000;
// The bench's orders belong to no real activity (the order table has no foreign key to it).
const ACTIVITY_ID = 900_000_001;
const ANCHOR = { coupons: 5_300_000, seconds: 600, perSecond: Math.round(5_300_000 / 600), consumerThreads: 64 };

function intEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min} (got "${raw}")`);
  return value;
}

const startedAt = Date.now();
const deadline = startedAt + TIMEOUT_S * 1000;

class BenchTimeout extends Error {}

function checkDeadline(what: string): void {
  if (Date.now() > deadline) throw new BenchTimeout(`global timeout of ${TIMEOUT_S} s reached during ${what}`);
}

const log = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`);
};
const seconds = (ms: number): number => Math.round(ms) / 1000;
const rate = (count: number, ms: number): number => (ms > 0 ? Math.round((count * 1000) / ms) : 0);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything measured so far; written as it stands even when the run stops early. */
const report: Record<string, any> = {
  benchmark: "delivery",
  at: new Date().toISOString(),
  complete: false,
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  settings: {
    databaseUrl: redacted(DATABASE_URL),
    kafkaBrokers: KAFKA_BROKERS,
    backlog: BACKLOG,
    stuck: STUCK,
    awardType: AWARD_TYPE_NAME,
    consumerConcurrency: CONSUMER_CONCURRENCY,
    consumerBatch: CONSUMER_BATCH,
    rawInsert: { clients: RAW_CLIENTS, seconds: RAW_SECONDS },
    poolSize: POOL_SIZE,
    produceBatch: PRODUCE_BATCH,
    produceInFlight: PRODUCE_IN_FLIGHT,
    scannerBatch: SCANNER_BATCH,
    users: USERS,
    timeoutS: TIMEOUT_S,
  },
  anchor: ANCHOR,
};

function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "<unparseable>";
  }
}

/** Creates the bench database if it is missing, then applies the migrations (scripts/migrate.mjs). */
async function prepareDatabase(): Promise<void> {
  const config = pgPoolConfigFromUrl(DATABASE_URL);
  const database = String(config.database ?? "");
  if (!/^[A-Za-z0-9_-]+$/.test(database)) throw new Error(`unsupported database name in DATABASE_URL: "${database}"`);
  const admin = new Client({ ...config, database: "postgres" });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (rowCount === 0) {
      await admin.query(`CREATE DATABASE "${database}"`);
      log(`created database ${database}`);
    }
  } finally {
    await admin.end();
  }
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "scripts/migrate.mjs")], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`migrations failed (exit ${code}): ${output.slice(-2000)}`))));
  });
}

/** CPU milliseconds per delivery of the bench process (Node) and of the database's backends, from a cpuSince result. */
function cpuPerDelivery(cpu: Record<string, number> | undefined, deliveries: number): { nodeMs: number; postgresMs: number } | undefined {
  if (!cpu || deliveries === 0) return undefined;
  const per = (seconds: number | undefined) => Math.round(((seconds ?? 0) * 1000 * 1000) / deliveries) / 1000;
  return { nodeMs: per(cpu[NODE_GROUP]), postgresMs: per(cpu[postgresGroup()]) };
}

/** Inserts `count` orders with ids base .. base+count-1 in chunks of multi-row INSERT ... SELECT. */
async function insertOrders(db: Client, base: bigint, count: number, awardType: AwardType, mqState: number): Promise<void> {
  for (let offset = 0; offset < count; offset += INSERT_CHUNK) {
    checkDeadline("the order insert");
    const size = Math.min(INSERT_CHUNK, count - offset);
    await db.query(
      `INSERT INTO user_strategy_export
         (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, grant_state, award_id, award_type,
          award_name, award_content, uuid, mq_state)
       SELECT $1::bigint + g, 'bench-' || (($1::bigint + g) % $4::int), $5::bigint, $5::bigint, 1, 1, 0, '1', $6::smallint,
              'bench prize', 'bench prize content', ($1::bigint + g)::text, $7::smallint
       FROM generate_series($2::bigint, $3::bigint) AS g`,
      [base.toString(), offset, offset + size - 1, USERS, ACTIVITY_ID, awardType, mqState],
    );
  }
}

function invoiceMessage(orderId: bigint, awardType: AwardType): OutgoingMessage {
  const id = orderId.toString();
  const invoice: InvoiceMessage = {
    orderId: id,
    uId: `bench-${orderId % BigInt(USERS)}`,
    activityId: ACTIVITY_ID,
    awardId: "1",
    awardType,
    awardName: "bench prize",
    awardContent: "bench prize content",
    shippingAddress: null,
    extInfo: null,
  };
  return { key: invoice.uId, value: JSON.stringify(invoice), headers: { "message-id": id } };
}

/** Produces the invoices of orders base .. base+count-1 in batches, PRODUCE_IN_FLIGHT sends at a time. */
async function produceInvoices(kafka: KafkaClient, base: bigint, count: number, awardType: AwardType): Promise<void> {
  let next = 0;
  let sent = 0;
  let lastPrint = Date.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      checkDeadline("the produce");
      const from = next;
      const size = Math.min(PRODUCE_BATCH, count - from);
      next += size;
      const messages: OutgoingMessage[] = new Array(size);
      for (let i = 0; i < size; i++) messages[i] = invoiceMessage(base + BigInt(from + i), awardType);
      await kafka.send(INVOICE_TOPIC, messages, SEND_TIMEOUT_MS);
      sent += size;
      if (Date.now() - lastPrint >= 1000) {
        lastPrint = Date.now();
        log(`produced ${sent}/${count}`);
      }
    }
  };
  await Promise.all(Array.from({ length: PRODUCE_IN_FLIGHT }, worker));
}

interface Progress {
  granted: number;
  failed: number;
  sent: number;
}

async function progressOf(db: Client, base: bigint, count: number): Promise<Progress> {
  const { rows } = await db.query<{ granted: string; failed: string; sent: string }>(
    `SELECT count(*) FILTER (WHERE grant_state = 1) AS granted, count(*) FILTER (WHERE grant_state = 2) AS failed,
            count(*) FILTER (WHERE mq_state = 1) AS sent
     FROM user_strategy_export WHERE order_id BETWEEN $1::bigint AND $1::bigint + $2::bigint - 1`,
    [base.toString(), count],
  );
  return { granted: Number(rows[0].granted), failed: Number(rows[0].failed), sent: Number(rows[0].sent) };
}

interface Sample {
  ms: number;
  granted: number;
  sent: number;
}

/**
 * Polls every second until `done` holds, printing progress on stderr. Stops with an error when
 * the global deadline passes, when nothing moved for STALL_S, or when grants failed for good.
 */
async function waitUntil(
  db: Client,
  what: string,
  base: bigint,
  count: number,
  since: number,
  done: (p: Progress) => boolean,
  onSample?: (p: Progress, ms: number) => void,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  let lastMove = Date.now();
  let last = -1;
  for (;;) {
    const p = await progressOf(db, base, count);
    const ms = Date.now() - since;
    samples.push({ ms, granted: p.granted, sent: p.sent });
    onSample?.(p, ms);
    const moved = p.granted + p.sent;
    if (moved !== last) {
      last = moved;
      lastMove = Date.now();
    }
    const previous = samples.length > 1 ? samples[samples.length - 2] : undefined;
    const instant = previous ? rate(p.granted - previous.granted, ms - previous.ms) : 0;
    log(`${what}: ${seconds(ms).toFixed(1)} s, sent ${p.sent}/${count}, granted ${p.granted}/${count} (${instant}/s now), failed ${p.failed}`);
    if (done(p)) return samples;
    if (p.failed > 0 && p.granted + p.failed >= count) throw new Error(`${what}: ${p.failed} grants failed for good (grant_state 2)`);
    if (Date.now() - lastMove > STALL_S * 1000) throw new Error(`${what}: no progress for ${STALL_S} s (granted ${p.granted}/${count})`);
    checkDeadline(what);
    await sleep(1000);
  }
}

/** Deliveries/s between the samples that first reach 10% and 90% of `count`: the steady rate, without start-up and tail. */
function steadyRate(samples: Sample[], count: number): number | null {
  const from = samples.find((s) => s.granted >= count * 0.1);
  const to = samples.find((s) => s.granted >= count * 0.9);
  if (!from || !to || to.ms <= from.ms) return null;
  return rate(to.granted - from.granted, to.ms - from.ms);
}

/**
 * Where the CPU went (bench/cpu.ts, Linux /proc): this process, the PostgreSQL backends of the
 * bench database, the other PostgreSQL processes, the Java processes (Kafka brokers); what no
 * group claims (other people's tests, for one) is "everything else".
 */
function groupOf(pid: number, comm: string, cmdline: string): string | undefined {
  const database = String(pgPoolConfigFromUrl(DATABASE_URL).database ?? "");
  if (pid === process.pid) return NODE_GROUP;
  if (comm === "postgres") return cmdline.includes(` ${database} `) ? postgresGroup() : "postgres (other) (cpu s)";
  if (comm === "java") return "java (Kafka brokers) (cpu s)";
  return undefined;
}

const NODE_GROUP = "bench process (node) (cpu s)";
const postgresGroup = (): string => `postgres backends of ${String(pgPoolConfigFromUrl(DATABASE_URL).database ?? "")} (cpu s)`;

function cpuSince(start: CpuSnapshot | undefined): Record<string, number> | undefined {
  return cpuBetween(start, cpuSnapshot(), groupOf);
}

async function main(): Promise<void> {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= "1";
  if (!KAFKA_BROKERS) {
    throw new Error(
      "KAFKA_BROKERS is not set. Start the local broker with `npm run kafka:start` (or see `npm run kafka:status`); " +
        "it prints 127.0.0.1:PORT. Then: KAFKA_BROKERS=127.0.0.1:PORT npm run bench:delivery",
    );
  }
  const awardType = awardTypeFromName(AWARD_TYPE_NAME);
  // REDEEM_CODE needs a stock of codes and PHYSICAL waits for an address: only these two grant at once.
  if (awardType !== AwardType.DESC && awardType !== AwardType.COUPON) throw new Error(`AWARD_TYPE must be DESC or COUPON (got "${AWARD_TYPE_NAME}")`);

  log(`database ${redacted(DATABASE_URL)}: ensuring it exists and is migrated`);
  await prepareDatabase();
  const db = new Client(pgPoolConfigFromUrl(DATABASE_URL));
  await db.connect();
  const pool: Pool = createPgPool(DATABASE_URL, POOL_SIZE);
  const logger = createLogger(process.env.LOG_LEVEL || "warn");
  const brokers = KAFKA_BROKERS.split(",").map((b) => b.trim());
  const kafka = new KafkaClient({ brokers, clientId: "lottery-bench", connectionTimeoutMs: 3000, requestTimeoutMs: 30000 }, logger);
  // NOTHING: the admin retries a coordinator that is still loading by itself; a real failure throws.
  const admin = new Kafka({ clientId: "lottery-bench-admin", brokers, logLevel: logLevel.NOTHING }).admin();
  let consumer: InvoiceConsumer | undefined;
  let exitCode = 0;

  try {
    const pgSettings = await db.query<{ name: string; setting: string }>(
      "SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync', 'shared_buffers', 'max_connections', 'server_version')",
    );
    report.settings.postgres = Object.fromEntries(pgSettings.rows.map((r) => [r.name, r.setting]));
    log(`ceiling: raw single-row INSERT with pgbench, ${RAW_CLIENTS} clients, ${RAW_SECONDS} s`);
    report.ceiling = await rawInsertTps(db, DATABASE_URL, RAW_CLIENTS, RAW_SECONDS);
    log(`ceiling: ${report.ceiling.tps} single-row inserts/s`);
    await kafka.ensureTopics(applicationTopics(PARTITIONS));
    await admin.connect();
    const [topic] = (await admin.fetchTopicMetadata({ topics: [INVOICE_TOPIC] })).topics;
    report.settings.topicPartitions = topic.partitions.length;
    const groupId = `lottery-bench-${Date.now()}-${process.pid}`;
    report.settings.groupId = groupId;

    // Run-specific ids: a rerun starts from a later clock, so its orders never collide with an earlier run's.
    const base = BigInt(Date.now()) * 1000n;
    const stuckBase = base + BigInt(BACKLOG);
    report.settings.orderIds = { backlog: [base.toString(), (base + BigInt(BACKLOG) - 1n).toString()] };

    // ---- Phase 1: backlog ------------------------------------------------------------------
    let t = Date.now();
    await insertOrders(db, base, BACKLOG, awardType, 1);
    report.insert = { backlogOrders: BACKLOG, seconds: seconds(Date.now() - t) };
    log(`inserted ${BACKLOG} orders in ${report.insert.seconds} s`);

    // The consumer must read this backlog and nothing older: the topic also holds the invoices of
    // earlier runs, of the tests and of the service. A fresh group reading "from beginning" would
    // re-read all of them, and "from the end" (fromBeginning false) only helps if the group has
    // joined before the first message is produced, which is a race against the group's join. So
    // the group's committed offsets are written first, at each partition's current end, while the
    // group has no member; kafkajs then starts from committed offsets and ignores fromBeginning.
    // Anything produced after this point (this backlog, and whatever others send meanwhile) is read.
    const ends = await admin.fetchTopicOffsets(INVOICE_TOPIC);
    await admin.setOffsets({ groupId, topic: INVOICE_TOPIC, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
    report.settings.startOffsets = Object.fromEntries(ends.map((p) => [p.partition, p.high]));

    log(`producing ${BACKLOG} invoices to ${INVOICE_TOPIC} (${topic.partitions.length} partitions) in batches of ${PRODUCE_BATCH}`);
    let cpu = cpuSnapshot();
    t = Date.now();
    await produceInvoices(kafka, base, BACKLOG, awardType);
    const produceMs = Date.now() - t;
    report.produce = { invoices: BACKLOG, seconds: seconds(produceMs), invoicesPerSecond: rate(BACKLOG, produceMs), cpu: cpuSince(cpu) };
    log(`produced ${BACKLOG} invoices in ${report.produce.seconds} s: ${report.produce.invoicesPerSecond}/s`);

    const deliver = new DeliverInvoicesUseCase(
      AwardDistributorFactory.standard({ coupon: { validityDays: 30 }, redeemCode: { generateCode: generateRedeemCode } }),
      new PgUnitOfWork(pool),
      new PgDeadLetterLog(pool),
      new KafkaDeadLetterPublisher(kafka, 5000, groupId),
    );
    consumer = new InvoiceConsumer(
      kafka,
      deliver,
      {
        groupId,
        retryBackoffMs: [1000, 5000, 10000],
        partitionsConsumedConcurrently: CONSUMER_CONCURRENCY,
        batchSize: CONSUMER_BATCH,
        outagePauseMs: { initial: 200, max: 2000 },
      },
      logger.child({ component: "invoice-consumer" }),
    );
    report.drain = { deliveries: BACKLOG, complete: false };
    cpu = cpuSnapshot();
    const drainStart = Date.now();
    await consumer.start();
    log(`consumer group ${groupId} started (${CONSUMER_CONCURRENCY} partitions at a time); draining`);
    const drainSamples = await waitUntil(
      db,
      "drain",
      base,
      BACKLOG,
      drainStart,
      (p) => p.granted >= BACKLOG,
      (p, ms) => Object.assign(report.drain, { granted: p.granted, seconds: seconds(ms), deliveriesPerSecond: rate(p.granted, ms) }),
    );
    const drainMs = Date.now() - drainStart;
    Object.assign(report.drain, {
      complete: true,
      seconds: seconds(drainMs),
      deliveriesPerSecond: rate(BACKLOG, drainMs),
      steadyDeliveriesPerSecond: steadyRate(drainSamples, BACKLOG),
      firstGrantSeenAfterSeconds: seconds(drainSamples.find((x) => x.granted > 0)?.ms ?? NaN),
      // With one message at a time per partition, this is the mean time one grant takes end to end.
      meanMsPerDeliveryPerPartition: Math.round((CONSUMER_CONCURRENCY * drainMs) / BACKLOG * 100) / 100,
      cpu: cpuSince(cpu),
    });
    report.drain.cpuMsPerDelivery = cpuPerDelivery(report.drain.cpu, BACKLOG);
    report.drain.ratioToRawInsertTps = Math.round((report.drain.deliveriesPerSecond / report.ceiling.tps) * 100) / 100;
    log(`drained ${BACKLOG} in ${report.drain.seconds} s: ${report.drain.deliveriesPerSecond} deliveries/s`);

    // ---- Phase 2: stuck orders and the scanner ------------------------------------------------
    if (STUCK > 0) {
      report.settings.orderIds.stuck = [stuckBase.toString(), (stuckBase + BigInt(STUCK) - 1n).toString()];
      // The scanner takes every stuck order of the database, not only ours: count the others.
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM user_strategy_export
         WHERE (mq_state = 2 OR (mq_state = 0 AND created_at < now() - interval '60 seconds'))`,
      );
      report.scanner = { orders: STUCK, otherStuckOrdersInDatabase: Number(rows[0].n), complete: false };
      if (Number(rows[0].n) > 0) log(`note: ${rows[0].n} stuck orders of earlier runs are in the database; the scanner re-sends them too`);
      t = Date.now();
      await insertOrders(db, stuckBase, STUCK, awardType, 2);
      report.scanner.insertSeconds = seconds(Date.now() - t);
      log(`inserted ${STUCK} stuck orders (mq_state 2) in ${report.scanner.insertSeconds} s; running the scanner`);

      const scanner = new ResendStuckInvoicesUseCase(
        new PgOutboxRepository(pool),
        new PgDrawOrderRepository(pool),
        new KafkaInvoicePublisher(kafka, SEND_TIMEOUT_MS),
        { batchSize: SCANNER_BATCH, staleAfterMs: 60_000, maxBatches: 1_000_000, leaseMs: SEND_TIMEOUT_MS + 30_000 },
        logger.child({ component: "invoice-scanner" }),
      );
      cpu = cpuSnapshot();
      const scanStart = Date.now();
      let resentMs: number | undefined;
      const scanning = scanner.execute().then((outcome) => {
        resentMs = Date.now() - scanStart;
        report.scanner.scannerRun = { ...outcome, seconds: seconds(resentMs) };
        log(`scanner run ended after ${seconds(resentMs)} s: resent ${outcome.resent}, failed ${outcome.failed}`);
        return outcome;
      });
      let scanError: Error | undefined;
      scanning.catch((error: Error) => (scanError = error));
      let allSentMs: number | undefined;
      const samples = await waitUntil(
        db,
        "scanner",
        stuckBase,
        STUCK,
        scanStart,
        (p) => {
          if (scanError) throw scanError;
          return p.granted >= STUCK;
        },
        (p, ms) => {
          if (p.sent >= STUCK && allSentMs === undefined) allSentMs = ms;
          Object.assign(report.scanner, { sent: p.sent, granted: p.granted, seconds: seconds(ms) });
        },
      );
      const scanMs = Date.now() - scanStart;
      const outcome = await scanning;
      // The scanner's own end is exact; the polled time of "all sent" is within a second of it.
      const sentMs = resentMs ?? allSentMs ?? scanMs;
      Object.assign(report.scanner, {
        complete: outcome.failed === 0,
        resendSeconds: seconds(sentMs),
        resendPerSecond: rate(STUCK + report.scanner.otherStuckOrdersInDatabase, sentMs),
        resendAndDeliverySeconds: seconds(scanMs),
        resendAndDeliveriesPerSecond: rate(STUCK, scanMs),
        steadyDeliveriesPerSecond: steadyRate(samples, STUCK),
        cpu: cpuSince(cpu),
      });
      report.scanner.cpuMsPerDelivery = cpuPerDelivery(report.scanner.cpu, STUCK);
      log(`scanner: re-sent ${STUCK} in ${report.scanner.resendSeconds} s, all delivered after ${report.scanner.resendAndDeliverySeconds} s`);
    }
    report.complete = true;
  } catch (error) {
    exitCode = 1;
    report.error = (error as Error).message;
    log(`stopped: ${(error as Error).message}`);
  } finally {
    report.totalSeconds = seconds(Date.now() - startedAt);
    // The consumer leaves its group, then the producer flushes, then the pools close; bounded.
    const closing = (async () => {
      await consumer?.stop().catch(() => undefined);
      await kafka.disconnect().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
      await Promise.allSettled([pool.end(), db.end()]);
    })();
    await Promise.race([closing, sleep(30_000)]);
  }

  const file = writeReport("delivery", report);
  const lines = [
    `sizes: backlog ${BACKLOG}, stuck ${STUCK}, award ${awardTypeName(awardType)}, ${report.settings.topicPartitions} partitions, consumer concurrency ${CONSUMER_CONCURRENCY}, ${CONSUMER_BATCH} invoices per grant transaction, pool ${POOL_SIZE}`,
    report.ceiling && `ceiling: raw single-row INSERT ${report.ceiling.tps}/s (pgbench, ${report.ceiling.clients} clients, ${report.ceiling.seconds} s, one commit per row)`,
    report.produce && `produce: ${report.produce.invoicesPerSecond} invoices/s (${BACKLOG} in ${report.produce.seconds} s)`,
    report.drain &&
      `drain: ${report.drain.deliveriesPerSecond ?? 0} deliveries/s${report.drain.complete ? "" : " (INCOMPLETE)"} (${report.drain.granted ?? 0}/${BACKLOG} in ${report.drain.seconds ?? 0} s; steady ${report.drain.steadyDeliveriesPerSecond ?? "?"}/s)` +
        (report.drain.ratioToRawInsertTps === undefined ? "" : `, ${report.drain.ratioToRawInsertTps}x the raw insert TPS`) +
        (report.drain.cpuMsPerDelivery ? `; CPU per delivery: node ${report.drain.cpuMsPerDelivery.nodeMs} ms, postgres ${report.drain.cpuMsPerDelivery.postgresMs} ms` : ""),
    report.scanner &&
      (report.scanner.complete
        ? `scanner: re-send ${report.scanner.resendPerSecond}/s (${report.scanner.resendSeconds} s), re-send plus delivery ${report.scanner.resendAndDeliveriesPerSecond}/s (${report.scanner.resendAndDeliverySeconds} s)`
        : `scanner: INCOMPLETE, sent ${report.scanner.sent ?? 0}/${STUCK}, granted ${report.scanner.granted ?? 0}/${STUCK} after ${report.scanner.seconds ?? 0} s`),
    `anchor (seeds/000): ${ANCHOR.perSecond} coupons/s (${ANCHOR.coupons} in ${ANCHOR.seconds} s, ${ANCHOR.consumerThreads} consumer threads, a cluster)`,
    `report: ${file}`,
  ].filter(Boolean);
  process.stdout.write(`${lines.join("\n")}\n`);
  process.exit(exitCode);
}

// Last resort: whatever hangs past the deadline (a broker that stopped answering), the run ends.
setTimeout(() => {
  log(`hard timeout ${TIMEOUT_S + 60} s: writing what was reached and exiting`);
  report.error ??= `hard timeout after ${TIMEOUT_S + 60} s`;
  report.totalSeconds = seconds(Date.now() - startedAt);
  process.stdout.write(`report: ${writeReport("delivery", report)}\n`);
  process.exit(1);
}, (TIMEOUT_S + 60) * 1000).unref();

main().catch((error: Error) => {
  log(error.message);
  process.exit(1);
});
