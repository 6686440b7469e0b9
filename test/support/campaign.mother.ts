import type { CreateCampaignCommand } from "../../src/application/campaign/create-campaign.use-case";
import { AwardType } from "../../src/domain/award/award-type";
import { Campaign } from "../../src/domain/campaign/campaign.entity";

/** Bulk grant campaigns for unit tests. */
export const CampaignMother = {
  command(overrides: Partial<CreateCampaignCommand> = {}): CreateCampaignCommand {
    return { campaignId: 1, name: "Spring thank-you", award: { awardId: "T1", type: AwardType.DESC, name: "Tote bag", content: "A tote bag" }, perUser: 1, ...overrides };
  },

  open(overrides: Partial<CreateCampaignCommand> = {}): Campaign {
    const created = Campaign.create(CampaignMother.command(overrides));
    if (!created.ok) throw new Error(`CampaignMother built an invalid campaign: ${created.error.message}`);
    return created.value;
  },
};
