import { campaignNotFound, campaignStateConflict, type CampaignError } from "../../domain/campaign/campaign.errors";
import type { CampaignRepository, CampaignView } from "../../domain/campaign/campaign.repository";
import { campaignMove, type CampaignAction } from "../../domain/campaign/campaign-state";
import { chunkRanges } from "../../domain/campaign/recipient-line";
import { err, ok, type Result } from "../../shared/result";

export interface CampaignStateSettings {
  /** Recipients per chunk task, on average (the hash spreads them evenly). */
  chunkSize: number;
}

/** start, pause, resume: each a compare-and-set, so two operators racing cannot both win. */
export class ChangeCampaignStateUseCase {
  constructor(
    private readonly campaigns: CampaignRepository,
    private readonly settings: CampaignStateSettings,
  ) {}

  async execute(campaignId: number, action: CampaignAction): Promise<Result<CampaignView, CampaignError>> {
    const view = await this.campaigns.find(campaignId);
    if (!view) return err(campaignNotFound(campaignId));
    const { from, to } = campaignMove(action);
    if (view.campaign.state !== from) return err(campaignStateConflict(campaignId, action, view.campaign.state));
    const moved =
      action === "start"
        ? await this.campaigns.start(campaignId, chunkRanges(Math.max(1, Math.ceil(view.progress.recipients / this.settings.chunkSize))))
        : await this.campaigns.compareAndSetState(campaignId, from, to);
    const now = await this.campaigns.find(campaignId);
    if (!moved || !now) return err(campaignStateConflict(campaignId, action, now?.campaign.state ?? view.campaign.state));
    return ok(now);
  }
}
