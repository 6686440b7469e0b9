import { ContainerModule } from "inversify";
import type { Router } from "express";
import { CheckReadinessUseCase } from "../application/health/check-readiness.use-case";
import type { DependencyProbe } from "../application/ports/dependency-probe.port";
import type { AppConfig } from "../config/config";
import { applicationTopics } from "../infrastructure/kafka/kafka-topics";
import { KafkaProbe } from "../infrastructure/kafka/kafka.probe";
import type { Logger } from "../infrastructure/logging/logger";
import { refreshOrderStateGauges } from "../infrastructure/metrics/order-state.gauges";
import { PostgresProbe } from "../infrastructure/persistence/postgres.probe";
import { RedisProbe } from "../infrastructure/redis/redis.probe";
import { healthRoutes } from "../interfaces/http/health.routes";
import { metricsRoutes } from "../interfaces/http/metrics.routes";
import { openApiRoutes } from "../interfaces/http/openapi.routes";
import type { Lifecycle } from "../shared/lifecycle";
import { meteredJob } from "./metered-job";
import { Platform } from "./platform.module";
import { provide, token } from "./token";

/** What an operator watches on every process: readiness, metrics, the API's own description. */
export const Operator = {
  probes: token<DependencyProbe[]>("operator.probes"),
  checkReadiness: token<CheckReadinessUseCase>("operator.checkReadiness"),
  healthRoutes: token<Router>("operator.healthRoutes"),
  metricsRoutes: token<Router>("operator.metricsRoutes"),
  openApiRoutes: token<Router>("operator.openApiRoutes"),
  orderStateGaugesJob: token<Lifecycle>("operator.orderStateGaugesJob"),
};

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
      meteredJob(log, metrics, "order-state-gauges", config.metricsRefreshMs, () => refreshOrderStateGauges(pool, metrics)),
    );
  });
}
