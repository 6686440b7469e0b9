import { DeployActivityUseCase } from "../../../../src/application/activity/deploy-activity.use-case";
import { ActivityState } from "../../../../src/domain/activity/activity-state";
import { StrategyInvalidError } from "../../../../src/domain/strategy/strategy.errors";
import { DependencyUnavailableError } from "../../../../src/shared/errors";
import { ActivityMother } from "../../../support/activity.mother";
import { InMemoryActivityRepository } from "../../../support/fakes/in-memory-activity-repository";

function setUp() {
  const activities = new InMemoryActivityRepository();
  return { activities, deploy: new DeployActivityUseCase(activities) };
}

describe("DeployActivityUseCase", () => {
  it("stores a valid activity in EDIT with its strategy, all stock left", async () => {
    const { activities, deploy } = setUp();
    const deployed = await deploy.execute(ActivityMother.deployCommand());
    expect(deployed.ok).toBe(true);
    const stored = await activities.findActivity(100001);
    expect(stored?.state).toBe(ActivityState.EDIT);
    expect(stored?.stockSurplusCount).toBe(100);
    expect((await activities.findStrategy(10001))?.awards.map((a) => a.awardId)).toEqual(["1", "2", "3", "4", "5"]);
  });

  it("refuses an invalid strategy before it writes anything", async () => {
    const { activities, deploy } = setUp();
    const command = ActivityMother.deployCommand();
    const refused = await deploy.execute({ ...command, strategy: { ...command.strategy, awards: [] } });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toBeInstanceOf(StrategyInvalidError);
    expect((await activities.list({ page: 1, size: 10 })).total).toBe(0);
  });

  it("refuses an invalid activity with ILLEGAL_PARAMETER before it writes anything", async () => {
    const { activities, deploy } = setUp();
    const command = ActivityMother.deployCommand();
    const refused = await deploy.execute({ ...command, activity: { ...command.activity, endAt: command.activity.beginAt } });
    expect(refused.ok || [refused.error.code, refused.error.message]).toEqual(["ILLEGAL_PARAMETER", "endAt: must be after beginAt"]);
    expect((await activities.list({ page: 1, size: 10 })).total).toBe(0);
  });

  it("never overwrites: the same activity id with a new strategy is ACTIVITY_ALREADY_EXISTS", async () => {
    const { activities, deploy } = setUp();
    await deploy.execute(ActivityMother.deployCommand());
    const again = await deploy.execute(ActivityMother.deployCommand({ strategyId: 10002, name: "Renamed" }));
    expect(again.ok || [again.error.code, again.error.message]).toEqual([
      "ACTIVITY_ALREADY_EXISTS",
      "activity 100001 is already deployed; re-deploying does not overwrite (use a new activityId and strategyId)",
    ]);
    expect((await activities.findActivity(100001))?.toProps().name).toBe("Reference activity");
  });

  it("names the activity, not its strategy, when the same file is deployed twice", async () => {
    const { deploy } = setUp();
    await deploy.execute(ActivityMother.deployCommand());
    const again = await deploy.execute(ActivityMother.deployCommand());
    expect(again.ok || again.error.message).toMatch(/^activity 100001 is already deployed/);
  });

  it("refuses a strategy id another activity owns with ACTIVITY_ALREADY_EXISTS naming the strategy", async () => {
    const { deploy } = setUp();
    await deploy.execute(ActivityMother.deployCommand());
    const again = await deploy.execute(ActivityMother.deployCommand({ activityId: 100002 }));
    expect(again.ok || again.error.message).toBe("strategy 10001 already belongs to an activity; choose a new strategyId");
  });

  it("lets an outage through as DependencyUnavailableError", async () => {
    const { activities, deploy } = setUp();
    activities.outage.once();
    await expect(deploy.execute(ActivityMother.deployCommand())).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
