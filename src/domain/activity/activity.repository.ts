import type { Strategy } from "../strategy/strategy.entity";
import type { Activity } from "./activity.entity";
import type { ActivityState } from "./activity-state";

export type DeployOutcome = "DEPLOYED" | "ACTIVITY_EXISTS" | "STRATEGY_EXISTS";

export interface ActivityPage {
  items: Activity[];
  total: number;
}

/** Where activities live. Every state change is a compare-and-set, so racing operators cannot both win. */
export interface ActivityRepository {
  /** Stores the activity, its strategy, award lines and awards in one transaction; never overwrites. */
  deploy(activity: Activity, strategy: Strategy): Promise<DeployOutcome>;
  findActivity(activityId: number): Promise<Activity | null>;
  findStrategy(strategyId: number): Promise<Strategy | null>;
  list(query: { page: number; size: number; state?: ActivityState }): Promise<ActivityPage>;
  /** Moves `from` → `to` only if the stored state still is `from`; false when it was not. */
  compareAndSetState(activityId: number, from: ActivityState, to: ActivityState): Promise<boolean>;
}
