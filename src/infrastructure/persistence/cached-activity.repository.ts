import type { ActivityReads } from "../../application/ports/activity-reads.port";
import type { Activity } from "../../domain/activity/activity.entity";
import type { ActivityState } from "../../domain/activity/activity-state";
import type { ActivityPage, ActivityRepository, DeployOutcome, TimedMoves } from "../../domain/activity/activity.repository";
import type { Strategy } from "../../domain/strategy/strategy.entity";

interface Entry<T> {
  value: Promise<T>;
  loadedFrom: number;
  expiresAt: number;
}

/** Entries kept per map before the oldest go: bounds memory when many ids are asked for. */
const MAX_ENTRIES = 10_000;

/**
 * Serves the draw path's reads of activities and strategies from memory for `ttlMs` (see
 * ActivityReads for what a cached value is trusted with). It also keeps one Strategy object
 * alive, whose draw tables are then built once. Writes go straight through, and forget what
 * they changed.
 */
export class CachedActivityRepository implements ActivityRepository, ActivityReads {
  private readonly activities = new Map<number, Entry<Activity | null>>();
  private readonly strategies = new Map<number, Entry<Strategy | null>>();

  constructor(
    private readonly inner: ActivityRepository,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  findActivity(activityId: number): Promise<Activity | null> {
    return this.cached(this.activities, activityId, () => this.inner.findActivity(activityId));
  }

  reloadActivity(activityId: number, notBeforeMs: number): Promise<Activity | null> {
    // Concurrent reloads share a read only if it started late enough for all of them.
    const hit = this.activities.get(activityId);
    if (hit && hit.loadedFrom >= notBeforeMs) return hit.value;
    return this.load(this.activities, activityId, () => this.inner.findActivity(activityId));
  }

  findStrategy(strategyId: number): Promise<Strategy | null> {
    return this.cached(this.strategies, strategyId, () => this.inner.findStrategy(strategyId));
  }

  deploy(activity: Activity, strategy: Strategy): Promise<DeployOutcome> {
    return this.inner.deploy(activity, strategy);
  }

  list(query: { page: number; size: number; state?: ActivityState }): Promise<ActivityPage> {
    return this.inner.list(query);
  }

  async compareAndSetState(activityId: number, from: ActivityState, to: ActivityState): Promise<boolean> {
    const moved = await this.inner.compareAndSetState(activityId, from, to);
    this.activities.delete(activityId);
    return moved;
  }

  async advanceByTime(now: Date): Promise<TimedMoves> {
    const moves = await this.inner.advanceByTime(now);
    for (const activityId of [...moves.started, ...moves.closed]) this.activities.delete(activityId);
    return moves;
  }

  private cached<T>(entries: Map<number, Entry<T>>, id: number, load: () => Promise<T>): Promise<T> {
    const hit = entries.get(id);
    if (hit && hit.expiresAt > this.now()) return hit.value;
    return this.load(entries, id, load);
  }

  /** Concurrent misses share one load; a failed load is not kept. */
  private load<T>(entries: Map<number, Entry<T>>, id: number, load: () => Promise<T>): Promise<T> {
    const started = this.now();
    const value = load();
    const entry = { value, loadedFrom: started, expiresAt: started + this.ttlMs };
    entries.set(id, entry);
    value.catch(() => {
      if (entries.get(id) === entry) entries.delete(id);
    });
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as number);
    return value;
  }
}
