import type { ActivityState } from "../../domain/activity/activity-state";
import type { ActivityPage, ActivityRepository } from "../../domain/activity/activity.repository";
import type { DeployedActivity } from "./deploy-activity.use-case";

/** Read side of the activity sub-domain: one call each, straight to the repository. */
export class ActivityQueries {
  constructor(private readonly activities: ActivityRepository) {}

  async get(activityId: number): Promise<DeployedActivity | null> {
    const activity = await this.activities.findActivity(activityId);
    if (!activity) return null;
    const strategy = await this.activities.findStrategy(activity.strategyId);
    if (!strategy) throw new Error(`activity ${activityId} refers to missing strategy ${activity.strategyId}`);
    return { activity, strategy };
  }

  list(page: number, size: number, state?: ActivityState): Promise<ActivityPage> {
    return this.activities.list({ page, size, state });
  }
}
