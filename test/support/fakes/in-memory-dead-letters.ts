import {
  positionKey,
  type DeadLetter,
  type DeadLetterPosition,
  type DeadLetterReplayLog,
  type DeadLetterResender,
  type DeadLetterStore,
} from "../../../src/application/operator/dead-letter-store.port";
import type { DeadLetterReason } from "../../../src/application/ports/dead-letter-log.port";

/** The dead-letter topic in memory: letters are added by the test, at increasing offsets of partition 0. */
export class InMemoryDeadLetterStore implements DeadLetterStore {
  readonly topic = "lottery_invoice.dlq";
  readonly letters: DeadLetter[] = [];
  reads = 0;

  add(orderId: string | undefined, reason: DeadLetterReason = "failed"): DeadLetter {
    const letter: DeadLetter = {
      partition: 0,
      offset: String(this.letters.length),
      key: `user-${orderId}`,
      value: JSON.stringify({ orderId }),
      orderId,
      messageId: orderId,
      error: reason === "failed" ? "distributor down" : "no order with this orderId",
      attempts: "3",
      reason,
    };
    this.letters.push(letter);
    return letter;
  }

  async readAll(): Promise<DeadLetter[]> {
    this.reads++;
    return [...this.letters];
  }
}

/** invoice_dead_letter_replay in memory. */
export class InMemoryDeadLetterReplayLog implements DeadLetterReplayLog {
  readonly recorded = new Set<string>();

  async replayedAmong(letters: readonly DeadLetterPosition[]): Promise<Set<string>> {
    return new Set(letters.map(positionKey).filter((key) => this.recorded.has(key)));
  }

  async record(letters: readonly DeadLetterPosition[]): Promise<void> {
    for (const letter of letters) this.recorded.add(positionKey(letter));
  }
}

/** Keeps what it was asked to send back; `failAfter` sends that many batches, then fails like a broker that went away. */
export class RecordingDeadLetterResender implements DeadLetterResender {
  readonly topic = "lottery_invoice";
  readonly batches: DeadLetter[][] = [];
  failAfter = Number.POSITIVE_INFINITY;

  async resend(letters: readonly DeadLetter[]): Promise<void> {
    if (this.batches.length >= this.failAfter) throw new Error("broker away");
    this.batches.push([...letters]);
  }

  get sentOrderIds(): (string | undefined)[] {
    return this.batches.flat().map((l) => l.orderId);
  }
}
