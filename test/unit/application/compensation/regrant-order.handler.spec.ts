import { RegrantOrderHandler } from "../../../../src/application/compensation/regrant-order.handler";
import { DeliverInvoicesUseCase } from "../../../../src/application/delivery/deliver-invoices.use-case";
import { AwardDistributorFactory } from "../../../../src/domain/award/award-distributor.factory";
import { AwardType } from "../../../../src/domain/award/award-type";
import { GrantState, type DrawOrder } from "../../../../src/domain/award/draw-order.entity";
import { REGRANT_ORDER, type CompensationTask } from "../../../../src/domain/compensation/compensation-task.repository";
import { DrawOrderMother } from "../../../support/draw-order.mother";
import { InMemoryEmptyPoolPolicies } from "../../../support/fakes/in-memory-empty-pool-policies";
import { InMemoryGrantStore } from "../../../support/fakes/in-memory-grant-store";

function setUp(whenPoolEmpty: "GENERATE" | "FAIL" = "GENERATE") {
  const store = new InMemoryGrantStore();
  store.ports.poolPolicies = new InMemoryEmptyPoolPolicies(whenPoolEmpty);
  const deliver = new DeliverInvoicesUseCase(
    AwardDistributorFactory.standard({ coupon: { validityDays: 30 }, redeemCode: { generateCode: () => "GEN-1" } }),
    store,
    store.log(),
    store.publisher(),
  );
  return { store, handler: new RegrantOrderHandler(store.orderReader(), deliver) };
}

function taskFor(bizId: string): CompensationTask {
  return { id: 9n, bizId, bizType: REGRANT_ORDER, context: {}, status: "PROCESSING", attempts: 1, priority: 0, lastFailedReason: "pool empty", nextRunAt: new Date() };
}

const failed = (order: DrawOrder) => DrawOrderMother.win({ awardType: order.awardType, orderId: order.orderId, grantState: GrantState.FAIL });

describe("RegrantOrderHandler", () => {
  it("grants again an order whose grant failed, from the order row, with no dead letter", async () => {
    const { store, handler } = setUp();
    const order = failed(DrawOrderMother.ofType(AwardType.COUPON));
    store.add(order);
    await handler.handle(taskFor(order.orderId.toString()));
    expect(store.orders.get(order.orderId)?.grantState).toBe(GrantState.COMPLETE);
    expect(store.deliveries.has(order.orderId)).toBe(true);
    expect(store.deadLetters).toEqual([]);
  });

  it("ships a PHYSICAL prize to the address given since the first grant failed", async () => {
    const { store, handler } = setUp();
    const order = DrawOrderMother.win({ awardType: AwardType.PHYSICAL, grantState: GrantState.FAIL, shippingAddress: { city: "Hangzhou" } });
    store.add(order);
    await handler.handle(taskFor(order.orderId.toString()));
    expect(store.ports.shipments.addressOf(order.orderId)).toEqual({ city: "Hangzhou" });
    expect(store.orders.get(order.orderId)?.grantState).toBe(GrantState.COMPLETE);
  });

  it("is done when the order was granted meanwhile, and when it waits for an address", async () => {
    const { store, handler } = setUp();
    const granted = DrawOrderMother.granted();
    const waiting = DrawOrderMother.awaitingAddress();
    store.add(granted);
    store.add(waiting);
    await handler.handle(taskFor(granted.orderId.toString()));
    await handler.handle(taskFor(waiting.orderId.toString()));
    expect(store.ports.shipments.opened).toEqual([]);
    expect(store.orders.get(waiting.orderId)?.grantState).toBe(GrantState.AWAITING_ADDRESS);
  });

  it("throws, so the task is tried again, when the grant is refused again; nothing is written", async () => {
    const { store, handler } = setUp("FAIL");
    const order = failed(DrawOrderMother.ofType(AwardType.REDEEM_CODE));
    store.add(order);
    await expect(handler.handle(taskFor(order.orderId.toString()))).rejects.toThrow(/pool/);
    expect(store.tasks).toEqual([]);
    expect(store.deadLetters).toEqual([]);
  });

  it("throws for an order that does not exist", async () => {
    const { handler } = setUp();
    await expect(handler.handle(taskFor("424242"))).rejects.toThrow("REGRANT_ORDER task 9: order 424242 not found");
  });

  it("throws when the order vanishes between its read and the grant's lock", async () => {
    const { store, handler } = setUp();
    const order = failed(DrawOrderMother.win());
    store.add(order);
    const run = store.run.bind(store);
    store.run = (work) => {
      store.orders.delete(order.orderId);
      return run(work);
    };
    await expect(handler.handle(taskFor(order.orderId.toString()))).rejects.toThrow(`order ${order.orderId} vanished during the grant`);
  });

  it.each(["abc", "", "12345678901234567890"])("throws for a biz_id %j that is not an order id", async (bizId) => {
    const { handler } = setUp();
    await expect(handler.handle(taskFor(bizId))).rejects.toThrow(`biz_id "${bizId}" is not an order id`);
  });
});
