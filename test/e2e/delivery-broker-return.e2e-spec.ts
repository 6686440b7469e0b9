import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import { KafkaClient } from "../../src/infrastructure/kafka/kafka-client";
import { INVOICE_TOPIC, applicationTopics } from "../../src/infrastructure/kafka/kafka-topics";
import { createLogger } from "../../src/infrastructure/logging/logger";
import { createPgPool } from "../../src/infrastructure/persistence/pg-pool.factory";
import { eventually, testConfig } from "../support/app-harness";
import { createOwnDatabase } from "../support/own-database";
import { PrivateBroker, ServiceProcess } from "../support/private-services";
import { uniqueId } from "../support/unique-id";

const log = createLogger("silent");

// A broker of this test's own is killed under a running consumer and started again; the time
// from its return to the first grant is what an operator waits. The target is 5 s (README);
// the bound asserted here is looser, for a loaded CI machine, and the measured time is printed.
describe("delivery after the broker returns", () => {
  let database: Awaited<ReturnType<typeof createOwnDatabase>>;
  let pool: Pool;
  let broker: PrivateBroker;
  let consumer: ServiceProcess | undefined;

  beforeAll(async () => {
    database = await createOwnDatabase();
    pool = createPgPool(database.url, 4);
    broker = await PrivateBroker.start();
  });
  afterAll(async () => {
    await consumer?.kill("SIGTERM");
    await pool.end();
    await broker.destroy();
    await database.drop();
  });

  it("grants an invoice sent after the broker's return within seconds, without a restart of the consumer", async () => {
    const config = testConfig({ KAFKA_BROKERS: broker.brokers });
    const admin = new KafkaClient(config.kafka, log);
    await admin.ensureTopics(applicationTopics(config.kafka.invoicePartitions));
    await admin.disconnect();
    consumer = new ServiceProcess("consumer", { DATABASE_URL: database.url, KAFKA_BROKERS: broker.brokers, KAFKA_CONSUMER_GROUP: `e2e-${randomUUID()}` });
    await consumer.start();

    const activityId = uniqueId();
    const insert = async (): Promise<string> => {
      const orderId = String(uniqueId());
      await pool.query(
        `INSERT INTO user_strategy_export (order_id, u_id, activity_id, strategy_id, strategy_mode, grant_type, award_id, award_type, award_name, award_content, uuid, mq_state)
         VALUES ($1::bigint, $2, $3, 1, 1, 1, 'd', 1, 'Desc', 'a note', $1, 1)`,
        [orderId, `user-${orderId}`, activityId],
      );
      return orderId;
    };
    const send = async (orderId: string): Promise<void> => {
      const producer = new KafkaClient(config.kafka, log);
      try {
        const value = { orderId, uId: `user-${orderId}`, activityId, awardId: "d", awardType: 1, awardName: "Desc", awardContent: "a note", shippingAddress: null, extInfo: null };
        await producer.send(INVOICE_TOPIC, [{ key: value.uId, value: JSON.stringify(value), headers: { "message-id": orderId } }], 30_000);
      } finally {
        await producer.disconnect();
      }
    };
    const grantedOf = async (orderId: string) => (await pool.query("SELECT grant_state FROM user_strategy_export WHERE order_id = $1", [orderId])).rows[0].grant_state === 1;

    const before = await insert();
    await send(before);
    expect(await eventually(() => grantedOf(before), 60_000, 100)).toBe(true);

    broker.kill();
    await new Promise((resolve) => setTimeout(resolve, 8000));
    await broker.resume();
    const back = Date.now();
    const after = await insert();
    await send(after);
    expect(await eventually(() => grantedOf(after), 30_000, 100)).toBe(true);
    const seconds = (Date.now() - back) / 1000;
    process.stderr.write(`[delivery-broker-return] first grant ${seconds.toFixed(1)} s after the broker's return\n`);
    expect(consumer.alive).toBe(true);
    expect(seconds).toBeLessThan(15);
  }, 180_000);
});
