import type { DeadLetterReason } from "../ports/dead-letter-log.port";

/** A message of the dead-letter topic as it sits there: where, what, and why it was dead-lettered. */
export interface DeadLetter {
  partition: number;
  offset: string;
  key: string;
  value: string;
  orderId: string | undefined;
  messageId: string | undefined;
  error: string | undefined;
  attempts: string | undefined;
  reason: DeadLetterReason;
}

/** The dead-letter topic, read from its beginning up to its end at the time of the call. */
export interface DeadLetterStore {
  /** The dead-letter topic's name, for messages to an operator. */
  readonly topic: string;
  readAll(): Promise<DeadLetter[]>;
}

/** Where a dead letter sits, the key of its replay record. */
export interface DeadLetterPosition {
  partition: number;
  offset: string;
  orderId?: string;
}

/** Which dead letters a replay has sent back, so that none is sent back twice. */
export interface DeadLetterReplayLog {
  /** The keys (`partition:offset`, see positionKey) of those among `letters` that were replayed. */
  replayedAmong(letters: readonly DeadLetterPosition[]): Promise<Set<string>>;
  record(letters: readonly DeadLetterPosition[]): Promise<void>;
}

/** Sends dead letters back to the invoice topic, as they were (key, value, message-id). */
export interface DeadLetterResender {
  /** The invoice topic they go back to. */
  readonly topic: string;
  resend(letters: readonly DeadLetter[]): Promise<void>;
}

export function positionKey(letter: { partition: number; offset: string }): string {
  return `${letter.partition}:${letter.offset}`;
}
