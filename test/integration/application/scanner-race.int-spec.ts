import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { Pool } from "pg";
import { ResendStuckInvoicesUseCase } from "../../../src/application/compensation/resend-stuck-invoices.use-case";
import type { InvoicePublisher } from "../../../src/application/ports/invoice-publisher.port";
import type { InvoiceMessage } from "../../../src/domain/award/invoice.message";
import { KafkaDeadLetterPublisher } from "../../../src/infrastructure/kafka/dead-letter.kafka-publisher";
import { KafkaInvoicePublisher } from "../../../src/infrastructure/kafka/invoice.kafka-publisher";
import { KafkaClient } from "../../../src/infrastructure/kafka/kafka-client";
import { applicationTopics } from "../../../src/infrastructure/kafka/kafka-topics";
import { createLogger } from "../../../src/infrastructure/logging/logger";
import { PgDrawOrderRepository } from "../../../src/infrastructure/persistence/draw-order.pg-repository";
import { PgOutboxRepository } from "../../../src/infrastructure/persistence/outbox.pg-repository";
import { createPgPool } from "../../../src/infrastructure/persistence/pg-pool.factory";
import { InvoiceConsumer } from "../../../src/infrastructure/kafka/invoice.consumer";
import { eventually, testConfig } from "../../support/app-harness";
import { deliveryUseCase } from "../../support/grant-harness";
import { readTopicSince, startGroupAtEnd, topicEnds } from "../../support/invoice-reader";
import { createOwnDatabase } from "../../support/own-database";
import { ownTopics } from "../../support/own-topics";
import { uniqueId } from "../../support/unique-id";

const CLI = join(__dirname, "../../../dist/src/interfaces/cli/main.js");
const log = createLogger("silent");
// Topics of its own: the race's 3,000 re-sends are read back, and stay off other files' consumers.
const topics = ownTopics("scanner-race");
const config = testConfig(topics.env);

/** The real publisher, holding each send until the test opens the gate. */
class GatedPublisher implements InvoicePublisher {
  private open!: () => void;
  readonly gate = new Promise<void>((resolve) => (this.open = resolve));
  sending = false;
  constructor(private readonly inner: InvoicePublisher) {}
  release(): void {
    this.open();
  }
  async publish(invoice: InvoiceMessage): Promise<void> {
    await this.publishBatch([invoice]);
  }
  async publishBatch(invoices: InvoiceMessage[]): Promise<void> {
    this.sending = true;
    await this.gate;
    await this.inner.publishBatch(invoices);
  }
}

describe("scanners racing on the same stuck orders", () => {
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

  const scanner = (publisher: InvoicePublisher, batchSize = 100) =>
    new ResendStuckInvoicesUseCase(new PgOutboxRepository(pool), new PgDrawOrderRepository(pool), publisher, { batchSize, staleAfterMs: 60_000, maxBatches: 1000, leaseMs: 30_000 }, log);

  async function insertStuck(activityId: number, count: number): Promise<string[]> {
    const base = BigInt(uniqueId()) * 10_000n;
    const ids = Array.from({ length: count }, (_, i) => String(base + BigInt(i)));
    await pool.query(
      `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, award_id, award_type, award_name, award_content, uuid, mq_state, created_at)
       SELECT id::bigint, 'user-' || (id::bigint % 97), $2, 1, 1, 1, 'd', 1, 'Desc', 'a note', id, 2, now() - interval '5 seconds' FROM unnest($1::text[]) AS id`,
      [ids, activityId],
    );
    return ids;
  }

  function cliResend(): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI, "stuck", "--resend"],
        { timeout: 90_000, env: { PATH: process.env.PATH, DATABASE_URL: database.url, KAFKA_BROKERS: process.env.KAFKA_BROKERS, SCANNER_BATCH_SIZE: "100", ...topics.env } },
        (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
      );
    });
  }

  it("two scanners and the CLI re-send 3,000 orders while the consumer delivers: each sent exactly once, none granted twice", async () => {
    const activityId = uniqueId();
    const groupId = `test-race-${randomUUID()}`;
    await startGroupAtEnd(config.kafka.brokers, groupId, config.kafka.invoiceTopic);
    const since = await topicEnds(config.kafka.brokers, config.kafka.invoiceTopic);
    const consumer = new InvoiceConsumer(
      kafka,
      deliveryUseCase(pool, { deadLetters: new KafkaDeadLetterPublisher(kafka, 5000, groupId, config.kafka) }),
      { groupId, retryBackoffMs: [50], partitionsConsumedConcurrently: 6, batchSize: 200, outagePauseMs: { initial: 100, max: 500 }, topic: config.kafka.invoiceTopic },
      log,
    );
    const ids = await insertStuck(activityId, 3000);
    await consumer.start();
    try {
      const publisher = new KafkaInvoicePublisher(kafka, 10_000, config.kafka.invoiceTopic);
      const [a, b, cli] = await Promise.all([scanner(publisher).execute(), scanner(publisher).execute(), cliResend()]);
      expect(cli.code).toBe(0);
      const byCli = Number(/re-sent (\d+) invoice/.exec(cli.stdout)?.[1] ?? 0);
      expect(a.resent + b.resent + byCli).toBe(3000);

      const granted = async () =>
        (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM user_strategy_export WHERE activity_id = $1 AND grant_state = 1", [activityId])).rows[0].n;
      expect(await eventually(async () => (await granted()) === 3000, 60_000)).toBe(true);
      const deliveries = await pool.query<{ n: number; orders: number }>(
        "SELECT count(*)::int AS n, count(DISTINCT order_id)::int AS orders FROM award_delivery WHERE order_id = ANY($1::bigint[])",
        [ids],
      );
      expect(deliveries.rows[0]).toEqual({ n: 3000, orders: 3000 });
      const states = await pool.query<{ sent: number; claimed: number }>(
        "SELECT count(*) FILTER (WHERE mq_state = 1)::int AS sent, count(*) FILTER (WHERE mq_claimed_until IS NOT NULL)::int AS claimed FROM user_strategy_export WHERE activity_id = $1",
        [activityId],
      );
      expect(states.rows[0]).toEqual({ sent: 3000, claimed: 0 });

      const onTopic = await readTopicSince(config.kafka.brokers, config.kafka.invoiceTopic, since, (v) => v.activityId === activityId);
      const sends = new Map<string, number>();
      for (const m of onTopic) sends.set(String(m.value.orderId), (sends.get(String(m.value.orderId)) ?? 0) + 1);
      expect(sends.size).toBe(3000);
      expect([...sends.values()].filter((n) => n !== 1)).toEqual([]);
    } finally {
      await consumer.stop();
    }
  }, 180_000);

  it("holds no row lock while it sends: a grant of a claimed order goes through during the send", async () => {
    const activityId = uniqueId();
    const ids = await insertStuck(activityId, 5);
    const gated = new GatedPublisher(new KafkaInvoicePublisher(kafka, 10_000, config.kafka.invoiceTopic));
    const running = scanner(gated).execute();
    expect(await eventually(async () => gated.sending, 10_000, 20)).toBe(true);

    // The claim is there (another scanner finds nothing to take) ...
    const other = await scanner(new KafkaInvoicePublisher(kafka, 10_000, config.kafka.invoiceTopic)).execute();
    expect(other.resent).toBe(0);
    // ... but no lock: the order row can be taken at once, and granted.
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL lock_timeout = '1s'");
      const locked = await client.query("SELECT order_id FROM user_strategy_export WHERE order_id = ANY($1::bigint[]) FOR UPDATE NOWAIT", [ids]);
      expect(locked.rowCount).toBe(5);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    const grant = await deliveryUseCase(pool).grantOne({
      orderId: BigInt(ids[0]), uId: `user-${BigInt(ids[0]) % 97n}`, activityId, awardId: "d", awardType: 1, awardName: "Desc", awardContent: "a note", shippingAddress: null,
    });
    expect(grant.kind).toBe("GRANTED");
    expect(gated.sending).toBe(true);

    gated.release();
    expect(await running).toEqual({ resent: 5, failed: 0 });
    const sent = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM user_strategy_export WHERE activity_id = $1 AND mq_state = 1", [activityId]);
    expect(sent.rows[0].n).toBe(5);
  });
});
