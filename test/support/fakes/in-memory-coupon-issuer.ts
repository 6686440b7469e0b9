import type { CouponIssuer, CouponRequest, IssuedCoupon } from "../../../src/domain/award/coupon-issuer.port";

/** A coupon issuer in memory with a fixed clock; it can be told to refuse some orders' coupons. */
export class InMemoryCouponIssuer implements CouponIssuer {
  readonly issued: CouponRequest[] = [];
  private readonly refusals = new Map<bigint, string>();
  private next = 1;

  constructor(private readonly now: Date = new Date("2026-12-01T00:00:00Z")) {}

  refuse(orderId: bigint, reason: string): this {
    this.refusals.set(orderId, reason);
    return this;
  }

  async issue(requests: readonly CouponRequest[]): Promise<IssuedCoupon[]> {
    return requests.map((request) => {
      const refusal = this.refusals.get(request.orderId);
      if (refusal) return { orderId: request.orderId, issued: false, reason: refusal };
      this.issued.push(request);
      return { orderId: request.orderId, issued: true, couponId: `CPN-${this.next++}`, expiresAt: new Date(this.now.getTime() + request.validForMs) };
    });
  }
}
