import { AdvanceActivityStatesUseCase } from "../../../../src/application/compensation/advance-activity-states.use-case";
import { ActivityState } from "../../../../src/domain/activity/activity-state";
import { Strategy } from "../../../../src/domain/strategy/strategy.entity";
import { DependencyUnavailableError } from "../../../../src/shared/errors";
import { ActivityMother } from "../../../support/activity.mother";
import { FakeClock } from "../../../support/fakes/fake-clock";
import { InMemoryActivityRepository } from "../../../support/fakes/in-memory-activity-repository";
import { RecordingLogger } from "../../../support/fakes/recording-logger";
import { StrategyMother } from "../../../support/strategy.mother";

const NOW = new Date("2030-06-01T12:00:00Z");
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

async function setUp(activities: Array<{ id: number; state: ActivityState; beginAt: Date; endAt: Date }>) {
  const repository = new InMemoryActivityRepository();
  for (const a of activities) {
    const strategy = Strategy.create({ ...StrategyMother.referenceProps(), strategyId: a.id });
    if (!strategy.ok) throw new Error(strategy.error.message);
    await repository.deploy(ActivityMother.inState(a.state, { activityId: a.id, strategyId: a.id, beginAt: a.beginAt, endAt: a.endAt }), strategy.value);
  }
  const clock = new FakeClock(NOW);
  const log = new RecordingLogger();
  return { repository, clock, log, job: new AdvanceActivityStatesUseCase(repository, clock, log) };
}

const stateOf = async (repository: InMemoryActivityRepository, id: number) => (await repository.findActivity(id))?.state;

describe("AdvanceActivityStatesUseCase", () => {
  it("starts an approved activity whose window is open and closes a running one whose window ended, one log line each", async () => {
    const { repository, log, job } = await setUp([
      { id: 1, state: ActivityState.PASS, beginAt: minutes(-5), endAt: minutes(60) },
      { id: 2, state: ActivityState.DOING, beginAt: minutes(-60), endAt: minutes(-1) },
    ]);
    expect(await job.execute()).toEqual({ started: [1], closed: [2] });
    expect(await stateOf(repository, 1)).toBe(ActivityState.DOING);
    expect(await stateOf(repository, 2)).toBe(ActivityState.CLOSE);
    expect(log.messages("info")).toEqual(["activity started: its window opened", "activity closed: its window ended"]);
  });

  it("leaves alone what is not due: a window not yet open, a window still open, an approved activity whose window already passed, other states", async () => {
    const { repository, log, job } = await setUp([
      { id: 1, state: ActivityState.PASS, beginAt: minutes(5), endAt: minutes(60) },
      { id: 2, state: ActivityState.DOING, beginAt: minutes(-60), endAt: minutes(60) },
      { id: 3, state: ActivityState.PASS, beginAt: minutes(-60), endAt: minutes(-1) },
      { id: 4, state: ActivityState.EDIT, beginAt: minutes(-60), endAt: minutes(60) },
    ]);
    expect(await job.execute()).toEqual({ started: [], closed: [] });
    expect(await Promise.all([1, 2, 3, 4].map((id) => stateOf(repository, id)))).toEqual([ActivityState.PASS, ActivityState.DOING, ActivityState.PASS, ActivityState.EDIT]);
    expect(log.lines).toEqual([]);
  });

  it("reads the time from its clock: the same activity is started once the clock reaches its beginAt", async () => {
    const { clock, job } = await setUp([{ id: 1, state: ActivityState.PASS, beginAt: minutes(10), endAt: minutes(60) }]);
    expect((await job.execute()).started).toEqual([]);
    clock.advance(10 * 60_000);
    expect((await job.execute()).started).toEqual([1]);
  });

  it("moves each activity once when run again (or by a second worker)", async () => {
    const { job } = await setUp([{ id: 1, state: ActivityState.PASS, beginAt: minutes(-5), endAt: minutes(60) }]);
    await job.execute();
    expect(await job.execute()).toEqual({ started: [], closed: [] });
  });

  it("lets an outage through as DependencyUnavailableError", async () => {
    const { repository, job } = await setUp([]);
    repository.outage.once();
    await expect(job.execute()).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
