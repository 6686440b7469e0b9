import type Redis from "ioredis";
import type { ActivityStockCache, StockTakeOutcome } from "../../application/ports/activity-stock.port";

// KEYS[1] = stock counter, KEYS[2] = set of takeIds that hold a unit; ARGV[1] = takeId.
// Returns 1 taken (or already taken by this takeId), 0 out of stock, -1 counter missing.
const TAKE = `
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 1 end
local left = redis.call('GET', KEYS[1])
if not left then return -1 end
if tonumber(left) <= 0 then return 0 end
redis.call('DECR', KEYS[1])
redis.call('SADD', KEYS[2], ARGV[1])
return 1`;

// Gives a unit back only if this takeId holds one, so a repeated give-back cannot inflate stock.
const GIVE_BACK = `
if redis.call('SREM', KEYS[2], ARGV[1]) == 1 then
  if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('INCR', KEYS[1]) end
  return 1
end
return 0`;

type StockRedis = Redis & {
  stockTake(stockKey: string, takenKey: string, takeId: string): Promise<number>;
  stockGiveBack(stockKey: string, takenKey: string, takeId: string): Promise<number>;
};

/** Activity stock in Redis, taken by Lua scripts so check-and-decrement is one atomic step. */
export class RedisActivityStockCache implements ActivityStockCache {
  private readonly redis: StockRedis;

  constructor(redis: Redis) {
    redis.defineCommand("stockTake", { numberOfKeys: 2, lua: TAKE });
    redis.defineCommand("stockGiveBack", { numberOfKeys: 2, lua: GIVE_BACK });
    this.redis = redis as StockRedis;
  }

  async take(activityId: number, takeId: bigint, remainingInDatabase: () => Promise<number>): Promise<StockTakeOutcome> {
    const [stockKey, takenKey] = keys(activityId);
    let outcome = await this.redis.stockTake(stockKey, takenKey, takeId.toString());
    if (outcome === -1) {
      // NX: when several processes rebuild at once, the first value wins and none overwrites a live counter.
      await this.redis.set(stockKey, String(await remainingInDatabase()), "NX");
      outcome = await this.redis.stockTake(stockKey, takenKey, takeId.toString());
    }
    if (outcome === -1) throw new Error(`stock counter of activity ${activityId} vanished while taking`);
    return outcome === 1 ? "TAKEN" : "OUT_OF_STOCK";
  }

  async giveBack(activityId: number, takeId: bigint): Promise<void> {
    const [stockKey, takenKey] = keys(activityId);
    await this.redis.stockGiveBack(stockKey, takenKey, takeId.toString());
  }

  async remaining(activityId: number): Promise<number | null> {
    const value = await this.redis.get(keys(activityId)[0]);
    return value === null ? null : Number(value);
  }
}

/** Both keys share a hash tag, so the scripts also run on Redis Cluster. */
function keys(activityId: number): [string, string] {
  return [`activity:{${activityId}}:stock`, `activity:{${activityId}}:stock:takes`];
}
