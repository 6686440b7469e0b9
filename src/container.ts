import "reflect-metadata";
import { randomUUID } from "node:crypto";
import { withLogContext } from "./infrastructure/logging/log-context";
import type Redis from "ioredis";
import type { Pool } from "pg";
import { Container } from "inversify";
import type { Router } from "express";
import { ActivityQueries } from "./application/activity/activity-queries";
import { ChangeActivityStateUseCase } from "./application/activity/change-activity-state.use-case";
import { DeployActivityUseCase } from "./application/activity/deploy-activity.use-case";
import { SeedDemoActivityUseCase } from "./application/activity/seed-demo-activity.use-case";
import { AdvanceActivityStatesUseCase } from "./application/compensation/advance-activity-states.use-case";
import { CompensateTasksUseCase } from "./application/compensation/compensate-tasks.use-case";
import { RegrantOrderHandler } from "./application/compensation/regrant-order.handler";
import { ResendStuckInvoicesUseCase } from "./application/compensation/resend-stuck-invoices.use-case";
import { DeliverInvoicesUseCase } from "./application/delivery/deliver-invoices.use-case";
import { DrawUseCase } from "./application/draw/draw.use-case";
import { AwardDistributorFactory } from "./domain/award/award-distributor.factory";
import { PgGrantUnitOfWork } from "./infrastructure/delivery/grant.pg-unit-of-work";
import { generateRedeemCode } from "./infrastructure/delivery/random-token";
import { KafkaDeadLetterPublisher } from "./infrastructure/kafka/dead-letter.kafka-publisher";
import { PgDeadLetterLog } from "./infrastructure/persistence/dead-letter.pg-log";
import { PgCompensationTaskRepository } from "./infrastructure/persistence/compensation-task.pg-repository";
import { InvoiceConsumer } from "./interfaces/consumer/invoice.consumer";
import { CheckReadinessUseCase } from "./application/health/check-readiness.use-case";
import { systemClock } from "./application/ports/clock.port";
import type { IdempotencyStore } from "./application/ports/idempotency-store.port";
import type { DrawOrderRepository } from "./domain/award/draw-order.repository";
import { KafkaInvoicePublisher } from "./infrastructure/kafka/invoice.kafka-publisher";
import { PgDrawOrderRepository } from "./infrastructure/persistence/draw-order.pg-repository";
import { PgDrawLedger } from "./infrastructure/persistence/draw-ledger.pg-repository";
import { PgStockRecords } from "./infrastructure/persistence/stock-records.pg-repository";
import { InvoiceDispatcher } from "./application/draw/invoice-dispatcher";
import { ReconcileStockUseCase } from "./application/draw/reconcile-stock.use-case";
import type { InvoicePublisher } from "./application/ports/invoice-publisher.port";
import { DEFAULT_LEASE, LeasedIdGenerator } from "./infrastructure/ids/worker-id.pg-lease";
import { createPgPool } from "./infrastructure/persistence/pg-pool.factory";
import { PgOutboxRepository } from "./infrastructure/persistence/outbox.pg-repository";
import { IntervalJob } from "./interfaces/worker/interval-job";
import { MeteredInvoicePublisher } from "./infrastructure/metrics/metered-invoice.publisher";
import { Metrics } from "./infrastructure/metrics/metrics";
import { refreshOrderStateGauges } from "./infrastructure/metrics/order-state.gauges";
import { drawSummary } from "./infrastructure/metrics/draw-summary";
import { refreshCampaignGauges } from "./infrastructure/metrics/campaign.gauges";
import { metricsRoutes } from "./interfaces/http/metrics.routes";
import { openApiRoutes } from "./interfaces/http/openapi.routes";
import { CryptoRandomSource } from "./infrastructure/random/crypto-random-source";
import { RedisActivityStock } from "./infrastructure/redis/activity-stock.redis-cache";
import { RedisIdempotencyStore } from "./infrastructure/redis/idempotency.redis-store";
import { drawRoutes } from "./interfaces/http/draw.routes";
import { shippingAddressRoutes } from "./interfaces/http/shipping-address.routes";
import { ProvideShippingAddressUseCase } from "./application/delivery/provide-shipping-address.use-case";
import { PgShipmentRepository } from "./infrastructure/delivery/shipment.pg-repository";
import type { IdGenerator } from "./application/ports/id-generator.port";
import type { ActivityRepository } from "./domain/activity/activity.repository";
import { SnowflakeIdGenerator } from "./infrastructure/ids/snowflake.id-generator";
import { PrismaActivityRepository } from "./infrastructure/persistence/activity.prisma-repository";
import { CachedActivityRepository } from "./infrastructure/persistence/cached-activity.repository";
import { activityRoutes } from "./interfaces/http/activity.routes";
import { requireOperator } from "./interfaces/http/operator-auth.middleware";
import type { DependencyProbe } from "./application/ports/dependency-probe.port";
import type { AppConfig } from "./config/config";
import { KafkaClient } from "./infrastructure/kafka/kafka-client";
import { applicationTopics } from "./infrastructure/kafka/kafka-topics";
import { KafkaProbe } from "./infrastructure/kafka/kafka.probe";
import type { Logger } from "./infrastructure/logging/logger";
import { PostgresProbe } from "./infrastructure/persistence/postgres.probe";
import { createPrismaClientOver, type PrismaClient } from "./infrastructure/persistence/prisma-client.factory";
import { createRedisClient } from "./infrastructure/redis/redis-client.factory";
import { RedisProbe } from "./infrastructure/redis/redis.probe";
import { createHttpApp } from "./interfaces/http/app";
import { outageOf } from "./infrastructure/outage";
import { healthRoutes } from "./interfaces/http/health.routes";
import { HttpServer } from "./interfaces/http/http-server";
import type { Lifecycle } from "./interfaces/process/lifecycle";
import { ProcessRuntime } from "./interfaces/process/process-runtime";
import { TOKENS } from "./tokens";
import { CAMPAIGN_CHUNK } from "./domain/compensation/compensation-task.repository";
import { CampaignQueries } from "./application/campaign/campaign-queries";
import { ChangeCampaignStateUseCase } from "./application/campaign/change-campaign-state.use-case";
import { CreateCampaignUseCase } from "./application/campaign/create-campaign.use-case";
import { RunCampaignChunksUseCase } from "./application/campaign/run-campaign-chunks.use-case";
import { UploadRecipientsUseCase } from "./application/campaign/upload-recipients.use-case";
import { PgCampaignGrants } from "./infrastructure/persistence/campaign-grants.pg-repository";
import { PgCampaignRepository } from "./infrastructure/persistence/campaign.pg-repository";
import { campaignRoutes } from "./interfaces/http/campaign.routes";
import { consoleRoutes } from "./interfaces/http/console.routes";
import { operatorRoutes } from "./interfaces/http/operator.routes";
import { bindOperatorSlice } from "./operator.module";
import type { OperatorQueries } from "./application/operator/operator-queries";
import type { ReplayDeadLettersUseCase } from "./application/operator/replay-dead-letters.use-case";
import type { ResendAllStuckUseCase } from "./application/operator/resend-all-stuck.use-case";

/**
 * The composition root: the one place that knows every layer. Classes carry no decorators;
 * each binding says how to build its object from the tokens it needs.
 */
export function buildContainer(config: AppConfig, log: Logger): Container {
  const container = new Container({ defaultScope: "Singleton" });
  container.bind<AppConfig>(TOKENS.Config).toConstantValue(config);
  container.bind<Logger>(TOKENS.Logger).toConstantValue(log);
  const metrics = new Metrics();
  container.bind<Metrics>(TOKENS.Metrics).toConstantValue(metrics);
  const meteredJob = (name: string, intervalMs: number, run: () => Promise<unknown>) =>
    new IntervalJob({
      name,
      intervalMs,
      log,
      // Each run gets a request id of its own, on every line it logs.
      run: () => withLogContext({ requestId: `${name}-${randomUUID()}` }, async () => {
        try {
          await run();
          metrics.jobRuns.inc({ job: name, outcome: "ok" });
        } catch (error) {
          metrics.jobRuns.inc({ job: name, outcome: "failed" });
          throw error;
        }
      }),
    });

  container
    .bind<Pool>(TOKENS.PgPool)
    .toResolvedValue(() => createPgPool(config.database.url, config.database.poolSize, { statementTimeoutMs: config.database.statementTimeoutMs }));
  container.bind<PrismaClient>(TOKENS.Prisma).toResolvedValue((pool: Pool) => createPrismaClientOver(pool), [TOKENS.PgPool]);
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
        new KafkaProbe(kafka, applicationTopics(config.kafka.invoicePartitions, config.kafka)),
      ],
      [TOKENS.Prisma, TOKENS.Redis, TOKENS.Kafka],
    );
  container
    .bind<CheckReadinessUseCase>(TOKENS.CheckReadinessUseCase)
    .toResolvedValue((probes: DependencyProbe[]) => new CheckReadinessUseCase(probes, config.readinessTimeoutMs), [
      TOKENS.DependencyProbes,
    ]);

  container
    .bind<IdGenerator & Partial<Lifecycle>>(TOKENS.IdGenerator)
    .toResolvedValue(
      (pool: Pool) =>
        config.workerId === undefined ? new LeasedIdGenerator(pool, DEFAULT_LEASE, log.child({ component: "worker-id" })) : new SnowflakeIdGenerator(config.workerId),
      [TOKENS.PgPool],
    );
  container
    .bind<ActivityRepository>(TOKENS.ActivityRepository)
    .toResolvedValue((prisma: PrismaClient) => new PrismaActivityRepository(prisma), [TOKENS.Prisma]);
  // Writes go through the cache so this process forgets what they changed at once; other
  // processes' draws check the state in their own write (draw-ledger.pg-repository.ts).
  container
    .bind<CachedActivityRepository>(TOKENS.ActivityReads)
    .toResolvedValue((activities: ActivityRepository) => new CachedActivityRepository(activities, config.activityCacheTtlMs), [TOKENS.ActivityRepository]);
  container
    .bind(TOKENS.DeployActivityUseCase)
    .toResolvedValue((activities: CachedActivityRepository) => new DeployActivityUseCase(activities), [TOKENS.ActivityReads]);
  container
    .bind(TOKENS.ChangeActivityStateUseCase)
    .toResolvedValue((activities: CachedActivityRepository) => new ChangeActivityStateUseCase(activities), [TOKENS.ActivityReads]);
  container
    .bind(TOKENS.ActivityQueries)
    .toResolvedValue((activities: ActivityRepository) => new ActivityQueries(activities), [TOKENS.ActivityRepository]);

  container
    .bind<DrawOrderRepository>(TOKENS.DrawOrderRepository)
    .toResolvedValue((pool: Pool) => new PgDrawOrderRepository(pool), [TOKENS.PgPool]);
  container.bind<IdempotencyStore>(TOKENS.IdempotencyStore).toResolvedValue((redis: Redis) => new RedisIdempotencyStore(redis, config.idempotencyClaimTtlMs), [TOKENS.Redis]);
  container
    .bind<InvoicePublisher>(TOKENS.InvoicePublisher)
    .toResolvedValue((kafka: KafkaClient) => new MeteredInvoicePublisher(new KafkaInvoicePublisher(kafka, config.kafka.sendTimeoutMs, config.kafka.invoiceTopic), metrics), [TOKENS.Kafka]);
  container.bind<RedisActivityStock>(TOKENS.ActivityStock).toResolvedValue((redis: Redis) => new RedisActivityStock(redis), [TOKENS.Redis]);
  container.bind<PgStockRecords>(TOKENS.StockRecords).toResolvedValue((pool: Pool) => new PgStockRecords(pool), [TOKENS.PgPool]);
  container
    .bind<InvoiceDispatcher>(TOKENS.InvoiceDispatcher)
    .toResolvedValue(
      (publisher: InvoicePublisher, orders: DrawOrderRepository) =>
        new InvoiceDispatcher(
          publisher,
          orders,
          { lingerMs: config.invoiceDispatch.lingerMs, maxBatch: config.invoiceDispatch.batchMax, maxInFlight: 4, maxQueued: 20_000 },
          log.child({ component: "invoice-dispatcher" }),
        ),
      [TOKENS.InvoicePublisher, TOKENS.DrawOrderRepository],
    );
  container.bind<DrawUseCase>(TOKENS.DrawUseCase).toResolvedValue(
    (
      pool: Pool,
      activities: CachedActivityRepository,
      stock: RedisActivityStock,
      stockRecords: PgStockRecords,
      dispatcher: InvoiceDispatcher,
      idempotency: IdempotencyStore,
      ids: IdGenerator,
    ) =>
      new DrawUseCase({
        activities,
        stock,
        stockRecords,
        ledger: new PgDrawLedger(pool),
        dispatcher,
        idempotency,
        ids,
        random: new CryptoRandomSource(),
        clock: systemClock,
        log: log.child({ component: "draw" }),
      }),
    [TOKENS.PgPool, TOKENS.ActivityReads, TOKENS.ActivityStock, TOKENS.StockRecords, TOKENS.InvoiceDispatcher, TOKENS.IdempotencyStore, TOKENS.IdGenerator],
  );
  container
    .bind<ReconcileStockUseCase>(TOKENS.ReconcileStockUseCase)
    .toResolvedValue(
      (stock: RedisActivityStock, records: PgStockRecords) =>
        new ReconcileStockUseCase(stock, records, { pendingTimeoutMs: config.stock.pendingTimeoutMs }, log.child({ component: "stock-reconciler" })),
      [TOKENS.ActivityStock, TOKENS.StockRecords],
    );

  container.bind<AwardDistributorFactory>(TOKENS.AwardDistributorFactory).toResolvedValue(() =>
    AwardDistributorFactory.standard({
      coupon: { validityDays: config.awards.couponValidityDays },
      redeemCode: { whenPoolEmpty: config.awards.redeemCodeWhenPoolEmpty === "fail" ? "FAIL" : "GENERATE", generateCode: generateRedeemCode },
    }),
  );
  container
    .bind<DeliverInvoicesUseCase>(TOKENS.DeliverInvoiceUseCase)
    .toResolvedValue(
      (factory: AwardDistributorFactory, pool: Pool, kafka: KafkaClient) =>
        new DeliverInvoicesUseCase(factory, new PgGrantUnitOfWork(pool), new PgDeadLetterLog(pool), new KafkaDeadLetterPublisher(kafka, config.kafka.sendTimeoutMs, config.kafka.consumerGroup, config.kafka)),
      [TOKENS.AwardDistributorFactory, TOKENS.PgPool, TOKENS.Kafka],
    );
  container.bind<InvoiceConsumer>(TOKENS.InvoiceConsumer).toResolvedValue(
    (kafka: KafkaClient, deliver: DeliverInvoicesUseCase) =>
      new InvoiceConsumer(
        kafka,
        deliver,
        {
          groupId: config.kafka.consumerGroup,
          retryBackoffMs: config.deliveryRetryBackoffMs,
          partitionsConsumedConcurrently: config.consumerPartitionsConcurrently,
          batchSize: config.consumerBatchSize,
          outagePauseMs: { initial: config.deliveryPause.initialMs, max: config.deliveryPause.maxMs },
          topic: config.kafka.invoiceTopic,
        },
        log.child({ component: "invoice-consumer" }),
        metrics,
      ),
    [TOKENS.Kafka, TOKENS.DeliverInvoiceUseCase],
  );

  container.bind<PgCampaignRepository>(TOKENS.CampaignRepository).toResolvedValue((pool: Pool) => new PgCampaignRepository(pool), [TOKENS.PgPool]);
  container
    .bind<RunCampaignChunksUseCase>(TOKENS.RunCampaignChunksUseCase)
    .toResolvedValue(
      (pool: Pool, campaigns: PgCampaignRepository, publisher: InvoicePublisher, orders: DrawOrderRepository, ids: IdGenerator) =>
        new RunCampaignChunksUseCase(
          campaigns,
          new PgCampaignGrants(pool),
          publisher,
          orders,
          ids,
          systemClock,
          {
            concurrency: config.campaign.chunkConcurrency,
            leaseMs: config.campaign.chunkLeaseMs,
            maxAttempts: config.compensation.maxAttempts,
            retryDelayMs: config.campaign.retryDelayMs,
            writeBatch: config.campaign.writeBatch,
            runForMs: 10_000,
          },
          log.child({ component: "campaign-runner" }),
        ),
      [TOKENS.PgPool, TOKENS.CampaignRepository, TOKENS.InvoicePublisher, TOKENS.DrawOrderRepository, TOKENS.IdGenerator],
    );

  container.bind<Lifecycle[]>(TOKENS.WorkerJobs).toResolvedValue(
    (
      pool: Pool,
      publisher: InvoicePublisher,
      activities: CachedActivityRepository,
      orders: DrawOrderRepository,
      deliver: DeliverInvoicesUseCase,
      campaigns: RunCampaignChunksUseCase,
      campaignRepository: PgCampaignRepository,
    ) => {
      const scanner = new ResendStuckInvoicesUseCase(
        new PgOutboxRepository(pool),
        orders,
        publisher,
        { batchSize: config.scanner.batchSize, staleAfterMs: config.scanner.staleAfterMs, maxBatches: config.scanner.maxBatches, leaseMs: config.scanner.leaseMs },
        log.child({ component: "invoice-scanner" }),
      );
      const activityStates = new AdvanceActivityStatesUseCase(activities, systemClock, log.child({ component: "activity-state-job" }));
      const compensation = new CompensateTasksUseCase(
        // Campaign chunks have a runner of their own, with a shorter lease (RunCampaignChunksUseCase).
        new PgCompensationTaskRepository(pool, [CAMPAIGN_CHUNK]),
        [new RegrantOrderHandler(orders, deliver)],
        {
          batchSize: 100,
          maxAttempts: config.compensation.maxAttempts,
          retryDelayMs: config.compensation.retryDelayMs,
          // A task PROCESSING this long belongs to a worker that died mid-task.
          staleAfterMs: 5 * 60_000,
        },
        log.child({ component: "compensation-job" }),
      );
      return [
        meteredJob("compensation-tasks", config.compensation.intervalMs, () => compensation.execute()),
        meteredJob("invoice-scanner", config.scanner.intervalMs, async () => {
          const { resent, failed } = await scanner.execute();
          metrics.scannerResent.inc({ outcome: "sent" }, resent);
          metrics.scannerResent.inc({ outcome: "failed" }, failed);
        }),
        meteredJob("activity-state-job", config.activityStateJobIntervalMs, () => activityStates.execute()),
        meteredJob("order-state-gauges", config.metricsRefreshMs, () => refreshOrderStateGauges(pool, metrics)),
        meteredJob("campaign-runner", config.campaign.intervalMs, async () => {
          const run = await campaigns.execute();
          metrics.campaignGrantsOrdered.inc(run.ordered);
        }),
        meteredJob("campaign-gauges", config.metricsRefreshMs, () => refreshCampaignGauges(campaignRepository, metrics)),
      ];
    },
    [TOKENS.PgPool, TOKENS.InvoicePublisher, TOKENS.ActivityReads, TOKENS.DrawOrderRepository, TOKENS.DeliverInvoiceUseCase, TOKENS.RunCampaignChunksUseCase, TOKENS.CampaignRepository],
  );

  bindOperatorSlice(container, config, log);

  container
    .bind<Router[]>(TOKENS.HttpRouters)
    .toResolvedValue(
      (
        checkReadiness: CheckReadinessUseCase,
        deploy: DeployActivityUseCase,
        changeState: ChangeActivityStateUseCase,
        queries: ActivityQueries,
        draw: DrawUseCase,
        orders: DrawOrderRepository,
        pool: Pool,
        campaigns: PgCampaignRepository,
        operatorQueries: OperatorQueries,
        replay: ReplayDeadLettersUseCase,
        resendAll: ResendAllStuckUseCase,
      ) => {
        const health = healthRoutes(checkReadiness);
        if (!servesApi(config)) return [health, metricsRoutes(metrics), openApiRoutes()];
        return [
          health,
          metricsRoutes(metrics),
          openApiRoutes(),
          activityRoutes({ requireOperator: requireOperator(config.adminToken), deploy, changeState, queries }),
          drawRoutes({ draw, orders, metrics }),
          shippingAddressRoutes(new ProvideShippingAddressUseCase(new PgShipmentRepository(pool))),
          campaignRoutes({
            requireOperator: requireOperator(config.adminToken),
            create: new CreateCampaignUseCase(campaigns),
            upload: new UploadRecipientsUseCase(campaigns),
            changeState: new ChangeCampaignStateUseCase(campaigns, { chunkSize: config.campaign.chunkSize }),
            queries: new CampaignQueries(campaigns),
          }),
          operatorRoutes({ requireOperator: requireOperator(config.adminToken), queries: operatorQueries, replay, resendAll }),
          consoleRoutes(),
        ];
      },
      [
        TOKENS.CheckReadinessUseCase,
        TOKENS.DeployActivityUseCase,
        TOKENS.ChangeActivityStateUseCase,
        TOKENS.ActivityQueries,
        TOKENS.DrawUseCase,
        TOKENS.DrawOrderRepository,
        TOKENS.PgPool,
        TOKENS.CampaignRepository,
        TOKENS.OperatorQueries,
        TOKENS.ReplayDeadLettersUseCase,
        TOKENS.ResendAllStuckUseCase,
      ],
    );
  container
    .bind<HttpServer>(TOKENS.HttpServer)
    .toResolvedValue(
      (routers: Router[]) =>
        new HttpServer(
          createHttpApp({ bodyLimit: config.http.bodyLimit, routers, log, outageOf }),
          config.http.host,
          config.http.port,
          log.child({ component: "http" }),
        ),
      [TOKENS.HttpRouters],
    );

  container
    .bind<ProcessRuntime>(TOKENS.ProcessRuntime)
    .toResolvedValue(
      (
        prisma: PrismaClient,
        pool: Pool,
        redis: Redis,
        kafka: KafkaClient,
        http: HttpServer,
        activities: ActivityRepository,
        deploy: DeployActivityUseCase,
      ) =>
        new ProcessRuntime(
          [
            ...connectionParts(prisma, pool, redis, kafka, config, log),
            // After the connections, before HTTP: ids are leased before a draw can ask for one,
            // and on shutdown the dispatcher sends what the last draws left once HTTP is closed.
            ...(mintsIds(config) ? idGeneratorParts(container.get<IdGenerator & Partial<Lifecycle>>(TOKENS.IdGenerator)) : []),
            ...(servesApi(config) ? [dispatcherPart(container.get<InvoiceDispatcher>(TOKENS.InvoiceDispatcher))] : []),
            ...(config.demoActivity && servesApi(config) ? [demoSeedPart(new SeedDemoActivityUseCase(activities, deploy), log)] : []),
            ...roleParts(config, http, [
              ...(runsConsumer(config)
                ? [
                    container.get<InvoiceConsumer>(TOKENS.InvoiceConsumer),
                    meteredJob("consumer-lag-gauge", config.metricsRefreshMs, async () => {
                      for (const [partition, lag] of await kafka.consumerLag(config.kafka.consumerGroup, config.kafka.invoiceTopic)) {
                        metrics.consumerLag.set({ partition: String(partition) }, lag);
                      }
                    }),
                  ]
                : []),
              ...(runsWorker(config) ? container.get<Lifecycle[]>(TOKENS.WorkerJobs) : []),
              ...(servesApi(config) ? [meteredJob("draw-summary", DRAW_SUMMARY_EVERY_MS, drawSummary(metrics, log.child({ component: "draw" })))] : []),
              ...(servesApi(config) || runsWorker(config)
                ? [
                    meteredJob("stock-reconciler", config.stock.reconcileIntervalMs, () =>
                      container.get<ReconcileStockUseCase>(TOKENS.ReconcileStockUseCase).execute(),
                    ),
                  ]
                : []),
            ]),
          ],
          log,
          config.shutdownTimeoutMs,
        ),
      [TOKENS.Prisma, TOKENS.PgPool, TOKENS.Redis, TOKENS.Kafka, TOKENS.HttpServer, TOKENS.ActivityReads, TOKENS.DeployActivityUseCase],
    );
  return container;
}

/** How often an api process logs its one summary line of the draws it answered. */
const DRAW_SUMMARY_EVERY_MS = 60_000;

/**
 * Connections open first and close last. None of them fails the start when its service is
 * away: the process comes up not-ready and recovers by itself when the service returns.
 */
function connectionParts(prisma: PrismaClient, pool: Pool, redis: Redis, kafka: KafkaClient, config: AppConfig, log: Logger): Lifecycle[] {
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
      stop: async () => {
        await Promise.all([prisma.$disconnect(), pool.end()]);
      },
    },
    {
      name: "kafka",
      start: () =>
        kafka
          .ensureTopics(applicationTopics(config.kafka.invoicePartitions, config.kafka))
          .catch((error: Error) => log.warn({ err: error.message }, "kafka not reachable at start; topics are created once it answers")),
      stop: () => kafka.disconnect(),
    },
  ];
}

/** A leased worker id is acquired at start and released at shutdown; a fixed one needs neither. */
function idGeneratorParts(ids: IdGenerator & Partial<Lifecycle>): Lifecycle[] {
  return ids.start && ids.stop ? [{ name: "worker-id-lease", start: () => ids.start!(), stop: () => ids.stop!() }] : [];
}

function dispatcherPart(dispatcher: InvoiceDispatcher): Lifecycle {
  return { name: "invoice-dispatcher", start: async () => undefined, stop: () => dispatcher.drain() };
}

/** Processes that write orders or takes need a snowflake worker id; the consumer writes neither. */
function mintsIds(config: AppConfig): boolean {
  return config.role !== "consumer";
}

function demoSeedPart(seed: SeedDemoActivityUseCase, log: Logger): Lifecycle {
  return {
    name: "demo-activity",
    start: async () => {
      const outcome = await seed.execute(new Date()).catch((error: Error) => {
        log.warn({ err: error.message }, "could not deploy the demo activity");
        return "FAILED";
      });
      if (outcome === "SEEDED") log.info({ activityId: 100001 }, "deployed the demo activity (DOING)");
    },
    stop: async () => undefined,
  };
}

/** The REST API runs in roles api and all; consumer and worker processes serve only /health. */
function servesApi(config: AppConfig): boolean {
  return config.role === "api" || config.role === "all";
}

/** What each role runs on top of its connections. Every role serves /health so any process can be probed. */
function roleParts(_config: AppConfig, http: HttpServer, background: Lifecycle[]): Lifecycle[] {
  // The consumer and jobs start after HTTP is up and, in reverse on shutdown, stop before it.
  return [http, ...background];
}

function runsConsumer(config: AppConfig): boolean {
  return config.role === "consumer" || config.role === "all";
}

function runsWorker(config: AppConfig): boolean {
  return config.role === "worker" || config.role === "all";
}
