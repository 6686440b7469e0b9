import type { DeadLetterEntry, DeadLetterLog, DeadLetterReason, RecordedDeadLetter } from "../../application/ports/dead-letter-log.port";
import type { Queryable } from "./queryable";

interface DeadLetterRow {
  id: string;
  source_topic: string;
  source_partition: number;
  source_offset: string;
  order_id: string | null;
  reason: DeadLetterReason;
  error: string;
  attempts: number;
}

const MAX_ERROR = 1000;

/** invoice_dead_letter: one row per dead-lettered message of lottery_invoice. */
export class PgDeadLetterLog implements DeadLetterLog {
  constructor(private readonly db: Queryable) {}

  async record(entries: readonly DeadLetterEntry[]): Promise<RecordedDeadLetter[]> {
    if (entries.length === 0) return [];
    const topics = entries.map((e) => e.source.topic);
    const partitions = entries.map((e) => e.source.partition);
    const offsets = entries.map((e) => e.source.offset);
    // A message that comes back keeps the row of its first time: same reason, same attempts.
    await this.db.query({
      name: "dead-letter-record",
      text: `INSERT INTO invoice_dead_letter (source_topic, source_partition, source_offset, order_id, reason, error, attempts)
             SELECT * FROM unnest($7::varchar[], $1::int[], $2::bigint[], $3::bigint[], $4::varchar[], $5::varchar[], $6::int[])
             ON CONFLICT (source_topic, source_partition, source_offset) DO NOTHING`,
      values: [
        partitions,
        offsets,
        entries.map((e) => (e.orderId === null ? null : String(e.orderId))),
        entries.map((e) => e.reason),
        entries.map((e) => e.error.slice(0, MAX_ERROR)),
        entries.map((e) => e.attempts),
        topics,
      ],
    });
    const { rows } = await this.db.query<DeadLetterRow>({
      // Unnamed: planned at each run, for the table as it is then (pg-query.ts).
      text: `SELECT d.id::text, d.source_topic, d.source_partition, d.source_offset::text, d.order_id::text, d.reason, d.error, d.attempts
             FROM invoice_dead_letter d JOIN unnest($1::varchar[], $2::int[], $3::bigint[]) AS s(t, p, o)
               ON d.source_topic = s.t AND d.source_partition = s.p AND d.source_offset = s.o
             WHERE d.sent_at IS NULL`,
      values: [topics, partitions, offsets],
    });
    return rows.map((row) => ({
      id: BigInt(row.id),
      source: { topic: row.source_topic, partition: row.source_partition, offset: row.source_offset },
      orderId: row.order_id === null ? null : BigInt(row.order_id),
      reason: row.reason,
      error: row.error,
      attempts: row.attempts,
    }));
  }

  async markSent(ids: readonly bigint[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query({
      // Unnamed: planned at each run, for the table as it is then (pg-query.ts).
      text: "UPDATE invoice_dead_letter SET sent_at = now() WHERE id = ANY($1::bigint[]) AND sent_at IS NULL",
      values: [ids.map(String)],
    });
  }
}
