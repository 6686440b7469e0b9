/** Why a message went to the dead-letter topic; carried as its x-reason header and filtered on by `dlq list`. */
export type DeadLetterReason = "malformed" | "unknown_order" | "failed";

export const DEAD_LETTER_REASONS: readonly DeadLetterReason[] = ["malformed", "unknown_order", "failed"];

/** Where a message of lottery_invoice was read. */
export interface InvoiceSource {
  topic: string;
  partition: number;
  offset: string;
}

export interface DeadLetterEntry {
  source: InvoiceSource;
  orderId: bigint | null;
  reason: DeadLetterReason;
  error: string;
  attempts: number;
}

export interface RecordedDeadLetter extends DeadLetterEntry {
  id: bigint;
}

/**
 * What the consumer dead-lettered, kept in the database before the dead-letter send, so that a
 * message that comes back (its offset was not committed) is not dead-lettered twice.
 */
export interface DeadLetterLog {
  /**
   * Records each entry once per source message; returns the dead letters of these sources that
   * are not on the topic yet (the new ones, and any whose earlier send did not finish), as first
   * recorded.
   */
  record(entries: readonly DeadLetterEntry[]): Promise<RecordedDeadLetter[]>;
  /** These dead letters are on the topic now. */
  markSent(ids: readonly bigint[]): Promise<void>;
}
