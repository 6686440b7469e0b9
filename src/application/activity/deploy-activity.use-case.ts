import { Activity, type NewActivityProps } from "../../domain/activity/activity.entity";
import { ActivityError } from "../../domain/activity/activity.errors";
import type { ActivityRepository } from "../../domain/activity/activity.repository";
import { AwardType } from "../../domain/award/award-type";
import type { EmptyPoolPolicy } from "../../domain/award/empty-pool-policy";
import { Strategy, type StrategyProps } from "../../domain/strategy/strategy.entity";
import type { StrategyInvalidError } from "../../domain/strategy/strategy.errors";
import { err, ok, type Result } from "../../shared/result";

export interface DeployActivityCommand {
  activity: Omit<NewActivityProps, "strategyId">;
  strategy: StrategyProps;
}

export interface DeployedActivity {
  activity: Activity;
  strategy: Strategy;
}

export interface DeployOptions {
  /** The empty-pool policy stored on a REDEEM_CODE award whose deploy body names none (REDEEM_CODE_WHEN_POOL_EMPTY). */
  defaultWhenPoolEmpty: EmptyPoolPolicy;
}

/** Validates an activity with its strategy and awards, then stores them together; never overwrites. */
export class DeployActivityUseCase {
  constructor(
    private readonly activities: ActivityRepository,
    private readonly options: DeployOptions = { defaultWhenPoolEmpty: "GENERATE" },
  ) {}

  async execute(command: DeployActivityCommand): Promise<Result<DeployedActivity, ActivityError | StrategyInvalidError>> {
    // The default is written into the award, so the policy a deployment shows is the one it keeps
    // even if the service's default changes later.
    const awards = command.strategy.awards.map((award) =>
      award.type === AwardType.REDEEM_CODE && award.whenPoolEmpty === undefined ? { ...award, whenPoolEmpty: this.options.defaultWhenPoolEmpty } : award,
    );
    const strategy = Strategy.create({ ...command.strategy, awards });
    if (!strategy.ok) return err(strategy.error.within("strategy"));
    const activity = Activity.create({ ...command.activity, strategyId: command.strategy.strategyId });
    if (!activity.ok) return activity;

    const outcome = await this.activities.deploy(activity.value, strategy.value);
    if (outcome === "ACTIVITY_EXISTS") {
      return err(alreadyDeployed(activity.value.activityId));
    }
    if (outcome === "STRATEGY_EXISTS") {
      return err(new ActivityError("ACTIVITY_ALREADY_EXISTS", `strategy ${strategy.value.strategyId} already belongs to an activity; choose a new strategyId`));
    }
    return ok({ activity: activity.value, strategy: strategy.value });
  }
}

const alreadyDeployed = (activityId: number) =>
  new ActivityError("ACTIVITY_ALREADY_EXISTS", `activity ${activityId} is already deployed; re-deploying does not overwrite (use a new activityId and strategyId)`);
