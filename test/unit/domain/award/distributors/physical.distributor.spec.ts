import { AwardType } from "../../../../../src/domain/award/award-type";
import { PhysicalDistributor, addressToShipTo } from "../../../../../src/domain/award/distributors/physical.distributor";
import { fakeAwardPorts } from "../../../../support/fakes/award-ports";
import { DrawOrderMother } from "../../../../support/draw-order.mother";

const HOME = { city: "Beijing", street: "1 Chang'an Avenue" };
const NEWER = { city: "Shanghai", street: "2 Nanjing Road" };

describe("PhysicalDistributor", () => {
  it("ships to the order's own address over the invoice's (the user may have changed it since the draw)", async () => {
    const ports = fakeAwardPorts();
    const order = DrawOrderMother.ofType(AwardType.PHYSICAL, { shippingAddress: NEWER });
    const [decided] = await new PhysicalDistributor().distribute([{ order, invoiceAddress: HOME }], ports);
    expect(decided).toEqual({ orderId: order.orderId, kind: "DELIVERED", deliveryRef: "SHP-1", detail: { shipmentId: "SHP-1" } });
    expect(ports.shipments.addressOf(order.orderId)).toEqual(NEWER);
  });

  it("ships to the invoice's address when the order has none", async () => {
    const ports = fakeAwardPorts();
    const order = DrawOrderMother.ofType(AwardType.PHYSICAL);
    await new PhysicalDistributor().distribute([{ order, invoiceAddress: HOME }], ports);
    expect(ports.shipments.addressOf(order.orderId)).toEqual(HOME);
  });

  it("without any address, opens a shipment that waits: AWAITING_ADDRESS, not delivered", async () => {
    const ports = fakeAwardPorts();
    const order = DrawOrderMother.ofType(AwardType.PHYSICAL);
    const [decided] = await new PhysicalDistributor().distribute([{ order, invoiceAddress: null }], ports);
    expect(decided).toMatchObject({ kind: "AWAITING_ADDRESS", deliveryRef: "SHP-1" });
    expect(ports.shipments.addressOf(order.orderId)).toBeNull();
  });

  it("counts an address without fields as no address", () => {
    expect(addressToShipTo({}, {})).toBeNull();
    expect(addressToShipTo({}, HOME)).toEqual(HOME);
    expect(addressToShipTo(null, null)).toBeNull();
  });
});
