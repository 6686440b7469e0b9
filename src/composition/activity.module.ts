import { ContainerModule } from "inversify";
import type { Router } from "express";
import { ActivityQueries } from "../application/activity/activity-queries";
import { ChangeActivityStateUseCase } from "../application/activity/change-activity-state.use-case";
import { DeployActivityUseCase } from "../application/activity/deploy-activity.use-case";
import { SeedDemoActivityUseCase } from "../application/activity/seed-demo-activity.use-case";
import type { AppConfig } from "../config/config";
import type { ActivityRepository } from "../domain/activity/activity.repository";
import type { Logger } from "../infrastructure/logging/logger";
import { PrismaActivityRepository } from "../infrastructure/persistence/activity.prisma-repository";
import { CachedActivityRepository } from "../infrastructure/persistence/cached-activity.repository";
import { activityRoutes } from "../interfaces/http/activity.routes";
import { requireOperator } from "../interfaces/http/operator-auth.middleware";
import type { Lifecycle } from "../shared/lifecycle";
import { Platform } from "./platform.module";
import { provide, token } from "./token";

/** Activities: deploy, state moves, reads, the demo activity. */
export const Activity = {
  repository: token<ActivityRepository>("activity.repository"),
  /** The cached repository every use case goes through (draws read it; writes evict from it). */
  reads: token<CachedActivityRepository>("activity.reads"),
  deploy: token<DeployActivityUseCase>("activity.deploy"),
  changeState: token<ChangeActivityStateUseCase>("activity.changeState"),
  queries: token<ActivityQueries>("activity.queries"),
  demoSeed: token<Lifecycle>("activity.demoSeed"),
  routes: token<Router>("activity.routes"),
};

export function activityModule(config: AppConfig, log: Logger): ContainerModule {
  return new ContainerModule((options) => {
    provide(options, Activity.repository, [Platform.prisma], (prisma) => new PrismaActivityRepository(prisma));
    // Writes go through the cache so this process forgets what they changed at once; other
    // processes' draws check the state in their own write (draw-ledger.pg-repository.ts).
    provide(options, Activity.reads, [Activity.repository], (activities) => new CachedActivityRepository(activities, config.activityCacheTtlMs));
    provide(options, Activity.deploy, [Activity.reads], (activities) => new DeployActivityUseCase(activities, { defaultWhenPoolEmpty: config.awards.redeemCodeWhenPoolEmpty }));
    provide(options, Activity.changeState, [Activity.reads], (activities) => new ChangeActivityStateUseCase(activities));
    provide(options, Activity.queries, [Activity.repository], (activities) => new ActivityQueries(activities));
    provide(options, Activity.demoSeed, [Activity.reads, Activity.deploy], (activities, deploy) => {
      const seed = new SeedDemoActivityUseCase(activities, deploy);
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
    });
    provide(options, Activity.routes, [Activity.deploy, Activity.changeState, Activity.queries], (deploy, changeState, queries) =>
      activityRoutes({ requireOperator: requireOperator(config.adminToken), deploy, changeState, queries }),
    );
  });
}
