import type { Strategy } from "../strategy/strategy.entity";
import type { Activity } from "./activity.entity";
import type { ActivityState } from "./activity-state";

export type DeployOutcome = "DEPLOYED" | "ACTIVITY_EXISTS" | "STRATEGY_EXISTS";

/** Activity ids the activity state job moved, by the move it made. */
export interface TimedMoves {
  started: number[];
  closed: number[];
}

export interface ActivityPage {
  items: Activity[];
  total: number;
}

/** Where activities live. Every state change is a compare-and-set, so racing operators cannot both win. */
export interface ActivityRepository {
  /**
   * Stores the activity, its strategy, award lines and awards all at once or not at all; never
   * overwrites. ACTIVITY_EXISTS when the activity id is taken (whatever else clashes), else
   * STRATEGY_EXISTS when the strategy id is.
   */
  deploy(activity: Activity, strategy: Strategy): Promise<DeployOutcome>;
  findActivity(activityId: number): Promise<Activity | null>;
  findStrategy(strategyId: number): Promise<Strategy | null>;
  list(query: { page: number; size: number; state?: ActivityState }): Promise<ActivityPage>;
  /** Moves `from` → `to` only if the stored state still is `from`; false when it was not. */
  compareAndSetState(activityId: number, from: ActivityState, to: ActivityState): Promise<boolean>;
  /**
   * The activity state job's moves as of `now`: PASS → DOING for activities whose beginAt <= now
   * and endAt > now, and DOING → CLOSE for those whose endAt < now. Each move is a compare-and-set
   * on the stored state, so jobs racing each other or an operator move an activity at most once;
   * activities in any other state, and PASS activities whose window has already ended, are left
   * alone. Returns the ids of the activities this call moved.
   */
  advanceByTime(now: Date): Promise<TimedMoves>;
}
