import Redis from "ioredis";
import { RedisActivityStock } from "../../../../src/infrastructure/redis/activity-stock.redis-cache";
import { liveStock } from "../../../support/live-stock";
import { uniqueId } from "../../../support/unique-id";

describe("RedisActivityStock (Lua on a real Redis)", () => {
  const redis = new Redis(process.env.REDIS_URL as string, { keyPrefix: process.env.REDIS_KEY_PREFIX });
  const stock = new RedisActivityStock(redis);
  afterAll(() => redis.quit());
  const fresh = (next: number, holes: number[] = []) => async () => ({ next, holes });

  it("builds a missing stock from the database's layout and hands out units from the top down", async () => {
    const activityId = uniqueId();
    let asked = 0;
    const layout = async () => {
      asked++;
      return { next: 3, holes: [] };
    };
    expect(await stock.take(activityId, 1n, layout)).toBe(2);
    expect(await stock.take(activityId, 2n, layout)).toBe(1);
    expect(asked).toBe(1);
    expect(await stock.view(activityId)).toEqual({ next: 1, free: 0, pending: 2 });
    expect(await stock.trackedActivities()).toContain(activityId);
  });

  it("sends a confirm on the activity's next take, not as a command of its own", async () => {
    const activityId = uniqueId();
    await stock.take(activityId, 1n, fresh(10));
    await stock.take(activityId, 2n, fresh(10));
    const hdel = jest.spyOn(redis, "hdel");
    try {
      let confirmed = false;
      const confirming = stock.confirm(activityId, 1n).then(() => (confirmed = true));
      await stock.take(activityId, 3n, fresh(10));
      await confirming;
      expect(confirmed).toBe(true);
      expect(hdel).not.toHaveBeenCalled();
      expect((await stock.pending(activityId)).map((p) => p.takeId).sort()).toEqual([2n, 3n]);
    } finally {
      hdel.mockRestore();
    }
  });

  it("sends the confirms of an activity with no next take on their own, in one command, within moments", async () => {
    const activityId = uniqueId();
    for (const takeId of [1n, 2n, 3n]) await stock.take(activityId, takeId, fresh(10));
    const hdel = jest.spyOn(redis, "hdel");
    try {
      await Promise.all([stock.confirm(activityId, 1n), stock.confirm(activityId, 3n)]);
      expect(hdel).toHaveBeenCalledTimes(1);
      expect((await stock.pending(activityId)).map((p) => p.takeId)).toEqual([2n]);
      expect(await stock.view(activityId)).toEqual({ next: 7, free: 0, pending: 1 });
    } finally {
      hdel.mockRestore();
    }
  });

  it("hands the same takeId the same unit however often the take is retried", async () => {
    const activityId = uniqueId();
    const units = new Set<number | null>();
    for (let i = 0; i < 5; i++) units.add(await stock.take(activityId, 42n, fresh(10)));
    expect([...units]).toEqual([9]);
    expect((await liveStock(redis, activityId)).left).toBe(9);
  });

  it("hands out each unit once when 100 takes race for 10 units, and then none", async () => {
    const activityId = uniqueId();
    const units = await Promise.all(Array.from({ length: 100 }, (_, i) => stock.take(activityId, BigInt(i + 1), fresh(10))));
    const given = units.filter((u): u is number => u !== null);
    expect(given.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect((await liveStock(redis, activityId)).left).toBe(0);
  });

  it("gives a unit back only once, only for the take that holds it, and hands it out again first", async () => {
    const activityId = uniqueId();
    const unit = (await stock.take(activityId, 7n, fresh(5))) as number;
    await stock.giveBack(activityId, 7n, unit);
    await stock.giveBack(activityId, 7n, unit);
    await stock.giveBack(activityId, 8n, 3);
    expect(await stock.view(activityId)).toEqual({ next: 4, free: 1, pending: 0 });
    expect(await stock.take(activityId, 9n, fresh(5))).toBe(unit);
    expect((await liveStock(redis, activityId)).left).toBe(4);
  });

  it("forgets a confirmed or discarded unit without freeing it", async () => {
    const activityId = uniqueId();
    await stock.take(activityId, 1n, fresh(5));
    await stock.take(activityId, 2n, fresh(5));
    await stock.confirm(activityId, 1n);
    await stock.discard(activityId, 2n);
    expect(await stock.view(activityId)).toEqual({ next: 3, free: 0, pending: 0 });
  });

  it("never overwrites a live stock when several processes rebuild it at once", async () => {
    const activityId = uniqueId();
    await Promise.all([stock.take(activityId, 1n, fresh(5)), stock.take(activityId, 2n, fresh(100, [150]))]);
    const view = await stock.view(activityId);
    // One layout won whole: 5 units with no holes, or 100 with hole 150; two takes either way.
    expect([3, 98]).toContain(view?.next);
    expect(view?.pending).toBe(2);
  });

  it("starts a rebuilt stock with the holes of the layout, handed out before new units", async () => {
    const activityId = uniqueId();
    expect(await stock.take(activityId, 1n, fresh(4, [7, 9]))).not.toBeLessThan(7);
    expect(await stock.view(activityId)).toEqual({ next: 4, free: 1, pending: 1 });
  });

  it("lists pending units with their takeIds and age", async () => {
    const activityId = uniqueId();
    await stock.take(activityId, 11n, fresh(3));
    const [pending] = await stock.pending(activityId);
    expect(pending).toMatchObject({ takeId: 11n, unit: 2 });
    expect(pending.ageMs).toBeGreaterThanOrEqual(0);
  });

  it("withdraws units that committed takes hold from the free set and from below the counter", async () => {
    const activityId = uniqueId();
    // Rebuilt at next=10 while draws of the old stock held units 9 and 7 and hole 12 was in flight.
    await stock.take(activityId, 1n, fresh(10, [12, 14]));
    await stock.confirm(activityId, 1n);
    const before = await stock.view(activityId);
    expect(before).toEqual({ next: 10, free: 1, pending: 0 });
    const free = await stock.freeUnits(activityId);
    await stock.exclude(activityId, [9, 7, ...free]);
    // Units 8 stays available (as a free unit), 7 and 9 are gone, next drops to 7.
    expect(await stock.view(activityId)).toEqual({ next: 7, free: 1, pending: 0 });
    expect(await stock.freeUnits(activityId)).toEqual([8]);
  });

  it("holds a few hundred bytes for an activity after 20,000 draws, not one entry per draw", async () => {
    const activityId = uniqueId();
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(
        Array.from({ length: 1000 }, async (_, i) => {
          const takeId = BigInt(batch * 1000 + i + 1);
          await stock.take(activityId, takeId, fresh(1_000_000));
          await stock.confirm(activityId, takeId);
        }),
      );
    }
    const tag = `${process.env.REDIS_KEY_PREFIX}activity:{${activityId}}:stock`;
    const sizes = await Promise.all(["next", "free", "pending"].map((k) => redis.call("MEMORY", "USAGE", `${tag}:${k}`) as Promise<number | null>));
    const bytes = sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0);
    expect((await liveStock(redis, activityId)).left).toBe(1_000_000 - 20_000);
    expect(sizes[0]).toBeGreaterThan(0); // the counter exists: the sizes are real
    expect(bytes).toBeLessThan(4096);
  });
});

