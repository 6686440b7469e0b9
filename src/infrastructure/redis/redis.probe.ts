import type Redis from "ioredis";
import type { DependencyProbe } from "../../application/ports/dependency-probe.port";

export class RedisProbe implements DependencyProbe {
  readonly name = "redis" as const;

  constructor(private readonly redis: Redis) {}

  async check(): Promise<void> {
    if (this.redis.status !== "ready") throw new Error(`connection ${this.redis.status}`);
    await this.redis.ping();
  }
}
