import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import { DeliverInvoicesUseCase } from "../../../../src/application/delivery/deliver-invoices.use-case";
import type { AwardDistributor, AwardPorts, GrantCandidate } from "../../../../src/domain/award/award-distributor";
import { AwardDistributorFactory } from "../../../../src/domain/award/award-distributor.factory";
import { AwardType } from "../../../../src/domain/award/award-type";
import { DescDistributor } from "../../../../src/domain/award/distributors/desc.distributor";
import { PgUnitOfWork } from "../../../../src/infrastructure/persistence/pg-unit-of-work";
import { KafkaDeadLetterPublisher } from "../../../../src/infrastructure/kafka/dead-letter.kafka-publisher";
import { KafkaClient } from "../../../../src/infrastructure/kafka/kafka-client";
import { applicationTopics } from "../../../../src/infrastructure/kafka/kafka-topics";
import { createLogger } from "../../../../src/infrastructure/logging/logger";
import { PgDeadLetterLog } from "../../../../src/infrastructure/persistence/dead-letter.pg-log";
import { createPgPool } from "../../../../src/infrastructure/persistence/pg-pool.factory";
import { InvoiceConsumer } from "../../../../src/infrastructure/kafka/invoice.consumer";
import { ActivityRequestMother, award } from "../../../support/activity-request.mother";
import { eventually, startApp, testConfig, type RunningApp } from "../../../support/app-harness";
import { httpClient } from "../../../support/http-client";
import { distinct, readTopic } from "../../../support/invoice-reader";
import { OPERATOR_TOKEN, deployDoing } from "../../../support/operator";
import { createOwnDatabase } from "../../../support/own-database";
import { ownTopics } from "../../../support/own-topics";
import { uniqueId } from "../../../support/unique-id";

const log = createLogger("silent");

// The consumer reads its topic from the beginning, so each describe has a database and topics of
// its own: it sees only its own invoices and dead letters, whatever other files send.
describe("the invoice consumer", () => {
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let pool: Pool;
  let app: RunningApp;
  let api: ReturnType<typeof httpClient>;
  const topics = ownTopics("consumer");
  const config = testConfig(topics.env);
  const kafka = new KafkaClient(config.kafka, log);

  beforeAll(async () => {
    database = await createOwnDatabase();
    pool = createPgPool(database.url, 10);
    await kafka.ensureTopics(applicationTopics(config.kafka.invoicePartitions, config.kafka));
    app = await startApp({
      ROLE: "all",
      DATABASE_URL: database.url,
      ADMIN_TOKEN: OPERATOR_TOKEN,
      KAFKA_CONSUMER_GROUP: `test-${randomUUID()}`,
      DELIVERY_RETRY_BACKOFF_MS: "50,100",
      ...topics.env,
    });
    api = httpClient(app.baseUrl);
  });
  afterAll(async () => {
    await app.stop();
    await pool.end();
    await kafka.disconnect();
    await database.drop();
  });

  async function granted(orderId: string): Promise<{ grantState: string; delivery: { deliveryRef: string } | null }> {
    let order = (await api.get(`/api/v1/draws/${orderId}`)).body;
    await eventually(async () => {
      order = (await api.get(`/api/v1/draws/${orderId}`)).body;
      return order.grantState === "COMPLETE";
    }, 60000);
    return order;
  }

  async function deliveriesOf(orderId: string): Promise<number> {
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM award_delivery WHERE order_id = $1", [orderId]);
    return rows[0].n;
  }

  it.each([
    ["DESC", null],
    ["REDEEM_CODE", null],
    ["COUPON", null],
    ["PHYSICAL", { name: "Xiao Fu Ge", city: "Beijing", street: "1 Chang An Ave" }],
  ])("grants a %s prize won over HTTP: grant_state COMPLETE and one award_delivery row", async (type, address) => {
    const body = ActivityRequestMother.withAwards("SINGLE", [award("only", `${type} prize`, 100, "1", type)]);
    const activityId = await deployDoing(app.baseUrl, body);
    const won = await api.post("/api/v1/draws", { uId: `u-${randomUUID().slice(0, 8)}`, activityId, shippingAddress: address });
    expect(won.body.result).toBe("WIN");
    const order = await granted(won.body.orderId);
    expect(order.grantState).toBe("COMPLETE");
    expect(order.delivery?.deliveryRef).toEqual(expect.any(String));
    expect(await deliveriesOf(won.body.orderId)).toBe(1);
  });

  it("shows a PHYSICAL prize won without an address as AWAITING_ADDRESS with no delivery, until the address ships it", async () => {
    const body = ActivityRequestMother.withAwards("SINGLE", [award("tv", "TV", 100, "1", "PHYSICAL")]);
    const activityId = await deployDoing(app.baseUrl, body);
    const won = await api.post("/api/v1/draws", { uId: `u-${randomUUID().slice(0, 8)}`, activityId });
    let order = (await api.get(`/api/v1/draws/${won.body.orderId}`)).body;
    expect(await eventually(async () => {
      order = (await api.get(`/api/v1/draws/${won.body.orderId}`)).body;
      return order.grantState === "AWAITING_ADDRESS";
    }, 60000)).toBe(true);
    expect(order.delivery).toBeNull();

    const addressed = await fetch(`${app.baseUrl}/api/v1/draws/${won.body.orderId}/shipping-address`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "fustack", city: "Beijing" }),
    });
    expect(addressed.status).toBe(200);
    order = (await api.get(`/api/v1/draws/${won.body.orderId}`)).body;
    expect(order.grantState).toBe("COMPLETE");
    expect(order.delivery).toEqual({ deliveryRef: expect.stringMatching(/^SHP-/), deliveredAt: expect.any(String) });
  });

  it("grants an invoice delivered five times exactly once, with one redeem code used", async () => {
    const body = ActivityRequestMother.withAwards("SINGLE", [award("code", "Code", 100, "1", "REDEEM_CODE")]);
    const activityId = await deployDoing(app.baseUrl, body);
    const won = await api.post("/api/v1/draws", { uId: "xiaofuge", activityId });
    const first = await granted(won.body.orderId);
    const invoice = JSON.stringify({
      orderId: won.body.orderId,
      uId: "xiaofuge",
      activityId,
      awardId: "code",
      awardType: AwardType.REDEEM_CODE,
      awardName: "Code",
      awardContent: "Code prize",
      shippingAddress: null,
      extInfo: null,
    });
    await kafka.send(config.kafka.invoiceTopic, Array.from({ length: 5 }, () => ({ key: "xiaofuge", value: invoice, headers: { "message-id": won.body.orderId } })), 5000);
    // A marker behind the duplicates on the same partition: once it is granted, they were all handled.
    const marker = await api.post("/api/v1/draws", { uId: "xiaofuge", activityId });
    await granted(marker.body.orderId);

    expect(await deliveriesOf(won.body.orderId)).toBe(1);
    const codes = await pool.query("SELECT count(*)::int AS n FROM award_redeem_code WHERE order_id = $1", [won.body.orderId]);
    expect(codes.rows[0].n).toBe(1);
    expect((await api.get(`/api/v1/draws/${won.body.orderId}`)).body.delivery.deliveryRef).toBe(first.delivery?.deliveryRef);
  });

  it("dead-letters a malformed message at once and delivers the valid invoice behind it on the same partition", async () => {
    const activityId = await deployDoing(app.baseUrl, ActivityRequestMother.withAwards("SINGLE", [award("d", "Desc", 100, "1")]));
    const uId = `u-${randomUUID().slice(0, 8)}`;
    const marker = randomUUID();
    await kafka.send(config.kafka.invoiceTopic, [{ key: uId, value: `{"orderId": "not json ${marker}` }], 5000);
    const won = await api.post("/api/v1/draws", { uId, activityId });
    expect((await granted(won.body.orderId)).grantState).toBe("COMPLETE");

    // Every group that reads the topic dead-letters a malformed message: this app's is the one to check.
    const group = app.config.kafka.consumerGroup;
    const mine = <T extends { headers: Record<string, string> }>(kept: T[]) => kept.filter((k) => k.headers["x-consumer-group"] === group);
    const dead = distinct(mine(await readTopic(config.kafka.brokers, config.kafka.deadLetterTopic, (v) => String(v.raw ?? "").includes(marker), (kept) => mine(kept).length >= 1)));
    expect(dead).toHaveLength(1);
    expect(dead[0].key).toBe(uId);
    expect(dead[0].headers["x-error"]).toBe("value is not JSON");
    expect(dead[0].headers["x-attempts"]).toBe("0");
    expect(dead[0].headers["x-reason"]).toBe("malformed");
  });
});

describe("the invoice consumer with a failing distributor", () => {
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let pool: Pool;
  const topics = ownTopics("consumer");
  const config = testConfig(topics.env);
  const kafka = new KafkaClient(config.kafka, log);
  const failures = new Map<string, number>();

  /** The real DESC distributor, failing the first N grants of chosen orders (and so the batch they are in). */
  function flaky(inner: AwardDistributor): AwardDistributor {
    return {
      awardType: inner.awardType,
      distribute: async (candidates: readonly GrantCandidate[], ports: AwardPorts) => {
        for (const { order } of candidates) {
          const left = failures.get(order.orderId.toString()) ?? 0;
          if (left > 0) {
            failures.set(order.orderId.toString(), left - 1);
            throw new Error("distributor unavailable (injected)");
          }
        }
        return inner.distribute(candidates, ports);
      },
    };
  }

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

  async function insertOrder(uId: string): Promise<string> {
    const orderId = String(uniqueId());
    await pool.query(
      `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, award_id, award_type, award_name, uuid, mq_state)
       VALUES ($1::bigint, $2, 1, 1, 1, 1, 'd', 1, 'Desc', $3, 1)`,
      [orderId, uId, orderId],
    );
    return orderId;
  }

  const invoiceOf = (orderId: string, uId: string) => ({
    key: uId,
    value: JSON.stringify({ orderId, uId, activityId: 1, awardId: "d", awardType: 1, awardName: "Desc", awardContent: "", shippingAddress: null, extInfo: null }),
    headers: { "message-id": orderId },
  });

  it("grants once after two failures, and dead-letters an always-failing grant with grant_state FAIL and a compensation task", async () => {
    const groupId = `test-${randomUUID()}`;
    const consumer = new InvoiceConsumer(
      kafka,
      new DeliverInvoicesUseCase(
        new AwardDistributorFactory([flaky(new DescDistributor())]),
        new PgUnitOfWork(pool),
        new PgDeadLetterLog(pool),
        new KafkaDeadLetterPublisher(kafka, 5000, groupId, config.kafka),
      ),
      { groupId, retryBackoffMs: [50, 50, 50], partitionsConsumedConcurrently: 3, batchSize: 100, outagePauseMs: { initial: 100, max: 500 }, topic: config.kafka.invoiceTopic },
      log,
    );
    const recovering = await insertOrder("flaky-user");
    const hopeless = await insertOrder("hopeless-user");
    failures.set(recovering, 2);
    failures.set(hopeless, 1_000);
    await consumer.start();
    try {
      await kafka.send(config.kafka.invoiceTopic, [invoiceOf(recovering, "flaky-user"), invoiceOf(hopeless, "hopeless-user")], 5000);
      const state = async (orderId: string) =>
        (await pool.query("SELECT grant_state FROM user_strategy_export WHERE order_id = $1", [orderId])).rows[0].grant_state;
      expect(await eventually(async () => (await state(recovering)) === 1 && (await state(hopeless)) === 2, 60000)).toBe(true);

      const deliveries = await pool.query("SELECT order_id::text FROM award_delivery WHERE order_id = ANY($1::bigint[])", [[recovering, hopeless]]);
      expect(deliveries.rows).toEqual([{ order_id: recovering }]);
      expect(failures.get(recovering)).toBe(0);

      const task = await pool.query("SELECT biz_type, status, last_failed_reason FROM compensate_task WHERE biz_id = $1", [hopeless]);
      expect(task.rows).toEqual([{ biz_type: "REGRANT_ORDER", status: "WAIT_HANDLE", last_failed_reason: "distributor unavailable (injected)" }]);

      // Consumers of other test files (their own databases) dead-letter it too, as unknown_order.
      const ours = <T extends { headers: Record<string, string> }>(kept: T[]) => kept.filter((k) => k.headers["x-consumer-group"] === groupId);
      const all = await readTopic(config.kafka.brokers, config.kafka.deadLetterTopic, (v) => v.orderId === hopeless, (kept) => ours(kept).length >= 1);
      const dead = distinct(ours(all));
      expect(dead).toHaveLength(1);
      expect(dead[0].headers["x-attempts"]).toBe("4");
      expect(dead[0].headers["x-error"]).toBe("distributor unavailable (injected)");
      expect(dead[0].headers["message-id"]).toBe(hopeless);
      expect(dead[0].headers["x-reason"]).toBe("failed");
    } finally {
      await consumer.stop();
    }
  });

  it("with a busy share below 1 grants every invoice of every partition exactly once, one grant at a time", async () => {
    expect(config.kafka.invoicePartitions).toBeGreaterThan(1);
    const groupId = `test-${randomUUID()}`;
    let inside = 0;
    let most = 0;
    const desc = new DescDistributor();
    const counting: AwardDistributor = {
      awardType: desc.awardType,
      distribute: async (candidates, ports) => {
        most = Math.max(most, ++inside);
        try {
          // Long enough for grants of partitions consumed at once to overlap, were they not paced.
          await new Promise((resolve) => setTimeout(resolve, 30));
          return await desc.distribute(candidates, ports);
        } finally {
          inside--;
        }
      },
    };
    const consumer = new InvoiceConsumer(
      kafka,
      new DeliverInvoicesUseCase(new AwardDistributorFactory([counting]), new PgUnitOfWork(pool), new PgDeadLetterLog(pool), new KafkaDeadLetterPublisher(kafka, 5000, groupId, config.kafka)),
      { groupId, retryBackoffMs: [50], partitionsConsumedConcurrently: 3, batchSize: 5, busyShare: 0.5, outagePauseMs: { initial: 100, max: 500 }, topic: config.kafka.invoiceTopic },
      log,
    );
    const users = Array.from({ length: 60 }, (_, n) => `paced-${n}-${randomUUID()}`);
    const orders = await Promise.all(users.map((uId) => insertOrder(uId)));
    await consumer.start();
    try {
      await kafka.send(config.kafka.invoiceTopic, orders.map((orderId, n) => invoiceOf(orderId, users[n])), 5000);
      const granted = async () =>
        (await pool.query("SELECT count(*)::int AS n FROM user_strategy_export WHERE order_id = ANY($1::bigint[]) AND grant_state = 1", [orders])).rows[0].n;
      expect(await eventually(async () => (await granted()) === orders.length, 60000)).toBe(true);
      const deliveries = await pool.query("SELECT count(*)::int AS n, count(DISTINCT order_id)::int AS orders FROM award_delivery WHERE order_id = ANY($1::bigint[])", [orders]);
      expect(deliveries.rows[0]).toEqual({ n: 60, orders: 60 });
      // 60 keys over several partitions, three of them consumed at once: grants would overlap unpaced.
      expect(most).toBe(1);
    } finally {
      await consumer.stop();
    }
  });
});
