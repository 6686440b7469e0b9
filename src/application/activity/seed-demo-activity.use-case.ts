import { ActivityState } from "../../domain/activity/activity-state";
import type { ActivityRepository } from "../../domain/activity/activity.repository";
import { AwardType } from "../../domain/award/award-type";
import { GrantType } from "../../domain/strategy/strategy.entity";
import { StrategyMode } from "../../domain/strategy/strategy-mode";
import type { DeployActivityUseCase } from "./deploy-activity.use-case";

export const DEMO_ACTIVITY_ID = 100001;
const DEMO_STRATEGY_ID = 10001;
const DAY_MS = 24 * 3600_000;

/**
 * Deploys the seeds' reference scenario (DOMAIN.md) on an empty database, in state DOING with a
 * window around now, so a newcomer can draw at once. Does nothing once any activity exists.
 */
export class SeedDemoActivityUseCase {
  constructor(
    private readonly activities: ActivityRepository,
    private readonly deploy: DeployActivityUseCase,
  ) {}

  async execute(now: Date): Promise<"SEEDED" | "SKIPPED"> {
    if ((await this.activities.list({ page: 1, size: 1 })).total > 0) return "SKIPPED";
    const deployed = await this.deploy.execute({
      activity: {
        activityId: DEMO_ACTIVITY_ID,
        name: "Demo: the seeds' reference activity",
        description: "Deployed by npm start on an empty database",
        beginAt: new Date(now.getTime() - DAY_MS),
        endAt: new Date(now.getTime() + 30 * DAY_MS),
        stockCount: 100,
        takeCount: 10,
        creator: "demo",
      },
      strategy: {
        strategyId: DEMO_STRATEGY_ID,
        mode: StrategyMode.ENTIRETY,
        grantType: GrantType.IMMEDIATE,
        awards: [
          { awardId: "1", type: AwardType.DESC, name: "IMac", content: "An IMac", count: 10, rate: "0.05" },
          { awardId: "2", type: AwardType.DESC, name: "iphone", content: "An iphone", count: 20, rate: "0.15" },
          { awardId: "3", type: AwardType.DESC, name: "ipad", content: "An ipad", count: 50, rate: "0.20" },
          { awardId: "4", type: AwardType.DESC, name: "AirPods", content: "A pair of AirPods", count: 100, rate: "0.25" },
          { awardId: "5", type: AwardType.DESC, name: "Book", content: "A book", count: 500, rate: "0.35" },
        ],
      },
    });
    // Another process seeded it first: the same outcome.
    if (!deployed.ok) return "SKIPPED";
    const path = [ActivityState.EDIT, ActivityState.ARRAIGNMENT, ActivityState.PASS, ActivityState.DOING];
    for (let step = 1; step < path.length; step++) {
      await this.activities.compareAndSetState(DEMO_ACTIVITY_ID, path[step - 1], path[step]);
    }
    return "SEEDED";
  }
}
