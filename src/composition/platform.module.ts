import { ContainerModule } from "inversify";
import type { IdGenerator } from "../application/ports/id-generator.port";
import type { InvoicePublisher } from "../application/ports/invoice-publisher.port";
import type { AppConfig } from "../config/config";
import type { DrawOrderRepository } from "../domain/award/draw-order.repository";
import { DEFAULT_LEASE, LeasedIdGenerator } from "../infrastructure/ids/worker-id.pg-lease";
import { SnowflakeIdGenerator } from "../infrastructure/ids/snowflake.id-generator";
import { KafkaClient } from "../infrastructure/kafka/kafka-client";
import { applicationTopics } from "../infrastructure/kafka/kafka-topics";
import { KafkaInvoicePublisher } from "../infrastructure/kafka/invoice.kafka-publisher";
import type { Logger } from "../infrastructure/logging/logger";
import { MeteredInvoicePublisher } from "../infrastructure/metrics/metered-invoice.publisher";
import { Metrics } from "../infrastructure/metrics/metrics";
import { PgDrawOrderRepository } from "../infrastructure/persistence/draw-order.pg-repository";
import { createPgPool, type PgPool } from "../infrastructure/persistence/pg-pool.factory";
import { createPrismaClientOver, type PrismaClient } from "../infrastructure/persistence/prisma-client.factory";
import { createRedisClient, type RedisClient } from "../infrastructure/redis/redis-client.factory";
import type { Lifecycle } from "../shared/lifecycle";
import { provide, provideValue, token } from "./token";

/** What every slice stands on: configuration, logging, metrics, the connections, ids, orders and their invoices. */
export const Platform = {
  config: token<AppConfig>("platform.config"),
  log: token<Logger>("platform.log"),
  metrics: token<Metrics>("platform.metrics"),
  /** The process's one pg pool: Prisma runs over it too (one pool per database per process). */
  pgPool: token<PgPool>("platform.pgPool"),
  prisma: token<PrismaClient>("platform.prisma"),
  redis: token<RedisClient>("platform.redis"),
  kafka: token<KafkaClient>("platform.kafka"),
  idGenerator: token<IdGenerator & Partial<Lifecycle>>("platform.idGenerator"),
  invoicePublisher: token<InvoicePublisher>("platform.invoicePublisher"),
  drawOrders: token<DrawOrderRepository>("platform.drawOrders"),
  redisConnection: token<Lifecycle>("platform.redisConnection"),
  postgresConnection: token<Lifecycle>("platform.postgresConnection"),
  kafkaConnection: token<Lifecycle>("platform.kafkaConnection"),
  workerIdLease: token<Lifecycle>("platform.workerIdLease"),
};

export function platformModule(config: AppConfig, log: Logger): ContainerModule {
  return new ContainerModule((options) => {
    provideValue(options, Platform.config, config);
    provideValue(options, Platform.log, log);
    provide(options, Platform.metrics, [], () => new Metrics());
    provide(options, Platform.pgPool, [], () =>
      createPgPool(config.database.url, config.database.poolSize, { statementTimeoutMs: config.database.statementTimeoutMs }),
    );
    provide(options, Platform.prisma, [Platform.pgPool], (pool) => createPrismaClientOver(pool));
    provide(options, Platform.redis, [], () => createRedisClient(config.redis.url, config.redis.keyPrefix, log.child({ component: "redis" })));
    provide(options, Platform.kafka, [], () => new KafkaClient(config.kafka, log));
    provide(options, Platform.idGenerator, [Platform.pgPool], (pool) =>
      config.workerId === undefined ? new LeasedIdGenerator(pool, DEFAULT_LEASE, log.child({ component: "worker-id" })) : new SnowflakeIdGenerator(config.workerId),
    );
    provide(options, Platform.invoicePublisher, [Platform.kafka, Platform.metrics], (kafka, metrics) =>
      new MeteredInvoicePublisher(new KafkaInvoicePublisher(kafka, config.kafka.sendTimeoutMs, config.kafka.invoiceTopic), metrics),
    );
    provide(options, Platform.drawOrders, [Platform.pgPool], (pool) => new PgDrawOrderRepository(pool));

    // Connections open first and close last. None of them fails the start when its service is
    // away: the process comes up not-ready and recovers by itself when the service returns.
    provide(options, Platform.redisConnection, [Platform.redis], (redis) => ({
      name: "redis",
      start: () => redis.connect().catch((error: Error) => log.warn({ err: error.message }, "redis not reachable at start; retrying in the background")),
      stop: async () => {
        await redis.quit().catch(() => redis.disconnect());
      },
    }));
    provide(options, Platform.postgresConnection, [Platform.prisma, Platform.pgPool], (prisma, pool) => ({
      name: "postgres",
      start: () => prisma.$connect().catch((error: Error) => log.warn({ err: error.message }, "postgres not reachable at start")),
      stop: async () => {
        await Promise.all([prisma.$disconnect(), pool.end()]);
      },
    }));
    provide(options, Platform.kafkaConnection, [Platform.kafka], (kafka) => ({
      name: "kafka",
      start: () =>
        kafka
          .ensureTopics(applicationTopics(config.kafka.invoicePartitions, config.kafka))
          .catch((error: Error) => log.warn({ err: error.message }, "kafka not reachable at start; topics are created once it answers")),
      stop: () => kafka.disconnect(),
    }));
    // A leased worker id is acquired at start and released at shutdown; a fixed one needs neither.
    provide(options, Platform.workerIdLease, [Platform.idGenerator], (ids) => ({
      name: "worker-id-lease",
      start: async () => ids.start?.(),
      stop: async () => ids.stop?.(),
    }));
  });
}
