import { loadConfig } from "../../../../src/config/config";
import { createLogger } from "../../../../src/infrastructure/logging/logger";
import { RedisActivityStock } from "../../../../src/infrastructure/redis/activity-stock.redis-cache";
import { RedisIdempotencyStore } from "../../../../src/infrastructure/redis/idempotency.redis-store";
import { createRedisClient } from "../../../../src/infrastructure/redis/redis-client.factory";
import { uniqueId } from "../../../support/unique-id";

/** Two checkouts on one Redis, each with its own database and no REDIS_KEY_PREFIX set. */
describe("the default Redis key prefix keeps two deployments on one Redis apart", () => {
  const run = uniqueId();
  const configOf = (database: string) => {
    const env = { ...process.env, REDIS_KEY_PREFIX: undefined, DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${database}` };
    return loadConfig(env);
  };
  const first = configOf(`checkout_a_${run}`);
  const second = configOf(`checkout_b_${run}`);
  const log = createLogger("silent");
  const redisA = createRedisClient(first.redis.url, first.redis.keyPrefix, log);
  const redisB = createRedisClient(second.redis.url, second.redis.keyPrefix, log);

  beforeAll(() => Promise.all([redisA.connect(), redisB.connect()]));
  afterAll(async () => {
    for (const [redis, prefix] of [[redisA, first.redis.keyPrefix], [redisB, second.redis.keyPrefix]] as const) {
      const keys = await redis.keys(`${prefix}*`);
      // keys() answers full names; del() would add the prefix again.
      if (keys.length > 0) await redis.del(...keys.map((key) => key.slice(prefix.length)));
      await redis.quit();
    }
  });

  it("gives each database its own prefix", () => {
    expect(first.redis.keyPrefix).toBe(`lottery:checkout_a_${run}:`);
    expect(second.redis.keyPrefix).toBe(`lottery:checkout_b_${run}:`);
  });

  it("does not let one checkout take the other's stock units of the same activity id", async () => {
    const activityId = 100001;
    const stockA = new RedisActivityStock(redisA);
    const stockB = new RedisActivityStock(redisB);
    const layout = async () => ({ next: 2, holes: [] });
    expect(await stockA.take(activityId, 1n, layout)).toBe(1);
    expect(await stockA.take(activityId, 2n, layout)).toBe(0);
    expect(await stockA.take(activityId, 3n, layout)).toBeNull();
    // Checkout B's activity 100001 is another activity: its two units are all still there.
    expect(await stockB.take(activityId, 1n, layout)).toBe(1);
    expect(await stockB.view(activityId)).toEqual({ next: 1, free: 0, pending: 1 });
    expect((await redisA.keys(`${first.redis.keyPrefix}activity:*`)).length).toBeGreaterThan(0);
  });

  it("does not answer one checkout's draw retry with the other's idempotent answer", async () => {
    const idemA = new RedisIdempotencyStore(redisA, 10_000);
    const idemB = new RedisIdempotencyStore(redisB, 10_000);
    const scope = "draw:xiaofuge:same-key";
    expect(await idemA.claim(scope, "hash-a")).toEqual({ kind: "CLAIMED" });
    await idemA.remember(scope, "hash-a", { kind: "REFUSED", code: "ACTIVITY_OUT_OF_STOCK", message: "sold out in checkout A" });
    expect(await idemB.claim(scope, "hash-b")).toEqual({ kind: "CLAIMED" });
    expect(await idemA.claim(scope, "hash-a")).toMatchObject({ kind: "ANSWERED", requestHash: "hash-a" });
  });
});
