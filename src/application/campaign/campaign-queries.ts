import type { CampaignRepository, CampaignView } from "../../domain/campaign/campaign.repository";

/** Read side of campaigns: one call each, straight to the repository (its counters make them cheap). */
export class CampaignQueries {
  constructor(private readonly campaigns: CampaignRepository) {}

  get(campaignId: number): Promise<CampaignView | null> {
    return this.campaigns.find(campaignId);
  }

  list(page: number, size: number): Promise<{ items: CampaignView[]; total: number }> {
    return this.campaigns.list(page, size);
  }
}
