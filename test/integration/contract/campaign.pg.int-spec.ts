import { PgCampaignRepository } from "../../../src/infrastructure/persistence/campaign.pg-repository";
import { describeCampaignContract } from "../../contract/campaign.contract";
import { useContractDatabase } from "../../support/contract-database";

const db = useContractDatabase(["campaign_progress", "campaign_recipient", "campaign", "compensate_task"]);

describeCampaignContract("PgCampaignRepository", async () => {
  await db.empty();
  return new PgCampaignRepository(db.pool());
});
