import type { Pool } from "pg";
import { ResendStuckInvoicesUseCase } from "../../../src/application/compensation/resend-stuck-invoices.use-case";
import type { InvoicePublisher } from "../../../src/application/ports/invoice-publisher.port";
import type { InvoiceMessage } from "../../../src/domain/award/invoice.message";
import { KafkaClient } from "../../../src/infrastructure/kafka/kafka-client";
import { applicationTopics } from "../../../src/infrastructure/kafka/kafka-topics";
import { KafkaInvoicePublisher } from "../../../src/infrastructure/kafka/invoice.kafka-publisher";
import { withLogContext } from "../../../src/shared/log-context";
import { createLogger } from "../../../src/infrastructure/logging/logger";
import { PgDrawOrderRepository } from "../../../src/infrastructure/persistence/draw-order.pg-repository";
import { PgOutboxRepository } from "../../../src/infrastructure/persistence/outbox.pg-repository";
import { createPgPool } from "../../../src/infrastructure/persistence/pg-pool.factory";
import { testConfig } from "../../support/app-harness";
import { createOwnDatabase } from "../../support/own-database";
import { distinct, readTopic } from "../../support/invoice-reader";
import { ownTopics } from "../../support/own-topics";
import { uniqueId } from "../../support/unique-id";

const log = createLogger("silent");
// Topics of its own: it reads back what it re-sent, and its 1000-invoice backlog stays off the
// topic that other files' consumers read.
const config = testConfig(ownTopics("scanner").env);

describe("the stuck-invoice scanner", () => {
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let pool: Pool;
  const kafka = new KafkaClient(config.kafka, log);

  beforeAll(async () => {
    database = await createOwnDatabase();
    pool = createPgPool(database.url, 10);
    await kafka.ensureTopics(applicationTopics(config.kafka.invoicePartitions, config.kafka));
  });
  afterAll(async () => {
    await pool.end();
    await kafka.disconnect();
    await database.drop();
  });

  const settings = (batchSize: number, staleAfterMs = 60_000) => ({ batchSize, staleAfterMs, maxBatches: 1000, leaseMs: 30_000 });
  /** Each order the scanners hand to the publisher, and how often (the real publisher sends them). */
  const handed = new Map<string, number>();
  const counted = (publisher: InvoicePublisher): InvoicePublisher => {
    const publishBatch = (invoices: InvoiceMessage[]) => {
      for (const invoice of invoices) handed.set(invoice.orderId, (handed.get(invoice.orderId) ?? 0) + 1);
      return publisher.publishBatch(invoices);
    };
    return { publish: (invoice) => publishBatch([invoice]), publishBatch };
  };
  const scanner = (staleAfterMs = 60_000, batchSize = 100) =>
    new ResendStuckInvoicesUseCase(
      new PgOutboxRepository(pool),
      new PgDrawOrderRepository(pool),
      counted(new KafkaInvoicePublisher(kafka, 5000, config.kafka.invoiceTopic)),
      settings(batchSize, staleAfterMs),
      log,
    );

  /** Orders of one activity with the given mq_state, written `ageSeconds` ago. */
  async function insertOrders(activityId: number, count: number, mqState: number, ageSeconds: number): Promise<string[]> {
    const ids = Array.from({ length: count }, () => String(uniqueId()));
    await pool.query(
      `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, award_id, award_type, award_name, uuid, mq_state, created_at)
       SELECT id::bigint, 'user-' || id, $2, 1, 2, 1, '1', 1, 'IMac', id, $3, now() - $4 * interval '1 second'
       FROM unnest($1::text[]) AS id`,
      [ids, activityId, mqState, ageSeconds],
    );
    return ids;
  }

  async function mqStates(ids: string[]): Promise<Record<string, number>> {
    const { rows } = await pool.query<{ order_id: string; mq_state: number }>(
      "SELECT order_id, mq_state FROM user_strategy_export WHERE order_id = ANY($1::bigint[])",
      [ids],
    );
    return Object.fromEntries(rows.map((r) => [r.order_id, r.mq_state]));
  }

  it("re-sends failed sends and sends left at INIT past the threshold, and leaves younger ones and sent ones alone", async () => {
    const activityId = uniqueId();
    const failed = await insertOrders(activityId, 3, 2, 1);
    const stale = await insertOrders(activityId, 3, 0, 120);
    const young = await insertOrders(activityId, 3, 0, 1);
    const sent = await insertOrders(activityId, 2, 1, 120);

    const result = await scanner(60_000).execute();
    expect(result).toEqual({ resent: 6, failed: 0 });
    const claims = await pool.query("SELECT count(*)::int AS n FROM user_strategy_export WHERE order_id = ANY($1::bigint[]) AND mq_claimed_until IS NOT NULL", [[...failed, ...stale]]);
    expect(claims.rows[0].n).toBe(0);

    const states = await mqStates([...failed, ...stale, ...young, ...sent]);
    for (const id of [...failed, ...stale, ...sent]) expect(states[id]).toBe(1);
    for (const id of young) expect(states[id]).toBe(0);

    const onTopic = distinct(await readTopic(config.kafka.brokers, config.kafka.invoiceTopic, (v) => v.activityId === activityId, (kept) => distinct(kept).length >= 6));
    expect(onTopic.map((m) => m.value.orderId).sort()).toEqual([...failed, ...stale].sort());
    const first = onTopic.find((m) => m.value.orderId === failed[0]);
    expect(first?.key).toBe(`user-${failed[0]}`);
    expect(first?.headers["message-id"]).toBe(failed[0]);
  });

  it("logs one summary line per pass, with the counts and the run's request id, not a line per order", async () => {
    const activityId = uniqueId();
    await insertOrders(activityId, 30, 2, 1);
    const lines: string[] = [];
    const capturing = createLogger("info", {}, { write: (line: string) => void lines.push(line) });
    const use = new ResendStuckInvoicesUseCase(new PgOutboxRepository(pool), new PgDrawOrderRepository(pool), new KafkaInvoicePublisher(kafka, 5000, config.kafka.invoiceTopic), settings(10), capturing);
    await withLogContext({ requestId: "invoice-scanner-run-1" }, () => use.execute());
    const entries = lines.map((line) => JSON.parse(line));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ msg: "invoice scanner pass", requestId: "invoice-scanner-run-1", failed: 0 });
    expect(entries[0].resent).toBeGreaterThanOrEqual(30);
  });

  it("logs one warning per pass when the broker is away, with the first error, however many orders are stuck", async () => {
    const activityId = uniqueId();
    await insertOrders(activityId, 50, 2, 1);
    const lines: string[] = [];
    const capturing = createLogger("info", {}, { write: (line: string) => void lines.push(line) });
    const away = new KafkaClient({ ...config.kafka, brokers: ["127.0.0.1:1"], connectionTimeoutMs: 300 }, log);
    try {
      const use = new ResendStuckInvoicesUseCase(new PgOutboxRepository(pool), new PgDrawOrderRepository(pool), new KafkaInvoicePublisher(away, 500, config.kafka.invoiceTopic), settings(10), capturing);
      await use.execute();
      await use.execute();
    } finally {
      await away.disconnect();
      // Out of the way of the next tests, which count what the scanner takes.
      await pool.query("UPDATE user_strategy_export SET mq_state = 1 WHERE activity_id = $1", [activityId]);
    }
    const entries = lines.map((line) => JSON.parse(line));
    expect(entries.map((e) => e.msg)).toEqual(["invoice scanner pass: re-sends failed; they stay stuck for the next pass", "invoice scanner pass: re-sends failed; they stay stuck for the next pass"]);
    expect(entries[0]).toMatchObject({ resent: 0, failed: 10, error: expect.any(String) });
  });

  it("lets two scanners drain 1,000 stuck orders together: each sent once, none left behind", async () => {
    const activityId = uniqueId();
    const stuck = await insertOrders(activityId, 1000, 2, 5);
    const [a, b] = await Promise.all([scanner(60_000, 50).execute(), scanner(60_000, 50).execute()]);
    expect(a.resent + b.resent).toBe(1000);
    expect(a.resent).toBeGreaterThan(0);
    expect(b.resent).toBeGreaterThan(0);

    const states = await mqStates(stuck);
    expect(Object.values(states).filter((s) => s !== 1)).toEqual([]);
    // Each order was sent by one scanner, once; on the topic, each is there (a producer retry may
    // have written a copy of a message, which is not a second send).
    expect(stuck.map((id) => handed.get(id))).toEqual(stuck.map(() => 1));
    const onTopic = distinct(await readTopic(config.kafka.brokers, config.kafka.invoiceTopic, (v) => v.activityId === activityId, (kept) => distinct(kept).length >= 1000));
    expect(new Set(onTopic.map((message) => String(message.value.orderId)))).toEqual(new Set(stuck));
  });

  it("keeps the orders at FAIL when the broker does not answer, to try again on the next run", async () => {
    const activityId = uniqueId();
    const stuck = await insertOrders(activityId, 5, 0, 120);
    const away = new KafkaClient({ ...config.kafka, brokers: ["127.0.0.1:1"], connectionTimeoutMs: 300 }, log);
    try {
      const result = await new ResendStuckInvoicesUseCase(new PgOutboxRepository(pool), new PgDrawOrderRepository(pool), new KafkaInvoicePublisher(away, 500, config.kafka.invoiceTopic), settings(100), log).execute();
      expect(result.resent).toBe(0);
      expect(result.failed).toBeGreaterThanOrEqual(5);
      expect(Object.values(await mqStates(stuck))).toEqual([2, 2, 2, 2, 2]);
      // The claims ended with the failed send: the next pass takes the orders again at once.
      const claims = await pool.query("SELECT count(*)::int AS n FROM user_strategy_export WHERE order_id = ANY($1::bigint[]) AND mq_claimed_until IS NOT NULL", [stuck]);
      expect(claims.rows[0].n).toBe(0);
    } finally {
      await away.disconnect();
    }
  });
});
