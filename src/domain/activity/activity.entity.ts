import { err, ok, type Result } from "../../shared/result";
import { ActivityState } from "./activity-state";
import { activityInvalid, type ActivityError } from "./activity.errors";

export interface ActivityProps {
  activityId: number;
  name: string;
  description: string;
  beginAt: Date;
  endAt: Date;
  stockCount: number;
  stockSurplusCount: number;
  takeCount: number;
  strategyId: number;
  state: ActivityState;
  creator: string;
}

export type NewActivityProps = Omit<ActivityProps, "stockSurplusCount" | "state">;

/** A marketing activity: its window, its stock, how often one user may draw, its state. */
export class Activity {
  private constructor(private readonly props: ActivityProps) {}

  /** A new activity as deployed: state EDIT, all stock left. */
  static create(input: NewActivityProps): Result<Activity, ActivityError> {
    const problem = firstProblem(input);
    if (problem) return err(problem);
    return ok(new Activity({ ...input, stockSurplusCount: input.stockCount, state: ActivityState.EDIT }));
  }

  /** Rebuilds a stored activity; stored rows were validated when they were deployed. */
  static restore(props: ActivityProps): Activity {
    return new Activity({ ...props });
  }

  get activityId(): number {
    return this.props.activityId;
  }
  get strategyId(): number {
    return this.props.strategyId;
  }
  get state(): ActivityState {
    return this.props.state;
  }
  get takeCount(): number {
    return this.props.takeCount;
  }
  get stockSurplusCount(): number {
    return this.props.stockSurplusCount;
  }

  /** Draws are allowed only while DOING and inside [beginAt, endAt]. */
  isOpenAt(now: Date): boolean {
    return this.props.state === ActivityState.DOING && this.props.beginAt <= now && now <= this.props.endAt;
  }

  toProps(): ActivityProps {
    return { ...this.props };
  }
}

function firstProblem(input: NewActivityProps): ActivityError | undefined {
  if (!Number.isSafeInteger(input.activityId) || input.activityId <= 0) return activityInvalid("activityId", "must be a positive integer");
  if (!Number.isSafeInteger(input.strategyId) || input.strategyId <= 0) return activityInvalid("strategy.strategyId", "must be a positive integer");
  if (input.name.trim().length === 0 || input.name.length > 128) return activityInvalid("name", "must be 1 to 128 characters");
  if (input.description.length > 1024) return activityInvalid("description", "must be at most 1024 characters");
  if (input.creator.length > 64) return activityInvalid("creator", "must be at most 64 characters");
  if (Number.isNaN(input.beginAt.getTime())) return activityInvalid("beginAt", "must be an ISO-8601 date-time");
  if (Number.isNaN(input.endAt.getTime())) return activityInvalid("endAt", "must be an ISO-8601 date-time");
  if (input.beginAt >= input.endAt) return activityInvalid("endAt", "must be after beginAt");
  if (!Number.isSafeInteger(input.stockCount) || input.stockCount < 0) return activityInvalid("stockCount", "must be an integer >= 0");
  if (!Number.isSafeInteger(input.takeCount) || input.takeCount < 0) return activityInvalid("takeCount", "must be an integer >= 0");
  return undefined;
}
