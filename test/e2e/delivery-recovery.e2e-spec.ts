import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Pool } from "pg";
import { KafkaClient } from "../../src/infrastructure/kafka/kafka-client";
import { applicationTopics } from "../../src/infrastructure/kafka/kafka-topics";
import { createLogger } from "../../src/infrastructure/logging/logger";
import { createPgPool } from "../../src/infrastructure/persistence/pg-pool.factory";
import { ActivityRequestMother, award } from "../support/activity-request.mother";
import { eventually, startApp, testConfig, type RunningApp } from "../support/app-harness";
import { httpClient } from "../support/http-client";
import { OPERATOR_TOKEN, deployDoing } from "../support/operator";
import { createOwnDatabase } from "../support/own-database";
import { ownTopics } from "../support/own-topics";
import { PROJECT_ROOT, startLocalBroker, stopLocalBroker } from "../support/services";
import { uniqueId } from "../support/unique-id";

const log = createLogger("silent");

async function countWhere(pool: Pool, sql: string, values: unknown[]): Promise<number> {
  return (await pool.query<{ n: number }>(sql, values)).rows[0].n;
}

// Each test owns its database (the worker scans whole tables) and, for the outage, its broker.
describe("a won prize is delivered exactly once, whatever fails", () => {
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let pool: Pool;
  beforeAll(async () => {
    database = await createOwnDatabase();
    pool = createPgPool(database.url, 5);
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it("grants every one of 100 draws made while the broker was down, once it is back", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "lottery-e2e-broker-"));
    let app: RunningApp | undefined;
    try {
      const broker = await startLocalBroker(dataDir);
      app = await startApp({
        ROLE: "all",
        DATABASE_URL: database.url,
        KAFKA_BROKERS: broker.brokers,
        ADMIN_TOKEN: OPERATOR_TOKEN,
        KAFKA_CONSUMER_GROUP: `e2e-${randomUUID()}`,
        KAFKA_SEND_TIMEOUT_MS: "500",
        SCANNER_INTERVAL_MS: "500",
      });
      const api = httpClient(app.baseUrl);
      const activityId = await deployDoing(app.baseUrl, {
        ...ActivityRequestMother.withAwards("SINGLE", [award("book", "Book", 1000, "1")]),
        stockCount: 1000,
        takeCount: 100,
      });

      await stopLocalBroker(dataDir);
      const orderIds: string[] = [];
      for (let wave = 0; wave < 10; wave++) {
        const draws = await Promise.all(Array.from({ length: 10 }, (_, i) => api.post("/api/v1/draws", { uId: `u${wave}-${i}`, activityId })));
        for (const draw of draws) {
          expect(draw.status).toBe(200);
          expect(draw.body.result).toBe("WIN");
          orderIds.push(draw.body.orderId);
        }
      }
      const unsent = await countWhere(pool, "SELECT count(*)::int AS n FROM user_strategy_export WHERE order_id = ANY($1::bigint[]) AND mq_state <> 1", [orderIds]);
      expect(unsent).toBe(100);

      await startLocalBroker(dataDir);
      const allGranted = () =>
        countWhere(pool, "SELECT count(*)::int AS n FROM user_strategy_export WHERE order_id = ANY($1::bigint[]) AND grant_state = 1", [orderIds]);
      expect(await eventually(async () => (await allGranted()) === 100, 90000, 500)).toBe(true);
      const deliveries = await pool.query<{ order_id: string; n: number }>(
        "SELECT order_id::text, count(*)::int AS n FROM award_delivery WHERE order_id = ANY($1::bigint[]) GROUP BY order_id",
        [orderIds],
      );
      expect(deliveries.rows).toHaveLength(100);
      expect(deliveries.rows.every((row) => row.n === 1)).toBe(true);
    } finally {
      await app?.stop();
      await stopLocalBroker(dataDir).catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240000);

  it("grants every invoice of a backlog exactly once when the consumer process is SIGKILLed half-way and restarted", async () => {
    // Topics of its own: the 3000-invoice backlog is this test's alone.
    const topics = ownTopics("e2e");
    const config = testConfig(topics.env);
    const kafka = new KafkaClient(config.kafka, log);
    const groupId = `e2e-${randomUUID()}`;
    const activityId = uniqueId();
    const count = 3000;
    const base = uniqueId() * 1000;
    const orderIds = Array.from({ length: count }, (_, i) => String(base + i));
    await pool.query(
      `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, award_id, award_type, award_name, award_content, uuid, mq_state)
       SELECT id::bigint, 'user-' || (id::bigint % 500), $2, 1, 1, 1, 'c', 3, 'Coupon', '10 off', id, 1 FROM unnest($1::text[]) AS id`,
      [orderIds, activityId],
    );
    const granted = () => countWhere(pool, "SELECT count(*)::int AS n FROM user_strategy_export WHERE activity_id = $1 AND grant_state = 1", [activityId]);

    const consumer = (): ChildProcess =>
      spawn(process.execPath, [path.join(PROJECT_ROOT, "dist/src/main.js"), "consumer"], {
        // Small grant transactions, one partition at a time: slow enough to be killed half-way
        // (with the defaults the whole backlog is granted in about a second).
        env: {
          ...process.env,
          ...topics.env,
          DATABASE_URL: database.url,
          HTTP_PORT: "0",
          KAFKA_CONSUMER_GROUP: groupId,
          LOG_LEVEL: "silent",
          CONSUMER_BATCH_SIZE: "10",
          CONSUMER_PARTITIONS_CONCURRENTLY: "1",
        },
        stdio: "ignore",
      });
    let running: ChildProcess | undefined;
    try {
      await kafka.ensureTopics(applicationTopics(config.kafka.invoicePartitions, config.kafka));
      running = consumer();
      for (let i = 0; i < count; i += 500) {
        const messages = orderIds.slice(i, i + 500).map((orderId) => {
          const uId = `user-${BigInt(orderId) % 500n}`;
          const value = { orderId, uId, activityId, awardId: "c", awardType: 3, awardName: "Coupon", awardContent: "10 off", shippingAddress: null, extInfo: null };
          return { key: uId, value: JSON.stringify(value), headers: { "message-id": orderId } };
        });
        await kafka.send(config.kafka.invoiceTopic, messages, 10000);
      }
      expect(await eventually(async () => (await granted()) >= count / 10, 90000, 100)).toBe(true);
      running.kill("SIGKILL");
      await once(running, "exit");
      const atKill = await granted();
      expect(atKill).toBeLessThan(count);

      running = consumer();
      expect(await eventually(async () => (await granted()) === count, 120000, 500)).toBe(true);
      const coupons = await countWhere(pool, "SELECT count(*)::int AS n FROM award_coupon c JOIN user_strategy_export o USING (order_id) WHERE o.activity_id = $1", [activityId]);
      const deliveries = await countWhere(pool, "SELECT count(*)::int AS n FROM award_delivery d JOIN user_strategy_export o USING (order_id) WHERE o.activity_id = $1", [activityId]);
      expect(coupons).toBe(count);
      expect(deliveries).toBe(count);
    } finally {
      // A process SIGKILLed above has a signalCode and no exitCode: it has exited already.
      if (running && running.exitCode === null && running.signalCode === null) {
        running.kill("SIGTERM");
        await once(running, "exit");
      }
      await kafka.disconnect();
    }
  }, 300000);
});
