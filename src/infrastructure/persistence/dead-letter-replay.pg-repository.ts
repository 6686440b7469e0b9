import type { DeadLetterPosition, DeadLetterReplayLog } from "../../application/operator/dead-letter-store.port";
import type { Queryable } from "./queryable";

/** invoice_dead_letter_replay: the dead letters a replay has sent back, so that none is replayed twice. */
export class PgDeadLetterReplays implements DeadLetterReplayLog {
  /** `topic`: the dead-letter topic the positions are in. */
  constructor(
    private readonly db: Queryable,
    private readonly topic: string,
  ) {}

  /** The keys (`partition:offset`) of those among `letters` that were replayed. */
  async replayedAmong(letters: readonly DeadLetterPosition[]): Promise<Set<string>> {
    if (letters.length === 0) return new Set();
    const { rows } = await this.db.query<{ key: string }>(
      `SELECT r.dlq_partition || ':' || r.dlq_offset AS key
       FROM invoice_dead_letter_replay r JOIN unnest($2::int[], $3::bigint[]) AS l(p, o) ON r.dlq_partition = l.p AND r.dlq_offset = l.o
       WHERE r.dlq_topic = $1`,
      [this.topic, letters.map((l) => l.partition), letters.map((l) => l.offset)],
    );
    return new Set(rows.map((row) => row.key));
  }

  async record(letters: readonly DeadLetterPosition[]): Promise<void> {
    if (letters.length === 0) return;
    await this.db.query(
      `INSERT INTO invoice_dead_letter_replay (dlq_topic, dlq_partition, dlq_offset, order_id)
       SELECT $1, p, o, id FROM unnest($2::int[], $3::bigint[], $4::bigint[]) AS l(p, o, id) ON CONFLICT DO NOTHING`,
      [this.topic, letters.map((l) => l.partition), letters.map((l) => l.offset), letters.map((l) => (l.orderId && /^\d{1,19}$/.test(l.orderId) ? l.orderId : null))],
    );
  }
}
