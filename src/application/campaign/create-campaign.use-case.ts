import { Campaign, type CampaignProps } from "../../domain/campaign/campaign.entity";
import { campaignExists, type CampaignError } from "../../domain/campaign/campaign.errors";
import type { CampaignRepository } from "../../domain/campaign/campaign.repository";
import { err, ok, type Result } from "../../shared/result";

export type CreateCampaignCommand = Omit<CampaignProps, "state">;

export class CreateCampaignUseCase {
  constructor(private readonly campaigns: CampaignRepository) {}

  async execute(command: CreateCampaignCommand): Promise<Result<Campaign, CampaignError>> {
    const created = Campaign.create(command);
    if (!created.ok) return created;
    if ((await this.campaigns.create(created.value)) === "EXISTS") return err(campaignExists(command.campaignId));
    return ok(created.value);
  }
}
