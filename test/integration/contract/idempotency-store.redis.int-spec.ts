import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { RedisIdempotencyStore } from "../../../src/infrastructure/redis/idempotency.redis-store";
import { describeIdempotencyStoreContract } from "../../contract/idempotency-store.contract";

// The run's own key prefix keeps this file off other runs' keys; a random scope per test keeps its tests apart.
const redis = new Redis(process.env.REDIS_URL as string, { keyPrefix: process.env.REDIS_KEY_PREFIX });
afterAll(() => redis.quit());

describeIdempotencyStoreContract("RedisIdempotencyStore", async () => {
  const run = randomUUID();
  return { store: new RedisIdempotencyStore(redis, 60_000), scope: (name) => `contract:${run}:${name}` };
});
