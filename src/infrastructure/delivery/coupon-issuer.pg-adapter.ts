import type { CouponIssuer, CouponRequest, IssuedCoupon } from "../../domain/award/coupon-issuer.port";
import type { Queryable } from "../persistence/queryable";
import { randomBase32 } from "./random-token";

const ATTEMPTS = 3;

/**
 * Issues coupons into award_coupon, on the grant's transaction, many in one statement. The
 * expiry is by the database clock, like every other time the grant writes. This issuer refuses
 * nothing; an external coupon service behind the same port may.
 */
export class PgCouponIssuer implements CouponIssuer {
  constructor(private readonly db: Queryable) {}

  async issue(requests: readonly CouponRequest[]): Promise<IssuedCoupon[]> {
    const issued: IssuedCoupon[] = [];
    let pending = [...requests];
    // 100 random bits per id: a second round is already a curiosity.
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > ATTEMPTS) throw new Error(`could not find a free coupon id in ${ATTEMPTS} random attempts`);
      const ids = pending.map(() => `CPN-${randomBase32(20)}`);
      const { rows } = await this.db.query<{ order_id: string; coupon_id: string; expires_at: Date }>({
        name: "coupon-issue-many",
        text: `INSERT INTO award_coupon (coupon_id, order_id, u_id, award_id, name, value, expires_at)
               SELECT c, o, u, a, n, v, now() + ms * interval '1 millisecond'
               FROM unnest($1::varchar[], $2::bigint[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[], $7::float8[]) AS x(c, o, u, a, n, v, ms)
               ON CONFLICT (coupon_id) DO NOTHING RETURNING order_id::text, coupon_id, expires_at`,
        values: [
          ids,
          pending.map((r) => String(r.orderId)),
          pending.map((r) => r.uId),
          pending.map((r) => r.awardId),
          pending.map((r) => r.name),
          pending.map((r) => r.value),
          pending.map((r) => r.validForMs),
        ],
      });
      const done = new Set<bigint>();
      for (const row of rows) {
        const orderId = BigInt(row.order_id);
        done.add(orderId);
        issued.push({ orderId, issued: true, couponId: row.coupon_id, expiresAt: row.expires_at });
      }
      pending = pending.filter((r) => !done.has(r.orderId));
    }
    return issued;
  }
}
