import { systemClock } from "../../../src/application/ports/clock.port";
import { describeCampaignGrantsContract } from "../../contract/campaign-grants.contract";
import { InMemoryCampaignGrants } from "../../support/fakes/in-memory-campaign-grants";
import { InMemoryCampaignRepository } from "../../support/fakes/in-memory-campaign-repository";

describeCampaignGrantsContract("InMemoryCampaignGrants", async () => {
  const campaigns = new InMemoryCampaignRepository();
  const grants = new InMemoryCampaignGrants(systemClock, campaigns);
  return { campaigns, grants, markSent: async (ids) => grants.markSent(ids) };
});
