import { ContainerModule } from "inversify";
import type { Router } from "express";
import { InvoiceDispatcher } from "../application/draw/invoice-dispatcher";
import { DrawUseCase } from "../application/draw/draw.use-case";
import { OrderQueries } from "../application/draw/order-queries";
import { ReconcileStockUseCase } from "../application/draw/reconcile-stock.use-case";
import { systemClock } from "../application/ports/clock.port";
import type { IdempotencyStore } from "../application/ports/idempotency-store.port";
import type { AppConfig } from "../config/config";
import type { Logger } from "../infrastructure/logging/logger";
import { drawSummary } from "../infrastructure/metrics/draw-summary";
import { PgDrawLedger } from "../infrastructure/persistence/draw-ledger.pg-repository";
import { PgStockRecords } from "../infrastructure/persistence/stock-records.pg-repository";
import { CryptoRandomSource } from "../infrastructure/random/crypto-random-source";
import { RedisActivityStock } from "../infrastructure/redis/activity-stock.redis-cache";
import { RedisIdempotencyStore } from "../infrastructure/redis/idempotency.redis-store";
import { drawLane, drawRoutes } from "../interfaces/http/draw.routes";
import type { LaneFactory } from "../interfaces/http/http-lane";
import type { Lifecycle } from "../shared/lifecycle";
import { Activity } from "./activity.module";
import { meteredJob } from "./metered-job";
import { Platform } from "./platform.module";
import { provide, token } from "./token";

/** How often an api process logs its one summary line of the draws it answered. */
const DRAW_SUMMARY_EVERY_MS = 60_000;

/** The draw: stock, idempotency, the one-statement ledger, invoices sent after the answer. */
export const Draw = {
  stock: token<RedisActivityStock>("draw.stock"),
  stockRecords: token<PgStockRecords>("draw.stockRecords"),
  ledger: token<PgDrawLedger>("draw.ledger"),
  idempotency: token<IdempotencyStore>("draw.idempotency"),
  dispatcher: token<InvoiceDispatcher>("draw.dispatcher"),
  useCase: token<DrawUseCase>("draw.useCase"),
  reconcileStock: token<ReconcileStockUseCase>("draw.reconcileStock"),
  orderQueries: token<OrderQueries>("draw.orderQueries"),
  routes: token<Router>("draw.routes"),
  /** POST /api/v1/draws beside express (http-lane.ts). */
  lane: token<LaneFactory>("draw.lane"),
  /** On shutdown, after HTTP has closed, the dispatcher sends what the last draws left. */
  dispatcherDrain: token<Lifecycle>("draw.dispatcherDrain"),
  summaryJob: token<Lifecycle>("draw.summaryJob"),
  reconcileJob: token<Lifecycle>("draw.reconcileJob"),
};

export function drawModule(config: AppConfig, log: Logger): ContainerModule {
  return new ContainerModule((options) => {
    provide(options, Draw.stock, [Platform.redis], (redis) => new RedisActivityStock(redis));
    provide(options, Draw.stockRecords, [Platform.pgPool], (pool) => new PgStockRecords(pool));
    provide(options, Draw.ledger, [Platform.pgPool], (pool) => new PgDrawLedger(pool));
    provide(options, Draw.idempotency, [Platform.redis], (redis) => new RedisIdempotencyStore(redis, config.idempotencyClaimTtlMs));
    provide(options, Draw.dispatcher, [Platform.invoicePublisher, Platform.drawOrders], (publisher, orders) =>
      new InvoiceDispatcher(
        publisher,
        orders,
        { lingerMs: config.invoiceDispatch.lingerMs, maxBatch: config.invoiceDispatch.batchMax, maxInFlight: 4, maxQueued: 20_000 },
        log.child({ component: "invoice-dispatcher" }),
      ),
    );
    provide(
      options,
      Draw.useCase,
      [Activity.reads, Draw.stock, Draw.stockRecords, Draw.ledger, Draw.dispatcher, Draw.idempotency, Platform.idGenerator],
      (activities, stock, stockRecords, ledger, dispatcher, idempotency, ids) =>
        new DrawUseCase({
          activities,
          stock,
          stockRecords,
          ledger,
          dispatcher,
          idempotency,
          ids,
          random: new CryptoRandomSource(),
          clock: systemClock,
          log: log.child({ component: "draw" }),
        }),
    );
    provide(options, Draw.reconcileStock, [Draw.stock, Draw.stockRecords], (stock, records) =>
      new ReconcileStockUseCase(stock, records, { pendingTimeoutMs: config.stock.pendingTimeoutMs }, log.child({ component: "stock-reconciler" })),
    );
    provide(options, Draw.orderQueries, [Platform.drawOrders], (orders) => new OrderQueries(orders));
    provide(options, Draw.routes, [Draw.useCase, Draw.orderQueries, Platform.metrics], (draw, orders, metrics) => drawRoutes({ draw, orders, metrics }));
    provide(options, Draw.lane, [Draw.useCase, Platform.metrics], (draw, metrics) => drawLane({ draw, metrics }));
    provide(options, Draw.dispatcherDrain, [Draw.dispatcher], (dispatcher) => ({
      name: "invoice-dispatcher",
      start: async () => undefined,
      stop: () => dispatcher.drain(),
    }));
    provide(options, Draw.summaryJob, [Platform.metrics], (metrics) =>
      meteredJob(log, metrics, "draw-summary", DRAW_SUMMARY_EVERY_MS, drawSummary(metrics, log.child({ component: "draw" }))),
    );
    provide(options, Draw.reconcileJob, [Draw.reconcileStock, Platform.metrics], (reconcile, metrics) =>
      meteredJob(log, metrics, "stock-reconciler", config.stock.reconcileIntervalMs, () => reconcile.execute()),
    );
  });
}
