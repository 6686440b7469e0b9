import type { DeployedActivity } from "../../application/activity/deploy-activity.use-case";
import type { Activity } from "../../domain/activity/activity.entity";
import { ActivityState } from "../../domain/activity/activity-state";
import { AwardType, awardTypeName } from "../../domain/award/award-type";
import { strategyModeName } from "../../domain/strategy/strategy-mode";

export function activityJson(activity: Activity) {
  const a = activity.toProps();
  return {
    activityId: a.activityId,
    name: a.name,
    description: a.description,
    beginAt: a.beginAt.toISOString(),
    endAt: a.endAt.toISOString(),
    stockCount: a.stockCount,
    stockSurplusCount: a.stockSurplusCount,
    takeCount: a.takeCount,
    strategyId: a.strategyId,
    state: ActivityState[a.state],
    creator: a.creator,
  };
}

export function deployedActivityJson({ activity, strategy }: DeployedActivity) {
  return {
    ...activityJson(activity),
    strategy: {
      strategyId: strategy.strategyId,
      mode: strategyModeName(strategy.mode),
      grantType: strategy.grantType,
      awards: strategy.awards.map((award) => ({
        awardId: award.awardId,
        type: awardTypeName(award.type),
        name: award.name,
        content: award.content,
        count: award.count,
        surplus: award.surplus,
        rate: award.rate.toString(),
        // REDEEM_CODE only; null for one deployed before awards had a policy (REDEEM_CODE_WHEN_POOL_EMPTY applies).
        ...(award.type === AwardType.REDEEM_CODE ? { whenPoolEmpty: award.whenPoolEmpty ?? null } : {}),
      })),
    },
  };
}
