import { ProvideShippingAddressUseCase } from "../../../../src/application/delivery/provide-shipping-address.use-case";
import { AwardType } from "../../../../src/domain/award/award-type";
import { GrantState, type DrawOrder } from "../../../../src/domain/award/draw-order.entity";
import { DependencyUnavailableError } from "../../../../src/shared/errors";
import { DrawOrderMother } from "../../../support/draw-order.mother";
import { InMemoryGrantStore } from "../../../support/fakes/in-memory-grant-store";

const ADDRESS = { name: "Xiao Fu", city: "Hangzhou", line1: "1 West Lake Road" };

function setUp() {
  const store = new InMemoryGrantStore();
  return { store, provide: new ProvideShippingAddressUseCase(store) };
}

/** A PHYSICAL win whose grant opened a shipment waiting for its address. */
async function waitingFor(store: InMemoryGrantStore): Promise<{ order: DrawOrder; shipmentId: string }> {
  const order = DrawOrderMother.awaitingAddress();
  store.add(order);
  const ids = await store.ports.shipments.open([{ orderId: order.orderId, uId: order.uId, awardId: order.awardId, address: null }]);
  return { order, shipmentId: ids.get(order.orderId)! };
}

describe("ProvideShippingAddressUseCase", () => {
  it("completes a shipment that waited for its address: READY_TO_SHIP, the grant COMPLETE, delivered now", async () => {
    const { store, provide } = setUp();
    const { order, shipmentId } = await waitingFor(store);
    expect(await provide.execute(order.orderId, ADDRESS)).toEqual({ ok: true, value: { orderId: order.orderId, state: "READY_TO_SHIP", shipmentId } });
    expect(store.orders.get(order.orderId)).toMatchObject({ grantState: GrantState.COMPLETE, shippingAddress: ADDRESS });
    expect(store.deliveries.get(order.orderId)?.deliveredAt).toBeInstanceOf(Date);
    expect(await store.ports.shipments.findByOrder(order.orderId)).toEqual({ shipmentId, state: "READY_TO_SHIP", address: ADDRESS });
  });

  it("keeps the address on the order for the grant to come when the invoice is not consumed yet", async () => {
    const { store, provide } = setUp();
    const order = DrawOrderMother.ofType(AwardType.PHYSICAL);
    store.add(order);
    expect(await provide.execute(order.orderId, ADDRESS)).toEqual({ ok: true, value: { orderId: order.orderId, state: "ADDRESS_SAVED" } });
    expect(store.orders.get(order.orderId)).toMatchObject({ grantState: GrantState.INIT, shippingAddress: ADDRESS });
  });

  it("answers the same address given again as the first time, in any key order", async () => {
    const { store, provide } = setUp();
    const { order, shipmentId } = await waitingFor(store);
    await provide.execute(order.orderId, ADDRESS);
    const again = await provide.execute(order.orderId, { line1: ADDRESS.line1, city: ADDRESS.city, name: ADDRESS.name });
    expect(again).toEqual({ ok: true, value: { orderId: order.orderId, state: "READY_TO_SHIP", shipmentId } });
  });

  it.each([
    ["a changed value", { ...ADDRESS, city: "Shanghai" }],
    ["a missing field", { name: ADDRESS.name, city: ADDRESS.city }],
    ["an extra field", { ...ADDRESS, phone: "123" }],
    ["a field renamed", { name: ADDRESS.name, city: ADDRESS.city, line2: ADDRESS.line1 }],
  ])("refuses a different address (%s) once the shipment has one, and keeps the first", async (_what, other) => {
    const { store, provide } = setUp();
    const { order } = await waitingFor(store);
    await provide.execute(order.orderId, ADDRESS);
    const refused = await provide.execute(order.orderId, other);
    expect(refused.ok || refused.error.code).toBe("SHIPPING_ADDRESS_CONFLICT");
    expect(store.ports.shipments.addressOf(order.orderId)).toEqual(ADDRESS);
    expect(store.orders.get(order.orderId)?.shippingAddress).toEqual(ADDRESS);
  });

  it("refuses an order that does not exist with ORDER_NOT_FOUND", async () => {
    const { provide } = setUp();
    const refused = await provide.execute(77n, ADDRESS);
    expect(refused.ok || [refused.error.code, refused.error.message]).toEqual(["ORDER_NOT_FOUND", "order 77 does not exist"]);
  });

  it("refuses a prize that does not ship with AWARD_NOT_PHYSICAL, naming its type", async () => {
    const { store, provide } = setUp();
    const order = DrawOrderMother.ofType(AwardType.COUPON);
    store.add(order);
    const refused = await provide.execute(order.orderId, ADDRESS);
    expect(refused.ok || [refused.error.code, refused.error.message]).toEqual(["AWARD_NOT_PHYSICAL", `order ${order.orderId} is a COUPON prize; only PHYSICAL prizes ship`]);
    expect(store.orders.get(order.orderId)?.shippingAddress).toBeNull();
  });

  it("writes nothing when a waiting shipment's order cannot complete (granted already: rows edited by hand)", async () => {
    const { store, provide } = setUp();
    const order = DrawOrderMother.win({ awardType: AwardType.PHYSICAL, grantState: GrantState.COMPLETE }, { deliveryRef: "SHP-1", deliveredAt: null });
    store.add(order);
    await store.ports.shipments.open([{ orderId: order.orderId, uId: order.uId, awardId: order.awardId, address: null }]);
    await expect(provide.execute(order.orderId, ADDRESS)).rejects.toThrow(/waited for its address, but .*ADDRESS_PROVIDED is not allowed from COMPLETE/);
    expect(store.orders.get(order.orderId)?.shippingAddress).toBeNull();
    expect((await store.ports.shipments.findByOrder(order.orderId))?.state).toBe("PENDING_ADDRESS");
  });

  it("lets an outage through as DependencyUnavailableError, and a failed commit leaves the shipment waiting", async () => {
    const { store, provide } = setUp();
    const { order } = await waitingFor(store);
    store.outage.once();
    await expect(provide.execute(order.orderId, ADDRESS)).rejects.toBeInstanceOf(DependencyUnavailableError);
    store.failNextCommits = 1;
    await expect(provide.execute(order.orderId, ADDRESS)).rejects.toThrow();
    expect((await store.ports.shipments.findByOrder(order.orderId))?.state).toBe("PENDING_ADDRESS");
    expect(store.orders.get(order.orderId)?.grantState).toBe(GrantState.AWAITING_ADDRESS);
    expect((await provide.execute(order.orderId, ADDRESS)).ok).toBe(true);
  });
});
