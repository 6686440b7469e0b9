import type { EachBatchPayload, KafkaMessage } from "kafkajs";
import type { DeliverInvoicesUseCase, DeliveryReport, InvoiceEnvelope } from "../../application/delivery/deliver-invoices.use-case";
import { awardTypeName } from "../../domain/award/award-type";
import type { ConsumerHandle, KafkaClient } from "./kafka-client";
import { INVOICE_TOPIC } from "./kafka-topics";
import type { Logger } from "../logging/logger";
import type { Metrics } from "../metrics/metrics";
import { outageOf } from "../outage";
import { isTransientConflict } from "../persistence/pg-conflict";
import type { Lifecycle } from "../../shared/lifecycle";
import { parseInvoice } from "./invoice.schema";
import { BusyShareGate } from "./busy-share-gate";

export interface InvoiceConsumerOptions {
  groupId: string;
  /** Waits between attempts of one invoice whose grant fails (not an outage): [1000, 5000] means 3 attempts. */
  retryBackoffMs: number[];
  partitionsConsumedConcurrently: number;
  /** Invoices granted per transaction, at most. */
  batchSize: number;
  /**
   * At most this share of the wall time spent granting (0 < share <= 1, see BusyShareGate): below
   * 1, grants go one at a time across partitions, each followed by a pause. For a consumer that
   * shares its cores with the api. Default 1: every partition's grant at once, no pauses.
   */
  busyShare?: number;
  /** While a dependency is away: the first wait before trying again, doubling up to `max`. */
  outagePauseMs: { initial: number; max: number };
  /** Default lottery_invoice. */
  topic?: string;
}

/**
 * Retries capped at 1 s bring the consumer back within about a second of the broker's return
 * (kafkajs's default backoff grows to 30 s). After a crash kafkajs does not restart the consumer
 * itself: a consumer it restarted after "the coordinator is loading" (a fresh broker) was seen
 * to join its group and then fetch nothing; the Kafka wrapper builds a new one instead.
 * Group timing is the wrapper's.
 */
const CONSUMER_CONFIG = {
  allowAutoTopicCreation: false,
  // A fetch waits for 128 KiB (about 300 invoices) or 500 ms: under load the broker answers fewer,
  // fuller fetches, and each partition's batch is granted in fewer transactions (each fetch and
  // each transaction cost the broker, the consumer and PostgreSQL alike; bench:draw measured the
  // consumer's CPU per delivery down by a quarter from 16 KiB / 100 ms, and its PostgreSQL CPU
  // per draw halved again from 64 KiB / 250 ms). Idle, delivery waits 0.5 s.
  minBytes: 131_072,
  maxWaitTimeInMs: 500,
  retry: { retries: 20, initialRetryTime: 100, maxRetryTime: 1_000, restartOnFailure: async () => false },
};

/** The longest pause a busy share puts between two grants, however long the last one took. */
const BUSY_SHARE_MAX_PAUSE_MS = 1_000;

/** Immediate retries of a batch that PostgreSQL rolled back to break a deadlock. */
const CONFLICT_RETRIES = 5;

interface Outage {
  dependency: string;
  since: number;
  retries: number;
}

/**
 * The invoice consumer group. A partition's batch is granted in transactions of up to
 * `batchSize` invoices (DeliverInvoicesUseCase), in offset order, and its offsets are resolved
 * only once that grant is durable, so a crash redelivers instead of losing, and a redelivery
 * changes nothing. While PostgreSQL (or the broker, for dead letters) is away, the partition
 * pauses and the same invoices are tried again with backoff: an outage never dead-letters.
 * An invoice that fails on its own is retried with `retryBackoffMs`, then dead-lettered with a
 * compensation task; the partition moves on.
 */
export class InvoiceConsumer implements Lifecycle {
  readonly name = "invoice-consumer";
  private handle: ConsumerHandle | undefined;
  private outage: Outage | undefined;
  private readonly grants: BusyShareGate;

  constructor(
    private readonly kafka: KafkaClient,
    private readonly deliver: DeliverInvoicesUseCase,
    private readonly options: InvoiceConsumerOptions,
    private readonly log: Logger,
    private readonly metrics?: Metrics,
  ) {
    this.grants = new BusyShareGate({ share: options.busyShare ?? 1, maxPauseMs: BUSY_SHARE_MAX_PAUSE_MS });
  }

  async start(): Promise<void> {
    this.handle = await this.kafka.runConsumer({
      groupId: this.options.groupId,
      topics: [this.options.topic ?? INVOICE_TOPIC],
      fromBeginning: true,
      consumerConfig: CONSUMER_CONFIG,
      runConfig: {
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
        autoCommitInterval: 1_000,
      },
      restartDelayMs: 500,
      eachBatch: (payload) => this.onBatch(payload),
    });
  }

  async stop(): Promise<void> {
    await this.handle?.stop();
    this.handle = undefined;
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary } = payload;
    const size = this.options.batchSize;
    for (let from = 0; from < batch.messages.length; from += size) {
      if (stopped(payload)) return;
      const chunk = batch.messages.slice(from, from + size);
      const envelopes = chunk.map((message) => envelopeOf(message, batch.topic, batch.partition));
      // Undefined: the partition was taken away while the chunk waited for its turn.
      if (!(await this.grants.run(() => this.deliverChunk(envelopes, payload), () => !stopped(payload)))) return;
      resolveOffset(chunk[chunk.length - 1].offset);
      await heartbeat().catch(() => undefined);
      await commitOffsetsIfNecessary();
    }
  }

  /** True once every invoice of the chunk is durably granted or dead-lettered; false when the partition was taken away first. */
  private async deliverChunk(envelopes: InvoiceEnvelope[], payload: EachBatchPayload): Promise<boolean> {
    try {
      const report = await this.pausingOnOutage(() => this.deliver.deliverBatch(envelopes), payload);
      if (!report) return false;
      this.observe(report, envelopes.length, payload.batch.partition);
      return true;
    } catch (error) {
      // Not an outage: one invoice of the chunk fails by itself. Grant them one by one, so
      // only that one is retried and, in the end, dead-lettered.
      this.log.warn({ partition: payload.batch.partition, invoices: envelopes.length, err: (error as Error).message }, "batch grant failed; granting its invoices one by one");
      for (const envelope of envelopes) {
        if (!(await this.deliverOne(envelope, payload))) return false;
        payload.resolveOffset(envelope.source.offset);
      }
      return true;
    }
  }

  private async deliverOne(envelope: InvoiceEnvelope, payload: EachBatchPayload): Promise<boolean> {
    const attempts = this.options.retryBackoffMs.length + 1;
    const where = { partition: envelope.source.partition, offset: envelope.source.offset, orderId: envelope.raw.headers["message-id"] };
    for (let attempt = 1; ; attempt++) {
      try {
        const report = await this.pausingOnOutage(() => this.deliver.deliverBatch([envelope]), payload);
        if (!report) return false;
        this.observe(report, 1, envelope.source.partition);
        return true;
      } catch (error) {
        const reason = (error as Error).message;
        if (attempt >= attempts) {
          this.log.error({ ...where, attempt, err: reason }, "grant failed for good; dead-lettered, compensation task recorded");
          const report = await this.pausingOnOutage(() => this.deliver.giveUp(envelope, reason, attempt), payload);
          if (!report) return false;
          this.observe(report, 1, envelope.source.partition);
          return true;
        }
        this.log.warn({ ...where, attempt, err: reason }, "grant failed; retrying");
        await sleepWithHeartbeat(this.options.retryBackoffMs[attempt - 1], payload);
        if (stopped(payload)) return false;
      }
    }
  }

  /**
   * Runs `work` until it succeeds. A deadlock victim is run again at once. While it fails because a dependency is away, it waits with
   * backoff (heartbeating, so the group keeps the partition) and tries the same work again; one
   * line says the pause began and one that delivery resumed. Undefined if the partition was
   * taken away meanwhile; any other error is thrown.
   */
  private async pausingOnOutage<T>(work: () => Promise<T>, payload: EachBatchPayload): Promise<T | undefined> {
    let waitMs = this.options.outagePauseMs.initial;
    let conflicts = 0;
    for (;;) {
      try {
        const result = await work();
        this.resumed();
        return result;
      } catch (error) {
        // Rolled back to break a deadlock: nothing was written, and trying again is the cure.
        if (isTransientConflict(error) && ++conflicts <= CONFLICT_RETRIES) continue;
        const dependency = outageOf(error);
        if (!dependency) throw error;
        this.paused(dependency, error as Error);
        await sleepWithHeartbeat(waitMs, payload);
        if (stopped(payload)) return undefined;
        waitMs = Math.min(waitMs * 2, this.options.outagePauseMs.max);
      }
    }
  }

  private paused(dependency: string, error: Error): void {
    if (this.outage) {
      this.outage.retries += 1;
      return;
    }
    this.outage = { dependency, since: Date.now(), retries: 1 };
    this.log.warn({ dependency, err: error.message }, "delivery paused: a dependency is away; the same invoices are tried again until it returns");
    this.metrics?.deliveryPauses.inc({ dependency });
  }

  private resumed(): void {
    const outage = this.outage;
    if (!outage) return;
    this.outage = undefined;
    this.log.info({ dependency: outage.dependency, pausedMs: Date.now() - outage.since, retries: outage.retries }, "delivery resumed");
  }

  private observe(report: DeliveryReport, invoices: number, partition: number): void {
    for (const outcome of report.outcomes) {
      this.metrics?.deliveries.inc({ award_type: outcome.awardType === undefined ? "UNKNOWN" : awardTypeName(outcome.awardType), outcome: outcome.kind });
    }
    for (const letter of report.deadLettered) {
      this.metrics?.deadLetters.inc({ reason: letter.reason });
      this.log.warn(
        { partition: letter.source.partition, offset: letter.source.offset, orderId: letter.orderId?.toString(), reason: letter.reason, err: letter.error, attempts: letter.attempts },
        "invoice dead-lettered",
      );
    }
    this.log.debug({ partition, invoices, outcomes: report.outcomes.length }, "invoices delivered");
  }
}

function envelopeOf(message: KafkaMessage, topic: string, partition: number): InvoiceEnvelope {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.map(String).join(",") : value.toString();
  }
  return {
    source: { topic, partition, offset: message.offset },
    raw: { key: message.key?.toString() ?? "", value: message.value?.toString() ?? "", headers },
    parsed: parseInvoice(message.value),
  };
}

function stopped({ isRunning, isStale }: EachBatchPayload): boolean {
  return !isRunning() || isStale();
}

/** Waits `ms` while telling the group coordinator the member is alive; ends early if the partition is taken away. */
async function sleepWithHeartbeat(ms: number, payload: EachBatchPayload): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until && !stopped(payload)) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(500, until - Date.now())));
    await payload.heartbeat().catch(() => undefined);
  }
}
