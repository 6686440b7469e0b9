import { ContainerModule } from "inversify";
import type { Router } from "express";
import type { AppConfig } from "../config/config";
import type { Logger } from "../infrastructure/logging/logger";
import { outageOf } from "../infrastructure/outage";
import { createHttpApp } from "../interfaces/http/app";
import { HttpServer } from "../interfaces/http/http-server";
import type { LaneFactory } from "../interfaces/http/http-lane";
import type { Lifecycle } from "../shared/lifecycle";
import { ProcessRuntime } from "../interfaces/process/process-runtime";
import { Activity } from "./activity.module";
import { Campaign } from "./campaign.module";
import { Compensation } from "./compensation.module";
import { Delivery } from "./delivery.module";
import { Draw } from "./draw.module";
import { Operator } from "./operator.module";
import { Platform } from "./platform.module";
import { RedeemCode } from "./redeem-code.module";
import { provide, token, type Token } from "./token";

/** What a process of a role runs: its HTTP routes and its parts, in start order. */
export const Role = {
  routers: token<Router[]>("role.routers"),
  lanes: token<LaneFactory[]>("role.lanes"),
  httpServer: token<HttpServer>("role.httpServer"),
  runtime: token<ProcessRuntime>("role.runtime"),
};

/** The REST API runs in roles api and all; consumer and worker processes serve only /health, /metrics and /openapi.json. */
export function servesApi(config: AppConfig): boolean {
  return config.role === "api" || config.role === "all";
}

export function runsConsumer(config: AppConfig): boolean {
  return config.role === "consumer" || config.role === "all";
}

export function runsWorker(config: AppConfig): boolean {
  return config.role === "worker" || config.role === "all";
}

/** Processes that write orders or takes need a snowflake worker id; the consumer writes neither. */
function mintsIds(config: AppConfig): boolean {
  return config.role !== "consumer";
}

function routerTokens(config: AppConfig): Token<Router>[] {
  const everyRole = [Operator.healthRoutes, Operator.metricsRoutes, Operator.openApiRoutes];
  if (!servesApi(config)) return everyRole;
  return [...everyRole, Activity.routes, Draw.routes, Delivery.shippingAddressRoutes, Campaign.routes, RedeemCode.routes, Operator.routes, Operator.consoleRoutes];
}

/** Routes served beside express for their plain case: the draw, in the roles that serve the API. */
function laneTokens(config: AppConfig): Token<LaneFactory>[] {
  return servesApi(config) ? [Draw.lane] : [];
}

/**
 * The parts of a process in start order (ProcessRuntime stops them in reverse): connections
 * first and last; the worker-id lease before anything can mint an id; the dispatcher before
 * HTTP, so on shutdown it drains once HTTP has closed; the consumer and jobs after HTTP.
 */
function partTokens(config: AppConfig): Token<Lifecycle>[] {
  return [
    Platform.redisConnection,
    Platform.postgresConnection,
    Platform.kafkaConnection,
    ...(mintsIds(config) ? [Platform.workerIdLease] : []),
    ...(servesApi(config) ? [Draw.dispatcherDrain] : []),
    ...(servesApi(config) && config.demoActivity ? [Activity.demoSeed] : []),
    Role.httpServer,
    ...(runsConsumer(config) ? [Delivery.consumer, Delivery.consumerLagJob] : []),
    ...(runsWorker(config)
      ? [
          Compensation.tasksJob,
          Compensation.scannerJob,
          Compensation.activityStateJob,
          Operator.orderStateGaugesJob,
          Campaign.runnerJob,
          Campaign.gaugesJob,
        ]
      : []),
    ...(servesApi(config) ? [Draw.summaryJob] : []),
    ...(servesApi(config) || runsWorker(config) ? [Draw.reconcileJob] : []),
  ];
}

export function rolesModule(config: AppConfig, log: Logger): ContainerModule {
  return new ContainerModule((options) => {
    provide(options, Role.routers, routerTokens(config), (...routers) => routers);
    provide(options, Role.lanes, laneTokens(config), (...lanes) => lanes);
    provide(options, Role.httpServer, [Role.routers, Role.lanes], (routers, lanes) =>
      new HttpServer(createHttpApp({ bodyLimit: config.http.bodyLimit, routers, lanes, log, outageOf }), config.http.host, config.http.port, log.child({ component: "http" })),
    );
    provide(options, Role.runtime, partTokens(config), (...parts) => new ProcessRuntime(parts, log, config.shutdownTimeoutMs));
  });
}
