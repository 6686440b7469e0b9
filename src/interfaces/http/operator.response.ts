import type { ListedDeadLetter, LiveActivitySummary } from "../../application/operator/operator-queries";
import type { ReplayOutcome } from "../../application/operator/replay-dead-letters.use-case";
import { ActivityState, allowedActivityActions } from "../../domain/activity/activity-state";
import { GrantState, OrderProgress, type DrawOrder } from "../../domain/award/draw-order.entity";

export function summaryJson(rows: LiveActivitySummary[]) {
  return {
    items: rows.map((r) => ({
      activityId: r.activityId,
      name: r.name,
      state: ActivityState[r.state],
      actions: allowedActivityActions(r.state),
      stockCount: r.stockCount,
      stockSurplusCount: r.stockSurplusCount,
      stockLeft: r.stockLeft,
      liveStock: r.live,
      takes: r.takes,
      wins: r.wins,
      granted: r.granted,
      pending: r.pending,
      failed: r.failed,
    })),
  };
}

export function stuckJson({ orders, total }: { orders: DrawOrder[]; total: number }) {
  return {
    total,
    items: orders.map((order) => {
      const o = order.toProps();
      return { orderId: o.orderId.toString(), uId: o.uId, activityId: o.activityId, awardName: o.awardName, mqState: OrderProgress[o.mqState], createdAt: o.createdAt.toISOString() };
    }),
  };
}

export function deadLettersJson({ topic, letters }: { topic: string; letters: ListedDeadLetter[] }) {
  return {
    topic,
    total: letters.length,
    replayed: letters.filter((l) => l.replayed).length,
    items: letters.map((l) => ({
      partition: l.partition,
      offset: l.offset,
      orderId: l.orderId ?? null,
      key: l.key,
      value: l.value,
      reason: l.reason,
      error: l.error ?? null,
      attempts: l.attempts !== undefined && /^\d+$/.test(l.attempts) ? Number(l.attempts) : null,
      replayed: l.replayed,
      grantState: l.grantState === undefined ? null : GrantState[l.grantState],
    })),
  };
}

export function replayJson({ letters, skipped, from, to }: ReplayOutcome) {
  return {
    from,
    to,
    replayed: letters.length,
    skipped,
    items: letters.map((l) => ({ partition: l.partition, offset: l.offset, orderId: l.orderId ?? null })),
  };
}
