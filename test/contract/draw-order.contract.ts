import { AwardType } from "../../src/domain/award/award-type";
import { GrantState, OrderProgress } from "../../src/domain/award/draw-order.entity";
import { DrawOrderMother } from "../support/draw-order.mother";
import type { OrderTables } from "./order-tables";

/**
 * The behaviour every DrawOrderRepository must have, run against the in-memory fake (unit project)
 * and the PostgreSQL adapter (integration project). `makeSubject` gives the order tables empty.
 */
export function describeDrawOrderContract(name: string, makeSubject: () => Promise<OrderTables>): void {
  describe(`${name} honours the DrawOrderRepository contract`, () => {
    let t: OrderTables;
    beforeEach(async () => {
      t = await makeSubject();
    });

    it("reads back an order with its delivery, and null for one that does not exist", async () => {
      const order = DrawOrderMother.win({ shippingAddress: { city: "Hangzhou" } });
      await t.given(order);
      const found = await t.orders.findOrder(order.orderId);
      expect(found?.toProps()).toEqual(order.toProps());
      expect(found?.delivery).toBeNull();
      expect(await t.orders.findDelivery(order.orderId)).toBeNull();
      expect(await t.orders.findOrder(1n)).toBeNull();
    });

    it("marks sent from INIT and from FAIL, and never turns COMPLETE back into FAIL", async () => {
      const [fresh, failed, sent] = [DrawOrderMother.win(), DrawOrderMother.sendFailed(), DrawOrderMother.sent()];
      for (const o of [fresh, failed, sent]) await t.given(o);
      await t.orders.markSendFailed([fresh.orderId, failed.orderId, sent.orderId]);
      const mqState = async (id: bigint) => (await t.orders.findOrder(id))?.mqState;
      expect([await mqState(fresh.orderId), await mqState(failed.orderId), await mqState(sent.orderId)]).toEqual([OrderProgress.FAIL, OrderProgress.FAIL, OrderProgress.COMPLETE]);
      await t.orders.markSent([fresh.orderId, failed.orderId]);
      await t.orders.markSendFailed([fresh.orderId]);
      expect([await mqState(fresh.orderId), await mqState(failed.orderId)]).toEqual([OrderProgress.COMPLETE, OrderProgress.COMPLETE]);
    });

    it("fails a grant from INIT or FAIL only: a granted or waiting order is left alone", async () => {
      const [fresh, granted, waiting] = [DrawOrderMother.win(), DrawOrderMother.granted(), DrawOrderMother.awaitingAddress()];
      for (const o of [fresh, granted, waiting]) await t.given(o);
      for (const o of [fresh, granted, waiting]) await t.orders.markGrantFailed(o.orderId);
      await t.orders.markGrantFailed(fresh.orderId);
      const states = await Promise.all([fresh, granted, waiting].map(async (o) => (await t.orders.findOrder(o.orderId))?.grantState));
      expect(states).toEqual([GrantState.FAIL, GrantState.COMPLETE, GrantState.AWAITING_ADDRESS]);
    });

    it("saves a grant with its delivery: delivered now, or waiting for an address with no time", async () => {
      const [desc, physical] = [DrawOrderMother.win(), DrawOrderMother.ofType(AwardType.PHYSICAL)];
      await t.given(desc);
      await t.given(physical);
      const locked = await t.orders.lockForGrant([physical.orderId, desc.orderId, 1n]);
      expect([...locked.keys()].sort()).toEqual([desc.orderId, physical.orderId].sort());
      locked.get(desc.orderId)!.grant({ deliveryRef: "REF-D", detail: { note: "desc" } });
      locked.get(physical.orderId)!.awaitAddress({ deliveryRef: "SHP-P", detail: {} });
      expect(await t.orders.save([...locked.values()])).toEqual([]);

      const granted = await t.orders.findOrder(desc.orderId);
      expect(granted?.grantState).toBe(GrantState.COMPLETE);
      expect(granted?.delivery).toEqual({ deliveryRef: "REF-D", deliveredAt: expect.any(Date) });
      expect(await t.orders.findDelivery(physical.orderId)).toEqual({ deliveryRef: "SHP-P", deliveredAt: null });
      expect((await t.orders.findOrder(physical.orderId))?.grantState).toBe(GrantState.AWAITING_ADDRESS);
    });

    it("saves nothing of a move whose order changed state meanwhile, and names that order", async () => {
      const order = DrawOrderMother.win();
      await t.given(order);
      const first = (await t.orders.lockForGrant([order.orderId])).get(order.orderId)!;
      const stale = (await t.orders.lockForGrant([order.orderId])).get(order.orderId)!;
      first.grant({ deliveryRef: "REF-1", detail: {} });
      expect(await t.orders.save([first])).toEqual([]);
      stale.failGrant();
      expect(await t.orders.save([stale])).toEqual([order.orderId]);
      expect((await t.orders.findOrder(order.orderId))?.grantState).toBe(GrantState.COMPLETE);
    });

    it("keeps the shipping address a user gave on the order, replacing an earlier one", async () => {
      const order = DrawOrderMother.ofType(AwardType.PHYSICAL, { shippingAddress: { city: "Old" } });
      await t.given(order);
      await t.orders.saveShippingAddress(order.orderId, { city: "Hangzhou", line1: "1 West Lake Road" });
      await t.orders.saveShippingAddress(1n, { city: "Nowhere" });
      expect((await t.orders.findOrder(order.orderId))?.shippingAddress).toEqual({ city: "Hangzhou", line1: "1 West Lake Road" });
    });

    it("lists a user's orders newest first, a page at a time with the total, optionally of one activity", async () => {
      const orders = [DrawOrderMother.win({ uId: "u-list", activityId: 1 }), DrawOrderMother.win({ uId: "u-list", activityId: 2 }), DrawOrderMother.win({ uId: "u-list", activityId: 1 }), DrawOrderMother.win({ uId: "someone" })];
      for (const o of orders) await t.given(o);
      const ids = async (query: { activityId?: number; page: number; size: number }) => {
        const found = await t.orders.listByUser("u-list", query);
        return { ids: found.items.map((o) => o.orderId), total: found.total };
      };
      expect(await ids({ page: 1, size: 20 })).toEqual({ ids: [orders[2], orders[1], orders[0]].map((o) => o.orderId), total: 3 });
      expect(await ids({ page: 1, size: 2 })).toEqual({ ids: [orders[2], orders[1]].map((o) => o.orderId), total: 3 });
      expect(await ids({ page: 2, size: 2 })).toEqual({ ids: [orders[0].orderId], total: 3 });
      expect(await ids({ activityId: 1, page: 1, size: 20 })).toEqual({ ids: [orders[2], orders[0]].map((o) => o.orderId), total: 2 });
      expect(await t.orders.listByUser("nobody", { page: 1, size: 20 })).toEqual({ items: [], total: 0 });
    });
  });
}
