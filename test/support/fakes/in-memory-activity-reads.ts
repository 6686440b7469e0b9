import type { ActivityReads } from "../../../src/application/ports/activity-reads.port";
import type { Activity } from "../../../src/domain/activity/activity.entity";
import type { Strategy } from "../../../src/domain/strategy/strategy.entity";

/**
 * ActivityReads with the caching adapter's two sides set apart: `cached` is what memory answers,
 * `stored` what the database answers. A reload reads the database and refreshes the cache, as the
 * adapter does, and is counted, so a test can prove a cached "not open" was never trusted.
 */
export class InMemoryActivityReads implements ActivityReads {
  reloads = 0;

  constructor(
    public cached: Activity | null,
    public stored: Activity | null,
    private readonly strategy: Strategy | null,
  ) {}

  async findActivity(): Promise<Activity | null> {
    return this.cached;
  }

  async reloadActivity(): Promise<Activity | null> {
    this.reloads++;
    this.cached = this.stored;
    return this.stored;
  }

  async findStrategy(): Promise<Strategy | null> {
    return this.strategy;
  }
}
