/** A coupon the COUPON distributor asks for: worth `value`, valid for `validForMs` from its issue. */
export interface CouponRequest {
  orderId: bigint;
  uId: string;
  awardId: string;
  name: string;
  value: string;
  validForMs: number;
}

export type IssuedCoupon =
  | { orderId: bigint; issued: true; couponId: string; expiresAt: Date }
  /** The issuer refused this coupon (an award-level failure: dead-lettered, compensated later). */
  | { orderId: bigint; issued: false; reason: string };

/** Where coupons come from (award_coupon here; a coupon service elsewhere). One answer per request. */
export interface CouponIssuer {
  issue(requests: readonly CouponRequest[]): Promise<IssuedCoupon[]>;
}
