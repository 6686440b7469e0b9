import { activityNotFound, type ActivityError } from "../../domain/activity/activity.errors";
import type { ActivityRepository } from "../../domain/activity/activity.repository";
import { AwardType, awardTypeName } from "../../domain/award/award-type";
import { awardNotFound, awardNotRedeemCode, type RedeemCodeError } from "../../domain/award/redeem-code.errors";
import { campaignNotFound, type CampaignError } from "../../domain/campaign/campaign.errors";
import type { CampaignRepository } from "../../domain/campaign/campaign.repository";
import { err, ok, type Result } from "../../shared/result";
import type { RedeemCodePoolKey } from "../ports/redeem-code-inventory.port";

/** Whose pool: an activity's award, or a campaign's award (DOMAIN.md, Bulk grant campaigns). */
export type RedeemCodePoolOwner = { activityId: number; awardId: string } | { campaignId: number };

export type LocateError = ActivityError | CampaignError | RedeemCodeError;

/**
 * Finds the pool an owner's award draws from. A won prize's order carries its activity's strategy,
 * so an activity award's pool is (strategyId, awardId). A campaign grant's order carries
 * strategy 0 and the campaign's awardId, so a campaign's pool is (0, awardId): campaigns that
 * grant the same awardId share it.
 */
export class RedeemCodePoolLocator {
  constructor(
    private readonly activities: Pick<ActivityRepository, "findActivity" | "findStrategy">,
    private readonly campaigns: Pick<CampaignRepository, "find">,
  ) {}

  async locate(owner: RedeemCodePoolOwner): Promise<Result<RedeemCodePoolKey, LocateError>> {
    if ("campaignId" in owner) {
      const view = await this.campaigns.find(owner.campaignId);
      if (!view) return err(campaignNotFound(owner.campaignId));
      const { awardId, type } = view.campaign.award;
      if (type !== AwardType.REDEEM_CODE) return err(awardNotRedeemCode(`campaign ${owner.campaignId}`, awardId, awardTypeName(type)));
      return ok({ strategyId: 0, awardId });
    }
    const activity = await this.activities.findActivity(owner.activityId);
    if (!activity) return err(activityNotFound(owner.activityId));
    const award = (await this.activities.findStrategy(activity.strategyId))?.award(owner.awardId);
    const name = `activity ${owner.activityId}`;
    if (!award) return err(awardNotFound(name, owner.awardId));
    if (award.type !== AwardType.REDEEM_CODE) return err(awardNotRedeemCode(name, owner.awardId, awardTypeName(award.type)));
    return ok({ strategyId: activity.strategyId, awardId: owner.awardId });
  }
}
