import type { Activity } from "../../domain/activity/activity.entity";
import type { ActivityState } from "../../domain/activity/activity-state";
import type { ActivityPage, ActivityRepository, DeployOutcome, TimedMoves } from "../../domain/activity/activity.repository";
import type { Strategy } from "../../domain/strategy/strategy.entity";

interface Entry<T> {
  value: Promise<T>;
  expiresAt: number;
}

/**
 * Serves the draw path's reads of activities and strategies from memory for `ttlMs`. Every draw
 * needs both and they rarely change, so this takes four queries off each draw; it also keeps one
 * Strategy object alive, whose draw tables are then built once. Staleness is bounded and safe:
 * a state change takes effect within `ttlMs`, and award stock is always re-checked in SQL when
 * an order is saved (a stale surplus only means a redraw). Writes go straight through.
 */
export class CachedActivityRepository implements ActivityRepository {
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
    const now = this.now();
    const hit = entries.get(id);
    if (hit && hit.expiresAt > now) return hit.value;
    // Concurrent misses share one load; a failed load is not kept.
    const value = load();
    entries.set(id, { value, expiresAt: now + this.ttlMs });
    value.catch(() => entries.delete(id));
    if (entries.size > 10_000) entries.delete(entries.keys().next().value as number);
    return value;
  }
}
