import type Redis from "ioredis";
import type { IdempotencyStore, StoredResponse } from "../../application/ports/idempotency-store.port";

const PENDING = "PENDING";
/** A claim outlives any request (send timeout included) but not a crashed one for long. */
const CLAIM_TTL_SECONDS = 60;
const ANSWER_TTL_SECONDS = 24 * 3600;

export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(private readonly redis: Redis) {}

  async claim(key: string): Promise<boolean> {
    return (await this.redis.set(redisKey(key), PENDING, "EX", CLAIM_TTL_SECONDS, "NX")) === "OK";
  }

  async answerOf(key: string, waitMs: number): Promise<StoredResponse | "PENDING" | null> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const value = await this.redis.get(redisKey(key));
      if (value === null) return null;
      if (value !== PENDING) return JSON.parse(value) as StoredResponse;
      if (Date.now() >= deadline) return "PENDING";
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async remember(key: string, response: StoredResponse): Promise<void> {
    await this.redis.set(redisKey(key), JSON.stringify(response), "EX", ANSWER_TTL_SECONDS);
  }

  async release(key: string): Promise<void> {
    await this.redis.del(redisKey(key));
  }
}

function redisKey(key: string): string {
  return `idempotency:${key}`;
}
