import { Activity } from "../../../../src/domain/activity/activity.entity";
import { ActivityState } from "../../../../src/domain/activity/activity-state";
import type { ActivityRepository } from "../../../../src/domain/activity/activity.repository";
import { CachedActivityRepository } from "../../../../src/infrastructure/persistence/cached-activity.repository";

function activityIn(state: ActivityState): Activity {
  return Activity.restore({
    activityId: 1,
    name: "a",
    description: "",
    beginAt: new Date(0),
    endAt: new Date(1e13),
    stockCount: 1,
    stockSurplusCount: 1,
    takeCount: 1,
    strategyId: 1,
    state,
    creator: "",
  });
}

/** A repository that counts its reads and answers with whatever state it holds now. */
function countingRepository() {
  const repo = {
    state: ActivityState.DOING,
    reads: 0,
    failNext: false,
    async findActivity() {
      repo.reads++;
      if (repo.failNext) {
        repo.failNext = false;
        throw new Error("database away");
      }
      return activityIn(repo.state);
    },
    findStrategy: async () => null,
    deploy: async () => "DEPLOYED" as const,
    list: async () => ({ items: [], total: 0 }),
    compareAndSetState: async (_id: number, _from: ActivityState, to: ActivityState) => {
      repo.state = to;
      return true;
    },
  };
  return repo;
}

describe("CachedActivityRepository", () => {
  it("reads an activity once per TTL, and again after it expires", async () => {
    let now = 1000;
    const inner = countingRepository();
    const cache = new CachedActivityRepository(inner as unknown as ActivityRepository, 500, () => now);
    await cache.findActivity(1);
    await cache.findActivity(1);
    expect(inner.reads).toBe(1);
    inner.state = ActivityState.CLOSE;
    now += 499;
    expect((await cache.findActivity(1))?.state).toBe(ActivityState.DOING);
    now += 1;
    expect((await cache.findActivity(1))?.state).toBe(ActivityState.CLOSE);
    expect(inner.reads).toBe(2);
  });

  it("shares one load between concurrent misses", async () => {
    const inner = countingRepository();
    const cache = new CachedActivityRepository(inner as unknown as ActivityRepository, 1000);
    await Promise.all(Array.from({ length: 10 }, () => cache.findActivity(1)));
    expect(inner.reads).toBe(1);
  });

  it("does not keep a failed load", async () => {
    const inner = countingRepository();
    inner.failNext = true;
    const cache = new CachedActivityRepository(inner as unknown as ActivityRepository, 1000);
    await expect(cache.findActivity(1)).rejects.toThrow("database away");
    expect((await cache.findActivity(1))?.state).toBe(ActivityState.DOING);
    expect(inner.reads).toBe(2);
  });

  it("forgets an activity whose state it moved", async () => {
    const inner = countingRepository();
    const cache = new CachedActivityRepository(inner as unknown as ActivityRepository, 60_000);
    await cache.findActivity(1);
    await cache.compareAndSetState(1, ActivityState.DOING, ActivityState.CLOSE);
    expect((await cache.findActivity(1))?.state).toBe(ActivityState.CLOSE);
  });

  it("reloads for a draw with a read that started no earlier than the draw arrived, shared by draws that arrived before it", async () => {
    let now = 1000;
    const inner = countingRepository();
    const cache = new CachedActivityRepository(inner as unknown as ActivityRepository, 60_000, () => now);
    inner.state = ActivityState.PASS;
    await cache.findActivity(1);
    // Another process moved it to DOING; a draw arriving at 1005 must not be answered from the read of 1000.
    inner.state = ActivityState.DOING;
    now = 1005;
    expect((await cache.reloadActivity(1, 1005))?.state).toBe(ActivityState.DOING);
    expect(inner.reads).toBe(2);
    // A draw that arrived at 1003 can share the read started at 1005.
    expect((await cache.reloadActivity(1, 1003))?.state).toBe(ActivityState.DOING);
    expect(inner.reads).toBe(2);
    // And the cache now serves the fresh state.
    expect((await cache.findActivity(1))?.state).toBe(ActivityState.DOING);
  });
});
