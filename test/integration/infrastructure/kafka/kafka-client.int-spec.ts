import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import { KafkaClient, type ConsumerHandle } from "../../../../src/infrastructure/kafka/kafka-client";
import { INVOICE_DEAD_LETTER_TOPIC, INVOICE_TOPIC, applicationTopics } from "../../../../src/infrastructure/kafka/kafka-topics";
import { createLogger } from "../../../../src/infrastructure/logging/logger";
import { eventually, testConfig } from "../../../support/app-harness";

const config = testConfig();
const log = createLogger("silent");
// An independent kafkajs client to look at the broker, so the wrapper is not checked by itself.
const observer = new Kafka({ clientId: "test-observer", brokers: config.kafka.brokers, logLevel: logLevel.NOTHING }).admin();

describe("KafkaClient against a real broker", () => {
  const client = new KafkaClient(config.kafka, log);
  beforeAll(() => observer.connect());
  afterAll(async () => {
    await client.disconnect();
    await observer.disconnect();
  });

  it("creates the application topics with their partitions, and does it again without error", async () => {
    await client.ensureTopics(applicationTopics(4));
    await client.ensureTopics(applicationTopics(4));
    const { topics } = await observer.fetchTopicMetadata({ topics: [INVOICE_TOPIC, INVOICE_DEAD_LETTER_TOPIC] });
    const partitions = Object.fromEntries(topics.map((t) => [t.name, t.partitions.length]));
    expect(partitions[INVOICE_TOPIC]).toBeGreaterThanOrEqual(4);
    expect(partitions[INVOICE_DEAD_LETTER_TOPIC]).toBeGreaterThanOrEqual(1);
  });

  it("returns from creating topics only once each partition answers an offsets request", async () => {
    const topics = [`served-test-${randomUUID()}`, `served-test-${randomUUID()}`];
    await client.ensureTopics(topics.map((topic) => ({ topic, numPartitions: 6 })));
    // No retry here: a fresh client asks straight away, as a consumer or a test would.
    for (const topic of topics) {
      const offsets = await observer.fetchTopicOffsets(topic);
      expect(offsets.map((o) => o.partition).sort()).toEqual([0, 1, 2, 3, 4, 5]);
      expect(offsets.every((o) => o.high === "0")).toBe(true);
    }
  });

  it("reads no consumer lag, rather than failing, for a topic that does not exist yet", async () => {
    await expect(client.consumerLag(`group-${randomUUID()}`, `missing-${randomUUID()}`)).resolves.toEqual(new Map());
  });

  it("delivers a sent message, key, value and headers intact, to a consumer group", async () => {
    const topic = `wrapper-test-${randomUUID()}`;
    const groupId = `group-${randomUUID()}`;
    await client.ensureTopics([{ topic, numPartitions: 3 }]);
    const received: Array<{ key: string; value: string; header: string; partition: number }> = [];
    const consumer = await client.runConsumer({
      groupId,
      topics: [topic],
      fromBeginning: true,
      eachMessage: async ({ message, partition }) => {
        received.push({
          key: message.key?.toString() ?? "",
          value: message.value?.toString() ?? "",
          header: message.headers?.["message-id"]?.toString() ?? "",
          partition,
        });
      },
    });

    const sent = await client.send(
      topic,
      [
        { key: "xiaofuge", value: '{"orderId":"1"}', headers: { "message-id": "1" } },
        { key: "fustack", value: '{"orderId":"2"}', headers: { "message-id": "2" } },
        { key: "xiaofuge", value: '{"orderId":"3"}', headers: { "message-id": "3" } },
      ],
      5000,
    );
    expect(sent.every((record) => record.errorCode === 0)).toBe(true);

    expect(await eventually(async () => received.length >= 3, 30000)).toBe(true);
    expect(received.map((r) => r.header).sort()).toEqual(["1", "2", "3"]);
    const xiaofuge = received.filter((r) => r.key === "xiaofuge");
    // Same key, same partition, in send order: a user's invoices stay in order.
    expect(new Set(xiaofuge.map((r) => r.partition)).size).toBe(1);
    expect(xiaofuge.map((r) => r.value)).toEqual(['{"orderId":"1"}', '{"orderId":"3"}']);

    await stopAndExpectGroupLeft(consumer, groupId);
  });

  it("fails a send within its deadline when no broker answers", async () => {
    const unreachable = new KafkaClient({ ...config.kafka, brokers: ["127.0.0.1:1"], connectionTimeoutMs: 500 }, log);
    const started = Date.now();
    await expect(unreachable.send(INVOICE_TOPIC, [{ key: "u", value: "{}" }], 800)).rejects.toThrow(/did not complete within 800 ms/);
    expect(Date.now() - started).toBeLessThan(5000);
    await unreachable.disconnect();
  });
});

async function stopAndExpectGroupLeft(consumer: ConsumerHandle, groupId: string): Promise<void> {
  await consumer.stop();
  const { groups } = await observer.describeGroups([groupId]);
  expect(groups[0].members).toHaveLength(0);
  expect(groups[0].state).toBe("Empty");
}
