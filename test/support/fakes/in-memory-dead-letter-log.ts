import type { DeadLetterEntry, DeadLetterLog, InvoiceSource, RecordedDeadLetter } from "../../../src/application/ports/dead-letter-log.port";
import { OutageSwitch } from "./outage-switch";

const MAX_ERROR = 1000;

/**
 * DeadLetterLog in memory, with the adapter's rules: one dead letter per source message (its
 * error bounded), and a record answers every letter of those sources not yet marked sent, as
 * first recorded.
 */
export class InMemoryDeadLetterLog implements DeadLetterLog {
  readonly letters: (RecordedDeadLetter & { sent: boolean })[] = [];
  readonly outage = new OutageSwitch();

  async record(entries: readonly DeadLetterEntry[]): Promise<RecordedDeadLetter[]> {
    this.outage.check();
    for (const entry of entries) {
      if (this.letters.some((letter) => sourceKey(letter.source) === sourceKey(entry.source))) continue;
      this.letters.push({ ...entry, error: entry.error.slice(0, MAX_ERROR), source: { ...entry.source }, id: BigInt(this.letters.length + 1), sent: false });
    }
    const asked = new Set(entries.map((entry) => sourceKey(entry.source)));
    return this.letters.filter((letter) => !letter.sent && asked.has(sourceKey(letter.source))).map(({ sent: _sent, ...letter }) => letter);
  }

  async markSent(ids: readonly bigint[]): Promise<void> {
    this.outage.check();
    for (const letter of this.letters) if (ids.includes(letter.id)) letter.sent = true;
  }
}

function sourceKey(source: InvoiceSource): string {
  return `${source.topic}:${source.partition}:${source.offset}`;
}
