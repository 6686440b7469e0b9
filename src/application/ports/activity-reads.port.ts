import type { Activity } from "../../domain/activity/activity.entity";
import type { Strategy } from "../../domain/strategy/strategy.entity";

/**
 * The draw path's reads of activities and strategies, served from memory. A draw trusts a cached
 * "open" only as far as the pre-check: its write checks the state again in the database. A cached
 * "not open" or "not found" is never trusted: it is read again, by a read that started after the
 * draw arrived, so a draw sent after an operator's 200 sees what the operator did.
 */
export interface ActivityReads {
  findActivity(activityId: number): Promise<Activity | null>;
  /** Reads the activity from the database by a read started at or after `notBeforeMs` (Date.now() ms). */
  reloadActivity(activityId: number, notBeforeMs: number): Promise<Activity | null>;
  findStrategy(strategyId: number): Promise<Strategy | null>;
}
