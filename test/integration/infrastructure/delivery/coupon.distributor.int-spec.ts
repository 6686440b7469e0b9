import type { Client, Pool } from "pg";
import { AwardType } from "../../../../src/domain/award/award-type";
import { CouponDistributor } from "../../../../src/domain/award/distributors/coupon.distributor";
import { granting } from "../../../support/grant-harness";
import { closeGrantFixture, type GrantFixture, grantReads, openGrantFixture, OrderMother } from "./grant-fixture";

// The COUPON distributor through a real grant: the coupon issued and its validity.
describe("award distributors", () => {
  let pool: Pool;
  let db: Client;
  let grant: GrantFixture["grant"];

  beforeAll(async () => {
    ({ pool, db, grant } = await openGrantFixture());
  });
  afterAll(() => closeGrantFixture({ pool, db }));

  const { deliveriesOf } = grantReads(() => db);

  describe("COUPON", () => {
    const DAY_MS = 24 * 3600_000;
    const couponOf = async (orderId: bigint) =>
      (await db.query("SELECT coupon_id, u_id, award_id, value, expires_at, created_at FROM award_coupon WHERE order_id = $1", [orderId.toString()])).rows[0];

    it("issues a coupon worth the award content, valid for 30 days from the grant by default", async () => {
      const request = await OrderMother.won(db, AwardType.COUPON);
      const outcome = await grant(request);
      const coupon = await couponOf(request.orderId);
      expect(outcome).toEqual({ kind: "GRANTED", deliveryRef: coupon.coupon_id });
      expect(coupon).toMatchObject({ coupon_id: expect.stringMatching(/^CPN-[0-9A-Z]{20}$/), u_id: request.uId, award_id: "3", value: request.awardContent });
      expect(coupon.expires_at.getTime() - coupon.created_at.getTime()).toBe(30 * DAY_MS);
      expect((await deliveriesOf(request.orderId))[0].detail).toEqual({
        couponId: coupon.coupon_id,
        value: request.awardContent,
        expiresAt: coupon.expires_at.toISOString(),
      });
    });

    it("uses the configured validity", async () => {
      const request = await OrderMother.won(db, AwardType.COUPON);
      await granting(pool, { couponValidityDays: 7 })(request);
      const coupon = await couponOf(request.orderId);
      expect(coupon.expires_at.getTime() - coupon.created_at.getTime()).toBe(7 * DAY_MS);
    });

    it("refuses a validity that is not a positive number of days", () => {
      expect(() => new CouponDistributor({ validityDays: 0 })).toThrow(RangeError);
      expect(() => new CouponDistributor({ validityDays: Number.NaN })).toThrow(RangeError);
    });
  });
});
