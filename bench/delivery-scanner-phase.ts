// Phase 2 of the delivery bench: STUCK orders are inserted with mq_state 2 (their send failed)
// and the scanner (ResendStuckInvoicesUseCase) re-sends them while the phase 1 consumer keeps
// delivering. Measured: the re-send rate (all mq_state 1) and the re-send plus delivery rate
// (all grant_state 1), into report.scanner.
import type { Client, Pool } from "pg";
import { ResendStuckInvoicesUseCase } from "../src/application/compensation/resend-stuck-invoices.use-case";
import type { AwardType } from "../src/domain/award/award-type";
import { KafkaInvoicePublisher } from "../src/infrastructure/kafka/invoice.kafka-publisher";
import type { KafkaClient } from "../src/infrastructure/kafka/kafka-client";
import type { Logger } from "../src/infrastructure/logging/logger";
import { PgDrawOrderRepository } from "../src/infrastructure/persistence/draw-order.pg-repository";
import { PgOutboxRepository } from "../src/infrastructure/persistence/outbox.pg-repository";
import { cpuSnapshot } from "./cpu";
import { cpuPerDelivery, cpuSince } from "./delivery-cpu";
import { insertOrders } from "./delivery-fixtures";
import { steadyRate, waitUntil } from "./delivery-progress";
import { report } from "./delivery-report";
import { log, rate, seconds } from "./delivery-run";
import { ACTIVITY_ID, INSERT_CHUNK, SCANNER_BATCH, SEND_TIMEOUT_MS, STALL_S, STUCK, USERS } from "./delivery-settings";

export async function scannerPhase(run: {
  db: Client;
  pool: Pool;
  kafka: KafkaClient;
  logger: Logger;
  awardType: AwardType;
  /** The first id of the stuck orders; they take ids stuckBase .. stuckBase+STUCK-1. */
  stuckBase: bigint;
  /** The bench database's name, for the CPU of its backends. */
  database: string;
}): Promise<void> {
  const { db, pool, kafka, logger, awardType, stuckBase, database } = run;
  report.settings.orderIds.stuck = [stuckBase.toString(), (stuckBase + BigInt(STUCK) - 1n).toString()];
  // The scanner takes every stuck order of the database, not only ours: count the others.
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM user_strategy_export
     WHERE (mq_state = 2 OR (mq_state = 0 AND created_at < now() - interval '60 seconds'))`,
  );
  report.scanner = { orders: STUCK, otherStuckOrdersInDatabase: Number(rows[0].n), complete: false };
  if (Number(rows[0].n) > 0) log(`note: ${rows[0].n} stuck orders of earlier runs are in the database; the scanner re-sends them too`);
  const t = Date.now();
  await insertOrders(db, { users: USERS, activityId: ACTIVITY_ID, chunk: INSERT_CHUNK }, stuckBase, STUCK, awardType, 2);
  report.scanner.insertSeconds = seconds(Date.now() - t);
  log(`inserted ${STUCK} stuck orders (mq_state 2) in ${report.scanner.insertSeconds} s; running the scanner`);

  const scanner = new ResendStuckInvoicesUseCase(
    new PgOutboxRepository(pool),
    new PgDrawOrderRepository(pool),
    new KafkaInvoicePublisher(kafka, SEND_TIMEOUT_MS),
    { batchSize: SCANNER_BATCH, staleAfterMs: 60_000, maxBatches: 1_000_000, leaseMs: SEND_TIMEOUT_MS + 30_000 },
    logger.child({ component: "invoice-scanner" }),
  );
  const cpu = cpuSnapshot();
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
    STALL_S,
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
    cpu: cpuSince(cpu, database),
  });
  report.scanner.cpuMsPerDelivery = cpuPerDelivery(report.scanner.cpu, STUCK, database);
  log(`scanner: re-sent ${STUCK} in ${report.scanner.resendSeconds} s, all delivered after ${report.scanner.resendAndDeliverySeconds} s`);
}
