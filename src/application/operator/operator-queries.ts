import type { DrawOrder } from "../../domain/award/draw-order.entity";
import type { OutboxRepository } from "../../domain/award/outbox.repository";
import type { DeadLetterReason } from "../ports/dead-letter-log.port";
import { positionKey, type DeadLetter, type DeadLetterReplayLog, type DeadLetterStore } from "./dead-letter-store.port";
import type { ActivitySummary, ActivitySummaryReader, ConsumerLagReader, PartitionLag } from "./operator-reports.port";

export interface ListedDeadLetter extends DeadLetter {
  replayed: boolean;
}

/**
 * What an operator reads during a campaign, for the CLI and the console alike: activity counts,
 * stuck invoices, consumer lag and the dead letters with whether each was replayed.
 */
export class OperatorQueries {
  constructor(
    private readonly summariesReader: ActivitySummaryReader,
    private readonly outbox: OutboxRepository,
    private readonly lagReader: ConsumerLagReader,
    private readonly deadLetters: DeadLetterStore,
    private readonly replays: DeadLetterReplayLog,
    /** An INIT order older than this is stuck (SCANNER_STALE_AFTER_MS). */
    private readonly staleAfterMs: number,
  ) {}

  summary(): Promise<ActivitySummary[]> {
    return this.summariesReader.summaries();
  }

  /** The oldest `limit` stuck orders, and how many are stuck in all. */
  stuck(limit: number): Promise<{ orders: DrawOrder[]; total: number }> {
    return this.outbox.listStuck(limit, this.staleAfterMs);
  }

  async consumerLag(): Promise<{ groupId: string; topic: string; partitions: PartitionLag[]; total: number }> {
    const partitions = (await this.lagReader.lag()).sort((a, b) => a.partition - b.partition);
    return { groupId: this.lagReader.groupId, topic: this.lagReader.topic, partitions, total: partitions.reduce((sum, p) => sum + p.lag, 0) };
  }

  async listDeadLetters(reason?: DeadLetterReason): Promise<{ topic: string; letters: ListedDeadLetter[] }> {
    const letters = (await this.deadLetters.readAll()).filter((l) => reason === undefined || l.reason === reason);
    const replayed = await this.replays.replayedAmong(letters);
    return { topic: this.deadLetters.topic, letters: letters.map((l) => ({ ...l, replayed: replayed.has(positionKey(l)) })) };
  }
}
