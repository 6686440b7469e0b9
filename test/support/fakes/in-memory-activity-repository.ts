import { Activity } from "../../../src/domain/activity/activity.entity";
import { ActivityState } from "../../../src/domain/activity/activity-state";
import type { ActivityPage, ActivityRepository, DeployOutcome, TimedMoves } from "../../../src/domain/activity/activity.repository";
import type { Strategy } from "../../../src/domain/strategy/strategy.entity";
import { OutageSwitch } from "./outage-switch";

/**
 * ActivityRepository in memory, with the Prisma adapter's rules (test/contract/activity.contract.ts
 * runs against both): deploy never overwrites and names the strategy first when both exist (the
 * adapter inserts the strategy first), lists by activity id, and every state move is a
 * compare-and-set on the stored state. Reads hand out copies, as rows read again would be.
 */
export class InMemoryActivityRepository implements ActivityRepository {
  private readonly activities = new Map<number, Activity>();
  private readonly strategies = new Map<number, Strategy>();
  readonly outage = new OutageSwitch();

  async deploy(activity: Activity, strategy: Strategy): Promise<DeployOutcome> {
    this.outage.check();
    const strategyTaken = this.strategies.has(strategy.strategyId) || [...this.activities.values()].some((a) => a.strategyId === strategy.strategyId);
    if (this.activities.has(activity.activityId)) return "ACTIVITY_EXISTS";
    if (strategyTaken) return "STRATEGY_EXISTS";
    this.strategies.set(strategy.strategyId, strategy);
    this.activities.set(activity.activityId, Activity.restore(activity.toProps()));
    return "DEPLOYED";
  }

  async findActivity(activityId: number): Promise<Activity | null> {
    this.outage.check();
    const stored = this.activities.get(activityId);
    return stored ? Activity.restore(stored.toProps()) : null;
  }

  async findStrategy(strategyId: number): Promise<Strategy | null> {
    this.outage.check();
    return this.strategies.get(strategyId) ?? null;
  }

  async list(query: { page: number; size: number; state?: ActivityState }): Promise<ActivityPage> {
    this.outage.check();
    const matching = [...this.activities.values()].filter((a) => query.state === undefined || a.state === query.state).sort((a, b) => a.activityId - b.activityId);
    const from = (query.page - 1) * query.size;
    return { items: matching.slice(from, from + query.size).map((a) => Activity.restore(a.toProps())), total: matching.length };
  }

  async compareAndSetState(activityId: number, from: ActivityState, to: ActivityState): Promise<boolean> {
    this.outage.check();
    const stored = this.activities.get(activityId);
    if (!stored || stored.state !== from) return false;
    this.activities.set(activityId, Activity.restore({ ...stored.toProps(), state: to }));
    return true;
  }

  async advanceByTime(now: Date): Promise<TimedMoves> {
    this.outage.check();
    const moves: TimedMoves = { started: [], closed: [] };
    // Two passes like the adapter's two statements: an activity started now is not closed by the same call.
    for (const a of this.activities.values()) {
      const { beginAt, endAt } = a.toProps();
      if (a.state === ActivityState.PASS && beginAt <= now && endAt > now && (await this.compareAndSetState(a.activityId, ActivityState.PASS, ActivityState.DOING))) moves.started.push(a.activityId);
    }
    for (const a of this.activities.values()) {
      if (a.state === ActivityState.DOING && a.toProps().endAt < now && (await this.compareAndSetState(a.activityId, ActivityState.DOING, ActivityState.CLOSE))) moves.closed.push(a.activityId);
    }
    return moves;
  }

  /** Puts an activity in `state` directly, as an operator's earlier moves would have left it. */
  force(activityId: number, state: ActivityState): void {
    const stored = this.activities.get(activityId);
    if (!stored) throw new Error(`no activity ${activityId}`);
    this.activities.set(activityId, Activity.restore({ ...stored.toProps(), state }));
  }
}
