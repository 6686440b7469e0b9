import type { Pool } from "pg";
import type { AppConfig } from "../../config/config";
import { KafkaClient } from "../../infrastructure/kafka/kafka-client";
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
    if (this.kafkaClient) return this.kafkaClient;
    const kafka = new KafkaClient(this.config.kafka, this.log);
    try {
      await withTimeout(kafka.ping(), this.config.kafka.connectionTimeoutMs + 2000, "no answer");
    } catch (error) {
      await kafka.disconnect().catch(() => undefined);
      throw new UnreachableError(`cannot reach Kafka at ${this.config.kafka.brokers.join(",")} (${this.kafkaOrigin}): ${(error as Error).message}`);
    }
    this.kafkaClient = kafka;
    return kafka;
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
