import "reflect-metadata";
import type Redis from "ioredis";
import { Container } from "inversify";
import { CheckReadinessUseCase } from "./application/health/check-readiness.use-case";
import type { DependencyProbe } from "./application/ports/dependency-probe.port";
import type { AppConfig } from "./config/config";
import { KafkaClient } from "./infrastructure/kafka/kafka-client";
import { applicationTopics } from "./infrastructure/kafka/kafka-topics";
import { KafkaProbe } from "./infrastructure/kafka/kafka.probe";
import type { Logger } from "./infrastructure/logging/logger";
import { PostgresProbe } from "./infrastructure/persistence/postgres.probe";
import { createPrismaClient, type PrismaClient } from "./infrastructure/persistence/prisma-client.factory";
import { createRedisClient } from "./infrastructure/redis/redis-client.factory";
import { RedisProbe } from "./infrastructure/redis/redis.probe";
import { createHttpApp } from "./interfaces/http/app";
import { healthRoutes } from "./interfaces/http/health.routes";
import { HttpServer } from "./interfaces/http/http-server";
import type { Lifecycle } from "./interfaces/process/lifecycle";
import { ProcessRuntime } from "./interfaces/process/process-runtime";
import { TOKENS } from "./tokens";

/**
 * The composition root: the one place that knows every layer. Classes carry no decorators;
 * each binding says how to build its object from the tokens it needs.
 */
export function buildContainer(config: AppConfig, log: Logger): Container {
  const container = new Container({ defaultScope: "Singleton" });
  container.bind<AppConfig>(TOKENS.Config).toConstantValue(config);
  container.bind<Logger>(TOKENS.Logger).toConstantValue(log);

  container
    .bind<PrismaClient>(TOKENS.Prisma)
    .toResolvedValue(() => createPrismaClient(config.database.url, config.database.poolSize));
  container
    .bind<Redis>(TOKENS.Redis)
    .toResolvedValue(() => createRedisClient(config.redis.url, config.redis.keyPrefix, log.child({ component: "redis" })));
  container.bind<KafkaClient>(TOKENS.Kafka).toResolvedValue(() => new KafkaClient(config.kafka, log));

  container
    .bind<DependencyProbe[]>(TOKENS.DependencyProbes)
    .toResolvedValue(
      (prisma: PrismaClient, redis: Redis, kafka: KafkaClient) => [
        new PostgresProbe(prisma),
        new RedisProbe(redis),
        new KafkaProbe(kafka, applicationTopics(config.kafka.invoicePartitions)),
      ],
      [TOKENS.Prisma, TOKENS.Redis, TOKENS.Kafka],
    );
  container
    .bind<CheckReadinessUseCase>(TOKENS.CheckReadinessUseCase)
    .toResolvedValue((probes: DependencyProbe[]) => new CheckReadinessUseCase(probes, config.readinessTimeoutMs), [
      TOKENS.DependencyProbes,
    ]);

  container
    .bind<HttpServer>(TOKENS.HttpServer)
    .toResolvedValue(
      (checkReadiness: CheckReadinessUseCase) =>
        new HttpServer(
          createHttpApp({ bodyLimit: config.http.bodyLimit, routers: [healthRoutes(checkReadiness)], log }),
          config.http.host,
          config.http.port,
          log.child({ component: "http" }),
        ),
      [TOKENS.CheckReadinessUseCase],
    );

  container
    .bind<ProcessRuntime>(TOKENS.ProcessRuntime)
    .toResolvedValue(
      (prisma: PrismaClient, redis: Redis, kafka: KafkaClient, http: HttpServer) =>
        new ProcessRuntime(
          [...connectionParts(prisma, redis, kafka, config, log), ...roleParts(config, http)],
          log,
          config.shutdownTimeoutMs,
        ),
      [TOKENS.Prisma, TOKENS.Redis, TOKENS.Kafka, TOKENS.HttpServer],
    );
  return container;
}

/**
 * Connections open first and close last. None of them fails the start when its service is
 * away: the process comes up not-ready and recovers by itself when the service returns.
 */
function connectionParts(prisma: PrismaClient, redis: Redis, kafka: KafkaClient, config: AppConfig, log: Logger): Lifecycle[] {
  return [
    {
      name: "redis",
      start: () => redis.connect().catch((error: Error) => log.warn({ err: error.message }, "redis not reachable at start; retrying in the background")),
      stop: async () => {
        await redis.quit().catch(() => redis.disconnect());
      },
    },
    {
      name: "postgres",
      start: () => prisma.$connect().catch((error: Error) => log.warn({ err: error.message }, "postgres not reachable at start")),
      stop: () => prisma.$disconnect(),
    },
    {
      name: "kafka",
      start: () =>
        kafka
          .ensureTopics(applicationTopics(config.kafka.invoicePartitions))
          .catch((error: Error) => log.warn({ err: error.message }, "kafka not reachable at start; topics are created once it answers")),
      stop: () => kafka.disconnect(),
    },
  ];
}

/** What each role runs on top of its connections. Every role serves /health so any process can be probed. */
function roleParts(_config: AppConfig, http: HttpServer): Lifecycle[] {
  return [http];
}
