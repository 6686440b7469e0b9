import Redis from "ioredis";
import { RedisActivityStock } from "../../../src/infrastructure/redis/activity-stock.redis-cache";
import { describeActivityStockContract } from "../../contract/activity-stock.contract";
import { uniqueId } from "../../support/unique-id";

// The run's key prefix keeps this file off other runs' keys; an activity id per test keeps its tests apart.
const redis = new Redis(process.env.REDIS_URL as string, { keyPrefix: process.env.REDIS_KEY_PREFIX });
afterAll(() => redis.quit());

describeActivityStockContract("RedisActivityStock", async () => ({ stock: new RedisActivityStock(redis), newActivityId: uniqueId }));
