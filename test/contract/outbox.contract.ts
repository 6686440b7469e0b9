import { OrderProgress } from "../../src/domain/award/draw-order.entity";
import { DrawOrderMother } from "../support/draw-order.mother";
import type { OrderTables } from "./order-tables";

const STALE_MS = 60_000;
const LEASE_MS = 60_000;
const ago = (ms: number) => new Date(Date.now() - ms);

/**
 * The behaviour every OutboxRepository must have, run against the in-memory fake (unit project)
 * and the PostgreSQL adapter (integration project). Ages are far from the thresholds, so no
 * assertion depends on time passing (the adapter's clock is the database's).
 */
export function describeOutboxContract(name: string, makeSubject: () => Promise<OrderTables>): void {
  describe(`${name} honours the OutboxRepository contract`, () => {
    let t: OrderTables;
    beforeEach(async () => {
      t = await makeSubject();
    });

    it("claims the failed sends and the INIT ones older than the threshold, oldest first; never fresh or sent ones", async () => {
      const failed = DrawOrderMother.sendFailed({ createdAt: ago(1000) });
      const oldInit = DrawOrderMother.win({ createdAt: ago(3600_000) });
      const freshInit = DrawOrderMother.win({ createdAt: ago(0) });
      const sent = DrawOrderMother.sent({ createdAt: ago(7200_000) });
      for (const o of [failed, oldInit, freshInit, sent]) await t.given(o);
      const claimed = await t.outbox.claimStuck(10, STALE_MS, LEASE_MS);
      expect(claimed.map((o) => o.orderId)).toEqual([oldInit.orderId, failed.orderId]);
      expect(claimed[0].toProps()).toEqual(oldInit.toProps());
    });

    it("claims at most `limit`, and keeps other scanners off a claimed order until its claim is released", async () => {
      const orders = [3, 2, 1].map((h) => DrawOrderMother.sendFailed({ createdAt: ago(h * 3600_000) }));
      for (const o of orders) await t.given(o);
      expect((await t.outbox.claimStuck(2, STALE_MS, LEASE_MS)).map((o) => o.orderId)).toEqual([orders[0].orderId, orders[1].orderId]);
      expect((await t.outbox.claimStuck(10, STALE_MS, LEASE_MS)).map((o) => o.orderId)).toEqual([orders[2].orderId]);
      expect(await t.outbox.claimStuck(10, STALE_MS, LEASE_MS)).toEqual([]);
      await t.outbox.releaseClaims([orders[1].orderId]);
      await t.outbox.releaseClaims([]);
      expect((await t.outbox.claimStuck(10, STALE_MS, LEASE_MS)).map((o) => o.orderId)).toEqual([orders[1].orderId]);
    });

    it("is done with an order once it is marked sent", async () => {
      const order = DrawOrderMother.sendFailed({ createdAt: ago(3600_000) });
      await t.given(order);
      await t.outbox.claimStuck(10, STALE_MS, LEASE_MS);
      await t.orders.markSent([order.orderId]);
      await t.outbox.releaseClaims([order.orderId]);
      expect(await t.outbox.claimStuck(10, STALE_MS, LEASE_MS)).toEqual([]);
      expect(await t.outbox.listStuck(10, STALE_MS)).toEqual({ orders: [], total: 0 });
      expect((await t.orders.findOrder(order.orderId))?.mqState).toBe(OrderProgress.COMPLETE);
    });

    it("lists the oldest stuck orders, claimed or not, with how many there are", async () => {
      const orders = [3, 2, 1].map((h) => DrawOrderMother.sendFailed({ createdAt: ago(h * 3600_000) }));
      for (const o of orders) await t.given(o);
      await t.given(DrawOrderMother.win({ createdAt: ago(0) }));
      await t.outbox.claimStuck(1, STALE_MS, LEASE_MS);
      const listed = await t.outbox.listStuck(2, STALE_MS);
      expect([listed.total, listed.orders.map((o) => o.orderId)]).toEqual([3, [orders[0].orderId, orders[1].orderId]]);
    });
  });
}
