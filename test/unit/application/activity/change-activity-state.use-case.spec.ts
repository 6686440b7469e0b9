import { ChangeActivityStateUseCase } from "../../../../src/application/activity/change-activity-state.use-case";
import { ActivityState } from "../../../../src/domain/activity/activity-state";
import { DependencyUnavailableError } from "../../../../src/shared/errors";
import { ActivityMother } from "../../../support/activity.mother";
import { InMemoryActivityRepository } from "../../../support/fakes/in-memory-activity-repository";
import { StrategyMother } from "../../../support/strategy.mother";

async function given(state: ActivityState) {
  const activities = new InMemoryActivityRepository();
  await activities.deploy(ActivityMother.inState(state), StrategyMother.reference());
  return { activities, change: new ChangeActivityStateUseCase(activities) };
}

describe("ChangeActivityStateUseCase", () => {
  it("moves an activity along an allowed move and says from where to where", async () => {
    const { activities, change } = await given(ActivityState.ARRAIGNMENT);
    const moved = await change.execute(100001, "pass");
    expect(moved).toEqual({ ok: true, value: { activityId: 100001, from: ActivityState.ARRAIGNMENT, to: ActivityState.PASS } });
    expect((await activities.findActivity(100001))?.state).toBe(ActivityState.PASS);
  });

  it("refuses an activity that does not exist with ACTIVITY_NOT_FOUND", async () => {
    const { change } = await given(ActivityState.EDIT);
    const refused = await change.execute(999, "arraign");
    expect(refused.ok || refused.error.code).toBe("ACTIVITY_NOT_FOUND");
  });

  it("refuses a move the lifecycle does not allow from the current state, and changes nothing", async () => {
    const { activities, change } = await given(ActivityState.EDIT);
    const refused = await change.execute(100001, "doing");
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe("ACTIVITY_STATE_CONFLICT");
    expect(refused.error.message).toBe("activity 100001 cannot be started (doing) from state EDIT; allowed from EDIT: arraign, close");
    expect((await activities.findActivity(100001))?.state).toBe(ActivityState.EDIT);
  });

  it("refuses with a read-again conflict when another operator moved the activity between its read and its write", async () => {
    const { activities, change } = await given(ActivityState.ARRAIGNMENT);
    const read = activities.findActivity.bind(activities);
    // The racing operator's refuse lands right after this use case read ARRAIGNMENT.
    activities.findActivity = async (id) => {
      const seen = await read(id);
      activities.force(id, ActivityState.REFUSE);
      return seen;
    };
    const refused = await change.execute(100001, "pass");
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe("ACTIVITY_STATE_CONFLICT");
    expect(refused.error.message).toContain("left state ARRAIGNMENT while moving it");
    expect((await read(100001))?.state).toBe(ActivityState.REFUSE);
  });

  it("lets an outage through as DependencyUnavailableError", async () => {
    const { activities, change } = await given(ActivityState.EDIT);
    activities.outage.once();
    await expect(change.execute(100001, "arraign")).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect((await activities.findActivity(100001))?.state).toBe(ActivityState.EDIT);
  });
});
