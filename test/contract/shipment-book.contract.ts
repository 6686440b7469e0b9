import { AwardType } from "../../src/domain/award/award-type";
import type { DrawOrder } from "../../src/domain/award/draw-order.entity";
import { DrawOrderMother } from "../support/draw-order.mother";
import type { OrderTables } from "./order-tables";

const ADDRESS = { name: "Xiao Fu", city: "Hangzhou", line1: "1 West Lake Road" };

/**
 * The behaviour every ShipmentBook must have, run against the in-memory fake (unit project) and
 * the PostgreSQL adapter (integration project). Shipment ids are the book's own: only their
 * distinctness is asserted.
 */
export function describeShipmentBookContract(name: string, makeSubject: () => Promise<OrderTables>): void {
  describe(`${name} honours the ShipmentBook contract`, () => {
    let t: OrderTables;
    beforeEach(async () => {
      t = await makeSubject();
    });

    async function physical(): Promise<DrawOrder> {
      const order = DrawOrderMother.ofType(AwardType.PHYSICAL);
      await t.given(order);
      return order;
    }
    const request = (order: DrawOrder, address: Record<string, unknown> | null) => ({ orderId: order.orderId, uId: order.uId, awardId: order.awardId, address });

    it("opens one shipment per order: ready to ship with an address, waiting without one", async () => {
      const [addressed, waiting] = [await physical(), await physical()];
      const ids = await t.shipments.open([request(addressed, ADDRESS), request(waiting, null)]);
      expect([...ids.keys()].sort()).toEqual([addressed.orderId, waiting.orderId].sort());
      expect(new Set(ids.values()).size).toBe(2);
      expect(await t.shipments.findByOrder(addressed.orderId)).toEqual({ shipmentId: ids.get(addressed.orderId), state: "READY_TO_SHIP", address: ADDRESS });
      expect(await t.shipments.findByOrder(waiting.orderId)).toEqual({ shipmentId: ids.get(waiting.orderId), state: "PENDING_ADDRESS", address: null });
      expect(await t.shipments.open([])).toEqual(new Map());
    });

    it("answers null for an order with no shipment", async () => {
      expect(await t.shipments.findByOrder((await physical()).orderId)).toBeNull();
    });

    it("ships a waiting shipment to an address once; a shipment with an address never changes", async () => {
      const order = await physical();
      await t.shipments.open([request(order, null)]);
      expect(await t.shipments.shipTo(order.orderId, ADDRESS)).toBe(true);
      expect(await t.shipments.shipTo(order.orderId, { city: "Shanghai" })).toBe(false);
      expect(await t.shipments.findByOrder(order.orderId)).toMatchObject({ state: "READY_TO_SHIP", address: ADDRESS });
      expect(await t.shipments.shipTo((await physical()).orderId, ADDRESS)).toBe(false);
    });
  });
}
