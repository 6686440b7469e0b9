import type { AwardDistributor, AwardPorts, Distribution, GrantCandidate } from "../award-distributor";
import { AwardType } from "../award-type";

export interface CouponPolicy {
  /** How long a coupon stays valid from its grant, in days (fractions allowed). */
  validityDays: number;
}

export const DEFAULT_COUPON_POLICY: CouponPolicy = { validityDays: 30 };

// Days of 86,400 s: a calendar day would stretch or shrink across a daylight-saving change.
const DAY_MS = 86_400_000;

/** Issues a coupon worth the award's content, valid for the policy's days from the grant. */
export class CouponDistributor implements AwardDistributor {
  readonly awardType = AwardType.COUPON;
  private readonly validForMs: number;

  constructor(policy: CouponPolicy = DEFAULT_COUPON_POLICY) {
    if (!(policy.validityDays > 0) || !Number.isFinite(policy.validityDays)) {
      throw new RangeError(`coupon validity must be a positive number of days, got ${policy.validityDays}`);
    }
    this.validForMs = Math.round(policy.validityDays * DAY_MS);
  }

  async distribute(candidates: readonly GrantCandidate[], ports: AwardPorts): Promise<Distribution[]> {
    if (candidates.length === 0) return [];
    const issued = await ports.coupons.issue(
      candidates.map(({ order }) => ({
        orderId: order.orderId,
        uId: order.uId,
        awardId: order.awardId,
        name: order.awardName,
        value: order.awardContent,
        validForMs: this.validForMs,
      })),
    );
    const byOrder = new Map(issued.map((coupon) => [coupon.orderId, coupon]));
    return candidates.map(({ order }): Distribution => {
      const coupon = byOrder.get(order.orderId);
      if (!coupon) throw new Error(`the coupon issuer gave no answer for order ${order.orderId}`);
      if (!coupon.issued) return { orderId: order.orderId, kind: "REFUSED", reason: `coupon refused: ${coupon.reason}` };
      return {
        orderId: order.orderId,
        kind: "DELIVERED",
        deliveryRef: coupon.couponId,
        detail: { couponId: coupon.couponId, value: order.awardContent, expiresAt: coupon.expiresAt.toISOString() },
      };
    });
  }
}
