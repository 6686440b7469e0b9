import type Redis from "ioredis";
import type { ActivityStock, PendingUnit, StockLayout, StockView } from "../../application/ports/activity-stock.port";
import { redisCall } from "./redis-errors";

// Keys of one activity share a hash tag, so every script also runs on Redis Cluster:
//   next     units [0, next) were never handed out; handed out from the top down
//   free     set of units given back, handed out first
//   pending  hash takeId -> "unit:seconds" of units handed out and not yet confirmed
// Memory is bounded by what is live: the draws in flight and the units given back.

// KEYS next, free, pending; ARGV takeId, then takeIds whose commits are confirmed (see confirm()).
// Returns the unit, -1 when none is left, -2 when the state is missing.
const TAKE = `
if #ARGV > 1 then redis.call('HDEL', KEYS[3], unpack(ARGV, 2)) end
local held = redis.call('HGET', KEYS[3], ARGV[1])
if held then return tonumber(string.match(held, '^(%d+)')) end
local nxt = redis.call('GET', KEYS[1])
if not nxt then return -2 end
local unit = redis.call('SPOP', KEYS[2])
if not unit then
  nxt = tonumber(nxt)
  if nxt <= 0 then return -1 end
  unit = nxt - 1
  redis.call('SET', KEYS[1], unit)
end
redis.call('HSET', KEYS[3], ARGV[1], unit .. ':' .. redis.call('TIME')[1])
return tonumber(unit)`;

// KEYS free, pending; ARGV takeId, unit. Frees the unit only if this take still holds it.
const GIVE_BACK = `
local held = redis.call('HGET', KEYS[2], ARGV[1])
if not held or tonumber(string.match(held, '^(%d+)')) ~= tonumber(ARGV[2]) then return 0 end
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('SADD', KEYS[1], ARGV[2])
return 1`;

// KEYS next, free, legacy counter, legacy takes set; ARGV next, holes as "u,u,u". Never overwrites a live state.
const INIT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
for unit in string.gmatch(ARGV[2], '%d+') do redis.call('SADD', KEYS[2], unit) end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[3], KEYS[4])
return 1`;

// KEYS pending. Returns the server's seconds, then takeId, value pairs.
const PENDING = `
local out = { redis.call('TIME')[1] }
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all do out[#out + 1] = all[i] end
return out`;

// KEYS next, free; ARGV used units as "u,u,u". Removes them from circulation (see exclude()).
const EXCLUDE = `
local nxt = tonumber(redis.call('GET', KEYS[1]))
if not nxt then return 0 end
local used, lowest = {}, nxt
for unit in string.gmatch(ARGV[1], '%d+') do
  local u = tonumber(unit)
  used[u] = true
  if redis.call('SREM', KEYS[2], unit) == 0 and u < lowest then lowest = u end
end
for u = lowest, nxt - 1 do
  if not used[u] then redis.call('SADD', KEYS[2], u) end
end
redis.call('SET', KEYS[1], lowest)
return nxt - lowest`;

const TRACKED = "stock:activities";

/**
 * Confirms ride on the next take of their activity instead of costing a command of their own
 * (under load there is always a next take within a millisecond); a quiet activity's confirms are
 * sent on their own after CONFIRM_LINGER_MS. A confirm lost in a crash leaves its unit pending, which
 * the reconciler resolves from the take row, as for any draw that died after its commit.
 */
const CONFIRM_LINGER_MS = 20;
/** Confirms per command at most (Lua's unpack has a stack limit). */
const CONFIRMS_MAX = 500;

/** Confirms of one activity waiting for a command to carry them, and the promise they share. */
class ConfirmBatch {
  readonly takeIds: string[] = [];
  readonly done: Promise<void>;
  settle!: (error?: unknown) => void;
  timer: NodeJS.Timeout | undefined;

  constructor() {
    this.done = new Promise<void>((resolve, reject) => (this.settle = (error) => (error === undefined ? resolve() : reject(error))));
    // A confirm nobody awaits must not become an unhandled rejection.
    this.done.catch(() => undefined);
  }
}

type StockRedis = Redis & {
  stockTake(next: string, free: string, pending: string, takeId: string, ...confirmed: string[]): Promise<number>;
  stockGiveBack(free: string, pending: string, takeId: string, unit: string): Promise<number>;
  stockInit(next: string, free: string, legacy: string, legacyTakes: string, start: string, holes: string): Promise<number>;
  stockPending(pending: string): Promise<string[]>;
  stockExclude(next: string, free: string, used: string): Promise<number>;
};

/** The live activity stock in Redis (see ActivityStock): Lua scripts make each step atomic. */
export class RedisActivityStock implements ActivityStock {
  private readonly redis: StockRedis;
  private readonly confirms = new Map<number, ConfirmBatch>();

  constructor(redis: Redis) {
    redis.defineCommand("stockTake", { numberOfKeys: 3, lua: TAKE });
    redis.defineCommand("stockGiveBack", { numberOfKeys: 2, lua: GIVE_BACK });
    redis.defineCommand("stockInit", { numberOfKeys: 4, lua: INIT });
    redis.defineCommand("stockPending", { numberOfKeys: 1, lua: PENDING });
    redis.defineCommand("stockExclude", { numberOfKeys: 2, lua: EXCLUDE });
    this.redis = redis as StockRedis;
  }

  async take(activityId: number, takeId: bigint, layout: () => Promise<StockLayout>): Promise<number | null> {
    const k = keys(activityId);
    let unit = await this.takeCarryingConfirms(activityId, takeId);
    if (unit === -2) {
      const start = await layout();
      const created = await redisCall(() => this.redis.stockInit(k.next, k.free, k.legacy, k.legacyTakes, String(start.next), start.holes.join(",")));
      if (created === 1) await redisCall(() => this.redis.sadd(TRACKED, String(activityId)));
      unit = await redisCall(() => this.redis.stockTake(k.next, k.free, k.pending, takeId.toString()));
    }
    if (unit === -2) throw new Error(`live stock of activity ${activityId} vanished while taking`);
    return unit === -1 ? null : unit;
  }

  /** Resolves once the confirm reached Redis, on the activity's next take or on its own (see CONFIRM_LINGER_MS). */
  confirm(activityId: number, takeId: bigint): Promise<void> {
    let batch = this.confirms.get(activityId);
    if (!batch) {
      const created = new ConfirmBatch();
      created.timer = setTimeout(() => void this.sendConfirms(activityId, created), CONFIRM_LINGER_MS);
      created.timer.unref();
      this.confirms.set(activityId, created);
      batch = created;
    }
    batch.takeIds.push(takeId.toString());
    if (batch.takeIds.length >= CONFIRMS_MAX) void this.sendConfirms(activityId, batch);
    return batch.done;
  }

  /** The take, with the activity's waiting confirms on board. */
  private async takeCarryingConfirms(activityId: number, takeId: bigint): Promise<number> {
    const k = keys(activityId);
    const batch = this.detachConfirms(activityId);
    try {
      const unit = await redisCall(() => this.redis.stockTake(k.next, k.free, k.pending, takeId.toString(), ...(batch?.takeIds ?? [])));
      batch?.settle();
      return unit;
    } catch (error) {
      batch?.settle(error);
      throw error;
    }
  }

  private async sendConfirms(activityId: number, batch: ConfirmBatch): Promise<void> {
    if (this.confirms.get(activityId) !== batch) return; // a take carried them already
    this.detachConfirms(activityId);
    await redisCall(() => this.redis.hdel(keys(activityId).pending, ...batch.takeIds)).then(
      () => batch.settle(),
      (error: unknown) => batch.settle(error),
    );
  }

  private detachConfirms(activityId: number): ConfirmBatch | undefined {
    const batch = this.confirms.get(activityId);
    if (!batch) return undefined;
    this.confirms.delete(activityId);
    clearTimeout(batch.timer);
    return batch;
  }

  async giveBack(activityId: number, takeId: bigint, unit: number): Promise<void> {
    const k = keys(activityId);
    await redisCall(() => this.redis.stockGiveBack(k.free, k.pending, takeId.toString(), String(unit)));
  }

  async discard(activityId: number, takeId: bigint): Promise<void> {
    await this.confirm(activityId, takeId);
  }

  async trackedActivities(): Promise<number[]> {
    return (await redisCall(() => this.redis.smembers(TRACKED))).map(Number);
  }

  async view(activityId: number): Promise<StockView | null> {
    const k = keys(activityId);
    const [next, free, pending] = await redisCall(() =>
      this.redis
        .multi()
        .get(k.next)
        .scard(k.free)
        .hlen(k.pending)
        .exec()
        .then((replies) => (replies ?? []).map(([error, value]) => {
          if (error) throw error;
          return value;
        })),
    );
    if (next === null || next === undefined) return null;
    return { next: Number(next), free: Number(free), pending: Number(pending) };
  }

  async freeUnits(activityId: number): Promise<number[]> {
    return (await redisCall(() => this.redis.smembers(keys(activityId).free))).map(Number);
  }

  async pending(activityId: number): Promise<PendingUnit[]> {
    const [now, ...pairs] = await redisCall(() => this.redis.stockPending(keys(activityId).pending));
    const units: PendingUnit[] = [];
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const [unit, seconds] = pairs[i + 1].split(":").map(Number);
      units.push({ takeId: BigInt(pairs[i]), unit, ageMs: (Number(now) - seconds) * 1000 });
    }
    return units;
  }

  async exclude(activityId: number, used: number[]): Promise<void> {
    if (used.length === 0) return;
    const k = keys(activityId);
    await redisCall(() => this.redis.stockExclude(k.next, k.free, used.join(",")));
  }
}

function keys(activityId: number) {
  const tag = `activity:{${activityId}}`;
  return {
    next: `${tag}:stock:next`,
    free: `${tag}:stock:free`,
    pending: `${tag}:stock:pending`,
    // The counter and take set of the earlier layout; dropped when the new state is built.
    legacy: `${tag}:stock`,
    legacyTakes: `${tag}:stock:takes`,
  };
}
