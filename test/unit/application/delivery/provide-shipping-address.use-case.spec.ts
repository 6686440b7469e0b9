import { ProvideShippingAddressUseCase } from "../../../../src/application/delivery/provide-shipping-address.use-case";
import { AwardType } from "../../../../src/domain/award/award-type";
import { GrantState } from "../../../../src/domain/award/draw-order.entity";
import { DependencyUnavailableError } from "../../../../src/shared/errors";
import { DrawOrderMother } from "../../../support/draw-order.mother";
import { FakeClock } from "../../../support/fakes/fake-clock";
import { InMemoryDrawOrderRepository } from "../../../support/fakes/in-memory-draw-order-repository";
import { InMemoryShipmentRepository } from "../../../support/fakes/in-memory-shipment-repository";

const ADDRESS = { name: "Xiao Fu", city: "Hangzhou", line1: "1 West Lake Road" };

function setUp() {
  const clock = new FakeClock(new Date("2026-12-02T08:00:00Z"));
  const orders = new InMemoryDrawOrderRepository(clock);
  const shipments = new InMemoryShipmentRepository(orders);
  return { clock, orders, shipments, provide: new ProvideShippingAddressUseCase(shipments) };
}

describe("ProvideShippingAddressUseCase", () => {
  it("completes a shipment that waited for its address: READY_TO_SHIP, the grant COMPLETE, delivered now", async () => {
    const { clock, orders, shipments, provide } = setUp();
    const order = DrawOrderMother.awaitingAddress();
    orders.add(order);
    const shipmentId = shipments.open(order.orderId);
    expect(await provide.execute(order.orderId, ADDRESS)).toEqual({ ok: true, value: { orderId: order.orderId, state: "READY_TO_SHIP", shipmentId } });
    expect(orders.stored(order.orderId)).toMatchObject({ grantState: GrantState.COMPLETE, shippingAddress: ADDRESS });
    expect((await orders.findDelivery(order.orderId))?.deliveredAt).toEqual(clock.now());
  });

  it("keeps the address on the order for the grant to come when the invoice is not consumed yet", async () => {
    const { orders, provide } = setUp();
    const order = DrawOrderMother.ofType(AwardType.PHYSICAL);
    orders.add(order);
    expect(await provide.execute(order.orderId, ADDRESS)).toEqual({ ok: true, value: { orderId: order.orderId, state: "ADDRESS_SAVED" } });
    expect(orders.stored(order.orderId)).toMatchObject({ grantState: GrantState.INIT, shippingAddress: ADDRESS });
  });

  it("answers the same address given again as the first time, in any key order", async () => {
    const { orders, shipments, provide } = setUp();
    const order = DrawOrderMother.awaitingAddress();
    orders.add(order);
    const shipmentId = shipments.open(order.orderId);
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
    const { orders, shipments, provide } = setUp();
    const order = DrawOrderMother.awaitingAddress();
    orders.add(order);
    shipments.open(order.orderId);
    await provide.execute(order.orderId, ADDRESS);
    const refused = await provide.execute(order.orderId, other);
    expect(refused.ok || refused.error.code).toBe("SHIPMENT.ADDRESS_CONFLICT");
    expect(shipments.shipments.get(order.orderId)?.address).toEqual(ADDRESS);
  });

  it("refuses an order that does not exist with ORDER.NOT_FOUND", async () => {
    const { provide } = setUp();
    const refused = await provide.execute(77n, ADDRESS);
    expect(refused.ok || [refused.error.code, refused.error.message]).toEqual(["ORDER.NOT_FOUND", "order 77 does not exist"]);
  });

  it("refuses a prize that does not ship with AWARD.NOT_PHYSICAL, naming its type", async () => {
    const { orders, provide } = setUp();
    const order = DrawOrderMother.ofType(AwardType.COUPON);
    orders.add(order);
    const refused = await provide.execute(order.orderId, ADDRESS);
    expect(refused.ok || [refused.error.code, refused.error.message]).toEqual(["AWARD.NOT_PHYSICAL", `order ${order.orderId} is a COUPON prize; only PHYSICAL prizes ship`]);
    expect(orders.stored(order.orderId).shippingAddress).toBeNull();
  });

  it("lets an outage through as DependencyUnavailableError", async () => {
    const { orders, shipments, provide } = setUp();
    const order = DrawOrderMother.awaitingAddress();
    orders.add(order);
    shipments.outage.once();
    await expect(provide.execute(order.orderId, ADDRESS)).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});
