import { AwardType } from "../../src/domain/award/award-type";
import { GrantState } from "../../src/domain/award/draw-order.entity";
import { DrawOrderMother } from "../support/draw-order.mother";
import type { OrderTables } from "./order-tables";

const ADDRESS = { name: "Xiao Fu", city: "Hangzhou", line1: "1 West Lake Road" };

/**
 * The behaviour every ShipmentRepository must have, run against the in-memory fake (unit project)
 * and the PostgreSQL adapter (integration project).
 */
export function describeShipmentContract(name: string, makeSubject: () => Promise<OrderTables>): void {
  describe(`${name} honours the ShipmentRepository contract`, () => {
    let t: OrderTables;
    beforeEach(async () => {
      t = await makeSubject();
    });

    it("addresses a waiting shipment and completes the order's grant, delivered now", async () => {
      const order = DrawOrderMother.awaitingAddress();
      await t.given(order);
      const shipmentId = await t.givenShipment(order, null);
      expect(await t.shipments.provideAddress(order.orderId, ADDRESS)).toEqual({ kind: "SHIPMENT_ADDRESSED", shipmentId });
      const stored = await t.orders.findOrder(order.orderId);
      expect(stored?.grantState).toBe(GrantState.COMPLETE);
      expect(stored?.shippingAddress).toEqual(ADDRESS);
      expect(stored?.delivery?.deliveredAt).toBeInstanceOf(Date);
    });

    it("leaves a shipment that has an address alone, answering the address it has", async () => {
      const order = DrawOrderMother.awaitingAddress();
      await t.given(order);
      const shipmentId = await t.givenShipment(order, null);
      await t.shipments.provideAddress(order.orderId, ADDRESS);
      expect(await t.shipments.provideAddress(order.orderId, { city: "Shanghai" })).toEqual({ kind: "ALREADY_ADDRESSED", shipmentId, address: ADDRESS });
      expect((await t.orders.findOrder(order.orderId))?.shippingAddress).toEqual(ADDRESS);
    });

    it("keeps the address on an order with no shipment yet, for its grant", async () => {
      const order = DrawOrderMother.ofType(AwardType.PHYSICAL);
      await t.given(order);
      expect(await t.shipments.provideAddress(order.orderId, ADDRESS)).toEqual({ kind: "ADDRESS_SAVED" });
      const stored = await t.orders.findOrder(order.orderId);
      expect([stored?.grantState, stored?.shippingAddress]).toEqual([GrantState.INIT, ADDRESS]);
    });

    it("refuses an order that does not exist, and one that is not PHYSICAL, changing nothing", async () => {
      const coupon = DrawOrderMother.ofType(AwardType.COUPON);
      await t.given(coupon);
      expect(await t.shipments.provideAddress(1n, ADDRESS)).toEqual({ kind: "ORDER_NOT_FOUND" });
      expect(await t.shipments.provideAddress(coupon.orderId, ADDRESS)).toEqual({ kind: "NOT_PHYSICAL", awardType: AwardType.COUPON });
      expect((await t.orders.findOrder(coupon.orderId))?.shippingAddress).toBeNull();
    });
  });
}
