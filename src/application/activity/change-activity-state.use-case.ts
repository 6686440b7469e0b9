import { ActivityState, nextActivityState, refusedMoveMessage, type ActivityAction } from "../../domain/activity/activity-state";
import { ActivityError, activityNotFound } from "../../domain/activity/activity.errors";
import type { ActivityRepository } from "../../domain/activity/activity.repository";
import { err, ok, type Result } from "../../shared/result";

export interface StateMove {
  activityId: number;
  from: ActivityState;
  to: ActivityState;
}

/** An operator moves an activity through its states (DOMAIN.md, Activity); every other move is refused. */
export class ChangeActivityStateUseCase {
  constructor(private readonly activities: ActivityRepository) {}

  async execute(activityId: number, action: ActivityAction): Promise<Result<StateMove, ActivityError>> {
    const activity = await this.activities.findActivity(activityId);
    if (!activity) return err(activityNotFound(activityId));
    const from = activity.state;
    const to = nextActivityState(from, action);
    if (to === undefined) {
      return err(new ActivityError("ACTIVITY_STATE_CONFLICT", refusedMoveMessage(activityId, from, action)));
    }
    if (!(await this.activities.compareAndSetState(activityId, from, to))) {
      return err(
        new ActivityError("ACTIVITY_STATE_CONFLICT", `activity ${activityId} left state ${ActivityState[from]} while moving it; read it again`),
      );
    }
    return ok({ activityId, from, to });
  }
}
