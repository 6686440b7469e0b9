import type { Container } from "inversify";
import type { Pool } from "pg";
import { ResendStuckInvoicesUseCase } from "./application/compensation/resend-stuck-invoices.use-case";
import { OperatorQueries } from "./application/operator/operator-queries";
import { ReplayDeadLettersUseCase } from "./application/operator/replay-dead-letters.use-case";
import { ResendAllStuckUseCase } from "./application/operator/resend-all-stuck.use-case";
import type { ActivityStock } from "./application/ports/activity-stock.port";
import type { InvoicePublisher } from "./application/ports/invoice-publisher.port";
import type { AppConfig } from "./config/config";
import type { DrawOrderRepository } from "./domain/award/draw-order.repository";
import { KafkaConsumerLagReader } from "./infrastructure/kafka/consumer-lag.kafka-reader";
import { KafkaDeadLetterResender, KafkaDeadLetterStore } from "./infrastructure/kafka/dead-letter.kafka-store";
import type { KafkaClient } from "./infrastructure/kafka/kafka-client";
import type { Logger } from "./infrastructure/logging/logger";
import { PgDeadLetterReplays } from "./infrastructure/persistence/dead-letter-replay.pg-repository";
import { PgOperatorReports } from "./infrastructure/persistence/operator-reports.pg-reader";
import { PgOutboxRepository } from "./infrastructure/persistence/outbox.pg-repository";
import { TOKENS } from "./tokens";

/**
 * The operator slice: the read models and actions behind /api/v1/operator and the console (the
 * CLI builds the same use cases over its own connections, cli-services.ts). Part of the
 * composition root, bound from container.ts.
 */
export function bindOperatorSlice(container: Container, config: AppConfig, log: Logger): void {
  const sendTimeoutMs = Math.max(config.kafka.sendTimeoutMs, config.kafka.requestTimeoutMs);
  container.bind<OperatorQueries>(TOKENS.OperatorQueries).toResolvedValue(
    (pool: Pool, kafka: KafkaClient, stock: ActivityStock) => {
      const reports = new PgOperatorReports(pool);
      return new OperatorQueries(
        {
          summaries: reports,
          grantStates: reports,
          outbox: new PgOutboxRepository(pool),
          lag: new KafkaConsumerLagReader(kafka, config.kafka.consumerGroup, config.kafka.invoiceTopic),
          deadLetters: new KafkaDeadLetterStore(config.kafka, config.kafka.deadLetterTopic),
          replays: new PgDeadLetterReplays(pool, config.kafka.deadLetterTopic),
          stock,
        },
        config.scanner.staleAfterMs,
      );
    },
    [TOKENS.PgPool, TOKENS.Kafka, TOKENS.ActivityStock],
  );
  container
    .bind<ReplayDeadLettersUseCase>(TOKENS.ReplayDeadLettersUseCase)
    .toResolvedValue(
      (pool: Pool, kafka: KafkaClient) =>
        new ReplayDeadLettersUseCase(
          new KafkaDeadLetterStore(config.kafka, config.kafka.deadLetterTopic),
          new PgDeadLetterReplays(pool, config.kafka.deadLetterTopic),
          new KafkaDeadLetterResender(kafka, config.kafka.invoiceTopic, sendTimeoutMs),
        ),
      [TOKENS.PgPool, TOKENS.Kafka],
    );
  container.bind<ResendAllStuckUseCase>(TOKENS.ResendAllStuckUseCase).toResolvedValue(
    (pool: Pool, orders: DrawOrderRepository, publisher: InvoicePublisher) =>
      new ResendAllStuckUseCase(
        // One batch per pass, the lease longer than a send: a worker's scanner never sends these at the same time.
        new ResendStuckInvoicesUseCase(
          new PgOutboxRepository(pool),
          orders,
          publisher,
          { batchSize: config.scanner.batchSize, staleAfterMs: config.scanner.staleAfterMs, maxBatches: 1, leaseMs: Math.max(config.scanner.leaseMs, sendTimeoutMs + 5000) },
          log.child({ component: "operator-resend" }),
        ),
      ),
    [TOKENS.PgPool, TOKENS.DrawOrderRepository, TOKENS.InvoicePublisher],
  );
}
