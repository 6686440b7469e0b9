import type { DeadLetterReason } from "../ports/dead-letter-log.port";
import { positionKey, type DeadLetter, type DeadLetterReplayLog, type DeadLetterResender, type DeadLetterStore } from "./dead-letter-store.port";

export interface ReplayFilter {
  /** Only this order's dead letters. */
  orderId?: string;
  reason?: DeadLetterReason;
  /** Find what would be sent, send nothing. */
  dryRun?: boolean;
}

export interface ReplayOutcome {
  /** Sent back now (or, on a dry run, what would be). */
  letters: DeadLetter[];
  /** Matched the filter but were replayed before, so not sent again. */
  skipped: number;
  /** The dead-letter topic read, and the invoice topic they went back to. */
  from: string;
  to: string;
}

/** Chunks of this many letters are sent, then recorded, so a long replay survives a crash in between. */
const CHUNK = 100;

/**
 * Sends dead letters not replayed yet back to the invoice topic, where the consumer grants them
 * like any invoice (delivery is idempotent per order). Each replay is recorded after its send: a
 * crash in between replays those again next time, which delivery absorbs.
 */
export class ReplayDeadLettersUseCase {
  constructor(
    private readonly deadLetters: DeadLetterStore,
    private readonly replays: DeadLetterReplayLog,
    private readonly resender: DeadLetterResender,
  ) {}

  /** `null` when an orderId was asked for and no dead letter has it. */
  async execute(filter: ReplayFilter, onSent: (count: number, total: number) => void = () => undefined): Promise<ReplayOutcome | null> {
    const matching = (await this.deadLetters.readAll()).filter(
      (l) => (filter.orderId === undefined || l.orderId === filter.orderId) && (filter.reason === undefined || l.reason === filter.reason),
    );
    if (matching.length === 0 && filter.orderId !== undefined) return null;
    const replayed = await this.replays.replayedAmong(matching);
    const letters = matching.filter((l) => !replayed.has(positionKey(l)));
    const outcome = { letters, skipped: matching.length - letters.length, from: this.deadLetters.topic, to: this.resender.topic };
    if (filter.dryRun) return outcome;
    for (let i = 0; i < letters.length; i += CHUNK) {
      const chunk = letters.slice(i, i + CHUNK);
      await this.resender.resend(chunk);
      await this.replays.record(chunk);
      onSent(chunk.length, letters.length);
    }
    return outcome;
  }
}
