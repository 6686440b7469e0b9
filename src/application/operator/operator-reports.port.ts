import type { ActivityState } from "../../domain/activity/activity-state";
import type { GrantState } from "../../domain/award/draw-order.entity";

/** One activity as an operator watches it during a campaign (`lottery summary`, the console). */
export interface ActivitySummary {
  activityId: number;
  name: string;
  state: ActivityState;
  stockCount: number;
  /** The stored surplus, brought in line with the live stock by the stock reconciler. */
  stockSurplusCount: number;
  /** Draws taken (take rows), won or lost. */
  takes: number;
  wins: number;
  granted: number;
  /** Won and not granted yet, PHYSICAL prizes waiting for their address included. */
  pending: number;
  failed: number;
}

/** Read model of the activities' draw and delivery counts, across the whole table. */
export interface ActivitySummaryReader {
  summaries(): Promise<ActivitySummary[]>;
}

/** Messages of the invoice topic the consumer group has not committed yet, per partition. */
export interface PartitionLag {
  partition: number;
  lag: number;
}

export interface ConsumerLagReader {
  /** The group and topic it reports on, so an operator knows what the numbers are about. */
  readonly groupId: string;
  readonly topic: string;
  lag(): Promise<PartitionLag[]>;
}

/** Where the orders named by dead letters stand now, so a replay can be seen to have granted them. */
export interface OrderGrantStates {
  /** Orders that do not exist are absent from the map. */
  grantStates(orderIds: readonly bigint[]): Promise<Map<bigint, GrantState>>;
}
