import { ContainerModule } from "inversify";
import type { Router } from "express";
import { ResendStuckInvoicesUseCase } from "../application/compensation/resend-stuck-invoices.use-case";
import { CheckReadinessUseCase } from "../application/health/check-readiness.use-case";
import { OperatorQueries } from "../application/operator/operator-queries";
import { ReplayDeadLettersUseCase } from "../application/operator/replay-dead-letters.use-case";
import { ResendAllStuckUseCase } from "../application/operator/resend-all-stuck.use-case";
import type { DependencyProbe } from "../application/ports/dependency-probe.port";
import type { AppConfig } from "../config/config";
import { KafkaConsumerLagReader } from "../infrastructure/kafka/consumer-lag.kafka-reader";
import { KafkaDeadLetterResender, KafkaDeadLetterStore } from "../infrastructure/kafka/dead-letter.kafka-store";
import { applicationTopics } from "../infrastructure/kafka/kafka-topics";
import { KafkaProbe } from "../infrastructure/kafka/kafka.probe";
import type { Logger } from "../infrastructure/logging/logger";
import { refreshOrderStateGauges } from "../infrastructure/metrics/order-state.gauges";
import { PgDeadLetterReplays } from "../infrastructure/persistence/dead-letter-replay.pg-repository";
import { PgOperatorReports } from "../infrastructure/persistence/operator-reports.pg-reader";
import { PostgresProbe } from "../infrastructure/persistence/postgres.probe";
import { RedisProbe } from "../infrastructure/redis/redis.probe";
import { consoleRoutes } from "../interfaces/http/console.routes";
import { healthRoutes } from "../interfaces/http/health.routes";
import { operatorRoutes } from "../interfaces/http/operator.routes";
import { requireOperator } from "../interfaces/http/operator-auth.middleware";
import { metricsRoutes } from "../interfaces/http/metrics.routes";
import { openApiRoutes } from "../interfaces/http/openapi.routes";
import type { Lifecycle } from "../shared/lifecycle";
import { Compensation } from "./compensation.module";
import { Draw } from "./draw.module";
import { meteredJob } from "./metered-job";
import { Platform } from "./platform.module";
import { provide, token } from "./token";

/**
 * What an operator watches and does: readiness, metrics and the API's own description on every
 * process; the read models and actions behind /api/v1/operator, the console and the CLI's
 * summary, stuck and dlq.
 */
export const Operator = {
  probes: token<DependencyProbe[]>("operator.probes"),
  checkReadiness: token<CheckReadinessUseCase>("operator.checkReadiness"),
  healthRoutes: token<Router>("operator.healthRoutes"),
  metricsRoutes: token<Router>("operator.metricsRoutes"),
  openApiRoutes: token<Router>("operator.openApiRoutes"),
  orderStateGaugesJob: token<Lifecycle>("operator.orderStateGaugesJob"),
  reports: token<PgOperatorReports>("operator.reports"),
  deadLetterStore: token<KafkaDeadLetterStore>("operator.deadLetterStore"),
  deadLetterReplays: token<PgDeadLetterReplays>("operator.deadLetterReplays"),
  queries: token<OperatorQueries>("operator.queries"),
  replayDeadLetters: token<ReplayDeadLettersUseCase>("operator.replayDeadLetters"),
  resendAllStuck: token<ResendAllStuckUseCase>("operator.resendAllStuck"),
  routes: token<Router>("operator.routes"),
  consoleRoutes: token<Router>("operator.consoleRoutes"),
};

/** The share of the time the worker may spend counting orders by state (a scan of the order table). */
const ORDER_COUNT_BUSY_SHARE = 0.05;

export function operatorModule(config: AppConfig, log: Logger): ContainerModule {
  return new ContainerModule((options) => {
    provide(options, Operator.probes, [Platform.prisma, Platform.redis, Platform.kafka], (prisma, redis, kafka) => [
      new PostgresProbe(prisma),
      new RedisProbe(redis),
      new KafkaProbe(kafka, applicationTopics(config.kafka.invoicePartitions, config.kafka)),
    ]);
    provide(options, Operator.checkReadiness, [Operator.probes], (probes) => new CheckReadinessUseCase(probes, config.readinessTimeoutMs));
    provide(options, Operator.healthRoutes, [Operator.checkReadiness], (checkReadiness) => healthRoutes(checkReadiness));
    provide(options, Operator.metricsRoutes, [Platform.metrics], (metrics) => metricsRoutes(metrics));
    provide(options, Operator.openApiRoutes, [], () => openApiRoutes());
    provide(options, Operator.orderStateGaugesJob, [Platform.pgPool, Platform.metrics], (pool, metrics) =>
      // The count reads every order: on a large table it runs less often, never more than 5 % of the time.
      meteredJob(log, metrics, "order-state-gauges", config.metricsRefreshMs, () => refreshOrderStateGauges(pool, metrics), { busyShare: ORDER_COUNT_BUSY_SHARE }),
    );

    const sendTimeoutMs = Math.max(config.kafka.sendTimeoutMs, config.kafka.requestTimeoutMs);
    provide(options, Operator.reports, [Platform.pgPool], (pool) => new PgOperatorReports(pool));
    provide(options, Operator.deadLetterStore, [], () => new KafkaDeadLetterStore(config.kafka, config.kafka.deadLetterTopic));
    provide(options, Operator.deadLetterReplays, [Platform.pgPool], (pool) => new PgDeadLetterReplays(pool, config.kafka.deadLetterTopic));
    provide(
      options,
      Operator.queries,
      [Operator.reports, Compensation.outbox, Platform.kafka, Operator.deadLetterStore, Operator.deadLetterReplays, Draw.stock],
      (reports, outbox, kafka, deadLetters, replays, stock) =>
        new OperatorQueries(
          {
            summaries: reports,
            grantStates: reports,
            outbox,
            lag: new KafkaConsumerLagReader(kafka, config.kafka.consumerGroup, config.kafka.invoiceTopic),
            deadLetters,
            replays,
            stock,
          },
          config.scanner.staleAfterMs,
        ),
    );
    provide(options, Operator.replayDeadLetters, [Operator.deadLetterStore, Operator.deadLetterReplays, Platform.kafka], (deadLetters, replays, kafka) =>
      new ReplayDeadLettersUseCase(deadLetters, replays, new KafkaDeadLetterResender(kafka, config.kafka.invoiceTopic, sendTimeoutMs)),
    );
    provide(options, Operator.resendAllStuck, [Compensation.outbox, Platform.drawOrders, Platform.invoicePublisher], (outbox, orders, publisher) =>
      new ResendAllStuckUseCase(
        // One batch per pass, the lease longer than a send: a worker's scanner never sends these at the same time.
        new ResendStuckInvoicesUseCase(
          outbox,
          orders,
          publisher,
          { batchSize: config.scanner.batchSize, staleAfterMs: config.scanner.staleAfterMs, maxBatches: 1, leaseMs: Math.max(config.scanner.leaseMs, sendTimeoutMs + 5000) },
          log.child({ component: "operator-resend" }),
        ),
      ),
    );
    provide(options, Operator.routes, [Operator.queries, Operator.replayDeadLetters, Operator.resendAllStuck], (queries, replay, resendAll) =>
      operatorRoutes({ requireOperator: requireOperator(config.adminToken), queries, replay, resendAll }),
    );
    provide(options, Operator.consoleRoutes, [], () => consoleRoutes());
  });
}
