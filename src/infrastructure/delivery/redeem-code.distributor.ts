import type { Pool, PoolClient } from "pg";
import type { AwardDistributor, GrantOutcome, GrantRequest } from "../../domain/award/award-distributor";
import { AwardType } from "../../domain/award/award-type";
import { grantOnce, insertWithFreshToken, randomBase32, type EffectResult, type GrantEffect, type LockedOrder } from "./grant-transaction";

/** Length of a generated code: 16 base32 characters, 80 random bits. */
const GENERATED_CODE_LENGTH = 16;

/**
 * Hands out a redeem code from the award's pool (award_redeem_code, per strategy and award), or
 * generates one when the pool has no free code left. A code goes to one order only: a pool code
 * is claimed with SKIP LOCKED (racing grants take different codes instead of queueing on one),
 * and order_id and (strategy_id, award_id, code) are unique.
 */
export class RedeemCodeDistributor implements AwardDistributor, GrantEffect {
  readonly awardType = AwardType.REDEEM_CODE;

  constructor(private readonly pool: Pool) {}

  grant(request: GrantRequest): Promise<GrantOutcome> {
    return grantOnce(this.pool, request, this);
  }

  async apply(client: PoolClient, order: LockedOrder): Promise<EffectResult> {
    const fromPool = await client.query<{ code: string }>({
      name: "redeem-code-claim",
      text: `UPDATE award_redeem_code SET order_id = $3::bigint, u_id = $4::varchar, assigned_at = now()
             WHERE id = (SELECT id FROM award_redeem_code
                         WHERE strategy_id = $1::bigint AND award_id = $2::varchar AND order_id IS NULL
                         ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
             RETURNING code`,
      values: [order.strategyId, order.awardId, order.orderId, order.uId],
    });
    if (fromPool.rows[0]) return codeResult(fromPool.rows[0].code, "POOL");

    const generated = await insertWithFreshToken(
      "redeem code",
      () => randomBase32(GENERATED_CODE_LENGTH),
      async (code) => {
        const { rows } = await client.query<{ code: string }>({
          name: "redeem-code-generate",
          text: `INSERT INTO award_redeem_code (strategy_id, award_id, code, order_id, u_id, assigned_at)
                 VALUES ($1::bigint, $2::varchar, $3::varchar, $4::bigint, $5::varchar, now())
                 ON CONFLICT (strategy_id, award_id, code) DO NOTHING RETURNING code`,
          values: [order.strategyId, order.awardId, code, order.orderId, order.uId],
        });
        return rows[0]?.code;
      },
    );
    return codeResult(generated, "GENERATED");
  }
}

function codeResult(code: string, source: "POOL" | "GENERATED"): EffectResult {
  return { deliveryRef: code, detail: { code, source }, complete: true };
}
