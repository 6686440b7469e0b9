import type { Pool, PoolClient } from "pg";
import type { AwardDistributor, GrantOutcome, GrantRequest } from "../../domain/award/award-distributor";
import { AwardType } from "../../domain/award/award-type";
import { grantOnce, insertWithFreshToken, randomBase32, type EffectResult, type GrantEffect, type LockedOrder } from "./grant-transaction";

export interface CouponOptions {
  /** How long a coupon stays valid from its grant, in days (fractions allowed). Default 30. */
  validityDays?: number;
}

const DEFAULT_VALIDITY_DAYS = 30;

/** Issues a coupon (award_coupon): worth what the award's content says, valid for `validityDays` from the grant. */
export class CouponDistributor implements AwardDistributor, GrantEffect {
  readonly awardType = AwardType.COUPON;
  private readonly validityDays: number;

  constructor(
    private readonly pool: Pool,
    options: CouponOptions = {},
  ) {
    this.validityDays = options.validityDays ?? DEFAULT_VALIDITY_DAYS;
    if (!(this.validityDays > 0) || !Number.isFinite(this.validityDays)) {
      throw new RangeError(`coupon validity must be a positive number of days, got ${options.validityDays}`);
    }
  }

  grant(request: GrantRequest): Promise<GrantOutcome> {
    return grantOnce(this.pool, request, this);
  }

  async apply(client: PoolClient, order: LockedOrder): Promise<EffectResult> {
    const coupon = await insertWithFreshToken(
      "coupon id",
      () => `CPN-${randomBase32(20)}`,
      async (couponId) => {
        // Expiry by the database clock, like every other timestamp of the grant. Days of 86400 s:
        // a calendar day would stretch or shrink across a daylight-saving change of the session zone.
        const { rows } = await client.query<{ coupon_id: string; expires_at: Date }>({
          name: "coupon-issue",
          text: `INSERT INTO award_coupon (coupon_id, order_id, u_id, award_id, name, value, expires_at)
                 VALUES ($1::varchar, $2::bigint, $3::varchar, $4::varchar, $5::varchar, $6::varchar, now() + $7::float8 * interval '86400 seconds')
                 ON CONFLICT (coupon_id) DO NOTHING RETURNING coupon_id, expires_at`,
          values: [couponId, order.orderId, order.uId, order.awardId, order.awardName, order.awardContent, this.validityDays],
        });
        return rows[0];
      },
    );
    return {
      deliveryRef: coupon.coupon_id,
      detail: { couponId: coupon.coupon_id, value: order.awardContent, expiresAt: coupon.expires_at.toISOString() },
      complete: true,
    };
  }
}
