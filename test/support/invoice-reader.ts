import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";

export interface ReadInvoice {
  key: string;
  headers: Record<string, string>;
  value: Record<string, unknown>;
}

/**
 * Reads `topic` from the beginning with a fresh group until `done` says enough was seen or the
 * time is up, keeping the messages `keep` selects.
 */
export async function readTopic(
  brokers: string[],
  topic: string,
  keep: (value: Record<string, unknown>) => boolean,
  done: (kept: ReadInvoice[]) => boolean,
  timeoutMs = 90000,
): Promise<ReadInvoice[]> {
  const consumer = new Kafka({ clientId: "test-reader", brokers, logLevel: logLevel.NOTHING }).consumer({ groupId: `test-${randomUUID()}` });
  const kept: ReadInvoice[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      let value: Record<string, unknown>;
      try {
        value = JSON.parse(message.value?.toString() ?? "null") ?? {};
      } catch {
        value = { raw: message.value?.toString() ?? "" };
      }
      if (!keep(value)) return;
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString() ?? ""]));
      kept.push({ key: message.key?.toString() ?? "", headers, value });
    },
  });
  try {
    const deadline = Date.now() + timeoutMs;
    while (!done(kept) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    await consumer.disconnect();
  }
  return kept;
}
