import type { Pool } from "pg";
import type { AppConfig } from "../../config/config";
import { ResendStuckInvoicesUseCase } from "../../application/compensation/resend-stuck-invoices.use-case";
import { ResendAllStuckUseCase } from "../../application/operator/resend-all-stuck.use-case";
import { KafkaInvoicePublisher } from "../../infrastructure/kafka/invoice.kafka-publisher";
import { PgDrawOrderRepository } from "../../infrastructure/persistence/draw-order.pg-repository";
import { OperatorQueries } from "../../application/operator/operator-queries";
import { ReplayDeadLettersUseCase } from "../../application/operator/replay-dead-letters.use-case";
import { KafkaConsumerLagReader } from "../../infrastructure/kafka/consumer-lag.kafka-reader";
import { KafkaDeadLetterResender, KafkaDeadLetterStore } from "../../infrastructure/kafka/dead-letter.kafka-store";
import { KafkaClient } from "../../infrastructure/kafka/kafka-client";
import { PgOperatorReports } from "../../infrastructure/persistence/operator-reports.pg-reader";
import { PgDeadLetterReplays } from "../../infrastructure/persistence/dead-letter-replay.pg-repository";
import { PgOutboxRepository } from "../../infrastructure/persistence/outbox.pg-repository";
import type { Logger } from "../../infrastructure/logging/logger";
import { createPgPool } from "../../infrastructure/persistence/pg-pool.factory";
import { createPrismaClient, type PrismaClient } from "../../infrastructure/persistence/prisma-client.factory";
import { UnreachableError } from "./cli-errors";

/**
 * The connections a CLI command needs, opened on first use and closed at the end. The CLI wires
 * its own few objects here: the layer rules let only src/container.ts and src/main.ts import the
 * composition root, and a command needs a handful of adapters, not the whole service.
 */
export class CliServices {
  private pgPool: Pool | undefined;
  private prismaClient: PrismaClient | undefined;
  private kafkaClient: KafkaClient | undefined;
  private kafkaChecked = false;

  constructor(
    readonly config: AppConfig,
    readonly log: Logger,
    /** Where the broker address came from, for the message when it does not answer. */
    private readonly kafkaOrigin = "from KAFKA_BROKERS",
  ) {}

  /** The pg pool, after PostgreSQL answered `SELECT 1` within 3 s. */
  async pool(): Promise<Pool> {
    if (this.pgPool) return this.pgPool;
    const pool = createPgPool(this.config.database.url, 2);
    pool.on("error", () => undefined);
    try {
      await withTimeout(pool.query("SELECT 1"), 3000, "no answer within 3000 ms");
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new UnreachableError(`cannot reach PostgreSQL at ${databaseHost(this.config.database.url)}: ${(error as Error).message}`);
    }
    this.pgPool = pool;
    return pool;
  }

  /** The Prisma client, after the same PostgreSQL check. */
  async prisma(): Promise<PrismaClient> {
    await this.pool();
    this.prismaClient ??= createPrismaClient(this.config.database.url, 2);
    return this.prismaClient;
  }

  /** The project's Kafka client, after a broker answered a metadata request within the connection timeout. */
  async kafka(): Promise<KafkaClient> {
    const kafka = this.kafkaUnchecked();
    if (this.kafkaChecked) return kafka;
    try {
      await withTimeout(kafka.ping(), this.config.kafka.connectionTimeoutMs + 2000, "no answer");
    } catch (error) {
      throw new UnreachableError(`cannot reach Kafka at ${this.config.kafka.brokers.join(",")} (${this.kafkaOrigin}): ${(error as Error).message}`);
    }
    this.kafkaChecked = true;
    return kafka;
  }

  /** The operator's read side, as the service's /api/v1/operator routes use it. */
  async operatorQueries(): Promise<OperatorQueries> {
    const pool = await this.pool();
    const { kafka } = this.config;
    const reports = new PgOperatorReports(pool);
    return new OperatorQueries(
      {
        summaries: reports,
        grantStates: reports,
        outbox: new PgOutboxRepository(pool),
        // Connects only when asked for the lag; `summary` never touches Kafka.
        lag: new KafkaConsumerLagReader(this.kafkaUnchecked(), kafka.consumerGroup, kafka.invoiceTopic),
        deadLetters: new KafkaDeadLetterStore(kafka, kafka.deadLetterTopic),
        replays: new PgDeadLetterReplays(pool, kafka.deadLetterTopic),
      },
      this.config.scanner.staleAfterMs,
    );
  }

  async replayDeadLetters(): Promise<ReplayDeadLettersUseCase> {
    const pool = await this.pool();
    const kafka = await this.kafka();
    const timeoutMs = Math.max(this.config.kafka.sendTimeoutMs, this.config.kafka.requestTimeoutMs);
    return new ReplayDeadLettersUseCase(
      new KafkaDeadLetterStore(this.config.kafka, this.config.kafka.deadLetterTopic),
      new PgDeadLetterReplays(pool, this.config.kafka.deadLetterTopic),
      new KafkaDeadLetterResender(kafka, this.config.kafka.invoiceTopic, timeoutMs),
    );
  }

  /** The scanner's own use case, leases included: a running worker and the CLI never send one order at once. */
  async resendAllStuck(): Promise<ResendAllStuckUseCase> {
    const pool = await this.pool();
    const kafka = await this.kafka();
    const { scanner, kafka: settings } = this.config;
    const sendTimeoutMs = Math.max(settings.sendTimeoutMs, settings.requestTimeoutMs);
    return new ResendAllStuckUseCase(
      new ResendStuckInvoicesUseCase(
        new PgOutboxRepository(pool),
        new PgDrawOrderRepository(pool),
        new KafkaInvoicePublisher(kafka, sendTimeoutMs, settings.invoiceTopic),
        { batchSize: scanner.batchSize, staleAfterMs: scanner.staleAfterMs, maxBatches: 1, leaseMs: Math.max(scanner.leaseMs, sendTimeoutMs + 5000) },
        this.log,
      ),
    );
  }

  private kafkaUnchecked(): KafkaClient {
    this.kafkaClient ??= new KafkaClient(this.config.kafka, this.log);
    return this.kafkaClient;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.pgPool?.end(), this.prismaClient?.$disconnect(), this.kafkaClient?.disconnect()]);
  }
}

/** host:port of a database URL, never its credentials. */
function databaseHost(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}`;
  } catch {
    return "(unparsable DATABASE_URL)";
  }
}

export function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
