import { DeliverInvoicesUseCase } from "../../../../src/application/delivery/deliver-invoices.use-case";
import type { AwardDistributor, Distribution } from "../../../../src/domain/award/award-distributor";
import { AwardDistributorFactory } from "../../../../src/domain/award/award-distributor.factory";
import { AwardType } from "../../../../src/domain/award/award-type";
import { DescDistributor } from "../../../../src/domain/award/distributors/desc.distributor";
import { GrantState } from "../../../../src/domain/award/draw-order.entity";
import { DrawOrderMother } from "../../../support/draw-order.mother";
import { InMemoryGrantStore } from "../../../support/fakes/in-memory-grant-store";
import { InvoiceMother } from "../../../support/invoice.mother";

function setUp(distributors: AwardDistributor[] = [new DescDistributor()]) {
  const store = new InMemoryGrantStore();
  const publisher = store.publisher();
  const deliver = new DeliverInvoicesUseCase(new AwardDistributorFactory(distributors), store, store.log(), publisher);
  return { store, publisher, deliver };
}

/** A DESC distributor that answers what the test says. */
const scripted = (answer: (orderIds: bigint[]) => Distribution[] | Promise<Distribution[]>): AwardDistributor => ({
  awardType: AwardType.DESC,
  distribute: async (candidates) => answer(candidates.map((c) => c.order.orderId)),
});

describe("DeliverInvoicesUseCase, the rarer branches", () => {
  it("gives up on a malformed message by dead-lettering it as malformed", async () => {
    const { publisher, deliver } = setUp();
    const report = await deliver.giveUp(InvoiceMother.malformed(), "whatever", 4);
    expect(report.outcomes.map((o) => o.kind)).toEqual(["MALFORMED"]);
    expect(publisher.sent.map((s) => s.letter.reason)).toEqual(["malformed"]);
  });

  it("gives up on an invoice of an unknown order by dead-lettering it as unknown_order, with no task", async () => {
    const { store, publisher, deliver } = setUp();
    const report = await deliver.giveUp(InvoiceMother.envelope(DrawOrderMother.win()), "whatever", 4);
    expect(report.outcomes.map((o) => o.kind)).toEqual(["ORDER_NOT_FOUND"]);
    expect(publisher.sent.map((s) => s.letter.reason)).toEqual(["unknown_order"]);
    expect(store.tasks).toEqual([]);
  });

  it("fails, with a task and a dead letter, an award type no distributor serves", async () => {
    const { store, deliver } = setUp();
    const order = DrawOrderMother.ofType(AwardType.COUPON);
    store.add(order);
    const report = await deliver.deliverBatch([InvoiceMother.envelope(order)]);
    expect(report.outcomes[0]).toMatchObject({ kind: "FAILED", reason: `no distributor for award type ${AwardType.COUPON}` });
    expect(store.orders.get(order.orderId)?.grantState).toBe(GrantState.FAIL);
    expect(store.tasks.map((t) => t.bizId)).toEqual([order.orderId.toString()]);
  });

  it("names an order's award type by its number when it has no name", async () => {
    const { store, deliver } = setUp();
    const order = DrawOrderMother.win({ awardType: 99 as AwardType });
    store.add(order);
    const report = await deliver.deliverBatch([InvoiceMother.envelope(order, { awardType: AwardType.DESC })]);
    expect(report.outcomes[0].reason).toBe(`order ${order.orderId} is a 99 prize, not DESC`);
  });

  it("writes nothing when a distributor decides nothing for an order (a bug in it)", async () => {
    const { store, publisher, deliver } = setUp([scripted(() => [])]);
    const order = DrawOrderMother.win();
    store.add(order);
    await expect(deliver.deliverBatch([InvoiceMother.envelope(order)])).rejects.toThrow(`the DESC distributor decided nothing for order ${order.orderId}`);
    expect(store.events).toEqual([]);
    expect(publisher.sent).toEqual([]);
  });

  it("writes nothing when the order refuses the grant (granted without a delivery: rows edited by hand)", async () => {
    const { store, deliver } = setUp();
    const order = DrawOrderMother.win({ grantState: GrantState.COMPLETE });
    store.add(order);
    await expect(deliver.deliverBatch([InvoiceMother.envelope(order)])).rejects.toThrow(`order ${order.orderId}: GRANTED is not allowed from COMPLETE`);
    expect(store.deliveries.size).toBe(0);
  });

  it("writes nothing when an order's state changed under the grant's lock", async () => {
    const { store, deliver } = setUp([
      scripted((ids) => {
        // Something wrote the row although the grant holds its lock.
        store.orders.get(ids[0])!.grantState = GrantState.COMPLETE;
        return [{ orderId: ids[0], kind: "DELIVERED", deliveryRef: "REF", detail: {} }];
      }),
    ]);
    const order = DrawOrderMother.win();
    store.add(order);
    await expect(deliver.deliverBatch([InvoiceMother.envelope(order)])).rejects.toThrow(`orders ${order.orderId} changed state under the grant's lock`);
    expect(store.orders.get(order.orderId)?.grantState).toBe(GrantState.INIT);
  });

  it("settles an order whose delivery exists but whose state lagged behind (FAIL after a committed grant)", async () => {
    const { store, deliver } = setUp();
    const order = DrawOrderMother.win({ grantState: GrantState.FAIL }, { deliveryRef: "REF-1", deliveredAt: new Date("2026-12-01T00:01:00Z") });
    store.add(order);
    const report = await deliver.deliverBatch([InvoiceMother.envelope(order)]);
    expect(report.outcomes[0]).toMatchObject({ kind: "ALREADY_GRANTED", deliveryRef: "REF-1" });
    expect(store.orders.get(order.orderId)?.grantState).toBe(GrantState.COMPLETE);
  });

  it("answers AWAITING_ADDRESS again for a redelivered invoice whose shipment still waits", async () => {
    const { store, deliver } = setUp();
    const order = DrawOrderMother.awaitingAddress();
    store.add(order);
    const report = await deliver.deliverBatch([InvoiceMother.envelope(order, { awardType: AwardType.PHYSICAL })]);
    expect(report.outcomes[0]).toMatchObject({ kind: "AWAITING_ADDRESS", deliveryRef: "SHP-1" });
    expect(store.events).toEqual([]);
  });

  it("writes nothing when a delivery contradicts the order's state (delivered, yet waiting for an address)", async () => {
    const { store, deliver } = setUp();
    const order = DrawOrderMother.win({ awardType: AwardType.DESC, grantState: GrantState.AWAITING_ADDRESS }, { deliveryRef: "REF", deliveredAt: new Date() });
    store.add(order);
    await expect(deliver.deliverBatch([InvoiceMother.envelope(order)])).rejects.toThrow(`order ${order.orderId}: GRANTED is not allowed from AWAITING_ADDRESS`);
  });
});
