import { ActivityQueries } from "../../../../src/application/activity/activity-queries";
import { ActivityState } from "../../../../src/domain/activity/activity-state";
import { Strategy } from "../../../../src/domain/strategy/strategy.entity";
import { ActivityMother } from "../../../support/activity.mother";
import { InMemoryActivityRepository } from "../../../support/fakes/in-memory-activity-repository";
import { StrategyMother } from "../../../support/strategy.mother";

async function withActivities(...states: ActivityState[]) {
  const activities = new InMemoryActivityRepository();
  for (const [i, state] of states.entries()) {
    const strategy = Strategy.create({ ...StrategyMother.referenceProps(), strategyId: 500 + i });
    if (!strategy.ok) throw new Error(strategy.error.message);
    await activities.deploy(ActivityMother.inState(state, { activityId: 100 + i, strategyId: 500 + i }), strategy.value);
  }
  return { activities, queries: new ActivityQueries(activities) };
}

describe("ActivityQueries", () => {
  it("reads an activity with its strategy", async () => {
    const { queries } = await withActivities(ActivityState.DOING);
    const found = await queries.get(100);
    expect(found?.activity.activityId).toBe(100);
    expect(found?.strategy.strategyId).toBe(500);
  });

  it("answers null for an activity that does not exist", async () => {
    const { queries } = await withActivities();
    expect(await queries.get(100)).toBeNull();
  });

  it("throws, naming both ids, when the stored activity's strategy is missing (rows edited by hand)", async () => {
    const { activities, queries } = await withActivities(ActivityState.EDIT);
    activities.findStrategy = async () => null;
    await expect(queries.get(100)).rejects.toThrow("activity 100 refers to missing strategy 500");
  });

  it("lists a page, filtered by state, with the total of the filter", async () => {
    const { queries } = await withActivities(ActivityState.DOING, ActivityState.EDIT, ActivityState.DOING, ActivityState.DOING);
    const page = await queries.list(2, 2, ActivityState.DOING);
    expect(page.total).toBe(3);
    expect(page.items.map((a) => a.activityId)).toEqual([103]);
  });
});
