import { randomUUID } from "node:crypto";
import { Kafka, logLevel, type Admin } from "kafkajs";
import type { DeadLetter, DeadLetterResender, DeadLetterStore } from "../../application/operator/dead-letter-store.port";
import type { DeadLetterReason } from "../../application/ports/dead-letter-log.port";
import { DependencyUnavailableError } from "../../shared/errors";
import type { KafkaClient, KafkaSettings } from "./kafka-client";

/**
 * Reads the dead-letter topic (`lottery_invoice.dlq` unless KAFKA_DEAD_LETTER_TOPIC renames it)
 * from the beginning up to the end offsets seen at the start, with a fresh consumer group that is
 * deleted afterwards (the service's groups are never touched). Reads asked for while one runs
 * share it: the console polls, and each read costs a group join.
 */
export class KafkaDeadLetterStore implements DeadLetterStore {
  private running: Promise<DeadLetter[]> | undefined;

  constructor(
    private readonly settings: KafkaSettings,
    readonly topic: string,
    private readonly timeoutMs = 60_000,
  ) {}

  readAll(): Promise<DeadLetter[]> {
    this.running ??= this.read().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async read(): Promise<DeadLetter[]> {
    const kafka = new Kafka({
      clientId: `${this.settings.clientId}-dlq-reader`,
      brokers: this.settings.brokers,
      connectionTimeout: this.settings.connectionTimeoutMs,
      requestTimeout: this.settings.requestTimeoutMs,
      logLevel: logLevel.NOTHING,
      retry: { retries: 1 },
    });
    const admin = kafka.admin();
    try {
      await admin.connect();
    } catch (error) {
      throw new DependencyUnavailableError("kafka", `cannot reach Kafka at ${this.settings.brokers.join(",")}: ${(error as Error).message}`, false, { cause: error });
    }
    const groupId = `lottery-dlq-reader-${randomUUID()}`;
    try {
      return await this.readWith(kafka, admin, groupId);
    } catch (error) {
      if (error instanceof DependencyUnavailableError) throw error;
      throw new DependencyUnavailableError("kafka", `reading ${this.topic} failed: ${(error as Error).message}`, false, { cause: error });
    } finally {
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async readWith(kafka: Kafka, admin: Admin, groupId: string): Promise<DeadLetter[]> {
    const topic = this.topic;
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
          () => reject(new DependencyUnavailableError("kafka", `reading ${topic} did not finish within ${this.timeoutMs} ms`)),
          this.timeoutMs,
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
  }
}

/** Sends dead letters back to the invoice topic with the project's producer. */
export class KafkaDeadLetterResender implements DeadLetterResender {
  constructor(
    private readonly kafka: KafkaClient,
    readonly topic: string,
    private readonly sendTimeoutMs: number,
  ) {}

  async resend(letters: readonly DeadLetter[]): Promise<void> {
    await this.kafka.send(
      this.topic,
      letters.map((l) => {
        const messageId = l.messageId ?? l.orderId;
        return { key: l.key, value: l.value, headers: messageId === undefined ? {} : { "message-id": messageId } };
      }),
      this.sendTimeoutMs,
    );
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
