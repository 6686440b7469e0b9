import Redis from "ioredis";
import { RedisActivityStockCache } from "../../../../src/infrastructure/redis/activity-stock.redis-cache";
import { uniqueId } from "../../../support/unique-id";

describe("RedisActivityStockCache (Lua on a real Redis)", () => {
  const redis = new Redis(process.env.REDIS_URL as string, { keyPrefix: process.env.REDIS_KEY_PREFIX });
  const stock = new RedisActivityStockCache(redis);
  afterAll(() => redis.quit());

  it("builds a missing counter from the database's figure and takes from it", async () => {
    const activityId = uniqueId();
    let asked = 0;
    const fromDatabase = async () => {
      asked++;
      return 3;
    };
    expect(await stock.take(activityId, 1n, fromDatabase)).toBe("TAKEN");
    expect(await stock.take(activityId, 2n, fromDatabase)).toBe("TAKEN");
    expect(await stock.remaining(activityId)).toBe(1);
    expect(asked).toBe(1);
  });

  it("takes once per takeId however often the take is retried", async () => {
    const activityId = uniqueId();
    for (let i = 0; i < 5; i++) expect(await stock.take(activityId, 42n, async () => 10)).toBe("TAKEN");
    expect(await stock.remaining(activityId)).toBe(9);
  });

  it("never goes below zero when 100 takes race for 10 units", async () => {
    const activityId = uniqueId();
    const outcomes = await Promise.all(Array.from({ length: 100 }, (_, i) => stock.take(activityId, BigInt(i + 1), async () => 10)));
    expect(outcomes.filter((o) => o === "TAKEN")).toHaveLength(10);
    expect(await stock.remaining(activityId)).toBe(0);
  });

  it("gives a unit back only once, and only for a take that holds one", async () => {
    const activityId = uniqueId();
    await stock.take(activityId, 7n, async () => 2);
    await stock.giveBack(activityId, 7n);
    await stock.giveBack(activityId, 7n);
    await stock.giveBack(activityId, 8n);
    expect(await stock.remaining(activityId)).toBe(2);
    expect(await stock.take(activityId, 7n, async () => 2)).toBe("TAKEN");
    expect(await stock.remaining(activityId)).toBe(1);
  });

  it("never resets a live counter when several processes rebuild it at once", async () => {
    const activityId = uniqueId();
    await stock.take(activityId, 1n, async () => 5);
    // A second rebuild that comes late (with an older, larger figure) must not overwrite the live 4.
    await redis.set(`activity:{${activityId}}:stock`, "4", "NX");
    expect(await stock.take(activityId, 2n, async () => 100)).toBe("TAKEN");
    expect(await stock.remaining(activityId)).toBe(3);
  });
});
