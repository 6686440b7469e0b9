import type { EachBatchPayload, IHeaders, KafkaMessage } from "kafkajs";
import { PermanentDeliveryError, type DeliverInvoiceUseCase } from "../../application/delivery/deliver-invoice.use-case";
import type { KafkaClient, ConsumerHandle } from "../../infrastructure/kafka/kafka-client";
import { INVOICE_DEAD_LETTER_TOPIC, INVOICE_TOPIC } from "../../infrastructure/kafka/kafka-topics";
import { withLogContext } from "../../infrastructure/logging/log-context";
import type { Logger } from "../../infrastructure/logging/logger";
import type { Metrics } from "../../infrastructure/metrics/metrics";
import { awardTypeName } from "../../domain/award/award-type";
import type { Lifecycle } from "../process/lifecycle";
import { parseInvoice } from "./invoice.schema";

export interface InvoiceConsumerOptions {
  groupId: string;
  /** Waits between attempts of a failing grant: [1000, 5000] means 3 attempts in all. */
  retryBackoffMs: number[];
  partitionsConsumedConcurrently: number;
  sendTimeoutMs: number;
  /** Default lottery_invoice and lottery_invoice.dlq. */
  topic?: string;
  deadLetterTopic?: string;
}

/**
 * The invoice consumer group: validates each message, grants it through the distributor of its
 * award type, and resolves its offset only once the grant is durable (or the message is on the
 * dead-letter topic), so a crash redelivers instead of losing. Messages of one partition are
 * handled in order (a user's invoices stay in order); partitions run concurrently.
 */
export class InvoiceConsumer implements Lifecycle {
  readonly name = "invoice-consumer";
  private handle: ConsumerHandle | undefined;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly deliver: DeliverInvoiceUseCase,
    private readonly options: InvoiceConsumerOptions,
    private readonly log: Logger,
    private readonly metrics?: Metrics,
  ) {}

  async start(): Promise<void> {
    this.handle = await this.kafka.runConsumer({
      groupId: this.options.groupId,
      topics: [this.options.topic ?? INVOICE_TOPIC],
      fromBeginning: true,
      consumerConfig: { allowAutoTopicCreation: false },
      runConfig: { eachBatchAutoResolve: false, partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently },
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  async stop(): Promise<void> {
    await this.handle?.stop();
    this.handle = undefined;
  }

  private async onBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> {
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) return;
      // The message's id (the orderId) plays the request id on every line about this message.
      const requestId = message.headers?.["message-id"]?.toString() ?? `${batch.partition}-${message.offset}`;
      await withLogContext({ requestId }, () => this.onMessage(message, batch.partition, heartbeat));
      resolveOffset(message.offset);
      await commitOffsetsIfNecessary();
    }
  }

  private async onMessage(message: KafkaMessage, partition: number, heartbeat: () => Promise<void>): Promise<void> {
    const where = { partition, offset: message.offset };
    const parsed = parseInvoice(message.value);
    if (!parsed.ok) {
      this.log.warn({ ...where, reason: parsed.reason }, "malformed invoice dead-lettered");
      await this.deadLetter(message, partition, parsed.reason, 0);
      this.metrics?.deadLetters.inc({ reason: "malformed" });
      return;
    }
    const request = parsed.request;
    const context = { ...where, orderId: request.orderId.toString(), uId: request.uId };
    const attempts = this.options.retryBackoffMs.length + 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const outcome = await this.deliver.execute(request);
        this.metrics?.deliveries.inc({ award_type: awardTypeName(request.awardType), outcome: outcome.kind });
        if (outcome.kind === "ORDER_NOT_FOUND") {
          this.log.warn(context, "invoice for an unknown order dead-lettered");
          await this.deadLetter(message, partition, "no order with this orderId", attempt);
          this.metrics?.deadLetters.inc({ reason: "unknown_order" });
        } else {
          this.log.info({ ...context, outcome: outcome.kind, deliveryRef: outcome.deliveryRef }, "invoice delivered");
        }
        return;
      } catch (error) {
        const reason = (error as Error).message;
        if (error instanceof PermanentDeliveryError || attempt >= attempts) {
          this.log.error({ ...context, attempt, err: reason }, "grant failed for good; dead-lettered, compensation task recorded");
          await this.deadLetter(message, partition, reason, attempt);
          await this.deliver.giveUp(request, reason, attempt);
          this.metrics?.deliveries.inc({ award_type: awardTypeName(request.awardType), outcome: "FAILED" });
          this.metrics?.deadLetters.inc({ reason: "failed" });
          return;
        }
        this.log.warn({ ...context, attempt, err: reason }, "grant failed; retrying");
        await sleepWithHeartbeat(this.options.retryBackoffMs[attempt - 1], heartbeat);
      }
    }
  }

  /** Throws if the dead-letter send fails: the offset stays unresolved and the message comes back. */
  private async deadLetter(message: KafkaMessage, partition: number, error: string, attempts: number): Promise<void> {
    const headers: IHeaders = {
      ...message.headers,
      "x-error": error.slice(0, 1000),
      "x-attempts": String(attempts),
      "x-original-topic": this.options.topic ?? INVOICE_TOPIC,
      "x-original-partition": String(partition),
      "x-original-offset": message.offset,
    };
    await this.kafka.send(
      this.options.deadLetterTopic ?? INVOICE_DEAD_LETTER_TOPIC,
      [{ key: message.key?.toString() ?? "", value: message.value?.toString() ?? "", headers }],
      this.options.sendTimeoutMs,
    );
  }
}

/** Waits out a backoff while telling the group coordinator the member is alive. */
async function sleepWithHeartbeat(ms: number, heartbeat: () => Promise<void>): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(1000, until - Date.now())));
    await heartbeat().catch(() => undefined);
  }
}
