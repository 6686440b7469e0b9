import type Redis from "ioredis";
import type { IdempotencyClaim, IdempotencyStore, StoredAnswer } from "../../application/ports/idempotency-store.port";
import { redisCall } from "./redis-errors";

const ANSWER_TTL_SECONDS = 24 * 3600;

interface Entry {
  hash: string;
  answer?: StoredAnswer;
}

// KEYS key; ARGV entry, ttl. Claims the key, or returns what holds it, in one round trip
// (SET NX GET needs Redis 7; this runs on 6 too).
const CLAIM = `
local held = redis.call('GET', KEYS[1])
if held then return held end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return false`;

type ClaimRedis = Redis & { idempotencyClaim(key: string, entry: string, ttl: number): Promise<string | null> };

export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly redis: ClaimRedis;

  /**
   * `claimTtlMs`: a claim outlives any draw (bounded by the statement and connection timeouts) but
   * not a crashed one for long; after it lapses a retry goes ahead and meets the take row, if any.
   */
  constructor(
    redis: Redis,
    private readonly claimTtlMs: number,
  ) {
    redis.defineCommand("idempotencyClaim", { numberOfKeys: 1, lua: CLAIM });
    this.redis = redis as ClaimRedis;
  }

  async claim(scope: string, requestHash: string): Promise<IdempotencyClaim> {
    const pending: Entry = { hash: requestHash };
    const earlier = await redisCall(() => this.redis.idempotencyClaim(redisKey(scope), JSON.stringify(pending), Math.ceil(this.claimTtlMs / 1000)));
    if (earlier === null) return { kind: "CLAIMED" };
    const entry = JSON.parse(earlier) as Entry;
    return entry.answer ? { kind: "ANSWERED", requestHash: entry.hash, answer: entry.answer } : { kind: "PENDING", requestHash: entry.hash };
  }

  async remember(scope: string, requestHash: string, answer: StoredAnswer): Promise<void> {
    const entry: Entry = { hash: requestHash, answer };
    await redisCall(() => this.redis.set(redisKey(scope), JSON.stringify(entry), "EX", ANSWER_TTL_SECONDS));
  }

  async release(scope: string): Promise<void> {
    await redisCall(() => this.redis.del(redisKey(scope)));
  }
}

function redisKey(scope: string): string {
  return `idempotency:${scope}`;
}
