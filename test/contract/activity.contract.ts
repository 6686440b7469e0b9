import { Activity } from "../../src/domain/activity/activity.entity";
import { ActivityState } from "../../src/domain/activity/activity-state";
import type { ActivityRepository } from "../../src/domain/activity/activity.repository";
import { Strategy } from "../../src/domain/strategy/strategy.entity";
import { ActivityMother } from "../support/activity.mother";
import { StrategyMother } from "../support/strategy.mother";

const NOW = new Date("2030-06-01T12:00:00.000Z");
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

function strategy(strategyId: number): Strategy {
  const created = Strategy.create({ ...StrategyMother.referenceProps(), strategyId });
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

/** What a strategy reads back as: every line with its stock and rate. */
const linesOf = (s: Strategy | null) => s?.awards.map((a) => ({ id: a.awardId, type: a.type, name: a.name, content: a.content, count: a.count, surplus: a.surplus, rate: a.rate.toString() }));

/**
 * The behaviour every ActivityRepository must have, run against the in-memory fake (unit project)
 * and the Prisma adapter (integration project). `makeSubject` gives a repository over empty tables.
 */
export function describeActivityContract(name: string, makeSubject: () => Promise<ActivityRepository>): void {
  describe(`${name} honours the ActivityRepository contract`, () => {
    let activities: ActivityRepository;
    beforeEach(async () => {
      activities = await makeSubject();
    });

    /** Deploys activity `id` (strategy `id`) and moves it to `state` by compare-and-sets, as operators would. */
    async function given(id: number, state = ActivityState.EDIT, window: { beginAt?: Date; endAt?: Date } = {}): Promise<void> {
      const created = Activity.create(ActivityMother.props({ activityId: id, strategyId: id, ...window }));
      if (!created.ok) throw new Error(created.error.message);
      expect(await activities.deploy(created.value, strategy(id))).toBe("DEPLOYED");
      if (state !== ActivityState.EDIT) expect(await activities.compareAndSetState(id, ActivityState.EDIT, state)).toBe(true);
    }

    it("reads back what it deployed: the activity in EDIT with all stock left, the strategy line by line", async () => {
      await given(11);
      expect((await activities.findActivity(11))?.toProps()).toEqual({ ...ActivityMother.props({ activityId: 11, strategyId: 11 }), stockSurplusCount: 100, state: ActivityState.EDIT });
      expect(linesOf(await activities.findStrategy(11))).toEqual(linesOf(strategy(11)));
    });

    it("answers null for an activity or a strategy that does not exist", async () => {
      expect(await activities.findActivity(404)).toBeNull();
      expect(await activities.findStrategy(404)).toBeNull();
    });

    it("never overwrites, and a refused deploy writes nothing", async () => {
      await given(11);
      const again = Activity.create(ActivityMother.props({ activityId: 11, strategyId: 12, name: "Other" }));
      if (!again.ok) throw new Error(again.error.message);
      expect(await activities.deploy(again.value, strategy(12))).toBe("ACTIVITY_EXISTS");
      expect(await activities.findStrategy(12)).toBeNull();
      expect((await activities.findActivity(11))?.toProps().name).toBe("Reference activity");
    });

    it("refuses a strategy that exists already, and names the activity when that exists too", async () => {
      await given(11);
      const other = Activity.create(ActivityMother.props({ activityId: 21, strategyId: 11 }));
      const same = Activity.create(ActivityMother.props({ activityId: 11, strategyId: 11 }));
      if (!other.ok || !same.ok) throw new Error("invalid activity");
      expect(await activities.deploy(other.value, strategy(11))).toBe("STRATEGY_EXISTS");
      expect(await activities.findActivity(21)).toBeNull();
      expect(await activities.deploy(same.value, strategy(11))).toBe("ACTIVITY_EXISTS");
    });

    it("lists by activity id, a page at a time, filtered by state, with the total of the filter", async () => {
      for (const [id, state] of [[13, ActivityState.DOING], [11, ActivityState.DOING], [12, ActivityState.ARRAIGNMENT], [14, ActivityState.DOING]] as const) await given(id, state);
      const all = await activities.list({ page: 1, size: 10 });
      expect([all.total, all.items.map((a) => a.activityId)]).toEqual([4, [11, 12, 13, 14]]);
      const doing = await activities.list({ page: 2, size: 2, state: ActivityState.DOING });
      expect([doing.total, doing.items.map((a) => a.activityId)]).toEqual([3, [14]]);
      expect((await activities.list({ page: 3, size: 2 })).items).toEqual([]);
    });

    it("moves a state only from the state it is asked to move from", async () => {
      await given(11);
      expect(await activities.compareAndSetState(11, ActivityState.ARRAIGNMENT, ActivityState.PASS)).toBe(false);
      expect(await activities.compareAndSetState(11, ActivityState.EDIT, ActivityState.ARRAIGNMENT)).toBe(true);
      expect(await activities.compareAndSetState(11, ActivityState.EDIT, ActivityState.ARRAIGNMENT)).toBe(false);
      expect(await activities.compareAndSetState(404, ActivityState.EDIT, ActivityState.ARRAIGNMENT)).toBe(false);
      expect((await activities.findActivity(11))?.state).toBe(ActivityState.ARRAIGNMENT);
    });

    it("advances by time: PASS to DOING inside the window, DOING to CLOSE after it, everything else left alone, each once", async () => {
      await given(1, ActivityState.PASS, { beginAt: minutes(-5), endAt: minutes(60) });
      await given(2, ActivityState.DOING, { beginAt: minutes(-60), endAt: minutes(-1) });
      await given(3, ActivityState.PASS, { beginAt: minutes(5), endAt: minutes(60) });
      await given(4, ActivityState.PASS, { beginAt: minutes(-60), endAt: minutes(-1) });
      await given(5, ActivityState.DOING, { beginAt: minutes(-60), endAt: minutes(60) });
      await given(6, ActivityState.ARRAIGNMENT, { beginAt: minutes(-60), endAt: minutes(60) });
      // Exactly at its end: not yet closed (endAt < now), and not started either (endAt > now).
      await given(7, ActivityState.DOING, { beginAt: minutes(-60), endAt: NOW });
      await given(8, ActivityState.PASS, { beginAt: minutes(-60), endAt: NOW });
      const moves = await activities.advanceByTime(NOW);
      expect({ started: [...moves.started].sort(), closed: [...moves.closed].sort() }).toEqual({ started: [1], closed: [2] });
      const states = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map(async (id) => (await activities.findActivity(id))?.state));
      expect(states).toEqual([ActivityState.DOING, ActivityState.CLOSE, ActivityState.PASS, ActivityState.PASS, ActivityState.DOING, ActivityState.ARRAIGNMENT, ActivityState.DOING, ActivityState.PASS]);
      expect(await activities.advanceByTime(NOW)).toEqual({ started: [], closed: [] });
    });
  });
}
