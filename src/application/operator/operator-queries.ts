import type { DrawOrder, GrantState } from "../../domain/award/draw-order.entity";
import type { OutboxRepository } from "../../domain/award/outbox.repository";
import type { ActivityStock } from "../ports/activity-stock.port";
import type { DeadLetterReason } from "../ports/dead-letter-log.port";
import { positionKey, type DeadLetter, type DeadLetterReplayLog, type DeadLetterStore } from "./dead-letter-store.port";
import type { ActivitySummary, ActivitySummaryReader, ConsumerLagReader, OrderGrantStates, PartitionLag } from "./operator-reports.port";

export interface ListedDeadLetter extends DeadLetter {
  replayed: boolean;
  /** Where its order stands now; undefined when the order is unknown (or the letter names none). */
  grantState: GrantState | undefined;
}

export interface LiveActivitySummary extends ActivitySummary {
  /** Units a draw can still take: the live stock when it is tracked, else the stored surplus. */
  stockLeft: number;
  live: boolean;
}

export interface OperatorReadModels {
  summaries: ActivitySummaryReader;
  outbox: OutboxRepository;
  lag: ConsumerLagReader;
  deadLetters: DeadLetterStore;
  replays: DeadLetterReplayLog;
  grantStates: OrderGrantStates;
  /** The live stock; absent in the CLI, which shows the stored surplus. */
  stock?: ActivityStock;
}

/**
 * What an operator reads during a campaign, for the CLI and the console alike: activity counts,
 * stuck invoices, consumer lag and the dead letters with whether each was replayed.
 */
export class OperatorQueries {
  constructor(
    private readonly reads: OperatorReadModels,
    /** An INIT order older than this is stuck (SCANNER_STALE_AFTER_MS). */
    private readonly staleAfterMs: number,
  ) {}

  summary(): Promise<ActivitySummary[]> {
    return this.reads.summaries.summaries();
  }

  /** The summary with each activity's live stock, which moves with every draw (the stored surplus lags by a reconcile). */
  async liveSummary(): Promise<LiveActivitySummary[]> {
    const rows = await this.reads.summaries.summaries();
    const stock = this.reads.stock;
    return Promise.all(
      rows.map(async (row) => {
        // A display: with the live store away the stored surplus, at most one reconcile old, is the best answer.
        const view = stock ? await stock.view(row.activityId).catch(() => null) : null;
        return view ? { ...row, stockLeft: Math.max(0, view.next + view.free), live: true } : { ...row, stockLeft: row.stockSurplusCount, live: false };
      }),
    );
  }

  /** The oldest `limit` stuck orders, and how many are stuck in all. */
  stuck(limit: number): Promise<{ orders: DrawOrder[]; total: number }> {
    return this.reads.outbox.listStuck(limit, this.staleAfterMs);
  }

  async consumerLag(): Promise<{ groupId: string; topic: string; partitions: PartitionLag[]; total: number }> {
    const { lag } = this.reads;
    const partitions = (await lag.lag()).sort((a, b) => a.partition - b.partition);
    return { groupId: lag.groupId, topic: lag.topic, partitions, total: partitions.reduce((sum, p) => sum + p.lag, 0) };
  }

  async listDeadLetters(reason?: DeadLetterReason): Promise<{ topic: string; letters: ListedDeadLetter[] }> {
    const letters = (await this.reads.deadLetters.readAll()).filter((l) => reason === undefined || l.reason === reason);
    const replayed = await this.reads.replays.replayedAmong(letters);
    const orderIds = [...new Set(letters.map((l) => l.orderId).filter((id): id is string => id !== undefined && /^\d{1,19}$/.test(id)))];
    const states = await this.reads.grantStates.grantStates(orderIds.map(BigInt));
    return {
      topic: this.reads.deadLetters.topic,
      letters: letters.map((l) => ({
        ...l,
        replayed: replayed.has(positionKey(l)),
        grantState: l.orderId !== undefined && /^\d{1,19}$/.test(l.orderId) ? states.get(BigInt(l.orderId)) : undefined,
      })),
    };
  }
}
