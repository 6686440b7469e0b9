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

/**
 * The messages `topic` received since `since` (partition -> offset, as fetchTopicOffsets gave
 * before), up to its end now: a group of its own starts at those offsets and reads to the end.
 */
export async function readTopicSince(
  brokers: string[],
  topic: string,
  since: Map<number, string>,
  keep: (value: Record<string, unknown>) => boolean,
  timeoutMs = 60000,
): Promise<ReadInvoice[]> {
  const kafka = new Kafka({ clientId: "test-reader", brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `test-${randomUUID()}`;
  const kept: ReadInvoice[] = [];
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const pending = new Map<number, bigint>();
    for (const end of ends) {
      const from = BigInt(since.get(end.partition) ?? end.low);
      if (BigInt(end.high) > from) pending.set(end.partition, BigInt(end.high) - 1n);
    }
    if (pending.size === 0) return [];
    await admin.setOffsets({ groupId, topic, partitions: ends.map((end) => ({ partition: end.partition, offset: since.get(end.partition) ?? end.low })) });
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          const last = pending.get(partition);
          if (last === undefined || BigInt(message.offset) > last) return;
          let value: Record<string, unknown>;
          try {
            value = JSON.parse(message.value?.toString() ?? "null") ?? {};
          } catch {
            value = { raw: message.value?.toString() ?? "" };
          }
          if (keep(value)) {
            const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString() ?? ""]));
            kept.push({ key: message.key?.toString() ?? "", headers, value });
          }
          if (BigInt(message.offset) >= last) pending.delete(partition);
        },
      });
      const deadline = Date.now() + timeoutMs;
      while (pending.size > 0) {
        if (Date.now() > deadline) throw new Error(`reading ${topic} since the given offsets did not reach its end within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await consumer.disconnect();
    }
    return kept;
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

/** The end offsets of `topic` now, to read what comes after with readTopicSince. */
export async function topicEnds(brokers: string[], topic: string): Promise<Map<number, string>> {
  const admin = new Kafka({ clientId: "test-reader", brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high]));
  } finally {
    await admin.disconnect();
  }
}

/**
 * Commits `groupId`'s offsets at the end of `topic` before the group has a member, so that its
 * consumer reads only what is produced from now on (a fresh group would start at the beginning).
 */
export async function startGroupAtEnd(brokers: string[], groupId: string, topic: string): Promise<void> {
  const admin = new Kafka({ clientId: "test-admin", brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({ groupId, topic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
  } finally {
    await admin.disconnect();
  }
}

/**
 * The messages once each: the producer retries a request whose answer it did not get, and a retry
 * can write a message the broker had already written (kafka-client.ts, PRODUCER_CONFIG). Such a
 * copy is the same message again, harmless to a consumer that delivers each order once, and not
 * a second send by the service.
 */
export function distinct(messages: ReadInvoice[]): ReadInvoice[] {
  const seen = new Map<string, ReadInvoice>();
  for (const message of messages) seen.set(JSON.stringify([message.key, message.headers, message.value]), message);
  return [...seen.values()];
}
