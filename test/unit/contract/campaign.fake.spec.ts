import { describeCampaignContract } from "../../contract/campaign.contract";
import { InMemoryCampaignRepository } from "../../support/fakes/in-memory-campaign-repository";

describeCampaignContract("InMemoryCampaignRepository", async () => new InMemoryCampaignRepository());
