import { ContainerModule } from "inversify";
import type { Router } from "express";
import { CampaignQueries } from "../application/campaign/campaign-queries";
import { ChangeCampaignStateUseCase } from "../application/campaign/change-campaign-state.use-case";
import { CreateCampaignUseCase } from "../application/campaign/create-campaign.use-case";
import { RunCampaignChunksUseCase } from "../application/campaign/run-campaign-chunks.use-case";
import { UploadRecipientsUseCase } from "../application/campaign/upload-recipients.use-case";
import { systemClock } from "../application/ports/clock.port";
import type { AppConfig } from "../config/config";
import type { Logger } from "../infrastructure/logging/logger";
import { refreshCampaignGauges } from "../infrastructure/metrics/campaign.gauges";
import { PgCampaignGrants } from "../infrastructure/persistence/campaign-grants.pg-repository";
import { PgCampaignRepository } from "../infrastructure/persistence/campaign.pg-repository";
import { campaignRoutes } from "../interfaces/http/campaign.routes";
import { requireOperator } from "../interfaces/http/operator-auth.middleware";
import type { Lifecycle } from "../shared/lifecycle";
import { meteredJob } from "./metered-job";
import { Platform } from "./platform.module";
import { provide, token } from "./token";

/** Bulk grant campaigns: recipients, chunk tasks, the runner that turns them into orders. */
export const Campaign = {
  repository: token<PgCampaignRepository>("campaign.repository"),
  grants: token<PgCampaignGrants>("campaign.grants"),
  create: token<CreateCampaignUseCase>("campaign.create"),
  upload: token<UploadRecipientsUseCase>("campaign.upload"),
  changeState: token<ChangeCampaignStateUseCase>("campaign.changeState"),
  queries: token<CampaignQueries>("campaign.queries"),
  runChunks: token<RunCampaignChunksUseCase>("campaign.runChunks"),
  routes: token<Router>("campaign.routes"),
  runnerJob: token<Lifecycle>("campaign.runnerJob"),
  gaugesJob: token<Lifecycle>("campaign.gaugesJob"),
};

export function campaignModule(config: AppConfig, log: Logger): ContainerModule {
  return new ContainerModule((options) => {
    provide(options, Campaign.repository, [Platform.pgPool], (pool) => new PgCampaignRepository(pool));
    provide(options, Campaign.grants, [Platform.pgPool], (pool) => new PgCampaignGrants(pool));
    provide(options, Campaign.create, [Campaign.repository], (campaigns) => new CreateCampaignUseCase(campaigns));
    provide(options, Campaign.upload, [Campaign.repository], (campaigns) => new UploadRecipientsUseCase(campaigns));
    provide(options, Campaign.changeState, [Campaign.repository], (campaigns) => new ChangeCampaignStateUseCase(campaigns, { chunkSize: config.campaign.chunkSize }));
    provide(options, Campaign.queries, [Campaign.repository], (campaigns) => new CampaignQueries(campaigns));
    provide(
      options,
      Campaign.runChunks,
      [Campaign.repository, Campaign.grants, Platform.invoicePublisher, Platform.drawOrders, Platform.idGenerator],
      (campaigns, grants, publisher, orders, ids) =>
        new RunCampaignChunksUseCase(
          campaigns,
          grants,
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
    );
    provide(
      options,
      Campaign.routes,
      [Campaign.create, Campaign.upload, Campaign.changeState, Campaign.queries],
      (create, upload, changeState, queries) => campaignRoutes({ requireOperator: requireOperator(config.adminToken), create, upload, changeState, queries }),
    );
    provide(options, Campaign.runnerJob, [Campaign.runChunks, Platform.metrics], (runner, metrics) =>
      meteredJob(log, metrics, "campaign-runner", config.campaign.intervalMs, async () => {
        const run = await runner.execute();
        metrics.campaignGrantsOrdered.inc(run.ordered);
      }),
    );
    provide(options, Campaign.gaugesJob, [Campaign.repository, Platform.metrics], (campaigns, metrics) =>
      meteredJob(log, metrics, "campaign-gauges", config.metricsRefreshMs, () => refreshCampaignGauges(campaigns, metrics)),
    );
  });
}
