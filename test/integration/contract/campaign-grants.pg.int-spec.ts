import { PgCampaignGrants } from "../../../src/infrastructure/persistence/campaign-grants.pg-repository";
import { PgCampaignRepository } from "../../../src/infrastructure/persistence/campaign.pg-repository";
import { PgDrawOrderRepository } from "../../../src/infrastructure/persistence/draw-order.pg-repository";
import { describeCampaignGrantsContract } from "../../contract/campaign-grants.contract";
import { useContractDatabase } from "../../support/contract-database";

const db = useContractDatabase(["campaign_progress", "campaign_recipient", "campaign", "compensate_task", "award_delivery", "user_strategy_export"]);

describeCampaignGrantsContract("PgCampaignGrants", async () => {
  await db.empty();
  const orders = new PgDrawOrderRepository(db.pool());
  return { campaigns: new PgCampaignRepository(db.pool()), grants: new PgCampaignGrants(db.pool()), markSent: (ids) => orders.markSent(ids) };
});
