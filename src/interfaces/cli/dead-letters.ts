import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import type { DeadLetterReason } from "../../application/ports/dead-letter-log.port";
import type { AppConfig } from "../../config/config";
import { UnreachableError } from "./cli-errors";

export interface DeadLetter {
  partition: number;
  offset: string;
  key: string;
  value: string;
  orderId: string | undefined;
  messageId: string | undefined;
  error: string | undefined;
  attempts: string | undefined;
  reason: DeadLetterReason;
}

/**
 * Reads the dead-letter topic (`lottery_invoice.dlq` unless KAFKA_DEAD_LETTER_TOPIC renames it) from the beginning up to the end offsets seen at the start, with a
 * fresh consumer group that is deleted afterwards (the service's groups are never touched).
 */
export async function readDeadLetters(config: AppConfig, timeoutMs = 60_000): Promise<DeadLetter[]> {
  const kafka = new Kafka({
    clientId: `${config.kafka.clientId}-cli`,
    brokers: config.kafka.brokers,
    connectionTimeout: config.kafka.connectionTimeoutMs,
    requestTimeout: config.kafka.requestTimeoutMs,
    logLevel: logLevel.NOTHING,
    retry: { retries: 1 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
  } catch (error) {
    throw new UnreachableError(`cannot reach Kafka at ${config.kafka.brokers.join(",")}: ${(error as Error).message}`);
  }
  const topic = config.kafka.deadLetterTopic;
  const groupId = `lottery-cli-dlq-${randomUUID()}`;
  try {
    if (!(await admin.listTopics()).includes(topic)) return [];
    const offsets = await admin.fetchTopicOffsets(topic);
    // The last offset to read per partition; partitions with nothing in them are done already.
    const pending = new Map<number, bigint>();
    for (const o of offsets) if (BigInt(o.high) > BigInt(o.low)) pending.set(o.partition, BigInt(o.high) - 1n);
    if (pending.size === 0) return [];

    const found: DeadLetter[] = [];
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
    await consumer.connect();
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new UnreachableError(`reading ${topic} did not finish within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const finish = (): void => {
          clearTimeout(timer);
          resolve();
        };
        consumer
          .subscribe({ topics: [topic], fromBeginning: true })
          .then(() =>
            consumer.run({
              autoCommit: false,
              eachMessage: async ({ partition, message }) => {
                const last = pending.get(partition);
                if (last === undefined || BigInt(message.offset) > last) return;
                const header = (name: string): string | undefined => message.headers?.[name]?.toString();
                const value = message.value?.toString() ?? "";
                found.push({
                  partition,
                  offset: message.offset,
                  key: message.key?.toString() ?? "",
                  value,
                  orderId: orderIdOf(value) ?? header("message-id"),
                  messageId: header("message-id"),
                  error: header("x-error"),
                  attempts: header("x-attempts"),
                  reason: reasonOf(header("x-reason"), header("x-error"), header("x-attempts")),
                });
                if (BigInt(message.offset) >= last) {
                  pending.delete(partition);
                  if (pending.size === 0) finish();
                }
              },
            }),
          )
          .catch((error: unknown) => {
            clearTimeout(timer);
            reject(error);
          });
      });
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
    return found.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

function orderIdOf(value: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === "object" && "orderId" in parsed) return String((parsed as { orderId: unknown }).orderId);
  } catch {
    // A malformed invoice has no readable orderId; the message-id header may still name it.
  }
  return undefined;
}

/** The x-reason header; dead letters written before it existed are told apart by their error and attempts. */
function reasonOf(reason: string | undefined, error: string | undefined, attempts: string | undefined): DeadLetterReason {
  if (reason === "malformed" || reason === "unknown_order" || reason === "failed") return reason;
  if (attempts === "0") return "malformed";
  if (error === "no order with this orderId") return "unknown_order";
  return "failed";
}
