import Redis from "ioredis";
import type { Logger } from "../logging/logger";

/**
 * One ioredis connection per process. Commands fail at once while Redis is unreachable (no
 * offline queue), so a request answers 503 instead of waiting; the client keeps reconnecting
 * in the background with a capped backoff.
 */
/** The ioredis client type, so the composition can name it without importing ioredis itself. */
export type RedisClient = Redis;

export function createRedisClient(url: string, keyPrefix: string, log: Logger): Redis {
  const redis = new Redis(url, {
    keyPrefix,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    // ioredis waits this long for a socket to close after disconnect(), even one that never
    // opened (Redis down); its 2 s default holds shutdown and test workers open for nothing.
    disconnectTimeout: 200,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2000),
    // Commands issued in the same tick (many draws at once) leave in one write: on a busy
    // service that halves the system calls Redis costs, and the scripts stay atomic each.
    enableAutoPipelining: true,
  });
  let lastError = "";
  redis.on("error", (error: Error) => {
    // ioredis emits the same connection error on every retry; log each distinct one once.
    if (error.message !== lastError) log.warn({ err: error.message }, "redis connection problem");
    lastError = error.message;
  });
  redis.on("ready", () => {
    if (lastError) log.info("redis connection restored");
    lastError = "";
  });
  return redis;
}
