import type { CodeRecipient, RedeemCodePool } from "../../domain/award/redeem-code-pool.port";
import type { Queryable } from "../persistence/queryable";

// The n oldest free codes, locked with SKIP LOCKED (racing grants take different codes instead
// of queueing on one), paired by rank with the recipients in the order they were given.
const HAND_OUT_FREE = `
  WITH free AS MATERIALIZED (
    SELECT id FROM award_redeem_code
    WHERE strategy_id = $1::bigint AND award_id = $2::varchar AND order_id IS NULL
    ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED
  ), ranked AS (
    SELECT id, row_number() OVER (ORDER BY id) AS n FROM free
  ), wanted AS (
    SELECT o, u, n FROM unnest($4::bigint[], $5::varchar[]) WITH ORDINALITY AS w(o, u, n)
  )
  UPDATE award_redeem_code c SET order_id = wanted.o, u_id = wanted.u, assigned_at = now()
  FROM ranked JOIN wanted USING (n)
  WHERE c.id = ranked.id
  RETURNING c.order_id::text, c.code`;

/** award_redeem_code, on the grant's transaction. order_id and (strategy_id, award_id, code) are unique. */
export class PgRedeemCodePool implements RedeemCodePool {
  constructor(private readonly db: Queryable) {}

  async handOutFree(strategyId: number, awardId: string, recipients: readonly CodeRecipient[]): Promise<Map<bigint, string>> {
    if (recipients.length === 0) return new Map();
    const { rows } = await this.db.query<{ order_id: string; code: string }>({
      name: "redeem-code-hand-out",
      text: HAND_OUT_FREE,
      values: [strategyId, awardId, recipients.length, recipients.map((r) => String(r.orderId)), recipients.map((r) => r.uId)],
    });
    return new Map(rows.map((row) => [BigInt(row.order_id), row.code]));
  }

  async assignGenerated(strategyId: number, awardId: string, codes: ReadonlyMap<bigint, { uId: string; code: string }>): Promise<Set<bigint>> {
    if (codes.size === 0) return new Set();
    const entries = [...codes];
    const { rows } = await this.db.query<{ order_id: string }>({
      name: "redeem-code-assign-generated",
      text: `INSERT INTO award_redeem_code (strategy_id, award_id, code, order_id, u_id, assigned_at)
             SELECT $1::bigint, $2::varchar, c, o, u, now() FROM unnest($3::varchar[], $4::bigint[], $5::varchar[]) AS g(c, o, u)
             ON CONFLICT (strategy_id, award_id, code) DO NOTHING RETURNING order_id::text`,
      values: [strategyId, awardId, entries.map(([, e]) => e.code), entries.map(([orderId]) => String(orderId)), entries.map(([, e]) => e.uId)],
    });
    const inserted = new Set(rows.map((row) => BigInt(row.order_id)));
    return new Set(entries.map(([orderId]) => orderId).filter((orderId) => !inserted.has(orderId)));
  }
}
