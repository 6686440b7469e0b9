import type { Client, Pool } from "pg";
import { AwardType } from "../../../../src/domain/award/award-type";
import { ADDRESS, closeGrantFixture, type GrantFixture, grantReads, openGrantFixture, OrderMother } from "./grant-fixture";

// The PHYSICAL distributor through a real grant: the shipment, its address, and the grant that waits for one.
describe("award distributors", () => {
  let pool: Pool;
  let db: Client;
  let grant: GrantFixture["grant"];

  beforeAll(async () => {
    ({ pool, db, grant } = await openGrantFixture());
  });
  afterAll(() => closeGrantFixture({ pool, db }));

  const { deliveriesOf, grantStateOf, countRows } = grantReads(() => db);

  describe("PHYSICAL", () => {
    const shipmentOf = async (orderId: bigint) =>
      (await db.query("SELECT shipment_id, state, address FROM award_shipment WHERE order_id = $1", [orderId.toString()])).rows;

    it("ships to the invoice's address when the order row has none: READY_TO_SHIP, grant COMPLETE", async () => {
      const request = await OrderMother.won(db, AwardType.PHYSICAL, { orderAddress: null, invoiceAddress: ADDRESS });
      const outcome = await grant(request);
      expect(await shipmentOf(request.orderId)).toEqual([{ shipment_id: expect.stringMatching(/^SHP-[0-9A-Z]{20}$/), state: "READY_TO_SHIP", address: ADDRESS }]);
      expect(outcome).toEqual({ kind: "GRANTED", deliveryRef: (await shipmentOf(request.orderId))[0].shipment_id });
      expect(await grantStateOf(request.orderId)).toBe(1);
    });

    it("ships to the order row's address over the invoice's (the user may have changed it before the invoice was consumed)", async () => {
      const newer = { city: "Shanghai", street: "2 Nanjing Road" };
      const request = await OrderMother.won(db, AwardType.PHYSICAL, { orderAddress: newer, invoiceAddress: ADDRESS });
      await grant(request);
      expect((await shipmentOf(request.orderId))[0].address).toEqual(newer);
    });

    it("without any address, creates a PENDING_ADDRESS shipment, sets grant_state AWAITING_ADDRESS (3) and no delivery time", async () => {
      const request = await OrderMother.won(db, AwardType.PHYSICAL, { orderAddress: null, invoiceAddress: null });
      const outcome = await grant(request);
      const shipments = await shipmentOf(request.orderId);
      expect(shipments).toEqual([{ shipment_id: expect.any(String), state: "PENDING_ADDRESS", address: null }]);
      expect(outcome).toEqual({ kind: "AWAITING_ADDRESS", deliveryRef: shipments[0].shipment_id });
      expect(await deliveriesOf(request.orderId)).toHaveLength(1);
      const { rows } = await db.query("SELECT delivered_at FROM award_delivery WHERE order_id = $1", [request.orderId.toString()]);
      expect(rows).toEqual([{ delivered_at: null }]);
      expect(await grantStateOf(request.orderId)).toBe(3);
    });

    it("counts an address without fields as no address", async () => {
      const request = await OrderMother.won(db, AwardType.PHYSICAL, { orderAddress: null, invoiceAddress: {} });
      expect((await grant(request)).kind).toBe("AWAITING_ADDRESS");
    });

    it("answers AWAITING_ADDRESS again to redeliveries of a waiting grant, in a row or racing, without a second shipment", async () => {
      const request = await OrderMother.won(db, AwardType.PHYSICAL, { orderAddress: null, invoiceAddress: null });
      const first = await grant(request);
      const again = [await grant(request), ...(await Promise.all(Array.from({ length: 5 }, () => grant(request))))];
      expect(again).toEqual(Array(6).fill(first));
      expect(await shipmentOf(request.orderId)).toHaveLength(1);
      expect(await countRows("award_delivery", request.orderId)).toBe(1);
      expect(await grantStateOf(request.orderId)).toBe(3);
    });

    it("puts a waiting order left at FAIL back to AWAITING_ADDRESS, not to failed or granted", async () => {
      const request = await OrderMother.won(db, AwardType.PHYSICAL, { orderAddress: null, invoiceAddress: null });
      const first = await grant(request);
      await db.query("UPDATE user_strategy_export SET grant_state = 2 WHERE order_id = $1", [request.orderId.toString()]);
      expect(await grant(request)).toEqual(first);
      expect(await grantStateOf(request.orderId)).toBe(3);
    });
  });
});
