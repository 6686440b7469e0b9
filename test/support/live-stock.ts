import type Redis from "ioredis";

/** The live stock of an activity as Redis holds it, read straight from its keys. */
export async function liveStock(redis: Redis, activityId: number): Promise<{ next: number | null; free: number; pending: number; left: number | null }> {
  const tag = `activity:{${activityId}}:stock`;
  const [next, free, pending] = await Promise.all([redis.get(`${tag}:next`), redis.scard(`${tag}:free`), redis.hlen(`${tag}:pending`)]);
  return { next: next === null ? null : Number(next), free, pending, left: next === null ? null : Number(next) + free };
}

export async function forgetLiveStock(redis: Redis, activityId: number): Promise<void> {
  const tag = `activity:{${activityId}}:stock`;
  await redis.del(`${tag}:next`, `${tag}:free`, `${tag}:pending`);
}
