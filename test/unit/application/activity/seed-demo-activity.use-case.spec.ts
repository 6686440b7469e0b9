import { DeployActivityUseCase } from "../../../../src/application/activity/deploy-activity.use-case";
import { DEMO_ACTIVITY_ID, SeedDemoActivityUseCase } from "../../../../src/application/activity/seed-demo-activity.use-case";
import { ActivityState } from "../../../../src/domain/activity/activity-state";
import { ActivityMother } from "../../../support/activity.mother";
import { InMemoryActivityRepository } from "../../../support/fakes/in-memory-activity-repository";
import { StrategyMother } from "../../../support/strategy.mother";

const NOW = new Date("2026-12-01T12:00:00Z");

function setUp() {
  const activities = new InMemoryActivityRepository();
  return { activities, seed: new SeedDemoActivityUseCase(activities, new DeployActivityUseCase(activities)) };
}

describe("SeedDemoActivityUseCase", () => {
  it("deploys the reference activity on an empty database, DOING with a window around now", async () => {
    const { activities, seed } = setUp();
    expect(await seed.execute(NOW)).toBe("SEEDED");
    const demo = await activities.findActivity(DEMO_ACTIVITY_ID);
    expect(demo?.state).toBe(ActivityState.DOING);
    expect(demo?.isOpenAt(NOW)).toBe(true);
    expect((await activities.findStrategy(demo!.strategyId))?.awards.map((a) => a.name)).toEqual(["IMac", "iphone", "ipad", "AirPods", "Book"]);
  });

  it("does nothing once any activity exists", async () => {
    const { activities, seed } = setUp();
    await new DeployActivityUseCase(activities).execute(ActivityMother.deployCommand({ activityId: 7, strategyId: 77 }));
    expect(await seed.execute(NOW)).toBe("SKIPPED");
    expect(await activities.findActivity(DEMO_ACTIVITY_ID)).toBeNull();
  });

  it("answers SKIPPED, not an error, when another process seeded between its check and its deploy", async () => {
    const { activities, seed } = setUp();
    const list = activities.list.bind(activities);
    // The other process's seed lands right after this one saw an empty database.
    activities.list = async (query) => {
      const seen = await list(query);
      await activities.deploy(ActivityMother.inState(ActivityState.DOING, { activityId: DEMO_ACTIVITY_ID }), StrategyMother.reference());
      return seen;
    };
    expect(await seed.execute(NOW)).toBe("SKIPPED");
    expect((await list({ page: 1, size: 10 })).total).toBe(1);
  });

  it("runs twice as once", async () => {
    const { activities, seed } = setUp();
    await seed.execute(NOW);
    expect(await seed.execute(NOW)).toBe("SKIPPED");
    expect((await activities.list({ page: 1, size: 10 })).total).toBe(1);
  });
});
