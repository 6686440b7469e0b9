import { ContainerModule } from "inversify";
import type { Router } from "express";
import { ImportRedeemCodesUseCase } from "../application/redeem-code/import-redeem-codes.use-case";
import { RedeemCodePoolLocator } from "../application/redeem-code/redeem-code-pool.locator";
import { RedeemCodeQueries } from "../application/redeem-code/redeem-code-queries";
import type { AppConfig } from "../config/config";
import { PgRedeemCodeInventory } from "../infrastructure/persistence/redeem-code-inventory.pg-repository";
import { redeemCodeRoutes } from "../interfaces/http/redeem-code.routes";
import { requireOperator } from "../interfaces/http/operator-auth.middleware";
import { Activity } from "./activity.module";
import { Campaign } from "./campaign.module";
import { Platform } from "./platform.module";
import { provide, token } from "./token";

/** Redeem-code pools: codes imported per award (of an activity or a campaign) and counted. */
export const RedeemCode = {
  locator: token<RedeemCodePoolLocator>("redeemCode.locator"),
  inventory: token<PgRedeemCodeInventory>("redeemCode.inventory"),
  importCodes: token<ImportRedeemCodesUseCase>("redeemCode.importCodes"),
  queries: token<RedeemCodeQueries>("redeemCode.queries"),
  routes: token<Router>("redeemCode.routes"),
};

export function redeemCodeModule(config: AppConfig): ContainerModule {
  return new ContainerModule((options) => {
    // The uncached repository: an import must see an activity deployed a moment ago by another process.
    provide(options, RedeemCode.locator, [Activity.repository, Campaign.repository], (activities, campaigns) => new RedeemCodePoolLocator(activities, campaigns));
    provide(options, RedeemCode.inventory, [Platform.pgPool], (pool) => new PgRedeemCodeInventory(pool));
    provide(options, RedeemCode.importCodes, [RedeemCode.locator, RedeemCode.inventory], (pools, inventory) => new ImportRedeemCodesUseCase(pools, inventory));
    provide(options, RedeemCode.queries, [RedeemCode.locator, RedeemCode.inventory], (pools, inventory) => new RedeemCodeQueries(pools, inventory));
    provide(options, RedeemCode.routes, [RedeemCode.importCodes, RedeemCode.queries], (importCodes, queries) =>
      redeemCodeRoutes({ requireOperator: requireOperator(config.adminToken), importCodes, queries }),
    );
  });
}
