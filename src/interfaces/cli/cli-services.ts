import type { Container } from "inversify";
import type { AppConfig } from "../../config/config";
import { Platform } from "../../composition/platform.module";
import { onBuilt, resolve, type Token } from "../../composition/token";
import { buildCliContainer } from "../../composition/cli.container";
import { UnreachableError } from "./cli-errors";

/**
 * A command's access to the service's own objects: the same slice modules as the service
 * (src/composition), built on first use. Before handing one out it checks that the services the
 * command needs answer, so an unreachable one is a clear message and exit code 1, not a hang.
 * This file is the CLI's composition root, the one file of src/interfaces that may load it.
 */
export class CliServices {
  private readonly container: Container;
  private readonly closers: Array<() => Promise<unknown>> = [];
  private postgresChecked = false;
  private kafkaChecked = false;

  constructor(
    readonly config: AppConfig,
    /** Where the broker address came from, for the message when it does not answer. */
    private readonly kafkaOrigin = "from KAFKA_BROKERS",
  ) {
    this.container = buildCliContainer(config);
    // Whatever connection a command opened is closed at its end, and only that.
    onBuilt(this.container, Platform.pgPool, (pool) => this.closers.push(() => pool.end()));
    onBuilt(this.container, Platform.prisma, (prisma) => this.closers.push(() => prisma.$disconnect()));
    onBuilt(this.container, Platform.kafka, (kafka) => this.closers.push(() => kafka.disconnect()));
    onBuilt(this.container, Platform.redis, (redis) => this.closers.push(async () => redis.disconnect()));
  }

  /** The object `token` names, once PostgreSQL answered `SELECT 1` within 3 s. */
  async withPostgres<T>(token: Token<T>): Promise<T> {
    if (!this.postgresChecked) {
      try {
        await withTimeout(resolve(this.container, Platform.pgPool).query("SELECT 1"), 3000, "no answer within 3000 ms");
      } catch (error) {
        throw new UnreachableError(`cannot reach PostgreSQL at ${databaseHost(this.config.database.url)}: ${(error as Error).message}`);
      }
      this.postgresChecked = true;
    }
    return resolve(this.container, token);
  }

  /** The object `token` names, once PostgreSQL and a Kafka broker (a metadata request within the connection timeout) answered. */
  async withKafka<T>(token: Token<T>): Promise<T> {
    if (!this.kafkaChecked) {
      try {
        await withTimeout(resolve(this.container, Platform.kafka).ping(), this.config.kafka.connectionTimeoutMs + 2000, "no answer");
      } catch (error) {
        throw new UnreachableError(`cannot reach Kafka at ${this.config.kafka.brokers.join(",")} (${this.kafkaOrigin}): ${(error as Error).message}`);
      }
      this.kafkaChecked = true;
    }
    return this.withPostgres(token);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.closers.map((close) => close()));
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
