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
// The pieces: delivery-settings.ts (this environment), delivery-fixtures.ts (the database, the
// orders and their invoices), delivery-progress.ts (polling the orders), delivery-cpu.ts,
// delivery-scanner-phase.ts (phase 2), delivery-report.ts (the report and its summary).
import { Kafka, logLevel } from "kafkajs";
import { Client, type Pool } from "pg";
import { DeliverInvoicesUseCase } from "../src/application/delivery/deliver-invoices.use-case";
import { AwardDistributorFactory } from "../src/domain/award/award-distributor.factory";
import { AwardType, awardTypeFromName } from "../src/domain/award/award-type";
import { PgUnitOfWork } from "../src/infrastructure/persistence/pg-unit-of-work";
import { generateRedeemCode } from "../src/infrastructure/delivery/random-token";
import { KafkaDeadLetterPublisher } from "../src/infrastructure/kafka/dead-letter.kafka-publisher";
import { PgDeadLetterLog } from "../src/infrastructure/persistence/dead-letter.pg-log";
import { KafkaClient } from "../src/infrastructure/kafka/kafka-client";
import { applicationTopics, INVOICE_TOPIC } from "../src/infrastructure/kafka/kafka-topics";
import { createLogger } from "../src/infrastructure/logging/logger";
import { createPgPool } from "../src/infrastructure/persistence/pg-pool.factory";
import { pgPoolConfigFromUrl } from "../src/infrastructure/persistence/pg-pool-config";
import { InvoiceConsumer } from "../src/infrastructure/kafka/invoice.consumer";
import { cpuSnapshot } from "./cpu";
import { cpuPerDelivery, cpuSince } from "./delivery-cpu";
import { insertOrders, prepareDatabase, produceInvoices } from "./delivery-fixtures";
import { steadyRate, waitUntil } from "./delivery-progress";
import { report, summaryLines } from "./delivery-report";
import { log, rate, seconds, sleep, startedAt } from "./delivery-run";
import { scannerPhase } from "./delivery-scanner-phase";
import {
  ACTIVITY_ID,
  AWARD_TYPE_NAME,
  BACKLOG,
  CONSUMER_BATCH,
  CONSUMER_CONCURRENCY,
  DATABASE_URL,
  INSERT_CHUNK,
  KAFKA_BROKERS,
  PARTITIONS,
  POOL_SIZE,
  PRODUCE_BATCH,
  PRODUCE_IN_FLIGHT,
  RAW_CLIENTS,
  RAW_SECONDS,
  redacted,
  ROOT,
  SEND_TIMEOUT_MS,
  STALL_S,
  STUCK,
  TIMEOUT_S,
  USERS,
} from "./delivery-settings";
import { rawInsertTps } from "./raw-insert";
import { writeReport } from "./report";

const ORDERS = { users: USERS, activityId: ACTIVITY_ID };

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
  await prepareDatabase(DATABASE_URL, ROOT);
  const db = new Client(pgPoolConfigFromUrl(DATABASE_URL));
  const database = String(pgPoolConfigFromUrl(DATABASE_URL).database ?? "");
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
    await insertOrders(db, { ...ORDERS, chunk: INSERT_CHUNK }, base, BACKLOG, awardType, 1);
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
    await produceInvoices(kafka, { ...ORDERS, batch: PRODUCE_BATCH, inFlight: PRODUCE_IN_FLIGHT, sendTimeoutMs: SEND_TIMEOUT_MS }, base, BACKLOG, awardType);
    const produceMs = Date.now() - t;
    report.produce = { invoices: BACKLOG, seconds: seconds(produceMs), invoicesPerSecond: rate(BACKLOG, produceMs), cpu: cpuSince(cpu, database) };
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
      STALL_S,
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
      cpu: cpuSince(cpu, database),
    });
    report.drain.cpuMsPerDelivery = cpuPerDelivery(report.drain.cpu, BACKLOG, database);
    report.drain.ratioToRawInsertTps = Math.round((report.drain.deliveriesPerSecond / report.ceiling.tps) * 100) / 100;
    log(`drained ${BACKLOG} in ${report.drain.seconds} s: ${report.drain.deliveriesPerSecond} deliveries/s`);

    // ---- Phase 2: stuck orders and the scanner (delivery-scanner-phase.ts) ---------------------
    if (STUCK > 0) await scannerPhase({ db, pool, kafka, logger, awardType, stuckBase, database });
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
  const lines = summaryLines(awardType, file);
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
