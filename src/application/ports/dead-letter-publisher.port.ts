import type { RecordedDeadLetter } from "./dead-letter-log.port";

/** A message of lottery_invoice as it was read: the dead letter carries it unchanged. */
export interface RawInvoice {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Sends dead letters to lottery_invoice.dlq with their reason, error and attempts in headers. */
export interface DeadLetterPublisher {
  publish(letters: readonly { letter: RecordedDeadLetter; message: RawInvoice }[]): Promise<void>;
}
