import { AwardType } from "../../../../../src/domain/award/award-type";
import { CouponDistributor } from "../../../../../src/domain/award/distributors/coupon.distributor";
import { fakeAwardPorts } from "../../../../support/fakes/award-ports";
import { DrawOrderMother } from "../../../../support/draw-order.mother";

const DAY_MS = 86_400_000;

describe("CouponDistributor", () => {
  it("asks for one coupon per order, worth the award content and valid 30 days by default, in one call", async () => {
    const ports = fakeAwardPorts();
    const orders = [1, 2, 3].map(() => DrawOrderMother.ofType(AwardType.COUPON, { awardContent: "10 off" }));
    const issue = jest.spyOn(ports.coupons, "issue");
    const decided = await new CouponDistributor().distribute(orders.map((order) => ({ order, invoiceAddress: null })), ports);
    expect(issue).toHaveBeenCalledTimes(1);
    expect(ports.coupons.issued.map((c) => [c.value, c.validForMs])).toEqual([["10 off", 30 * DAY_MS], ["10 off", 30 * DAY_MS], ["10 off", 30 * DAY_MS]]);
    expect(decided.map((d) => d.kind)).toEqual(["DELIVERED", "DELIVERED", "DELIVERED"]);
    expect(decided[0]).toMatchObject({ deliveryRef: "CPN-1", detail: { couponId: "CPN-1", value: "10 off", expiresAt: "2026-12-31T00:00:00.000Z" } });
  });

  it("makes a coupon valid for the configured days, fractions included", async () => {
    const ports = fakeAwardPorts();
    await new CouponDistributor({ validityDays: 0.5 }).distribute([{ order: DrawOrderMother.ofType(AwardType.COUPON), invoiceAddress: null }], ports);
    expect(ports.coupons.issued[0].validForMs).toBe(DAY_MS / 2);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])("refuses a validity of %s days", (validityDays) => {
    expect(() => new CouponDistributor({ validityDays })).toThrow(RangeError);
  });

  it("answers REFUSED for a coupon the issuer refuses, and delivers the others", async () => {
    const ports = fakeAwardPorts();
    const [kept, refused] = [DrawOrderMother.ofType(AwardType.COUPON), DrawOrderMother.ofType(AwardType.COUPON)];
    ports.coupons.refuse(refused.orderId, "campaign budget exhausted");
    const decided = await new CouponDistributor().distribute([kept, refused].map((order) => ({ order, invoiceAddress: null })), ports);
    expect(decided).toEqual([
      expect.objectContaining({ orderId: kept.orderId, kind: "DELIVERED" }),
      { orderId: refused.orderId, kind: "REFUSED", reason: "coupon refused: campaign budget exhausted" },
    ]);
  });
});
