import type { RedeemCodeCounts, RedeemCodeInventory, RedeemCodePoolKey } from "../../application/ports/redeem-code-inventory.port";
import type { Queryable } from "./queryable";

/**
 * award_redeem_code, from the operator's side. The unique key (strategy_id, award_id, code) is what
 * makes an import idempotent: ON CONFLICT DO NOTHING skips a code the pool holds, and a code twice
 * in one batch (the second conflicts with the first), so racing imports never add a code twice.
 */
export class PgRedeemCodeInventory implements RedeemCodeInventory {
  constructor(private readonly db: Queryable) {}

  async add(pool: RedeemCodePoolKey, codes: readonly string[]): Promise<number> {
    if (codes.length === 0) return 0;
    // WITH ORDINALITY ... ORDER BY: ids follow the file, so the pool hands codes out in file order.
    const { rowCount } = await this.db.query({
      name: "redeem-code-import",
      text: `INSERT INTO award_redeem_code (strategy_id, award_id, code)
             SELECT $1::bigint, $2::varchar, c FROM unnest($3::varchar[]) WITH ORDINALITY AS i(c, n) ORDER BY n
             ON CONFLICT (strategy_id, award_id, code) DO NOTHING`,
      values: [pool.strategyId, pool.awardId, codes],
    });
    return rowCount ?? 0;
  }

  async count(pool: RedeemCodePoolKey): Promise<RedeemCodeCounts> {
    const { rows } = await this.db.query<{ total: string; used: string }>({
      name: "redeem-code-count",
      text: `SELECT count(*)::text AS total, count(order_id)::text AS used FROM award_redeem_code
             WHERE strategy_id = $1::bigint AND award_id = $2::varchar`,
      values: [pool.strategyId, pool.awardId],
    });
    return { total: Number(rows[0].total), used: Number(rows[0].used) };
  }
}
